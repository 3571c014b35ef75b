package io.msap.kubesim.api;

import io.msap.kubesim.api.ApiException.Cause;
import io.msap.kubesim.json.Json;
import io.msap.kubesim.select.LabelSelector;
import io.msap.kubesim.store.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the API server does to an object before storing it: defaulting (as the real defaulters do for the fields
 * kubectl and controllers look at), validation (the rules that matter for MSAP's objects, answered with 422), and
 * allocation of Service cluster IPs and node ports.
 */
public final class Admission {
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    static final Pattern DNS_1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

    /** The Service cluster IP range 10.96.0.0/16; 10.96.0.1 is the {@code kubernetes} Service. */
    public static final String SERVICE_PREFIX = "10.96.";

    public static final int NODE_PORT_MIN = 30000;
    public static final int NODE_PORT_MAX = 32767;

    private final ObjectStore store;
    private final Random random = new Random();

    public Admission(ObjectStore store) {
        this.store = store;
    }

    // ---------------------------------------------------------------- defaults

    public void defaults(ResourceType type, ObjectNode o) {
        switch (type.kind()) {
            case "Namespace" -> {
                ObjectNode spec = Json.with(o, "spec");
                if (!spec.has("finalizers")) {
                    spec.putArray("finalizers").add("kubernetes");
                }
                Json.with(o, "metadata", "labels").put("kubernetes.io/metadata.name", Json.str(o, "metadata", "name"));
                if (Json.str(o, "status", "phase") == null) {
                    Json.with(o, "status").put("phase", "Active");
                }
            }
            case "Pod" -> podSpec(Json.with(o, "spec"));
            case "Deployment" -> {
                ObjectNode spec = Json.with(o, "spec");
                putIfAbsent(spec, "replicas", 1);
                ObjectNode strategy = Json.with(spec, "strategy");
                if (Json.str(strategy, "type") == null) {
                    strategy.put("type", "RollingUpdate");
                }
                if ("RollingUpdate".equals(Json.str(strategy, "type"))) {
                    ObjectNode ru = Json.with(strategy, "rollingUpdate");
                    if (!ru.has("maxUnavailable") || ru.get("maxUnavailable").isNull()) {
                        ru.put("maxUnavailable", "25%");
                    }
                    if (!ru.has("maxSurge") || ru.get("maxSurge").isNull()) {
                        ru.put("maxSurge", "25%");
                    }
                }
                putIfAbsent(spec, "revisionHistoryLimit", 10);
                putIfAbsent(spec, "progressDeadlineSeconds", 600);
                podSpec(Json.with(spec, "template", "spec"));
            }
            case "ReplicaSet" -> {
                ObjectNode spec = Json.with(o, "spec");
                putIfAbsent(spec, "replicas", 1);
                podSpec(Json.with(spec, "template", "spec"));
            }
            case "Service" -> {
                ObjectNode spec = Json.with(o, "spec");
                if (Json.str(spec, "type") == null) {
                    spec.put("type", "ClusterIP");
                }
                if (!"ExternalName".equals(Json.str(spec, "type"))) {
                    if (Json.str(spec, "sessionAffinity") == null) {
                        spec.put("sessionAffinity", "None");
                    }
                    if (!spec.has("ipFamilies")) {
                        spec.putArray("ipFamilies").add("IPv4");
                    }
                    if (Json.str(spec, "ipFamilyPolicy") == null) {
                        spec.put("ipFamilyPolicy", "SingleStack");
                    }
                    if (Json.str(spec, "internalTrafficPolicy") == null) {
                        spec.put("internalTrafficPolicy", "Cluster");
                    }
                }
                String t = Json.str(spec, "type");
                if (("NodePort".equals(t) || "LoadBalancer".equals(t))
                        && Json.str(spec, "externalTrafficPolicy") == null) {
                    spec.put("externalTrafficPolicy", "Cluster");
                }
                for (JsonNode p : Json.items(spec, "ports")) {
                    if (p instanceof ObjectNode port) {
                        if (Json.str(port, "protocol") == null) {
                            port.put("protocol", "TCP");
                        }
                        if (!port.has("targetPort") && port.has("port")) {
                            port.set("targetPort", port.get("port"));
                        }
                    }
                }
                if (!o.has("status")) {
                    Json.with(o, "status", "loadBalancer");
                }
            }
            case "Secret" -> {
                if (Json.str(o, "type") == null) {
                    o.put("type", "Opaque");
                }
                ObjectNode stringData = Json.obj(o, "stringData");
                if (stringData != null) {
                    ObjectNode data = Json.with(o, "data");
                    for (Map.Entry<String, JsonNode> e : stringData.properties()) {
                        data.put(
                                e.getKey(),
                                Base64.getEncoder()
                                        .encodeToString(e.getValue().asString().getBytes(StandardCharsets.UTF_8)));
                    }
                    o.remove("stringData");
                }
            }
            default -> {}
        }
    }

    private static void putIfAbsent(ObjectNode o, String field, int value) {
        if (!o.has(field) || o.get(field).isNull()) {
            o.put(field, value);
        }
    }

    private static void podSpec(ObjectNode spec) {
        if (Json.str(spec, "restartPolicy") == null) {
            spec.put("restartPolicy", "Always");
        }
        putIfAbsent(spec, "terminationGracePeriodSeconds", 30);
        if (Json.str(spec, "dnsPolicy") == null) {
            spec.put("dnsPolicy", "ClusterFirst");
        }
        if (Json.str(spec, "schedulerName") == null) {
            spec.put("schedulerName", "default-scheduler");
        }
        if (!spec.has("securityContext")) {
            spec.putObject("securityContext");
        }
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode c : Json.items(spec, list)) {
                if (c instanceof ObjectNode container) {
                    String image = Json.str(container, "image");
                    if (Json.str(container, "imagePullPolicy") == null && image != null) {
                        String tag = tagOf(image);
                        container.put(
                                "imagePullPolicy", tag == null || tag.equals("latest") ? "Always" : "IfNotPresent");
                    }
                    if (Json.str(container, "terminationMessagePath") == null) {
                        container.put("terminationMessagePath", "/dev/termination-log");
                    }
                    if (Json.str(container, "terminationMessagePolicy") == null) {
                        container.put("terminationMessagePolicy", "File");
                    }
                    if (!container.has("resources")) {
                        container.putObject("resources");
                    }
                    for (JsonNode p : Json.items(container, "ports")) {
                        if (p instanceof ObjectNode port && Json.str(port, "protocol") == null) {
                            port.put("protocol", "TCP");
                        }
                    }
                }
            }
        }
    }

    /** The tag of an image reference ({@code repo/name:tag@digest}), or null. */
    public static String tagOf(String image) {
        String ref = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        return colon > slash ? ref.substring(colon + 1) : null;
    }

    // ---------------------------------------------------------------- validation

    /** Throws 422 Invalid when the object breaks a rule; {@code old} is null on create. */
    public void validate(ResourceType type, ObjectNode o, ObjectNode old) {
        List<Cause> causes = new ArrayList<>();
        String name = Json.strOr(o, "", "metadata", "name");
        if (old == null) {
            Pattern p = switch (type.kind()) {
                case "Namespace" -> DNS_LABEL;
                case "Service" -> DNS_1035;
                default -> DNS_SUBDOMAIN;
            };
            if (name.isEmpty()) {
                causes.add(new Cause(
                        "FieldValueRequired",
                        "metadata.name",
                        "Required value: name or generateName is" + " required"));
            } else if (!p.matcher(name).matches() || name.length() > (p == DNS_SUBDOMAIN ? 253 : 63)) {
                causes.add(new Cause(
                        "FieldValueInvalid",
                        "metadata.name",
                        "Invalid value: \"" + name + "\": a lowercase RFC 1123 "
                                + (p == DNS_SUBDOMAIN ? "subdomain" : "label")
                                + " must consist of lower case alphanumeric characters or '-'"
                                + (p == DNS_SUBDOMAIN ? ", '.'" : "")
                                + ", and must start and end with an alphanumeric character"));
            }
        }
        labels(o, "metadata", causes);
        switch (type.kind()) {
            case "Deployment", "ReplicaSet" -> workload(type, o, old, causes);
            case "Pod" -> {
                containers(Json.obj(o, "spec"), "spec", causes);
                if (old != null && !Json.same(containerImagesRemoved(o), containerImagesRemoved(old))) {
                    causes.add(new Cause(
                            "FieldValueForbidden",
                            "spec",
                            "Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
                                    + " `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`,"
                                    + " `spec.tolerations` (only additions to existing tolerations),"
                                    + " `spec.terminationGracePeriodSeconds`"));
                }
            }
            case "Service" -> service(o, old, causes);
            case "ConfigMap", "Secret" -> {
                for (String field : List.of("data", "binaryData")) {
                    ObjectNode data = Json.obj(o, field);
                    if (data != null) {
                        for (String k : data.propertyNames()) {
                            if (!CONFIG_KEY.matcher(k).matches() || k.length() > 253) {
                                causes.add(new Cause(
                                        "FieldValueInvalid",
                                        field + "[" + k + "]",
                                        "Invalid value: \"" + k + "\": a valid config key must consist of alphanumeric"
                                                + " characters, '-', '_' or '.'"));
                            }
                        }
                    }
                }
            }
            default -> {}
        }
        if (!causes.isEmpty()) {
            throw ApiException.invalid(type, name, causes);
        }
    }

    private static JsonNode containerImagesRemoved(ObjectNode pod) {
        ObjectNode spec = Json.obj(pod, "spec");
        if (spec == null) {
            return null;
        }
        ObjectNode copy = spec.deepCopy();
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode c : Json.items(copy, list)) {
                ((ObjectNode) c).remove("image");
            }
        }
        copy.remove("activeDeadlineSeconds");
        copy.remove("tolerations");
        copy.remove("terminationGracePeriodSeconds");
        copy.remove("nodeName");
        return copy;
    }

    private static void labels(JsonNode o, String at, List<Cause> causes) {
        for (Map.Entry<String, String> e :
                Json.stringMap(o, "metadata", "labels").entrySet()) {
            String key = e.getKey();
            String nm = key.contains("/") ? key.substring(key.indexOf('/') + 1) : key;
            if (nm.length() > 63 || !LABEL_NAME.matcher(nm).matches()) {
                causes.add(new Cause(
                        "FieldValueInvalid",
                        at + ".labels",
                        "Invalid value: \"" + key + "\": name part must consist of alphanumeric characters, '-', '_'"
                                + " or '.', and must start and end with an alphanumeric character"));
            }
            if (e.getValue().length() > 63 || !LABEL_VALUE.matcher(e.getValue()).matches()) {
                causes.add(new Cause(
                        "FieldValueInvalid",
                        at + ".labels",
                        "Invalid value: \"" + e.getValue() + "\": a valid label must be an empty string or consist of"
                                + " alphanumeric characters, '-', '_' or '.', and must start and end with an"
                                + " alphanumeric character"));
            }
        }
    }

    private static void workload(ResourceType type, ObjectNode o, ObjectNode old, List<Cause> causes) {
        ObjectNode spec = Json.obj(o, "spec");
        if (spec == null) {
            causes.add(new Cause("FieldValueRequired", "spec", "Required value"));
            return;
        }
        long replicas = Json.num(spec, 1, "replicas");
        if (replicas < 0) {
            causes.add(new Cause(
                    "FieldValueInvalid",
                    "spec.replicas",
                    "Invalid value: " + replicas + ": must be greater than or equal to 0"));
        }
        JsonNode selector = Json.at(spec, "selector");
        if (selector == null
                || (Json.stringMap(selector, "matchLabels").isEmpty()
                        && Json.items(selector, "matchExpressions").isEmpty())) {
            causes.add(new Cause("FieldValueRequired", "spec.selector", "Required value"));
        } else {
            Map<String, String> labels = Json.stringMap(spec, "template", "metadata", "labels");
            if (!LabelSelector.fromObject(selector).matches(labels)) {
                causes.add(new Cause(
                        "FieldValueInvalid",
                        "spec.template.metadata.labels",
                        "Invalid value: "
                                + Json.write(
                                        Json.at(spec, "template", "metadata", "labels") == null
                                                ? Json.object()
                                                : Json.at(spec, "template", "metadata", "labels"))
                                + ": `selector` does not match template `labels`"));
            }
            if (old != null && !Json.same(selector, Json.at(old, "spec", "selector"))) {
                causes.add(new Cause(
                        "FieldValueInvalid",
                        "spec.selector",
                        "Invalid value: " + Json.write(selector) + ": field is immutable"));
            }
        }
        containers(Json.obj(spec, "template", "spec"), "spec.template.spec", causes);
        if (type.kind().equals("Deployment")) {
            ObjectNode strategy = Json.obj(spec, "strategy");
            String st = Json.str(strategy, "type");
            if ("Recreate".equals(st) && Json.at(strategy, "rollingUpdate") != null) {
                causes.add(new Cause(
                        "FieldValueForbidden",
                        "spec.strategy.rollingUpdate",
                        "Forbidden: may not be specified when strategy `type` is 'Recreate'"));
            } else if (st != null && !st.equals("Recreate") && !st.equals("RollingUpdate")) {
                causes.add(new Cause(
                        "FieldValueNotSupported",
                        "spec.strategy.type",
                        "Unsupported value: \"" + st + "\": supported values: \"Recreate\", \"RollingUpdate\""));
            } else if ("RollingUpdate".equals(st)) {
                JsonNode surge = Json.at(strategy, "rollingUpdate", "maxSurge");
                JsonNode unavailable = Json.at(strategy, "rollingUpdate", "maxUnavailable");
                if (!intOrPercent(surge) || !intOrPercent(unavailable)) {
                    causes.add(new Cause(
                            "FieldValueInvalid",
                            "spec.strategy.rollingUpdate",
                            "Invalid value: must be an integer or percentage (e.g '5%')"));
                } else if (isZero(surge) && isZero(unavailable)) {
                    causes.add(new Cause(
                            "FieldValueInvalid",
                            "spec.strategy.rollingUpdate.maxUnavailable",
                            "Invalid value: 0: may not be 0 when `maxSurge` is 0"));
                }
            }
        }
    }

    private static boolean intOrPercent(JsonNode v) {
        return v == null
                || v.isIntegralNumber()
                || (v.isString() && v.stringValue().matches("\\d+%"));
    }

    private static boolean isZero(JsonNode v) {
        return v != null && (v.isNumber() ? v.asLong() == 0 : v.asString().equals("0%"));
    }

    private static void containers(ObjectNode podSpec, String at, List<Cause> causes) {
        List<JsonNode> containers = Json.items(podSpec, "containers");
        if (containers.isEmpty()) {
            causes.add(new Cause("FieldValueRequired", at + ".containers", "Required value"));
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < containers.size(); i++) {
            JsonNode c = containers.get(i);
            String name = Json.str(c, "name");
            if (name == null || name.isEmpty()) {
                causes.add(new Cause("FieldValueRequired", at + ".containers[" + i + "].name", "Required value"));
            } else if (!DNS_LABEL.matcher(name).matches()) {
                causes.add(new Cause(
                        "FieldValueInvalid",
                        at + ".containers[" + i + "].name",
                        "Invalid value: \"" + name + "\": a lowercase RFC 1123 label must consist of lower case"
                                + " alphanumeric characters or '-'"));
            } else if (!names.add(name)) {
                causes.add(new Cause(
                        "FieldValueDuplicate",
                        at + ".containers[" + i + "].name",
                        "Duplicate value: \"" + name + "\""));
            }
            String image = Json.str(c, "image");
            if (image == null || image.isBlank()) {
                causes.add(new Cause("FieldValueRequired", at + ".containers[" + i + "].image", "Required value"));
            }
        }
    }

    private void service(ObjectNode o, ObjectNode old, List<Cause> causes) {
        ObjectNode spec = Json.obj(o, "spec");
        String type = Json.strOr(spec, "ClusterIP", "type");
        if (!List.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName").contains(type)) {
            causes.add(new Cause(
                    "FieldValueNotSupported",
                    "spec.type",
                    "Unsupported value: \"" + type + "\": supported values: \"ClusterIP\", \"ExternalName\","
                            + " \"LoadBalancer\", \"NodePort\""));
            return;
        }
        List<JsonNode> ports = Json.items(spec, "ports");
        boolean headless = "None".equals(Json.str(spec, "clusterIP"));
        if (ports.isEmpty() && !headless && !type.equals("ExternalName")) {
            causes.add(new Cause("FieldValueRequired", "spec.ports", "Required value"));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            JsonNode p = ports.get(i);
            long port = Json.num(p, -1, "port");
            if (port < 1 || port > 65535) {
                causes.add(new Cause(
                        "FieldValueInvalid",
                        "spec.ports[" + i + "].port",
                        "Invalid value: " + port + ": must be between 1 and 65535, inclusive"));
            }
            String name = Json.str(p, "name");
            if (ports.size() > 1 && (name == null || name.isEmpty())) {
                causes.add(new Cause("FieldValueRequired", "spec.ports[" + i + "].name", "Required value"));
            } else if (name != null && !names.add(name)) {
                causes.add(new Cause(
                        "FieldValueDuplicate", "spec.ports[" + i + "].name", "Duplicate value: \"" + name + "\""));
            }
        }
        if (old != null) {
            String oldIp = Json.str(old, "spec", "clusterIP");
            String newIp = Json.str(spec, "clusterIP");
            if (oldIp != null && newIp != null && !oldIp.equals(newIp) && !type.equals("ExternalName")) {
                causes.add(new Cause(
                        "FieldValueInvalid",
                        "spec.clusterIPs[0]",
                        "Invalid value: \"" + newIp + "\": may not change" + " once set"));
            }
        }
    }

    // ---------------------------------------------------------------- Service allocation

    /** Assigns (or checks) a Service's cluster IP and node ports; {@code old} is null on create. */
    public void allocate(ObjectNode svc, ObjectNode old) {
        ObjectNode spec = Json.with(svc, "spec");
        String ns = Json.strOr(svc, "", "metadata", "namespace");
        String name = Json.strOr(svc, "", "metadata", "name");
        String type = Json.strOr(spec, "ClusterIP", "type");
        Set<String> usedIps = new HashSet<>();
        Set<Long> usedPorts = new HashSet<>();
        for (ObjectNode other : store.list(ResourceTypes.SERVICES, null)) {
            if (ns.equals(Json.str(other, "metadata", "namespace"))
                    && name.equals(Json.str(other, "metadata", "name"))) {
                continue;
            }
            String ip = Json.str(other, "spec", "clusterIP");
            if (ip != null) {
                usedIps.add(ip);
            }
            for (JsonNode p : Json.items(other, "spec", "ports")) {
                Long np = Json.num(p, "nodePort");
                if (np != null) {
                    usedPorts.add(np);
                }
            }
        }
        List<Cause> causes = new ArrayList<>();
        if (type.equals("ExternalName")) {
            spec.remove("clusterIP");
            spec.remove("clusterIPs");
        } else {
            String oldIp = old == null ? null : Json.str(old, "spec", "clusterIP");
            String ip = Json.str(spec, "clusterIP");
            if (ip == null || ip.isEmpty()) {
                ip = oldIp != null ? oldIp : freeIp(usedIps);
            } else if (oldIp == null && !ip.equals("None")) {
                if (!ip.startsWith(SERVICE_PREFIX) || !validIp(ip)) {
                    causes.add(new Cause(
                            "FieldValueInvalid",
                            "spec.clusterIPs",
                            "Invalid value: []string{\"" + ip + "\"}: failed to allocate IP " + ip + ": the provided"
                                    + " IP (" + ip + ") is not in the valid range. The range of valid IPs is"
                                    + " 10.96.0.0/16"));
                } else if (usedIps.contains(ip)) {
                    causes.add(new Cause(
                            "FieldValueInvalid",
                            "spec.clusterIPs",
                            "Invalid value: []string{\"" + ip + "\"}: failed to allocate IP " + ip + ": provided IP is"
                                    + " already allocated"));
                }
            }
            spec.put("clusterIP", ip);
            spec.putArray("clusterIPs").add(ip);
        }
        boolean nodePorts = type.equals("NodePort") || type.equals("LoadBalancer");
        List<JsonNode> ports = Json.items(spec, "ports");
        Set<Long> mine = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            if (!(ports.get(i) instanceof ObjectNode port)) {
                continue;
            }
            if (!nodePorts) {
                port.remove("nodePort");
                continue;
            }
            Long requested = Json.num(port, "nodePort");
            if (requested == null || requested == 0) {
                Long previous = previousNodePort(old, port);
                long np = previous != null && !usedPorts.contains(previous) && !mine.contains(previous)
                        ? previous
                        : freePort(usedPorts, mine);
                port.put("nodePort", np);
                mine.add(np);
            } else if (requested < NODE_PORT_MIN || requested > NODE_PORT_MAX) {
                causes.add(new Cause(
                        "FieldValueInvalid",
                        "spec.ports[" + i + "].nodePort",
                        "Invalid value: " + requested + ": provided port is not in the valid range. The range of"
                                + " valid ports is " + NODE_PORT_MIN + "-" + NODE_PORT_MAX));
            } else if (usedPorts.contains(requested) || mine.contains(requested)) {
                causes.add(new Cause(
                        "FieldValueInvalid",
                        "spec.ports[" + i + "].nodePort",
                        "Invalid value: " + requested + ": provided port is already allocated"));
            } else {
                mine.add(requested);
            }
        }
        if (!causes.isEmpty()) {
            throw ApiException.invalid(ResourceTypes.SERVICES, name, causes);
        }
    }

    private static Long previousNodePort(ObjectNode old, ObjectNode port) {
        if (old == null) {
            return null;
        }
        for (JsonNode p : Json.items(old, "spec", "ports")) {
            if (Json.same(p.get("port"), port.get("port"))
                    && Json.strOr(p, "TCP", "protocol").equals(Json.strOr(port, "TCP", "protocol"))) {
                return Json.num(p, "nodePort");
            }
        }
        return null;
    }

    private static boolean validIp(String ip) {
        String[] parts = ip.split("\\.");
        if (parts.length != 4) {
            return false;
        }
        try {
            for (String p : parts) {
                int v = Integer.parseInt(p);
                if (v < 0 || v > 255) {
                    return false;
                }
            }
        } catch (NumberFormatException e) {
            return false;
        }
        return !ip.equals("10.96.0.0") && !ip.equals("10.96.255.255");
    }

    private String freeIp(Set<String> used) {
        for (int attempt = 0; attempt < 100_000; attempt++) {
            int n = 2 + random.nextInt(65_532);
            String ip = SERVICE_PREFIX + (n >> 8) + "." + (n & 0xff);
            if (!used.contains(ip) && (n & 0xff) != 0 && (n & 0xff) != 255) {
                return ip;
            }
        }
        throw new ApiException(500, "InternalError", "the service IP range is full", null);
    }

    private long freePort(Set<Long> used, Set<Long> mine) {
        int span = NODE_PORT_MAX - NODE_PORT_MIN + 1;
        int start = random.nextInt(span);
        for (int i = 0; i < span; i++) {
            long p = NODE_PORT_MIN + (start + i) % span;
            if (!used.contains(p) && !mine.contains(p)) {
                return p;
            }
        }
        throw new ApiException(500, "InternalError", "no free node port left in 30000-32767", null);
    }
}
