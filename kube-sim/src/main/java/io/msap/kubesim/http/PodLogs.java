package io.msap.kubesim.http;

import io.msap.kubesim.KubeSimConfig;
import io.msap.kubesim.api.ApiException;
import io.msap.kubesim.controller.Behaviour;
import io.msap.kubesim.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Simulated container logs, derived from the pod's status so they agree with it: start-up lines when a container
 * starts, a heartbeat line every log interval while it runs, and a crash report for each instance of a crash-looping
 * container. Supports {@code container}, {@code previous}, {@code tailLines}, {@code sinceSeconds},
 * {@code timestamps} and {@code limitBytes}.
 */
final class PodLogs {
    private static final int MAX_HEARTBEATS = 5000;
    private static final DateTimeFormatter NANOS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** One log line with its time. */
    record Line(Instant time, String text) {}

    private final KubeSimConfig config;

    PodLogs(KubeSimConfig config) {
        this.config = config;
    }

    /** The container whose log is asked for: the named one, or the only one. */
    static JsonNode container(ObjectNode pod, String name) {
        String podName = Json.str(pod, "metadata", "name");
        List<JsonNode> containers = Json.items(pod, "spec", "containers");
        List<JsonNode> all = new ArrayList<>(containers);
        all.addAll(Json.items(pod, "spec", "initContainers"));
        if (name == null || name.isEmpty()) {
            String preferred = Json.str(pod, "metadata", "annotations", "kubectl.kubernetes.io/default-container");
            if (preferred != null) {
                name = preferred;
            } else if (containers.size() == 1) {
                return containers.get(0);
            } else {
                List<String> names =
                        containers.stream().map(c -> Json.strOr(c, "", "name")).toList();
                throw ApiException.badRequest("a container name must be specified for pod " + podName
                        + ", choose one of: [" + String.join(" ", names) + "]");
            }
        }
        for (JsonNode c : all) {
            if (name.equals(Json.str(c, "name"))) {
                return c;
            }
        }
        throw ApiException.badRequest("container " + name + " is not valid for pod " + podName);
    }

    private static JsonNode statusOf(ObjectNode pod, String container) {
        for (String list : List.of("containerStatuses", "initContainerStatuses")) {
            for (JsonNode s : Json.items(pod, "status", list)) {
                if (container.equals(Json.str(s, "name"))) {
                    return s;
                }
            }
        }
        return null;
    }

    /** The lines of the current (or previous) instance of a container up to {@code now}. */
    List<Line> lines(ObjectNode pod, JsonNode container, boolean previous, Instant now) {
        String podName = Json.str(pod, "metadata", "name");
        String cname = Json.str(container, "name");
        String image = Json.strOr(container, "", "image");
        JsonNode status = statusOf(pod, cname);
        JsonNode running = Json.at(status, "state", "running");
        JsonNode terminated = Json.at(status, "state", "terminated");
        JsonNode lastTerminated = Json.at(status, "lastState", "terminated");
        if (previous) {
            if (lastTerminated == null) {
                throw ApiException.badRequest(
                        "previous terminated container \"" + cname + "\" in pod \"" + podName + "\" not found");
            }
            return crashed(pod, container, lastTerminated);
        }
        if (running != null) {
            return runningLines(pod, container, Json.parseTime(Json.str(running, "startedAt")), now);
        }
        if (terminated != null) {
            return crashed(pod, container, terminated);
        }
        if (lastTerminated != null) {
            // a crash-looping container waiting to restart: its last instance's log
            return crashed(pod, container, lastTerminated);
        }
        String reason = Json.strOr(status, "ContainerCreating", "state", "waiting", "reason");
        if (reason.equals("ErrImagePull") || reason.equals("ImagePullBackOff")) {
            reason = "trying and failing to pull image";
        }
        throw ApiException.badRequest(
                "container \"" + cname + "\" in pod \"" + podName + "\" is waiting to start: " + reason);
    }

    private List<Line> runningLines(ObjectNode pod, JsonNode container, Instant start, Instant now) {
        List<Line> out = new ArrayList<>();
        if (start == null) {
            start = now;
        }
        String cname = Json.str(container, "name");
        String image = Json.strOr(container, "", "image");
        out.add(new Line(
                start,
                "kube-sim: starting container " + cname + " (image " + image + ") in pod "
                        + Json.str(pod, "metadata", "namespace") + "/" + Json.str(pod, "metadata", "name") + " on node "
                        + Json.strOr(pod, "?", "spec", "nodeName")));
        List<String> ports = new ArrayList<>();
        for (JsonNode p : Json.items(container, "ports")) {
            ports.add(Json.str(p, "containerPort") + "/" + Json.strOr(p, "TCP", "protocol"));
        }
        if (!ports.isEmpty()) {
            out.add(new Line(start, "kube-sim: listening on " + String.join(", ", ports)));
        }
        for (JsonNode e : Json.items(container, "env")) {
            if (Json.str(e, "value") != null) {
                out.add(new Line(start, "kube-sim: env " + Json.str(e, "name") + "=" + Json.str(e, "value")));
            }
        }
        Behaviour b = Behaviour.of(image);
        if (b == Behaviour.CRASH_LOOP) {
            out.add(new Line(start, "kube-sim: initialising (this image is set to crash: crashloop)"));
            return out;
        }
        Instant readyAt =
                b == Behaviour.SLOW_START ? start.plus(config.slowStartDelay()).minus(config.podStartDelay()) : start;
        if (b == Behaviour.SLOW_START) {
            out.add(new Line(start, "kube-sim: warming up (slowstart image)"));
        }
        if (!readyAt.isAfter(now)) {
            out.add(new Line(readyAt, "kube-sim: ready to serve traffic"));
        }
        long interval = Math.max(1, config.logInterval().toMillis());
        long beats = Duration.between(start, now).toMillis() / interval;
        for (long k = Math.max(1, beats - MAX_HEARTBEATS + 1); k <= beats; k++) {
            Instant t = start.plusMillis(k * interval);
            out.add(new Line(t, "kube-sim: heartbeat " + k + ": " + cname + " up " + (k * interval / 1000) + "s"));
        }
        out.sort((a, c) -> a.time().compareTo(c.time()));
        return out;
    }

    private static List<Line> crashed(ObjectNode pod, JsonNode container, JsonNode terminated) {
        List<Line> out = new ArrayList<>();
        Instant start = Json.parseTime(Json.str(terminated, "startedAt"));
        Instant end = Json.parseTime(Json.str(terminated, "finishedAt"));
        start = start == null ? Instant.now() : start;
        end = end == null ? start : end;
        String cname = Json.str(container, "name");
        out.add(new Line(
                start,
                "kube-sim: starting container " + cname + " (image " + Json.str(container, "image") + ") in pod "
                        + Json.str(pod, "metadata", "namespace") + "/" + Json.str(pod, "metadata", "name")));
        out.add(new Line(
                end,
                "kube-sim: FATAL simulated crash: the image asks for crashloop; exiting with code "
                        + Json.num(terminated, 1, "exitCode")));
        return out;
    }

    /** Applies sinceSeconds, tailLines, timestamps and limitBytes, and renders the text. */
    static String render(List<Line> lines, Request req, Instant now) {
        List<Line> selected = new ArrayList<>(lines);
        long since = req.longParam("sinceSeconds", -1);
        if (since >= 0) {
            Instant from = now.minusSeconds(since);
            selected.removeIf(l -> l.time().isBefore(from));
        }
        String sinceTime = req.param("sinceTime");
        if (sinceTime != null && Json.parseTime(sinceTime) != null) {
            Instant from = Json.parseTime(sinceTime);
            selected.removeIf(l -> l.time().isBefore(from));
        }
        long tail = req.longParam("tailLines", -1);
        if (tail >= 0 && selected.size() > tail) {
            selected = selected.subList((int) (selected.size() - tail), selected.size());
        }
        StringBuilder sb = new StringBuilder();
        boolean timestamps = req.flag("timestamps");
        for (Line l : selected) {
            sb.append(format(l, timestamps));
        }
        long limit = req.longParam("limitBytes", -1);
        String text = sb.toString();
        if (limit >= 0 && text.length() > limit) {
            text = text.substring(0, (int) limit);
        }
        return text;
    }

    static String format(Line l, boolean timestamps) {
        return (timestamps ? NANOS.format(l.time()) + " " : "") + l.text() + "\n";
    }
}
