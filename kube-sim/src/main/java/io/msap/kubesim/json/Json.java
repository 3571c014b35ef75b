package io.msap.kubesim.json;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** JSON and YAML trees: parsing, writing, null-safe reads, path writes, semantic equality and Kubernetes times. */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder().build();
    public static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Json() {}

    public static ObjectNode object() {
        return F.objectNode();
    }

    public static ArrayNode array() {
        return F.arrayNode();
    }

    public static JsonNode parse(byte[] bytes) {
        return MAPPER.readTree(bytes);
    }

    public static JsonNode parse(String text) {
        return MAPPER.readTree(text);
    }

    /** YAML 1.2 (a superset of JSON): the body of an apply patch or a YAML create. */
    public static JsonNode parseYaml(byte[] bytes) {
        return YAML.readTree(bytes);
    }

    public static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    public static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    public static ObjectNode copy(JsonNode node) {
        return node == null || !node.isObject() ? null : (ObjectNode) node.deepCopy();
    }

    /** The node at a path of field names, or null when any step is missing or not an object. */
    public static JsonNode at(JsonNode node, String... path) {
        JsonNode current = node;
        for (String p : path) {
            if (current == null || !current.isObject()) {
                return null;
            }
            current = current.get(p);
        }
        return current == null || current.isNull() || current.isMissingNode() ? null : current;
    }

    public static String str(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        if (n == null || n.isContainer()) {
            return null;
        }
        return n.isString() ? n.stringValue() : n.toString();
    }

    public static String strOr(JsonNode node, String fallback, String... path) {
        String s = str(node, path);
        return s == null ? fallback : s;
    }

    public static Long num(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        if (n == null) {
            return null;
        }
        if (n.isNumber()) {
            return n.asLong();
        }
        if (n.isString()) {
            try {
                return Long.parseLong(n.stringValue());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    public static long num(JsonNode node, long fallback, String... path) {
        Long n = num(node, path);
        return n == null ? fallback : n;
    }

    public static boolean bool(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n != null && (n.isBoolean() ? n.booleanValue() : "true".equals(str(node, path)));
    }

    public static ObjectNode obj(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n != null && n.isObject() ? (ObjectNode) n : null;
    }

    public static ArrayNode arr(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n != null && n.isArray() ? (ArrayNode) n : null;
    }

    /** Elements of an array (empty when absent). */
    public static List<JsonNode> items(JsonNode node, String... path) {
        ArrayNode a = arr(node, path);
        List<JsonNode> out = new ArrayList<>();
        if (a != null) {
            a.forEach(out::add);
        }
        return out;
    }

    /** The object at a path, created (replacing non-objects) as needed. */
    public static ObjectNode with(ObjectNode node, String... path) {
        ObjectNode current = node;
        for (String p : path) {
            JsonNode next = current.get(p);
            if (next == null || !next.isObject()) {
                next = current.putObject(p);
            }
            current = (ObjectNode) next;
        }
        return current;
    }

    public static ArrayNode withArray(ObjectNode node, String field) {
        JsonNode n = node.get(field);
        if (n == null || !n.isArray()) {
            return node.putArray(field);
        }
        return (ArrayNode) n;
    }

    /** String-valued map (labels, annotations, selectors); empty when absent. */
    public static Map<String, String> stringMap(JsonNode node, String... path) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        ObjectNode o = obj(node, path);
        if (o != null) {
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                if (!e.getValue().isNull()) {
                    out.put(
                            e.getKey(),
                            e.getValue().isString()
                                    ? e.getValue().stringValue()
                                    : e.getValue().toString());
                }
            }
        }
        return out;
    }

    /** Deep equality where numbers compare by value (1 == 1L == 1.0) and nulls equal missing fields. */
    public static boolean same(JsonNode a, JsonNode b) {
        boolean aNull = a == null || a.isNull() || a.isMissingNode();
        boolean bNull = b == null || b.isNull() || b.isMissingNode();
        if (aNull || bNull) {
            return aNull && bNull;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                if (!same(e.getValue(), b.get(e.getKey()))) {
                    return false;
                }
            }
            for (Map.Entry<String, JsonNode> e : b.properties()) {
                if (!a.has(e.getKey()) && !(e.getValue().isNull())) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            Iterator<JsonNode> ia = a.iterator();
            Iterator<JsonNode> ib = b.iterator();
            while (ia.hasNext()) {
                if (!same(ia.next(), ib.next())) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** A Kubernetes metav1.Time: RFC 3339 in UTC with second precision. */
    public static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** A Kubernetes metav1.MicroTime. */
    public static String microTime(Instant instant) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
                .withZone(java.time.ZoneOffset.UTC)
                .format(instant);
    }

    public static Instant parseTime(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
