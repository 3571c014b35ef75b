package io.msap.kubesim.controller;

import io.msap.kubesim.api.ApiException;
import io.msap.kubesim.api.DeleteOptions;
import io.msap.kubesim.api.Registry;
import io.msap.kubesim.api.ResourceTypes;
import io.msap.kubesim.api.Write;
import io.msap.kubesim.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The deployment controller: one ReplicaSet per pod template ({@code <deploy>-<pod-template-hash>}), revisions in
 * {@code deployment.kubernetes.io/revision}, rolling updates within maxSurge/maxUnavailable (the algorithm of
 * kube-controller-manager, counting live pods), Recreate, pause, scaling, history cleanup, and a status with the
 * Available and Progressing conditions (including ProgressDeadlineExceeded).
 */
final class DeploymentController implements Controller {
    static final String MANAGER = "kube-controller-manager";
    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String HASH_LABEL = "pod-template-hash";

    private final Registry registry;
    private final EventRecorder events;
    private final ReplicaSetController replicaSets;
    private final ControllerManager manager;

    DeploymentController(
            Registry registry, EventRecorder events, ReplicaSetController replicaSets, ControllerManager manager) {
        this.registry = registry;
        this.events = events;
        this.replicaSets = replicaSets;
        this.manager = manager;
    }

    /** Live pod counts of one ReplicaSet. */
    private record Counts(long pods, long ready, long available) {}

    @Override
    public void sync(String namespace, String name) {
        ObjectNode d = registry.find(ResourceTypes.DEPLOYMENTS, namespace, name);
        if (d == null || Pods.terminating(d)) {
            return;
        }
        String uid = Json.str(d, "metadata", "uid");
        long replicas = Json.num(d, 1, "spec", "replicas");
        boolean paused = Json.bool(d, "spec", "paused");
        ObjectNode template = Json.obj(d, "spec", "template");

        List<ObjectNode> all = ownedReplicaSets(namespace, uid);
        ObjectNode newRs = null;
        for (ObjectNode rs : all) {
            if (sameTemplate(Json.obj(rs, "spec", "template"), template)) {
                newRs = rs;
                break;
            }
        }
        long maxOldRevision = 0;
        for (ObjectNode rs : all) {
            if (rs != newRs) {
                maxOldRevision = Math.max(maxOldRevision, revision(rs));
            }
        }
        boolean createdNew = false;
        if (newRs == null && !paused) {
            newRs = createReplicaSet(d, template, maxOldRevision + 1, initialReplicas(d, namespace, all, replicas));
            createdNew = newRs != null;
            all = ownedReplicaSets(namespace, uid);
        } else if (newRs != null && revision(newRs) <= maxOldRevision) {
            long rev = maxOldRevision + 1;
            newRs = registry.modify(
                    ResourceTypes.REPLICASETS, namespace, Json.str(newRs, "metadata", "name"), null, MANAGER, rs -> {
                        Json.with(rs, "metadata", "annotations").put(REVISION, Long.toString(rev));
                        return rs;
                    });
        }
        if (newRs != null) {
            String rev = Long.toString(revision(newRs));
            if (!rev.equals(Json.str(d, "metadata", "annotations", REVISION))) {
                d = registry.modify(ResourceTypes.DEPLOYMENTS, namespace, name, null, MANAGER, o -> {
                    Json.with(o, "metadata", "annotations").put(REVISION, rev);
                    return o;
                });
                if (d == null) {
                    return;
                }
            }
        }
        String newName = newRs == null ? null : Json.str(newRs, "metadata", "name");
        List<String> oldNames = new ArrayList<>();
        for (ObjectNode rs : all) {
            if (newName == null || !newName.equals(Json.str(rs, "metadata", "name"))) {
                oldNames.add(Json.str(rs, "metadata", "name"));
            }
        }

        boolean scaled = false;
        if (!paused && newName != null) {
            if ("Recreate".equals(Json.str(d, "spec", "strategy", "type"))) {
                scaled = recreate(d, namespace, newName, oldNames, replicas);
            } else {
                scaled = rollingUpdate(d, namespace, newName, oldNames, replicas);
            }
            cleanup(d, namespace, oldNames);
        } else if (paused && newName != null) {
            // a paused deployment still scales: the current ReplicaSet follows spec.replicas when nothing is rolling
            boolean rolling = false;
            for (String old : oldNames) {
                rolling |= specReplicas(namespace, old) > 0;
            }
            if (!rolling && specReplicas(namespace, newName) != replicas) {
                scale(d, namespace, newName, replicas);
                scaled = true;
            }
        }
        updateStatus(namespace, name, newName, createdNew, scaled);
    }

    // ---------------------------------------------------------------- ReplicaSets

    private List<ObjectNode> ownedReplicaSets(String namespace, String uid) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode rs : registry.list(ResourceTypes.REPLICASETS, namespace)) {
            if (Pods.controlledBy(rs, uid) && !Pods.terminating(rs)) {
                out.add(rs);
            }
        }
        out.sort(Comparator.comparing((ObjectNode rs) -> Json.strOr(rs, "", "metadata", "creationTimestamp"))
                .thenComparing(rs -> Json.strOr(rs, "", "metadata", "name")));
        return out;
    }

    private static long revision(JsonNode rs) {
        try {
            return Long.parseLong(Json.strOr(rs, "0", "metadata", "annotations", REVISION));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean sameTemplate(ObjectNode rsTemplate, ObjectNode template) {
        if (rsTemplate == null || template == null) {
            return false;
        }
        return Json.same(withoutHash(rsTemplate), withoutHash(template));
    }

    private static ObjectNode withoutHash(ObjectNode template) {
        ObjectNode t = template.deepCopy();
        ObjectNode labels = Json.obj(t, "metadata", "labels");
        if (labels != null) {
            labels.remove(HASH_LABEL);
        }
        return t;
    }

    /** The pod-template-hash: FNV-1a of the canonical template (and collision count), safely encoded. */
    static String templateHash(ObjectNode template, long collisionCount) {
        String canonical = Json.write(canonical(withoutHash(template))) + (collisionCount > 0 ? collisionCount : "");
        int hash = 0x811c9dc5;
        for (byte b : canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            hash ^= (b & 0xff);
            hash *= 0x01000193;
        }
        String digits = Long.toString(Integer.toUnsignedLong(hash));
        StringBuilder sb = new StringBuilder();
        for (char c : digits.toCharArray()) {
            sb.append(Registry.ALPHANUMS.charAt(c % Registry.ALPHANUMS.length()));
        }
        return sb.toString();
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(e -> sorted.put(e.getKey(), canonical(e.getValue())));
            ObjectNode o = Json.object();
            sorted.forEach(o::set);
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = Json.array();
            node.forEach(n -> a.add(canonical(n)));
            return a;
        }
        return node;
    }

    /** What a new ReplicaSet starts with: as many pods as maxSurge leaves room for (Recreate: none while old run). */
    private long initialReplicas(ObjectNode d, String ns, List<ObjectNode> old, long replicas) {
        long oldSpec = 0;
        long oldPods = 0;
        for (ObjectNode rs : old) {
            oldSpec += Json.num(rs, 0, "spec", "replicas");
            oldPods += counts(ns, Json.str(rs, "metadata", "name")).pods();
        }
        if ("Recreate".equals(Json.str(d, "spec", "strategy", "type"))) {
            return oldSpec > 0 || oldPods > 0 ? 0 : replicas;
        }
        long room = replicas + maxSurge(d, replicas) - Math.max(oldSpec, oldPods);
        return Math.max(0, Math.min(replicas, room));
    }

    private ObjectNode createReplicaSet(ObjectNode d, ObjectNode template, long revision, long initialReplicas) {
        String ns = Json.str(d, "metadata", "namespace");
        long collisions = Json.num(d, 0, "status", "collisionCount");
        for (int attempt = 0; attempt < 10; attempt++) {
            String hash = templateHash(template, collisions);
            String rsName = Json.str(d, "metadata", "name") + "-" + hash;
            ObjectNode existing = registry.find(ResourceTypes.REPLICASETS, ns, rsName);
            if (existing != null) {
                if (Pods.controlledBy(existing, Json.str(d, "metadata", "uid"))
                        && sameTemplate(Json.obj(existing, "spec", "template"), template)) {
                    return existing;
                }
                collisions++;
                long c = collisions;
                registry.modify(
                        ResourceTypes.DEPLOYMENTS, ns, Json.str(d, "metadata", "name"), "status", MANAGER, o -> {
                            Json.with(o, "status").put("collisionCount", c);
                            return o;
                        });
                continue;
            }
            ObjectNode rs = Json.object();
            ObjectNode meta = rs.putObject("metadata");
            meta.put("name", rsName);
            meta.put("namespace", ns);
            ObjectNode labels = meta.putObject("labels");
            Json.stringMap(template, "metadata", "labels").forEach(labels::put);
            labels.put(HASH_LABEL, hash);
            ObjectNode annotations = meta.putObject("annotations");
            Json.stringMap(d, "metadata", "annotations").forEach((k, v) -> {
                if (!k.equals(REVISION) && !k.equals("kubectl.kubernetes.io/last-applied-configuration")) {
                    annotations.put(k, v);
                }
            });
            annotations.put(REVISION, Long.toString(revision));
            long replicas = Json.num(d, 1, "spec", "replicas");
            annotations.put("deployment.kubernetes.io/desired-replicas", Long.toString(replicas));
            annotations.put("deployment.kubernetes.io/max-replicas", Long.toString(replicas + maxSurge(d, replicas)));
            meta.putArray("ownerReferences").add(Pods.controllerRef(d));
            ObjectNode spec = rs.putObject("spec");
            spec.put("replicas", initialReplicas);
            if (Json.at(d, "spec", "minReadySeconds") != null) {
                spec.set("minReadySeconds", Json.at(d, "spec", "minReadySeconds"));
            }
            ObjectNode selector = Json.copy(Json.obj(d, "spec", "selector"));
            Json.with(selector, "matchLabels").put(HASH_LABEL, hash);
            spec.set("selector", selector);
            ObjectNode t = template.deepCopy();
            Json.with(t, "metadata", "labels").put(HASH_LABEL, hash);
            spec.set("template", t);
            try {
                ObjectNode created = registry.create(ResourceTypes.REPLICASETS, ns, rs, Write.by(MANAGER));
                events.normal(
                        d,
                        "deployment-controller",
                        "ScalingReplicaSet",
                        "Scaled up replica set " + rsName + " from 0 to " + initialReplicas);
                replicaSets.sync(ns, rsName);
                return created;
            } catch (ApiException e) {
                if (e.code() != 409) {
                    throw e;
                }
            }
        }
        return null;
    }

    private long specReplicas(String namespace, String rsName) {
        ObjectNode rs = registry.find(ResourceTypes.REPLICASETS, namespace, rsName);
        return rs == null ? 0 : Json.num(rs, 0, "spec", "replicas");
    }

    private Counts counts(String namespace, String rsName) {
        ObjectNode rs = registry.find(ResourceTypes.REPLICASETS, namespace, rsName);
        if (rs == null) {
            return new Counts(0, 0, 0);
        }
        long minReady = Json.num(rs, 0, "spec", "minReadySeconds");
        Instant now = Instant.now();
        long pods = 0;
        long ready = 0;
        long available = 0;
        for (ObjectNode p : replicaSets.pods(namespace, Json.str(rs, "metadata", "uid"))) {
            pods++;
            ready += Pods.ready(p) ? 1 : 0;
            available += Pods.available(p, minReady, now) ? 1 : 0;
        }
        return new Counts(pods, ready, available);
    }

    /** Sets a ReplicaSet's replicas and lets it create or delete its pods at once (so counts stay exact). */
    private void scale(ObjectNode d, String namespace, String rsName, long to) {
        long from = specReplicas(namespace, rsName);
        if (from == to) {
            return;
        }
        long replicas = Json.num(d, 1, "spec", "replicas");
        long maxReplicas = replicas + maxSurge(d, replicas);
        registry.modify(ResourceTypes.REPLICASETS, namespace, rsName, null, MANAGER, rs -> {
            Json.with(rs, "spec").put("replicas", to);
            ObjectNode annotations = Json.with(rs, "metadata", "annotations");
            annotations.put("deployment.kubernetes.io/desired-replicas", Long.toString(replicas));
            annotations.put("deployment.kubernetes.io/max-replicas", Long.toString(maxReplicas));
            return rs;
        });
        replicaSets.sync(namespace, rsName);
        events.normal(
                d,
                "deployment-controller",
                "ScalingReplicaSet",
                "Scaled " + (to > from ? "up" : "down") + " replica set " + rsName + " from " + from + " to " + to);
    }

    // ---------------------------------------------------------------- strategies

    private boolean recreate(ObjectNode d, String ns, String newName, List<String> oldNames, long replicas) {
        boolean scaled = false;
        for (String old : oldNames) {
            if (specReplicas(ns, old) > 0) {
                scale(d, ns, old, 0);
                scaled = true;
            }
        }
        for (String old : oldNames) {
            if (counts(ns, old).pods() > 0) {
                return scaled;
            }
        }
        if (specReplicas(ns, newName) != replicas) {
            scale(d, ns, newName, replicas);
            scaled = true;
        }
        return scaled;
    }

    private boolean rollingUpdate(ObjectNode d, String ns, String newName, List<String> oldNames, long replicas) {
        long surge = maxSurge(d, replicas);
        long unavailable = maxUnavailable(d, replicas);
        boolean scaled = false;

        // scale the new ReplicaSet up, within replicas + maxSurge pods in all
        long newReplicas = specReplicas(ns, newName);
        if (newReplicas > replicas) {
            scale(d, ns, newName, replicas);
            scaled = true;
        } else if (newReplicas < replicas) {
            long current = 0;
            for (String rs : concat(newName, oldNames)) {
                current += Math.max(specReplicas(ns, rs), counts(ns, rs).pods());
            }
            long room = replicas + surge - current;
            if (room > 0) {
                scale(d, ns, newName, newReplicas + Math.min(room, replicas - newReplicas));
                scaled = true;
            }
        }

        // scale old ReplicaSets down, keeping replicas - maxUnavailable pods available
        long oldPods = 0;
        for (String old : oldNames) {
            oldPods += specReplicas(ns, old);
        }
        if (oldPods == 0) {
            return scaled;
        }
        long minAvailable = replicas - unavailable;
        long allPods = 0;
        for (String rs : concat(newName, oldNames)) {
            allPods += specReplicas(ns, rs);
        }
        long newUnavailable = specReplicas(ns, newName) - counts(ns, newName).available();
        long maxScaledDown = allPods - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return scaled;
        }
        // first the old pods that are not available anyway
        for (String old : oldNames) {
            if (maxScaledDown <= 0) {
                break;
            }
            long spec = specReplicas(ns, old);
            long unhealthy = spec - counts(ns, old).available();
            if (spec == 0 || unhealthy <= 0) {
                continue;
            }
            long down = Math.min(maxScaledDown, unhealthy);
            scale(d, ns, old, spec - down);
            maxScaledDown -= down;
            scaled = true;
        }
        // then available old pods, as far as availability allows
        long available = 0;
        for (String rs : concat(newName, oldNames)) {
            available += counts(ns, rs).available();
        }
        long budget = available - minAvailable;
        for (String old : oldNames) {
            if (budget <= 0) {
                break;
            }
            long spec = specReplicas(ns, old);
            if (spec == 0) {
                continue;
            }
            long down = Math.min(spec, budget);
            scale(d, ns, old, spec - down);
            budget -= down;
            scaled = true;
        }
        return scaled;
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> out = new ArrayList<>();
        out.add(first);
        out.addAll(rest);
        return out;
    }

    static long maxSurge(JsonNode d, long replicas) {
        if (!"RollingUpdate".equals(Json.strOr(d, "RollingUpdate", "spec", "strategy", "type"))) {
            return 0;
        }
        long surge = intOrPercent(Json.at(d, "spec", "strategy", "rollingUpdate", "maxSurge"), replicas, true, 25);
        long unavailable =
                intOrPercent(Json.at(d, "spec", "strategy", "rollingUpdate", "maxUnavailable"), replicas, false, 25);
        return surge == 0 && unavailable == 0 ? 0 : surge;
    }

    static long maxUnavailable(JsonNode d, long replicas) {
        long surge = intOrPercent(Json.at(d, "spec", "strategy", "rollingUpdate", "maxSurge"), replicas, true, 25);
        long unavailable =
                intOrPercent(Json.at(d, "spec", "strategy", "rollingUpdate", "maxUnavailable"), replicas, false, 25);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return Math.min(unavailable, replicas);
    }

    /** An int-or-percent field: percentages round up for surge, down for unavailability. */
    private static long intOrPercent(JsonNode v, long total, boolean roundUp, int defaultPercent) {
        if (v == null) {
            return roundUp ? (total * defaultPercent + 99) / 100 : total * defaultPercent / 100;
        }
        if (v.isNumber()) {
            return v.asLong();
        }
        String s = v.asString().trim();
        if (s.endsWith("%")) {
            long p = Long.parseLong(s.substring(0, s.length() - 1));
            return roundUp ? (total * p + 99) / 100 : total * p / 100;
        }
        return Long.parseLong(s);
    }

    /** Deletes old ReplicaSets with no pods beyond revisionHistoryLimit, oldest first. */
    private void cleanup(ObjectNode d, String ns, List<String> oldNames) {
        long limit = Json.num(d, 10, "spec", "revisionHistoryLimit");
        List<ObjectNode> idle = new ArrayList<>();
        for (String old : oldNames) {
            ObjectNode rs = registry.find(ResourceTypes.REPLICASETS, ns, old);
            if (rs != null && Json.num(rs, 0, "spec", "replicas") == 0 && Json.num(rs, 0, "status", "replicas") == 0) {
                idle.add(rs);
            }
        }
        if (idle.size() <= limit) {
            return;
        }
        idle.sort(Comparator.comparingLong(DeploymentController::revision));
        for (ObjectNode rs : idle.subList(0, (int) (idle.size() - limit))) {
            try {
                registry.delete(
                        ResourceTypes.REPLICASETS, ns, Json.str(rs, "metadata", "name"), DeleteOptions.BACKGROUND);
            } catch (ApiException e) {
                // already gone
            }
        }
    }

    // ---------------------------------------------------------------- status

    private void updateStatus(String ns, String name, String newName, boolean createdNew, boolean scaled) {
        List<ObjectNode> all = new ArrayList<>();
        ObjectNode d = registry.find(ResourceTypes.DEPLOYMENTS, ns, name);
        if (d == null) {
            return;
        }
        all.addAll(ownedReplicaSets(ns, Json.str(d, "metadata", "uid")));
        long replicas = Json.num(d, 1, "spec", "replicas");
        long total = 0;
        long specTotal = 0;
        long ready = 0;
        long available = 0;
        long updated = 0;
        for (ObjectNode rs : all) {
            String rsName = Json.str(rs, "metadata", "name");
            Counts c = counts(ns, rsName);
            total += c.pods();
            ready += c.ready();
            available += c.available();
            specTotal += Json.num(rs, 0, "spec", "replicas");
            if (rsName.equals(newName)) {
                updated = c.pods();
            }
        }
        long unavailable = Math.max(0, specTotal - available);
        long minAvailable = replicas - maxUnavailable(d, replicas);
        boolean paused = Json.bool(d, "spec", "paused");
        boolean complete = newName != null && updated == replicas && total == replicas && available == replicas;
        Long deadline = Json.num(d, "spec", "progressDeadlineSeconds");
        Instant now = Instant.now();
        long fUpdated = updated;
        long fTotal = total;
        long fReady = ready;
        long fAvailable = available;
        Duration[] recheck = new Duration[1];
        registry.modify(ResourceTypes.DEPLOYMENTS, ns, name, "status", MANAGER, o -> {
            ObjectNode old = Json.obj(o, "status");
            ObjectNode status = Json.object();
            status.put("observedGeneration", Json.num(o, 1, "metadata", "generation"));
            ReplicaSetController.putNonZero(status, "replicas", fTotal);
            ReplicaSetController.putNonZero(status, "updatedReplicas", fUpdated);
            ReplicaSetController.putNonZero(status, "readyReplicas", fReady);
            ReplicaSetController.putNonZero(status, "availableReplicas", fAvailable);
            ReplicaSetController.putNonZero(status, "unavailableReplicas", unavailable);
            if (Json.at(old, "collisionCount") != null) {
                status.set("collisionCount", Json.at(old, "collisionCount"));
            }
            ArrayNode conditions = status.putArray("conditions");
            String nowText = Json.time(now);
            if (fAvailable >= minAvailable) {
                condition(
                        conditions,
                        old,
                        "Available",
                        "True",
                        "MinimumReplicasAvailable",
                        "Deployment has minimum availability.",
                        nowText,
                        false);
            } else {
                condition(
                        conditions,
                        old,
                        "Available",
                        "False",
                        "MinimumReplicasUnavailable",
                        "Deployment does not have minimum availability.",
                        nowText,
                        false);
            }
            JsonNode oldProgressing = find(old, "Progressing");
            boolean progressed = createdNew
                    || scaled
                    || fUpdated > Json.num(old, 0, "updatedReplicas")
                    || fReady > Json.num(old, 0, "readyReplicas")
                    || fAvailable > Json.num(old, 0, "availableReplicas");
            String rsText = "ReplicaSet \"" + newName + "\"";
            if (paused) {
                condition(
                        conditions,
                        old,
                        "Progressing",
                        "Unknown",
                        "DeploymentPaused",
                        "Deployment is paused",
                        nowText,
                        false);
            } else if (complete) {
                condition(
                        conditions,
                        old,
                        "Progressing",
                        "True",
                        "NewReplicaSetAvailable",
                        rsText + " has successfully progressed.",
                        nowText,
                        false);
            } else if (createdNew) {
                condition(
                        conditions,
                        old,
                        "Progressing",
                        "True",
                        "NewReplicaSetCreated",
                        "Created new replica set \"" + newName + "\"",
                        nowText,
                        true);
            } else if (progressed
                    || oldProgressing == null
                    || "DeploymentPaused".equals(Json.str(oldProgressing, "reason"))) {
                condition(
                        conditions,
                        old,
                        "Progressing",
                        "True",
                        "ReplicaSetUpdated",
                        rsText + " is progressing.",
                        nowText,
                        true);
            } else if ("ProgressDeadlineExceeded".equals(Json.str(oldProgressing, "reason"))
                    || "NewReplicaSetAvailable".equals(Json.str(oldProgressing, "reason"))) {
                // a timed-out rollout stays so until it progresses; a complete one never times out
                conditions.add(oldProgressing.deepCopy());
            } else {
                Instant since = Json.parseTime(Json.str(oldProgressing, "lastUpdateTime"));
                if (deadline != null
                        && since != null
                        && !since.plusSeconds(deadline).isAfter(now)) {
                    condition(
                            conditions,
                            old,
                            "Progressing",
                            "False",
                            "ProgressDeadlineExceeded",
                            rsText + " has timed out progressing.",
                            nowText,
                            true);
                } else {
                    conditions.add(oldProgressing.deepCopy());
                    if (deadline != null && since != null) {
                        recheck[0] = Duration.between(now, since.plusSeconds(deadline))
                                .plusMillis(1100);
                    }
                }
            }
            // Kubernetes lists Progressing before Available once both exist
            if (conditions.size() == 2 && oldProgressingFirst(old)) {
                JsonNode first = conditions.remove(0);
                conditions.add(first);
            }
            if (Json.same(old, status)) {
                return null;
            }
            o.set("status", status);
            return o;
        });
        if (recheck[0] != null && !complete) {
            manager.enqueueAfter("deployment", ns, name, recheck[0]);
        }
    }

    private static boolean oldProgressingFirst(ObjectNode old) {
        List<JsonNode> c = Json.items(old, "conditions");
        return c.isEmpty() || "Progressing".equals(Json.str(c.get(0), "type"));
    }

    private static JsonNode find(ObjectNode status, String type) {
        for (JsonNode c : Json.items(status, "conditions")) {
            if (type.equals(Json.str(c, "type"))) {
                return c;
            }
        }
        return null;
    }

    /**
     * Adds a condition, keeping lastTransitionTime while the status stays and lastUpdateTime while nothing about it
     * changes ({@code touch} forces a new lastUpdateTime: progress was made).
     */
    private static void condition(
            ArrayNode conditions,
            ObjectNode oldStatus,
            String type,
            String status,
            String reason,
            String message,
            String now,
            boolean touch) {
        JsonNode old = find(oldStatus, type);
        ObjectNode c = conditions.addObject();
        c.put("type", type);
        c.put("status", status);
        boolean sameStatus = old != null && status.equals(Json.str(old, "status"));
        boolean same = sameStatus && reason.equals(Json.str(old, "reason")) && message.equals(Json.str(old, "message"));
        c.put("lastUpdateTime", same && !touch ? Json.strOr(old, now, "lastUpdateTime") : now);
        c.put("lastTransitionTime", sameStatus ? Json.strOr(old, now, "lastTransitionTime") : now);
        c.put("reason", reason);
        c.put("message", message);
    }
}
