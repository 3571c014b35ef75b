package io.msap.kubesim.http;

import io.msap.kubesim.api.ResourceType;
import io.msap.kubesim.json.Json;
import io.msap.kubesim.select.LabelSelector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side printing: meta.k8s.io/v1 {@code Table} objects with the columns {@code kubectl get} shows for each kind
 * (priority 1 columns appear with {@code -o wide}).
 */
final class Tables {
    private record Column(String name, String type, String description, int priority) {}

    private Tables() {}

    static ObjectNode table(
            ResourceType type, List<ObjectNode> objects, String includeObject, long rv, String continueToken) {
        ObjectNode t = Json.object();
        t.put("kind", "Table");
        t.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode meta = t.putObject("metadata");
        meta.put("resourceVersion", Long.toString(rv));
        if (continueToken != null) {
            meta.put("continue", continueToken);
        }
        ArrayNode cols = t.putArray("columnDefinitions");
        for (Column c : columns(type)) {
            ObjectNode col = cols.addObject();
            col.put("name", c.name());
            col.put("type", c.type());
            col.put("format", c.name().equals("Name") ? "name" : "");
            col.put("description", c.description());
            col.put("priority", c.priority());
        }
        ArrayNode rows = t.putArray("rows");
        Instant now = Instant.now();
        for (ObjectNode o : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            for (Object cell : cells(type, o, now)) {
                if (cell instanceof Long l) {
                    cells.add(l);
                } else {
                    cells.add(String.valueOf(cell));
                }
            }
            if ("Object".equals(includeObject)) {
                row.set("object", o);
            } else if (!"None".equals(includeObject)) {
                ObjectNode partial = Json.object();
                partial.put("kind", "PartialObjectMetadata");
                partial.put("apiVersion", "meta.k8s.io/v1");
                partial.set("metadata", o.get("metadata"));
                row.set("object", partial);
            }
        }
        return t;
    }

    private static List<Column> columns(ResourceType type) {
        List<Column> c = new ArrayList<>();
        c.add(new Column("Name", "string", "Name must be unique within a namespace.", 0));
        switch (type.kind()) {
            case "Pod" -> {
                c.add(new Column(
                        "Ready", "string", "The aggregate readiness state of this pod for accepting traffic.", 0));
                c.add(new Column("Status", "string", "The aggregate status of the containers in this pod.", 0));
                c.add(new Column(
                        "Restarts",
                        "string",
                        "The number of times the containers in this pod have been"
                                + " restarted and when the last container in this pod has restarted.",
                        0));
                c.add(age());
                c.add(new Column("IP", "string", "IP address allocated to the pod.", 1));
                c.add(new Column("Node", "string", "Name of the node the pod is assigned to.", 1));
                c.add(new Column("Nominated Node", "string", "Name of the node nominated by the scheduler.", 1));
                c.add(new Column("Readiness Gates", "string", "The readiness gates of the pod.", 1));
            }
            case "Deployment" -> {
                c.add(new Column("Ready", "string", "Number of the pod with ready state", 0));
                c.add(new Column(
                        "Up-to-date",
                        "integer",
                        "Total number of non-terminated pods targeted by this"
                                + " deployment that have the desired template spec.",
                        0));
                c.add(new Column(
                        "Available",
                        "integer",
                        "Total number of available pods (ready for at least"
                                + " minReadySeconds) targeted by this deployment.",
                        0));
                c.add(age());
                workloadWide(c);
            }
            case "ReplicaSet" -> {
                c.add(new Column("Desired", "integer", "Replicas is the number of desired replicas.", 0));
                c.add(new Column(
                        "Current", "integer", "Replicas is the most recently observed number of replicas.", 0));
                c.add(new Column("Ready", "integer", "The number of ready replicas for this replica set.", 0));
                c.add(age());
                workloadWide(c);
            }
            case "Service" -> {
                c.add(new Column("Type", "string", "The type of the service.", 0));
                c.add(new Column("Cluster-IP", "string", "The cluster IP of the service.", 0));
                c.add(new Column("External-IP", "string", "The external IPs of the service.", 0));
                c.add(new Column("Port(s)", "string", "The ports of the service.", 0));
                c.add(age());
                c.add(new Column("Selector", "string", "The label selector of the service.", 1));
            }
            case "Namespace" -> {
                c.add(new Column("Status", "string", "The status of the namespace", 0));
                c.add(age());
            }
            case "Node" -> {
                c.add(new Column("Status", "string", "The status of the node", 0));
                c.add(new Column("Roles", "string", "The roles of the node", 0));
                c.add(age());
                c.add(new Column("Version", "string", "Kubelet Version reported by the node.", 0));
                c.add(new Column("Internal-IP", "string", "List of internal IPs for the node.", 1));
                c.add(new Column("External-IP", "string", "List of external IPs for the node.", 1));
                c.add(new Column("OS-Image", "string", "OS image reported by the node.", 1));
                c.add(new Column("Kernel-Version", "string", "Kernel version reported by the node.", 1));
                c.add(new Column("Container-Runtime", "string", "Container runtime reported by the node.", 1));
            }
            case "ConfigMap" -> {
                c.add(new Column("Data", "integer", "Number of data entries.", 0));
                c.add(age());
            }
            case "Secret" -> {
                c.add(new Column("Type", "string", "The type of the secret", 0));
                c.add(new Column("Data", "integer", "Number of data entries.", 0));
                c.add(age());
            }
            case "Endpoints" -> {
                c.add(new Column("Endpoints", "string", "Endpoints of the service.", 0));
                c.add(age());
            }
            case "Event" -> {
                c.clear();
                c.add(new Column("Last Seen", "string", "Time of the last occurrence.", 0));
                c.add(new Column("Type", "string", "Type of this event (Normal, Warning).", 0));
                c.add(new Column("Reason", "string", "Why the action was taken.", 0));
                c.add(new Column("Object", "string", "The object this event is about.", 0));
                c.add(new Column("Message", "string", "A human-readable description of the status.", 0));
                c.add(new Column("Name", "string", "Name of the event.", 1));
                c.add(new Column("Count", "integer", "The number of times this event has occurred.", 1));
            }
            default -> c.add(age());
        }
        return c;
    }

    private static Column age() {
        return new Column(
                "Age",
                "string",
                "CreationTimestamp is a timestamp representing the server time when this" + " object was created.",
                0);
    }

    private static void workloadWide(List<Column> c) {
        c.add(new Column("Containers", "string", "Names of each container in the template.", 1));
        c.add(new Column("Images", "string", "Images referenced by each container in the template.", 1));
        c.add(new Column("Selector", "string", "Label selector for pods.", 1));
    }

    private static List<Object> cells(ResourceType type, ObjectNode o, Instant now) {
        List<Object> cells = new ArrayList<>();
        cells.add(Json.str(o, "metadata", "name"));
        String age = age(Json.str(o, "metadata", "creationTimestamp"), now);
        switch (type.kind()) {
            case "Pod" -> {
                List<JsonNode> statuses = Json.items(o, "status", "containerStatuses");
                long ready =
                        statuses.stream().filter(s -> Json.bool(s, "ready")).count();
                cells.add(ready + "/" + Json.items(o, "spec", "containers").size());
                cells.add(podStatus(o));
                cells.add(restarts(statuses, now));
                cells.add(age);
                cells.add(Json.strOr(o, "<none>", "status", "podIP"));
                cells.add(Json.strOr(o, "<none>", "spec", "nodeName"));
                cells.add(Json.strOr(o, "<none>", "status", "nominatedNodeName"));
                cells.add("<none>");
            }
            case "Deployment" -> {
                cells.add(Json.num(o, 0, "status", "readyReplicas") + "/" + Json.num(o, 1, "spec", "replicas"));
                cells.add(Json.num(o, 0, "status", "updatedReplicas"));
                cells.add(Json.num(o, 0, "status", "availableReplicas"));
                cells.add(age);
                workloadWideCells(o, cells);
            }
            case "ReplicaSet" -> {
                cells.add(Json.num(o, 1, "spec", "replicas"));
                cells.add(Json.num(o, 0, "status", "replicas"));
                cells.add(Json.num(o, 0, "status", "readyReplicas"));
                cells.add(age);
                workloadWideCells(o, cells);
            }
            case "Service" -> {
                String t = Json.strOr(o, "ClusterIP", "spec", "type");
                cells.add(t);
                cells.add(Json.strOr(o, "<none>", "spec", "clusterIP"));
                cells.add(externalIp(o, t));
                List<String> ports = new ArrayList<>();
                for (JsonNode p : Json.items(o, "spec", "ports")) {
                    String np = Json.str(p, "nodePort");
                    ports.add(Json.str(p, "port") + (np == null ? "" : ":" + np) + "/"
                            + Json.strOr(p, "TCP", "protocol"));
                }
                cells.add(ports.isEmpty() ? "<none>" : String.join(",", ports));
                cells.add(age);
                Map<String, String> sel = Json.stringMap(o, "spec", "selector");
                cells.add(sel.isEmpty() ? "<none>" : LabelSelector.fromMap(sel).toString());
            }
            case "Namespace" -> {
                cells.add(Json.strOr(o, "Active", "status", "phase"));
                cells.add(age);
            }
            case "Node" -> {
                boolean ready = false;
                for (JsonNode c : Json.items(o, "status", "conditions")) {
                    ready |= "Ready".equals(Json.str(c, "type")) && "True".equals(Json.str(c, "status"));
                }
                String status = ready ? "Ready" : "NotReady";
                if (Json.bool(o, "spec", "unschedulable")) {
                    status += ",SchedulingDisabled";
                }
                cells.add(status);
                List<String> roles = new ArrayList<>();
                Json.stringMap(o, "metadata", "labels").keySet().forEach(k -> {
                    if (k.startsWith("node-role.kubernetes.io/")) {
                        roles.add(k.substring("node-role.kubernetes.io/".length()));
                    }
                });
                cells.add(roles.isEmpty() ? "<none>" : String.join(",", roles));
                cells.add(age);
                cells.add(Json.strOr(o, "", "status", "nodeInfo", "kubeletVersion"));
                cells.add(address(o, "InternalIP"));
                cells.add(address(o, "ExternalIP"));
                cells.add(Json.strOr(o, "", "status", "nodeInfo", "osImage"));
                cells.add(Json.strOr(o, "", "status", "nodeInfo", "kernelVersion"));
                cells.add(Json.strOr(o, "", "status", "nodeInfo", "containerRuntimeVersion"));
            }
            case "ConfigMap" -> {
                long n = size(Json.obj(o, "data")) + size(Json.obj(o, "binaryData"));
                cells.add(n);
                cells.add(age);
            }
            case "Secret" -> {
                cells.add(Json.strOr(o, "Opaque", "type"));
                cells.add(size(Json.obj(o, "data")));
                cells.add(age);
            }
            case "Endpoints" -> {
                List<String> eps = new ArrayList<>();
                for (JsonNode s : Json.items(o, "subsets")) {
                    for (JsonNode a : Json.items(s, "addresses")) {
                        for (JsonNode p : Json.items(s, "ports")) {
                            eps.add(Json.str(a, "ip") + ":" + Json.str(p, "port"));
                        }
                    }
                }
                String text = eps.isEmpty() ? "<none>" : String.join(",", eps.subList(0, Math.min(3, eps.size())));
                if (eps.size() > 3) {
                    text += " + " + (eps.size() - 3) + " more...";
                }
                cells.add(text);
                cells.add(age);
            }
            case "Event" -> {
                cells.clear();
                String last = Json.str(o, "lastTimestamp");
                cells.add(age(last == null ? Json.str(o, "metadata", "creationTimestamp") : last, now));
                cells.add(Json.strOr(o, "Normal", "type"));
                cells.add(Json.strOr(o, "", "reason"));
                cells.add(Json.strOr(o, "", "involvedObject", "kind").toLowerCase(java.util.Locale.ROOT) + "/"
                        + Json.strOr(o, "", "involvedObject", "name"));
                cells.add(Json.strOr(o, "", "message"));
                cells.add(Json.str(o, "metadata", "name"));
                cells.add(Json.num(o, 1, "count"));
            }
            default -> cells.add(age);
        }
        return cells;
    }

    private static long size(ObjectNode o) {
        return o == null ? 0 : o.size();
    }

    private static String address(ObjectNode node, String type) {
        for (JsonNode a : Json.items(node, "status", "addresses")) {
            if (type.equals(Json.str(a, "type"))) {
                return Json.str(a, "address");
            }
        }
        return "<none>";
    }

    private static String externalIp(ObjectNode svc, String type) {
        List<String> ips = new ArrayList<>();
        for (JsonNode ip : Json.items(svc, "spec", "externalIPs")) {
            ips.add(ip.asString());
        }
        if (type.equals("LoadBalancer")) {
            for (JsonNode ing : Json.items(svc, "status", "loadBalancer", "ingress")) {
                ips.add(Json.str(ing, "ip") != null ? Json.str(ing, "ip") : Json.strOr(ing, "", "hostname"));
            }
            return ips.isEmpty() ? "<pending>" : String.join(",", ips);
        }
        if (type.equals("ExternalName")) {
            return Json.strOr(svc, "<none>", "spec", "externalName");
        }
        return ips.isEmpty() ? "<none>" : String.join(",", ips);
    }

    private static void workloadWideCells(ObjectNode o, List<Object> cells) {
        List<String> names = new ArrayList<>();
        List<String> images = new ArrayList<>();
        for (JsonNode c : Json.items(o, "spec", "template", "spec", "containers")) {
            names.add(Json.strOr(c, "", "name"));
            images.add(Json.strOr(c, "", "image"));
        }
        cells.add(String.join(",", names));
        cells.add(String.join(",", images));
        String sel = LabelSelector.fromObject(Json.at(o, "spec", "selector")).toString();
        cells.add(sel.isEmpty() ? "<none>" : sel);
    }

    /** The STATUS column of a pod, as kubectl computes it. */
    static String podStatus(ObjectNode pod) {
        String reason = Json.strOr(pod, "Pending", "status", "phase");
        if (Json.str(pod, "status", "reason") != null) {
            reason = Json.str(pod, "status", "reason");
        }
        boolean initializing = false;
        List<JsonNode> inits = Json.items(pod, "status", "initContainerStatuses");
        for (int i = 0; i < inits.size(); i++) {
            JsonNode s = inits.get(i);
            if (Json.at(s, "state", "terminated") != null && Json.num(s, 0, "state", "terminated", "exitCode") == 0) {
                continue;
            }
            initializing = true;
            String waiting = Json.str(s, "state", "waiting", "reason");
            reason = waiting != null && !waiting.equals("PodInitializing")
                    ? "Init:" + waiting
                    : "Init:" + i + "/" + inits.size();
            break;
        }
        if (!initializing) {
            boolean hasRunning = false;
            List<JsonNode> statuses = Json.items(pod, "status", "containerStatuses");
            for (int i = statuses.size() - 1; i >= 0; i--) {
                JsonNode s = statuses.get(i);
                String waiting = Json.str(s, "state", "waiting", "reason");
                JsonNode terminated = Json.at(s, "state", "terminated");
                if (waiting != null && !waiting.isEmpty()) {
                    reason = waiting;
                } else if (terminated != null) {
                    reason = Json.strOr(terminated, "ExitCode:" + Json.num(terminated, 0, "exitCode"), "reason");
                } else if (Json.at(s, "state", "running") != null && Json.bool(s, "ready")) {
                    hasRunning = true;
                }
            }
            if (reason.equals("Completed") && hasRunning) {
                reason = "Running";
            }
        }
        if (Json.at(pod, "metadata", "deletionTimestamp") != null) {
            reason = "Terminating";
        }
        return reason;
    }

    private static String restarts(List<JsonNode> statuses, Instant now) {
        long n = 0;
        Instant last = null;
        for (JsonNode s : statuses) {
            n += Json.num(s, 0, "restartCount");
            Instant finished = Json.parseTime(Json.str(s, "lastState", "terminated", "finishedAt"));
            if (finished != null && (last == null || finished.isAfter(last))) {
                last = finished;
            }
        }
        return n > 0 && last != null ? n + " (" + human(Duration.between(last, now)) + " ago)" : Long.toString(n);
    }

    static String age(String timestamp, Instant now) {
        Instant t = Json.parseTime(timestamp);
        return t == null ? "<unknown>" : human(Duration.between(t, now));
    }

    /** Kubernetes' duration.HumanDuration. */
    static String human(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < -1) {
            return "<invalid>";
        }
        if (seconds < 0) {
            return "0s";
        }
        if (seconds < 120) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        }
        if (minutes < 180) {
            return minutes + "m";
        }
        long hours = seconds / 3600;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        }
        if (hours < 48) {
            return hours + "h";
        }
        if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        }
        if (hours < 24 * 365 * 8) {
            long dy = (hours / 24) % 365;
            return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
        }
        return hours / 24 / 365 + "y";
    }
}
