package io.msap.kubesim.controller;

import io.msap.kubesim.api.ApiException;
import io.msap.kubesim.api.DeleteOptions;
import io.msap.kubesim.api.Registry;
import io.msap.kubesim.api.ResourceTypes;
import io.msap.kubesim.api.Write;
import io.msap.kubesim.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps a ReplicaSet's pod count at {@code spec.replicas}: creates pods from its template (named
 * {@code <rs>-<5 random chars>}, owned by the ReplicaSet), deletes the least useful surplus pods, and reports
 * replicas, fullyLabeledReplicas, readyReplicas, availableReplicas and observedGeneration in its status.
 */
final class ReplicaSetController implements Controller {
    static final String MANAGER = "kube-controller-manager";
    private static final int BURST = 500;

    private final Registry registry;
    private final EventRecorder events;

    ReplicaSetController(Registry registry, EventRecorder events) {
        this.registry = registry;
        this.events = events;
    }

    @Override
    public void sync(String namespace, String name) {
        ObjectNode rs = registry.find(ResourceTypes.REPLICASETS, namespace, name);
        if (rs == null || Pods.terminating(rs)) {
            return;
        }
        String uid = Json.str(rs, "metadata", "uid");
        List<ObjectNode> pods = pods(namespace, uid);
        long wanted = Json.num(rs, 1, "spec", "replicas");
        long diff = wanted - pods.size();
        if (diff > 0) {
            for (int i = 0; i < Math.min(diff, BURST); i++) {
                ObjectNode pod = newPod(rs);
                try {
                    ObjectNode created = registry.create(ResourceTypes.PODS, namespace, pod, Write.by(MANAGER));
                    pods.add(created);
                    events.normal(
                            rs,
                            "replicaset-controller",
                            "SuccessfulCreate",
                            "Created pod: " + Json.str(created, "metadata", "name"));
                } catch (ApiException e) {
                    events.warning(rs, "replicaset-controller", "FailedCreate", "Error creating: " + e.getMessage());
                    break;
                }
            }
        } else if (diff < 0) {
            pods.sort(Pods.deletionOrder());
            for (ObjectNode pod : new ArrayList<>(pods.subList(0, (int) -diff))) {
                String podName = Json.str(pod, "metadata", "name");
                try {
                    registry.delete(ResourceTypes.PODS, namespace, podName, DeleteOptions.BACKGROUND);
                    events.normal(rs, "replicaset-controller", "SuccessfulDelete", "Deleted pod: " + podName);
                } catch (ApiException e) {
                    // already gone
                }
                pods.remove(pod);
            }
        }
        updateStatus(namespace, name, pods);
    }

    List<ObjectNode> pods(String namespace, String rsUid) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode p : registry.list(ResourceTypes.PODS, namespace)) {
            if (Pods.controlledBy(p, rsUid) && !Pods.terminating(p)) {
                out.add(p);
            }
        }
        return out;
    }

    private static ObjectNode newPod(ObjectNode rs) {
        ObjectNode template = Json.obj(rs, "spec", "template");
        ObjectNode pod = Json.object();
        ObjectNode meta = pod.putObject("metadata");
        meta.put("generateName", Json.str(rs, "metadata", "name") + "-");
        ObjectNode tmeta = Json.obj(template, "metadata");
        if (tmeta != null) {
            for (String k : List.of("labels", "annotations", "finalizers")) {
                if (tmeta.has(k)) {
                    meta.set(k, tmeta.get(k).deepCopy());
                }
            }
        }
        meta.putArray("ownerReferences").add(Pods.controllerRef(rs));
        ObjectNode spec = Json.obj(template, "spec");
        pod.set("spec", spec == null ? Json.object() : spec.deepCopy());
        return pod;
    }

    private void updateStatus(String namespace, String name, List<ObjectNode> pods) {
        Instant now = Instant.now();
        registry.modify(ResourceTypes.REPLICASETS, namespace, name, "status", MANAGER, rs -> {
            long minReady = Json.num(rs, 0, "spec", "minReadySeconds");
            Map<String, String> labels = Json.stringMap(rs, "spec", "template", "metadata", "labels");
            long ready = 0;
            long available = 0;
            long fullyLabeled = 0;
            for (ObjectNode p : pods) {
                ready += Pods.ready(p) ? 1 : 0;
                available += Pods.available(p, minReady, now) ? 1 : 0;
                Map<String, String> pl = Json.stringMap(p, "metadata", "labels");
                fullyLabeled += pl.entrySet().containsAll(labels.entrySet()) ? 1 : 0;
            }
            ObjectNode status = Json.object();
            status.put("replicas", pods.size());
            putNonZero(status, "fullyLabeledReplicas", fullyLabeled);
            putNonZero(status, "readyReplicas", ready);
            putNonZero(status, "availableReplicas", available);
            status.put("observedGeneration", Json.num(rs, 1, "metadata", "generation"));
            rs.set("status", status);
            return rs;
        });
    }

    /** Kubernetes omits zero counts (omitempty); so does kube-sim, so clients meet the same nulls. */
    static void putNonZero(ObjectNode o, String field, long value) {
        if (value != 0) {
            o.put(field, value);
        }
    }
}
