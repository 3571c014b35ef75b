package io.msap.kubesim.api;

import io.msap.kubesim.json.Json;
import tools.jackson.databind.JsonNode;

/** A delete's options: propagation (Background, Foreground, Orphan), preconditions and dry run. */
public record DeleteOptions(
        String propagationPolicy, String preconditionUid, String preconditionResourceVersion, boolean dryRun) {
    public static final DeleteOptions BACKGROUND = new DeleteOptions("Background", null, null, false);
    public static final DeleteOptions FOREGROUND = new DeleteOptions("Foreground", null, null, false);

    /** From a DeleteOptions body and/or query parameters (the query wins). */
    public static DeleteOptions of(JsonNode body, String queryPolicy, String queryOrphan, boolean dryRun) {
        String policy = queryPolicy != null ? queryPolicy : Json.str(body, "propagationPolicy");
        Boolean orphan = queryOrphan != null
                ? Boolean.valueOf(queryOrphan)
                : Json.at(body, "orphanDependents") != null ? Json.bool(body, "orphanDependents") : null;
        if (policy == null && Boolean.TRUE.equals(orphan)) {
            policy = "Orphan";
        }
        if (policy != null
                && !policy.equals("Background")
                && !policy.equals("Foreground")
                && !policy.equals("Orphan")) {
            throw ApiException.badRequest("invalid propagationPolicy: " + policy);
        }
        boolean dry = dryRun || !Json.items(body, "dryRun").isEmpty();
        return new DeleteOptions(
                policy == null ? "Background" : policy,
                Json.str(body, "preconditions", "uid"),
                Json.str(body, "preconditions", "resourceVersion"),
                dry);
    }
}
