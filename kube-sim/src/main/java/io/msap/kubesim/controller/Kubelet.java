package io.msap.kubesim.controller;

import io.msap.kubesim.KubeSimConfig;
import io.msap.kubesim.api.Registry;
import io.msap.kubesim.api.ResourceTypes;
import io.msap.kubesim.json.Json;
import io.msap.kubesim.select.LabelSelector;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The scheduler and the kubelets of the simulated nodes: binds new pods to the least loaded Ready node that fits
 * their nodeSelector, gives them a pod IP (10.244.&lt;node&gt;.x), and moves them through their life as their images
 * dictate ({@link Behaviour}): ContainerCreating, then Running and Ready after the start delay; CrashLoopBackOff with
 * rising restart counts; ErrImagePull/ImagePullBackOff; late readiness. Each pod's clock starts when it is
 * scheduled.
 */
final class Kubelet implements Controller {
    static final String SCHEDULER = "default-scheduler";
    static final String KUBELET = "kubelet";

    private final Registry registry;
    private final KubeSimConfig config;
    private final EventRecorder events;
    private final Nodes nodes;
    private final ControllerManager manager;
    /** When each pod (by uid) was scheduled, in this process's clock. */
    private final Map<String, Instant> started = new HashMap<>();
    /** What each pod last reported per container, for events on transitions. */
    private final Map<String, String> lastReported = new HashMap<>();

    private long syncs;

    Kubelet(Registry registry, KubeSimConfig config, EventRecorder events, Nodes nodes, ControllerManager manager) {
        this.registry = registry;
        this.config = config;
        this.events = events;
        this.nodes = nodes;
        this.manager = manager;
    }

    @Override
    public void sync(String namespace, String name) {
        ObjectNode pod = registry.find(ResourceTypes.PODS, namespace, name);
        if (pod == null) {
            return;
        }
        String uid = Json.str(pod, "metadata", "uid");
        if (Json.at(pod, "metadata", "deletionTimestamp") != null) {
            return;
        }
        if (++syncs % 1000 == 0) {
            forgetDeleted();
        }
        if (Json.str(pod, "spec", "nodeName") == null) {
            pod = schedule(pod);
            if (pod == null) {
                return;
            }
        }
        if (Json.str(pod, "status", "podIP") == null || Json.str(pod, "status", "startTime") == null) {
            pod = assignNetwork(pod, Json.str(pod, "spec", "nodeName"));
            if (pod == null) {
                return;
            }
        }
        Instant now = Instant.now();
        ObjectNode current = pod;
        Instant start = started.computeIfAbsent(uid, u -> {
            Instant t = Json.parseTime(Json.str(current, "status", "startTime"));
            return t == null ? now : t;
        });
        Simulation sim = simulate(pod, start, now);
        ObjectNode wanted = sim.status;
        ObjectNode stored = registry.modify(ResourceTypes.PODS, namespace, name, "status", KUBELET, p -> {
            ObjectNode status = wanted.deepCopy();
            keepTransitionTimes(Json.obj(p, "status"), status);
            if (Json.same(Json.at(p, "status"), status)) {
                return null;
            }
            p.set("status", status);
            return p;
        });
        if (stored != null) {
            reportTransitions(stored, sim);
        }
        if (sim.nextChange != null) {
            manager.enqueueAfter("pod", namespace, name, sim.nextChange);
        }
    }

    private void forgetDeleted() {
        Set<String> live = new HashSet<>();
        for (ObjectNode p : registry.list(ResourceTypes.PODS, null)) {
            live.add(Json.str(p, "metadata", "uid"));
        }
        started.keySet().retainAll(live);
        lastReported.keySet().removeIf(k -> !live.contains(k.substring(0, k.indexOf('/'))));
    }

    // ---------------------------------------------------------------- scheduling

    private ObjectNode schedule(ObjectNode pod) {
        String ns = Json.str(pod, "metadata", "namespace");
        String name = Json.str(pod, "metadata", "name");
        Map<String, String> selector = Json.stringMap(pod, "spec", "nodeSelector");
        List<ObjectNode> candidates = nodes.schedulable().stream()
                .filter(n ->
                        selector.isEmpty() || LabelSelector.fromMap(selector).matches(n))
                .toList();
        Map<String, Integer> load = new HashMap<>();
        for (ObjectNode p : registry.list(ResourceTypes.PODS, null)) {
            String node = Json.str(p, "spec", "nodeName");
            if (node != null) {
                load.merge(node, 1, Integer::sum);
            }
        }
        if (candidates.isEmpty()) {
            int total = registry.list(ResourceTypes.NODES, null).size();
            String message = "0/" + total + " nodes are available: " + total
                    + " node(s) didn't match Pod's node affinity/selector.";
            registry.modify(ResourceTypes.PODS, ns, name, "status", SCHEDULER, p -> {
                ObjectNode status = Json.with(p, "status");
                status.put("phase", "Pending");
                ArrayNode conditions = status.putArray("conditions");
                ObjectNode c = conditions.addObject();
                c.put("type", "PodScheduled");
                c.put("status", "False");
                c.putNull("lastProbeTime");
                c.put("lastTransitionTime", Json.strOr(pod, Json.time(Instant.now()), "metadata", "creationTimestamp"));
                c.put("reason", "Unschedulable");
                c.put("message", message);
                return p;
            });
            if (lastReported.put(Json.str(pod, "metadata", "uid") + "/scheduling", "failed") == null) {
                events.warning(pod, SCHEDULER, "FailedScheduling", message);
            }
            manager.enqueueAfter("pod", ns, name, Duration.ofSeconds(5));
            return null;
        }
        ObjectNode node = candidates.stream()
                .min((a, b) -> {
                    int la = load.getOrDefault(Json.str(a, "metadata", "name"), 0);
                    int lb = load.getOrDefault(Json.str(b, "metadata", "name"), 0);
                    return la != lb
                            ? Integer.compare(la, lb)
                            : Json.strOr(a, "", "metadata", "name").compareTo(Json.strOr(b, "", "metadata", "name"));
                })
                .orElseThrow();
        String nodeName = Json.str(node, "metadata", "name");
        ObjectNode bound = registry.modify(ResourceTypes.PODS, ns, name, null, SCHEDULER, p -> {
            Json.with(p, "spec").put("nodeName", nodeName);
            return p;
        });
        if (bound != null) {
            events.normal(pod, SCHEDULER, "Scheduled", "Successfully assigned " + ns + "/" + name + " to " + nodeName);
        }
        return bound;
    }

    /** Gives a bound pod its host IP, pod IP and start time (the moment its clock starts). */
    private ObjectNode assignNetwork(ObjectNode pod, String nodeName) {
        Set<String> usedIps = new HashSet<>();
        for (ObjectNode p : registry.list(ResourceTypes.PODS, null)) {
            String ip = Json.str(p, "status", "podIP");
            if (ip != null) {
                usedIps.add(ip);
            }
        }
        int index = Nodes.index(nodeName);
        String podIp = Json.str(pod, "status", "podIP") != null
                ? Json.str(pod, "status", "podIP")
                : freeIp(index < 0 ? 100 : index, usedIps);
        String hostIp = index < 0 ? null : Nodes.address(index);
        Instant now = Instant.now();
        started.put(Json.str(pod, "metadata", "uid"), now);
        return registry.modify(
                ResourceTypes.PODS,
                Json.str(pod, "metadata", "namespace"),
                Json.str(pod, "metadata", "name"),
                "status",
                SCHEDULER,
                p -> {
                    ObjectNode status = Json.with(p, "status");
                    status.put("phase", "Pending");
                    if (hostIp != null) {
                        status.put("hostIP", hostIp);
                        status.putArray("hostIPs").addObject().put("ip", hostIp);
                    }
                    status.put("podIP", podIp);
                    status.putArray("podIPs").addObject().put("ip", podIp);
                    status.put("startTime", Json.time(now));
                    return p;
                });
    }

    private static String freeIp(int nodeIndex, Set<String> used) {
        int third = Math.max(1, Math.min(254, nodeIndex));
        for (int i = 2; i < 255; i++) {
            String ip = "10.244." + third + "." + i;
            if (!used.contains(ip)) {
                return ip;
            }
        }
        for (int t = 100; t < 255; t++) {
            for (int i = 2; i < 255; i++) {
                String ip = "10.244." + t + "." + i;
                if (!used.contains(ip)) {
                    return ip;
                }
            }
        }
        throw new IllegalStateException("the pod network is full");
    }

    // ---------------------------------------------------------------- lifecycle

    /** A computed pod status and when it will change next on its own (null: never). */
    private record Simulation(ObjectNode status, Duration nextChange, Map<String, String> states) {}

    private Simulation simulate(ObjectNode pod, Instant start, Instant now) {
        String uid = Json.str(pod, "metadata", "uid");
        String podName = Json.str(pod, "metadata", "name");
        String ns = Json.str(pod, "metadata", "namespace");
        long elapsed = Duration.between(start, now).toMillis();
        long startDelay = config.podStartDelay().toMillis();
        Instant runningSince = start.plusMillis(startDelay);
        Long next = null;
        Map<String, String> states = new java.util.LinkedHashMap<>();

        ObjectNode status = Json.copy(Json.obj(pod, "status"));
        if (status == null) {
            status = Json.object();
        }
        ArrayNode statuses = Json.array();
        boolean allReady = true;
        boolean anyStarted = false;
        List<String> unready = new java.util.ArrayList<>();
        for (JsonNode c : Json.items(pod, "spec", "containers")) {
            String cname = Json.str(c, "name");
            String image = Json.strOr(c, "", "image");
            Behaviour b = Behaviour.of(image);
            ObjectNode cs = statuses.addObject();
            cs.put("name", cname);
            cs.put("image", image);
            cs.put("imageID", "");
            ObjectNode state = Json.object();
            ObjectNode lastState = Json.object();
            boolean ready = false;
            boolean startedFlag = false;
            long restarts = 0;
            String reported;
            if (elapsed < startDelay) {
                state.putObject("waiting").put("reason", "ContainerCreating");
                next = min(next, startDelay - elapsed);
                reported = "creating";
            } else {
                long sinceRun = elapsed - startDelay;
                switch (b) {
                    case IMAGE_PULL_FAIL -> {
                        long backoff = Math.max(1, config.imagePullBackOff().toMillis());
                        long n = sinceRun / backoff;
                        ObjectNode waiting = state.putObject("waiting");
                        if (n % 2 == 0) {
                            waiting.put("reason", "ErrImagePull");
                            waiting.put(
                                    "message",
                                    "failed to pull and unpack image \"" + Behaviour.qualified(image)
                                            + "\": failed to resolve reference \"" + Behaviour.qualified(image) + "\": "
                                            + Behaviour.qualified(image) + ": not found");
                        } else {
                            waiting.put("reason", "ImagePullBackOff");
                            waiting.put("message", "Back-off pulling image \"" + image + "\"");
                        }
                        next = min(next, backoff - sinceRun % backoff);
                        reported = "pullfail-" + (n % 2);
                    }
                    case CRASH_LOOP -> {
                        long interval = Math.max(1, config.crashLoopInterval().toMillis());
                        long crashes = sinceRun / interval;
                        restarts = crashes;
                        cs.put("imageID", Behaviour.imageId(image));
                        if (crashes == 0) {
                            state.putObject("running").put("startedAt", Json.time(runningSince));
                            cs.put("containerID", Behaviour.containerId(uid, cname, 0));
                            startedFlag = true;
                            reported = "running-0";
                        } else {
                            ObjectNode waiting = state.putObject("waiting");
                            waiting.put("reason", "CrashLoopBackOff");
                            waiting.put(
                                    "message",
                                    "back-off " + backoffSeconds(crashes) + "s restarting failed" + " container="
                                            + cname + " pod=" + podName + "_" + ns + "(" + uid + ")");
                            ObjectNode term = lastState.putObject("terminated");
                            term.put("exitCode", 1);
                            term.put("reason", "Error");
                            term.put("startedAt", Json.time(runningSince.plusMillis((crashes - 1) * interval)));
                            term.put(
                                    "finishedAt",
                                    Json.time(runningSince.plusMillis((crashes - 1) * interval + interval / 2)));
                            term.put("containerID", Behaviour.containerId(uid, cname, crashes - 1));
                            cs.put("containerID", Behaviour.containerId(uid, cname, crashes - 1));
                            reported = "crash-" + crashes;
                        }
                        anyStarted = true;
                        next = min(next, interval - sinceRun % interval);
                    }
                    default -> {
                        state.putObject("running").put("startedAt", Json.time(runningSince));
                        cs.put("imageID", Behaviour.imageId(image));
                        cs.put("containerID", Behaviour.containerId(uid, cname, 0));
                        startedFlag = true;
                        anyStarted = true;
                        long slow = config.slowStartDelay().toMillis();
                        ready = b == Behaviour.NORMAL || elapsed >= slow;
                        if (!ready) {
                            next = min(next, slow - elapsed);
                        }
                        reported = ready ? "ready" : "running";
                    }
                }
            }
            cs.set("state", state);
            cs.set("lastState", lastState);
            cs.put("ready", ready);
            cs.put("restartCount", restarts);
            cs.put("started", startedFlag);
            if (!ready) {
                allReady = false;
                unready.add(cname);
            }
            states.put(cname, reported + "|" + image);
        }
        // init containers complete at once when the pod starts
        List<JsonNode> inits = Json.items(pod, "spec", "initContainers");
        boolean initialized = elapsed >= startDelay;
        if (!inits.isEmpty()) {
            ArrayNode initStatuses = Json.array();
            for (JsonNode c : inits) {
                ObjectNode cs = initStatuses.addObject();
                cs.put("name", Json.str(c, "name"));
                cs.put("image", Json.strOr(c, "", "image"));
                cs.put("imageID", initialized ? Behaviour.imageId(Json.strOr(c, "", "image")) : "");
                ObjectNode state = cs.putObject("state");
                if (initialized) {
                    ObjectNode term = state.putObject("terminated");
                    term.put("exitCode", 0);
                    term.put("reason", "Completed");
                    term.put("startedAt", Json.time(runningSince));
                    term.put("finishedAt", Json.time(runningSince));
                    term.put("containerID", Behaviour.containerId(uid, Json.str(c, "name"), 0));
                } else {
                    state.putObject("waiting").put("reason", "PodInitializing");
                }
                cs.putObject("lastState");
                cs.put("ready", initialized);
                cs.put("restartCount", 0);
                cs.put("started", false);
            }
            status.set("initContainerStatuses", initStatuses);
        }
        status.put("phase", anyStarted ? "Running" : "Pending");
        String now_ = Json.time(now);
        ArrayNode conditions = Json.array();
        condition(conditions, "PodReadyToStartContainers", elapsed >= startDelay, null, null, now_);
        condition(
                conditions,
                "Initialized",
                initialized,
                "ContainersNotInitialized",
                "containers with incomplete" + " status: " + names(inits),
                now_);
        String unreadyMessage = "containers with unready status: [" + String.join(" ", unready) + "]";
        condition(conditions, "Ready", allReady, "ContainersNotReady", unreadyMessage, now_);
        condition(conditions, "ContainersReady", allReady, "ContainersNotReady", unreadyMessage, now_);
        condition(conditions, "PodScheduled", true, null, null, now_);
        status.set("conditions", conditions);
        status.set("containerStatuses", statuses);
        return new Simulation(status, next == null ? null : Duration.ofMillis(next + 5), states);
    }

    private static String names(List<JsonNode> containers) {
        return "["
                + String.join(" ", containers.stream().map(c -> Json.str(c, "")).toList()) + "]";
    }

    private static long backoffSeconds(long crashes) {
        return Math.min(300, 10L << Math.min(5, crashes - 1));
    }

    private static Long min(Long a, long b) {
        return a == null ? Long.valueOf(b) : Long.valueOf(Math.min(a, b));
    }

    private static void condition(ArrayNode a, String type, boolean ok, String reason, String message, String now) {
        ObjectNode c = a.addObject();
        c.put("type", type);
        c.put("status", ok ? "True" : "False");
        c.putNull("lastProbeTime");
        c.put("lastTransitionTime", now);
        if (!ok && reason != null) {
            c.put("reason", reason);
            c.put("message", message);
        }
    }

    /** Conditions keep their lastTransitionTime while their status does not change. */
    private static void keepTransitionTimes(ObjectNode old, ObjectNode status) {
        for (JsonNode c : Json.items(status, "conditions")) {
            for (JsonNode o : Json.items(old, "conditions")) {
                if (Json.strOr(c, "", "type").equals(Json.str(o, "type"))
                        && Json.strOr(c, "", "status").equals(Json.str(o, "status"))
                        && Json.str(o, "lastTransitionTime") != null) {
                    ((ObjectNode) c).put("lastTransitionTime", Json.str(o, "lastTransitionTime"));
                }
            }
        }
    }

    /** Events for what changed since the last report: Pulling/Pulled/Created/Started, BackOff, Failed. */
    private void reportTransitions(ObjectNode pod, Simulation sim) {
        String uid = Json.str(pod, "metadata", "uid");
        for (Map.Entry<String, String> e : sim.states().entrySet()) {
            String key = uid + "/" + e.getKey();
            String previous = lastReported.put(key, e.getValue());
            if (e.getValue().equals(previous)) {
                continue;
            }
            String state = e.getValue().substring(0, e.getValue().indexOf('|'));
            String image = e.getValue().substring(e.getValue().indexOf('|') + 1);
            String c = e.getKey();
            if (state.equals("creating")) {
                events.normal(pod, KUBELET, "Pulling", "Pulling image \"" + image + "\"");
            } else if (state.startsWith("pullfail-0")) {
                events.warning(pod, KUBELET, "Failed", "Failed to pull image \"" + image + "\": not found");
                events.warning(pod, KUBELET, "Failed", "Error: ErrImagePull");
            } else if (state.startsWith("pullfail-1")) {
                events.normal(pod, KUBELET, "BackOff", "Back-off pulling image \"" + image + "\"");
                events.warning(pod, KUBELET, "Failed", "Error: ImagePullBackOff");
            } else if (state.startsWith("crash-")) {
                events.warning(
                        pod,
                        KUBELET,
                        "BackOff",
                        "Back-off restarting failed container " + c + " in pod "
                                + Json.str(pod, "metadata", "name") + "_" + Json.str(pod, "metadata", "namespace") + "("
                                + uid + ")");
            } else if (state.equals("running")
                    || state.equals("running-0")
                    || (state.equals("ready") && (previous == null || previous.startsWith("creating")))) {
                events.normal(pod, KUBELET, "Pulled", "Successfully pulled image \"" + image + "\"");
                events.normal(pod, KUBELET, "Created", "Created container " + c);
                events.normal(pod, KUBELET, "Started", "Started container " + c);
            }
        }
    }
}
