package io.msap.kubesim.controller;

import io.msap.kubesim.api.Registry;
import io.msap.kubesim.api.ResourceTypes;
import io.msap.kubesim.api.Write;
import io.msap.kubesim.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes core/v1 Events about objects (Scheduled, Pulled, Started, BackOff, ScalingReplicaSet, ...), counting
 * repeats of the same event instead of writing new ones, and deletes events older than an hour.
 */
final class EventRecorder {
    private static final Duration TTL = Duration.ofHours(1);
    private final Registry registry;
    private final Map<String, String> seen = new HashMap<>();

    EventRecorder(Registry registry) {
        this.registry = registry;
    }

    void normal(JsonNode involved, String component, String reason, String message) {
        record(involved, component, "Normal", reason, message);
    }

    void warning(JsonNode involved, String component, String reason, String message) {
        record(involved, component, "Warning", reason, message);
    }

    private void record(JsonNode involved, String component, String type, String reason, String message) {
        String ns = Json.strOr(involved, "default", "metadata", "namespace");
        String uid = Json.strOr(involved, "", "metadata", "uid");
        String key = uid + "|" + reason + "|" + message;
        String now = Json.time(Instant.now());
        try {
            String existing = seen.get(key);
            if (existing != null) {
                ObjectNode updated = registry.modify(ResourceTypes.EVENTS, ns, existing, null, component, ev -> {
                    ev.put("count", Json.num(ev, 1, "count") + 1);
                    ev.put("lastTimestamp", now);
                    return ev;
                });
                if (updated != null) {
                    return;
                }
            }
            if (registry.find(ResourceTypes.NAMESPACES, null, ns) == null) {
                return;
            }
            ObjectNode ev = Json.object();
            ObjectNode meta = ev.putObject("metadata");
            meta.put("name", Json.strOr(involved, "x", "metadata", "name") + "." + Long.toHexString(System.nanoTime()));
            meta.put("namespace", ns);
            ObjectNode ref = ev.putObject("involvedObject");
            ref.put("kind", Json.str(involved, "kind"));
            ref.put("namespace", ns);
            ref.put("name", Json.str(involved, "metadata", "name"));
            ref.put("uid", uid);
            ref.put("apiVersion", Json.str(involved, "apiVersion"));
            ref.put("resourceVersion", Json.str(involved, "metadata", "resourceVersion"));
            ev.put("reason", reason);
            ev.put("message", message);
            ev.putObject("source").put("component", component);
            ev.put("firstTimestamp", now);
            ev.put("lastTimestamp", now);
            ev.put("count", 1);
            ev.put("type", type);
            ev.put("reportingComponent", component);
            ev.put("reportingInstance", "kube-sim");
            ObjectNode created = registry.create(ResourceTypes.EVENTS, ns, ev, Write.by(component));
            seen.put(key, Json.str(created, "metadata", "name"));
            if (seen.size() > 10_000) {
                seen.clear();
            }
        } catch (RuntimeException e) {
            // events are best effort, as in Kubernetes
        }
    }

    /** Deletes events whose last occurrence is older than the TTL. */
    void expire() {
        Instant limit = Instant.now().minus(TTL);
        for (ObjectNode ev : registry.list(ResourceTypes.EVENTS, null)) {
            Instant last = Json.parseTime(Json.str(ev, "lastTimestamp"));
            if (last != null && last.isBefore(limit)) {
                registry.forceRemove(
                        ResourceTypes.EVENTS, Json.str(ev, "metadata", "namespace"), Json.str(ev, "metadata", "name"));
            }
        }
    }
}
