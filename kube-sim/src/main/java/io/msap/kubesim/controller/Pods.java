package io.msap.kubesim.controller;

import io.msap.kubesim.json.Json;
import java.time.Instant;
import java.util.Comparator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Small facts about pods the workload controllers share: readiness, availability, ownership, deletion order. */
final class Pods {
    private Pods() {}

    static boolean ready(JsonNode pod) {
        for (JsonNode c : Json.items(pod, "status", "conditions")) {
            if ("Ready".equals(Json.str(c, "type"))) {
                return "True".equals(Json.str(c, "status"));
            }
        }
        return false;
    }

    /** Ready for at least {@code minReadySeconds}. */
    static boolean available(JsonNode pod, long minReadySeconds, Instant now) {
        if (!ready(pod)) {
            return false;
        }
        if (minReadySeconds <= 0) {
            return true;
        }
        for (JsonNode c : Json.items(pod, "status", "conditions")) {
            if ("Ready".equals(Json.str(c, "type"))) {
                Instant since = Json.parseTime(Json.str(c, "lastTransitionTime"));
                return since != null && !since.plusSeconds(minReadySeconds).isAfter(now);
            }
        }
        return false;
    }

    static boolean terminating(JsonNode o) {
        return Json.at(o, "metadata", "deletionTimestamp") != null;
    }

    static boolean controlledBy(JsonNode o, String ownerUid) {
        for (JsonNode ref : Json.items(o, "metadata", "ownerReferences")) {
            if (ownerUid.equals(Json.str(ref, "uid")) && Json.bool(ref, "controller")) {
                return true;
            }
        }
        return false;
    }

    static long restarts(JsonNode pod) {
        long n = 0;
        for (JsonNode cs : Json.items(pod, "status", "containerStatuses")) {
            n += Json.num(cs, 0, "restartCount");
        }
        return n;
    }

    private static int phaseRank(JsonNode pod) {
        return switch (Json.strOr(pod, "", "status", "phase")) {
            case "Pending" -> 0;
            case "Unknown" -> 1;
            case "Running" -> 2;
            default -> 3;
        };
    }

    /** The order in which a ReplicaSet deletes surplus pods: the least useful first (as ActivePods sorts them). */
    static Comparator<ObjectNode> deletionOrder() {
        return Comparator.<ObjectNode>comparingInt(p -> Json.str(p, "spec", "nodeName") == null ? 0 : 1)
                .thenComparingInt(Pods::phaseRank)
                .thenComparingInt(p -> ready(p) ? 1 : 0)
                .thenComparing(Comparator.comparingLong(Pods::restarts).reversed())
                .thenComparing(
                        (ObjectNode p) -> Json.strOr(p, "", "metadata", "creationTimestamp"),
                        Comparator.reverseOrder());
    }

    /** An ownerReference naming {@code owner} as controller. */
    static ObjectNode controllerRef(JsonNode owner) {
        ObjectNode ref = Json.object();
        ref.put("apiVersion", Json.str(owner, "apiVersion"));
        ref.put("kind", Json.str(owner, "kind"));
        ref.put("name", Json.str(owner, "metadata", "name"));
        ref.put("uid", Json.str(owner, "metadata", "uid"));
        ref.put("controller", true);
        ref.put("blockOwnerDeletion", true);
        return ref;
    }
}
