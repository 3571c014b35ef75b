package io.msap.kubesim.http;

import io.msap.kubesim.api.ResourceType;
import io.msap.kubesim.api.ResourceTypes;
import io.msap.kubesim.json.Json;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The discovery documents kubectl and client libraries read: /version, /api, /apis and the resource lists. */
final class Discovery {
    static final String MAJOR = "1";
    static final String MINOR = "32";
    static final String GIT_VERSION = "v1.32.0-kube-sim";

    private Discovery() {}

    static ObjectNode version() {
        ObjectNode v = Json.object();
        v.put("major", MAJOR);
        v.put("minor", MINOR);
        v.put("gitVersion", GIT_VERSION);
        v.put("gitCommit", "0000000000000000000000000000000000000000");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "2026-01-01T00:00:00Z");
        v.put("goVersion", "go1.23.4");
        v.put("compiler", "gc");
        v.put("platform", "linux/amd64");
        return v;
    }

    static ObjectNode coreVersions(String serverAddress) {
        ObjectNode v = Json.object();
        v.put("kind", "APIVersions");
        v.putArray("versions").add("v1");
        ObjectNode cidr = v.putArray("serverAddressByClientCIDRs").addObject();
        cidr.put("clientCIDR", "0.0.0.0/0");
        cidr.put("serverAddress", serverAddress);
        return v;
    }

    static ObjectNode groupList() {
        ObjectNode list = Json.object();
        list.put("kind", "APIGroupList");
        list.put("apiVersion", "v1");
        ArrayNode groups = list.putArray("groups");
        for (String gv : ResourceTypes.groupVersions()) {
            String group = gv.substring(0, gv.indexOf('/'));
            if (!group.isEmpty()) {
                groups.add(group(group, gv.substring(gv.indexOf('/') + 1)));
            }
        }
        return list;
    }

    static ObjectNode group(String group, String version) {
        ObjectNode g = Json.object();
        g.put("kind", "APIGroup");
        g.put("apiVersion", "v1");
        g.put("name", group);
        ObjectNode v = Json.object();
        v.put("groupVersion", group + "/" + version);
        v.put("version", version);
        g.putArray("versions").add(v);
        g.set("preferredVersion", v.deepCopy());
        return g;
    }

    static ObjectNode resourceList(String group, String version) {
        ObjectNode list = Json.object();
        list.put("kind", "APIResourceList");
        list.put("apiVersion", "v1");
        list.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode resources = list.putArray("resources");
        for (ResourceType t : ResourceTypes.inGroupVersion(group, version)) {
            ObjectNode r = resources.addObject();
            r.put("name", t.plural());
            r.put("singularName", t.singular());
            r.put("namespaced", t.namespaced());
            r.put("kind", t.kind());
            ArrayNode verbs = r.putArray("verbs");
            ResourceType.VERBS.forEach(verbs::add);
            if (!t.shortNames().isEmpty()) {
                ArrayNode sn = r.putArray("shortNames");
                t.shortNames().forEach(sn::add);
            }
            if (!t.categories().isEmpty()) {
                ArrayNode c = r.putArray("categories");
                t.categories().forEach(c::add);
            }
            r.put("storageVersionHash", Integer.toHexString(t.key().hashCode()));
            for (String sub : t.subresources()) {
                ObjectNode s = resources.addObject();
                s.put("name", t.plural() + "/" + sub);
                s.put("singularName", "");
                s.put("namespaced", t.namespaced());
                if (sub.equals("scale")) {
                    s.put("group", "autoscaling");
                    s.put("version", "v1");
                    s.put("kind", "Scale");
                } else {
                    s.put("kind", t.kind());
                }
                ArrayNode sv = s.putArray("verbs");
                (sub.equals("log") ? List.of("get") : List.of("get", "patch", "update")).forEach(sv::add);
            }
        }
        return list;
    }
}
