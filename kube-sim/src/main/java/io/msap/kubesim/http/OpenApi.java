package io.msap.kubesim.http;

import io.msap.kubesim.api.ResourceType;
import io.msap.kubesim.api.ResourceTypes;
import io.msap.kubesim.json.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Minimal OpenAPI documents. v3 (what kubectl 1.32 reads): per group/version, a PATCH operation per kind that
 * declares the {@code fieldValidation} parameter (so kubectl leaves validation to the server instead of downloading
 * schemas) and does not offer strategic merge patch bodies (so kubectl computes those from its built-in types), plus
 * one loosely typed schema per kind. v2: the same definitions as JSON.
 */
final class OpenApi {
    private OpenApi() {}

    static ObjectNode v2() {
        ObjectNode doc = Json.object();
        doc.put("swagger", "2.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Kubernetes");
        info.put("version", Discovery.GIT_VERSION);
        doc.putObject("paths");
        ObjectNode defs = doc.putObject("definitions");
        for (ResourceType t : ResourceTypes.ALL) {
            ObjectNode def = defs.putObject(definitionName(t));
            def.put("description", t.kind() + " (served by kube-sim; fields are not described)");
            def.put("type", "object");
            ObjectNode props = def.putObject("properties");
            props.putObject("apiVersion").put("type", "string");
            props.putObject("kind").put("type", "string");
            props.putObject("metadata").put("type", "object");
            if (!t.kind().equals("ConfigMap")
                    && !t.kind().equals("Secret")
                    && !t.kind().equals("Event")
                    && !t.kind().equals("Endpoints")) {
                props.putObject("spec").put("type", "object");
                props.putObject("status").put("type", "object");
            }
            ArrayNode gvk = def.putArray("x-kubernetes-group-version-kind");
            ObjectNode k = gvk.addObject();
            k.put("group", t.group());
            k.put("kind", t.kind());
            k.put("version", t.version());
        }
        return doc;
    }

    private static String definitionName(ResourceType t) {
        return "io.k8s.api." + (t.group().isEmpty() ? "core" : t.group()) + "." + t.version() + "." + t.kind();
    }

    /** {@code /openapi/v3}: where each group/version's document is. */
    static ObjectNode v3Root() {
        ObjectNode root = Json.object();
        ObjectNode paths = root.putObject("paths");
        for (String gv : ResourceTypes.groupVersions()) {
            String group = gv.substring(0, gv.indexOf('/'));
            String version = gv.substring(gv.indexOf('/') + 1);
            String key = group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
            String hash = Integer.toHexString(Json.write(v3(group, version)).hashCode())
                    .toUpperCase();
            paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hash);
        }
        return root;
    }

    /** {@code /openapi/v3/api/v1}, {@code /openapi/v3/apis/apps/v1}. */
    static ObjectNode v3(String group, String version) {
        ObjectNode doc = Json.object();
        doc.put("openapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Kubernetes");
        info.put("version", Discovery.GIT_VERSION);
        ObjectNode paths = doc.putObject("paths");
        ObjectNode schemas = doc.putObject("components").putObject("schemas");
        for (ResourceType t : ResourceTypes.inGroupVersion(group, version)) {
            String prefix = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
            String path = prefix + (t.namespaced() ? "/namespaces/{namespace}/" : "/") + t.plural() + "/{name}";
            ObjectNode patch = paths.putObject(path).putObject("patch");
            patch.put("operationId", "patch" + t.kind());
            ArrayNode params = patch.putArray("parameters");
            for (String p : new String[] {"dryRun", "fieldManager", "fieldValidation", "force"}) {
                ObjectNode param = params.addObject();
                param.put("name", p);
                param.put("in", "query");
                param.putObject("schema").put("type", p.equals("force") ? "boolean" : "string");
            }
            ObjectNode content = patch.putObject("requestBody").putObject("content");
            for (String ct : new String[] {
                "application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json"
            }) {
                content.putObject(ct).putObject("schema").put("type", "object");
            }
            String ref = "#/components/schemas/" + definitionName(t);
            patch.putObject("responses")
                    .putObject("200")
                    .putObject("content")
                    .putObject("application/json")
                    .putObject("schema")
                    .put("$ref", ref);
            patch.put("x-kubernetes-action", "patch");
            ObjectNode gvk = patch.putObject("x-kubernetes-group-version-kind");
            gvk.put("group", t.group());
            gvk.put("kind", t.kind());
            gvk.put("version", t.version());
            ObjectNode schema = schemas.putObject(definitionName(t));
            schema.put("description", t.kind() + " (served by kube-sim; fields are not described)");
            schema.put("type", "object");
            ObjectNode props = schema.putObject("properties");
            props.putObject("apiVersion").put("type", "string");
            props.putObject("kind").put("type", "string");
            props.putObject("metadata").put("type", "object");
            ArrayNode list = schema.putArray("x-kubernetes-group-version-kind");
            list.add(gvk.deepCopy());
        }
        return doc;
    }
}
