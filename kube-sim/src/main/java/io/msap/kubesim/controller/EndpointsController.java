package io.msap.kubesim.controller;

import io.msap.kubesim.api.ApiException;
import io.msap.kubesim.api.DeleteOptions;
import io.msap.kubesim.api.Registry;
import io.msap.kubesim.api.ResourceTypes;
import io.msap.kubesim.api.Write;
import io.msap.kubesim.json.Json;
import io.msap.kubesim.select.LabelSelector;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Endpoints for Services with a selector: the IPs of the selected pods (ready ones in {@code addresses}, others in
 * {@code notReadyAddresses}) with the Service's target ports. Keyed by namespace; a name {@code -svc} means the
 * Service {@code svc} was deleted and its Endpoints go too.
 */
final class EndpointsController implements Controller {
    private static final String MANAGER = "endpoint-controller";
    private final Registry registry;

    EndpointsController(Registry registry) {
        this.registry = registry;
    }

    @Override
    public void sync(String namespace, String name) {
        if (name.startsWith("-")) {
            try {
                registry.delete(ResourceTypes.ENDPOINTS, namespace, name.substring(1), DeleteOptions.BACKGROUND);
            } catch (ApiException e) {
                // none
            }
            return;
        }
        if (registry.find(ResourceTypes.NAMESPACES, null, namespace) == null) {
            return;
        }
        List<ObjectNode> pods = registry.list(ResourceTypes.PODS, namespace);
        for (ObjectNode svc : registry.list(ResourceTypes.SERVICES, namespace)) {
            if (Json.stringMap(svc, "spec", "selector").isEmpty()) {
                continue;
            }
            ArrayNode wanted = endpoints(svc, pods);
            String svcName = Json.str(svc, "metadata", "name");
            ObjectNode existing = registry.find(ResourceTypes.ENDPOINTS, namespace, svcName);
            if (existing == null) {
                ObjectNode ep = Json.object();
                ObjectNode meta = ep.putObject("metadata");
                meta.put("name", svcName);
                if (Json.obj(svc, "metadata", "labels") != null) {
                    meta.set("labels", Json.obj(svc, "metadata", "labels").deepCopy());
                }
                ep.set("subsets", wanted);
                try {
                    registry.create(ResourceTypes.ENDPOINTS, namespace, ep, Write.by(MANAGER));
                } catch (ApiException e) {
                    // raced with another writer or the namespace is going away
                }
            } else if (!Json.same(existing.get("subsets"), wanted)) {
                registry.modify(ResourceTypes.ENDPOINTS, namespace, svcName, null, MANAGER, ep -> {
                    ep.set("subsets", wanted);
                    return ep;
                });
            }
        }
    }

    private static ArrayNode endpoints(ObjectNode svc, List<ObjectNode> pods) {
        LabelSelector selector = LabelSelector.fromMap(Json.stringMap(svc, "spec", "selector"));
        ArrayNode ready = Json.array();
        ArrayNode notReady = Json.array();
        ObjectNode firstPod = null;
        for (ObjectNode pod : pods) {
            String ip = Json.str(pod, "status", "podIP");
            if (ip == null || Pods.terminating(pod) || !selector.matches(pod)) {
                continue;
            }
            firstPod = firstPod == null ? pod : firstPod;
            ObjectNode address = (Pods.ready(pod) ? ready : notReady).addObject();
            address.put("ip", ip);
            if (Json.str(pod, "spec", "nodeName") != null) {
                address.put("nodeName", Json.str(pod, "spec", "nodeName"));
            }
            ObjectNode ref = address.putObject("targetRef");
            ref.put("kind", "Pod");
            ref.put("namespace", Json.str(pod, "metadata", "namespace"));
            ref.put("name", Json.str(pod, "metadata", "name"));
            ref.put("uid", Json.str(pod, "metadata", "uid"));
        }
        ArrayNode subsets = Json.array();
        if (ready.isEmpty() && notReady.isEmpty()) {
            return subsets;
        }
        ObjectNode subset = subsets.addObject();
        if (!ready.isEmpty()) {
            subset.set("addresses", ready);
        }
        if (!notReady.isEmpty()) {
            subset.set("notReadyAddresses", notReady);
        }
        ArrayNode ports = subset.putArray("ports");
        for (JsonNode p : Json.items(svc, "spec", "ports")) {
            ObjectNode port = ports.addObject();
            if (Json.str(p, "name") != null) {
                port.put("name", Json.str(p, "name"));
            }
            port.put("port", targetPort(p, firstPod));
            port.put("protocol", Json.strOr(p, "TCP", "protocol"));
        }
        return subsets;
    }

    /** A Service port's target: a number, or a named container port looked up in a selected pod. */
    private static long targetPort(JsonNode svcPort, ObjectNode pod) {
        JsonNode target = svcPort.get("targetPort");
        if (target != null && target.isNumber()) {
            return target.asLong();
        }
        if (target != null && target.isString() && pod != null) {
            for (JsonNode c : Json.items(pod, "spec", "containers")) {
                for (JsonNode cp : Json.items(c, "ports")) {
                    if (target.stringValue().equals(Json.str(cp, "name"))) {
                        return Json.num(cp, 0, "containerPort");
                    }
                }
            }
        }
        return Json.num(svcPort, 0, "port");
    }
}
