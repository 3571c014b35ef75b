package io.msap.kubesim.patch;

import io.msap.kubesim.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A set of field paths in the managedFields sense ({@code FieldsV1}): each path is a list of elements {@code f:name}
 * (a field), {@code k:{"name":"web"}} (an item of a map list), {@code v:"x"} (an item of a set). A path to a list item
 * means the item itself is owned (FieldsV1's {@code "."}). Also reads, compares and removes the value at a path.
 */
public final class FieldSet {
    /** Top-level and metadata fields that nobody owns (they are the server's or the identity of the object). */
    private static final Set<String> SKIPPED_METADATA = Set.of(
            "name",
            "namespace",
            "uid",
            "resourceVersion",
            "generation",
            "creationTimestamp",
            "managedFields",
            "selfLink",
            "deletionTimestamp",
            "deletionGracePeriodSeconds");

    private final Set<List<String>> paths;

    public FieldSet(Set<List<String>> paths) {
        this.paths = paths;
    }

    public static FieldSet empty() {
        return new FieldSet(new HashSet<>());
    }

    public Set<List<String>> paths() {
        return paths;
    }

    public boolean isEmpty() {
        return paths.isEmpty();
    }

    /** True if the set holds the path or any path below it. */
    public boolean coversOrBelow(List<String> path) {
        for (List<String> p : paths) {
            if (p.size() >= path.size() && p.subList(0, path.size()).equals(path)) {
                return true;
            }
        }
        return false;
    }

    /** True if the set holds a path strictly below {@code path}. */
    public boolean hasBelow(List<String> path) {
        for (List<String> p : paths) {
            if (p.size() > path.size() && p.subList(0, path.size()).equals(path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The fields set in an object. {@code statusOnly}: the fields under {@code status} (a status subresource write);
     * otherwise everything but {@code status} and the server's metadata.
     */
    public static FieldSet of(JsonNode object, boolean statusOnly) {
        Set<List<String>> out = new HashSet<>();
        if (object != null && object.isObject()) {
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                String k = e.getKey();
                if (k.equals("apiVersion") || k.equals("kind") || statusOnly != k.equals("status")) {
                    continue;
                }
                if (k.equals("metadata") && e.getValue().isObject()) {
                    for (Map.Entry<String, JsonNode> m : e.getValue().properties()) {
                        if (!SKIPPED_METADATA.contains(m.getKey())) {
                            collect(
                                    m.getValue(),
                                    List.of("metadata", m.getKey()),
                                    List.of("f:metadata", "f:" + m.getKey()),
                                    out);
                        }
                    }
                    continue;
                }
                collect(e.getValue(), List.of(k), List.of("f:" + k), out);
            }
        }
        return new FieldSet(out);
    }

    private static void collect(JsonNode v, List<String> names, List<String> path, Set<List<String>> out) {
        if (v == null || v.isNull()) {
            return;
        }
        if (v.isObject()) {
            if (v.isEmpty()) {
                out.add(path);
                return;
            }
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                collect(e.getValue(), append(names, e.getKey()), append(path, "f:" + e.getKey()), out);
            }
        } else if (v.isArray()) {
            MergeSchema.ListType lt = MergeSchema.listType(names);
            switch (lt.kind()) {
                case MAP -> {
                    for (JsonNode item : v) {
                        List<String> itemPath = append(path, "k:" + keyOf(item, lt.keys()));
                        out.add(itemPath);
                        if (item.isObject()) {
                            for (Map.Entry<String, JsonNode> e : item.properties()) {
                                collect(
                                        e.getValue(),
                                        append(names, e.getKey()),
                                        append(itemPath, "f:" + e.getKey()),
                                        out);
                            }
                        }
                    }
                }
                case SET -> {
                    for (JsonNode item : v) {
                        out.add(append(path, "v:" + Json.write(item)));
                    }
                }
                case ATOMIC -> out.add(path);
            }
        } else {
            out.add(path);
        }
    }

    static List<String> append(List<String> list, String element) {
        List<String> out = new ArrayList<>(list.size() + 1);
        out.addAll(list);
        out.add(element);
        return List.copyOf(out);
    }

    /** The key of a map-list item as FieldsV1 writes it: the key fields as a JSON object, sorted by name. */
    static String keyOf(JsonNode item, List<String> keys) {
        ObjectNode k = Json.object();
        for (String key : new java.util.TreeSet<>(keys)) {
            JsonNode v = item.get(key);
            if (v == null || v.isNull()) {
                String def = MergeSchema.defaultKeyValue(key);
                if (def != null) {
                    k.put(key, def);
                }
            } else {
                k.set(key, v);
            }
        }
        return Json.write(k);
    }

    static boolean itemMatches(JsonNode item, String keyJson, List<String> keys) {
        return keyOf(item, keys).equals(keyJson);
    }

    /** The field names along a path (list items dropped): the schema's view of it. */
    static List<String> names(List<String> path) {
        List<String> out = new ArrayList<>();
        for (String e : path) {
            if (e.startsWith("f:")) {
                out.add(e.substring(2));
            }
        }
        return out;
    }

    /** The value at a path in an object, or null. */
    public static JsonNode valueAt(JsonNode root, List<String> path) {
        JsonNode current = root;
        List<String> names = new ArrayList<>();
        for (String e : path) {
            if (current == null || current.isNull()) {
                return null;
            }
            if (e.startsWith("f:")) {
                names.add(e.substring(2));
                current = current.isObject() ? current.get(e.substring(2)) : null;
            } else if (e.startsWith("k:")) {
                current = findItem(
                        current, e.substring(2), MergeSchema.listType(names).keys());
            } else if (e.startsWith("v:")) {
                current = findValue(current, e.substring(2));
            } else {
                return null;
            }
        }
        return current;
    }

    private static JsonNode findItem(JsonNode list, String keyJson, List<String> keys) {
        if (list == null || !list.isArray()) {
            return null;
        }
        for (JsonNode item : list) {
            if (itemMatches(item, keyJson, keys)) {
                return item;
            }
        }
        return null;
    }

    private static JsonNode findValue(JsonNode list, String valueJson) {
        if (list == null || !list.isArray()) {
            return null;
        }
        for (JsonNode item : list) {
            if (Json.write(item).equals(valueJson)) {
                return item;
            }
        }
        return null;
    }

    /** Removes the field or list item at a path; returns true if something was removed. */
    public static boolean removeAt(JsonNode root, List<String> path) {
        if (path.isEmpty()) {
            return false;
        }
        JsonNode parent = valueAt(root, path.subList(0, path.size() - 1));
        String last = path.get(path.size() - 1);
        if (parent == null) {
            return false;
        }
        if (last.startsWith("f:") && parent.isObject()) {
            return ((ObjectNode) parent).remove(last.substring(2)) != null;
        }
        if (parent.isArray()) {
            ArrayNode a = (ArrayNode) parent;
            List<String> names = names(path.subList(0, path.size() - 1));
            for (int i = 0; i < a.size(); i++) {
                boolean hit = last.startsWith("k:")
                        ? itemMatches(
                                a.get(i),
                                last.substring(2),
                                MergeSchema.listType(names).keys())
                        : Json.write(a.get(i)).equals(last.substring(2));
                if (hit) {
                    a.remove(i);
                    return true;
                }
            }
        }
        return false;
    }

    /** FieldsV1 JSON: nested objects keyed by path elements, {@code "."} marking an owned node with children. */
    public ObjectNode toFieldsV1() {
        ObjectNode root = Json.object();
        Map<ObjectNode, Boolean> terminal = new IdentityHashMap<>();
        List<List<String>> sorted = new ArrayList<>(paths);
        sorted.sort(Comparator.comparing(p -> String.join("\u0000", p)));
        for (List<String> p : sorted) {
            ObjectNode node = root;
            for (String e : p) {
                node = Json.with(node, e);
            }
            terminal.put(node, true);
        }
        for (ObjectNode n : terminal.keySet()) {
            if (!n.isEmpty()) {
                // "." goes first, as the API server writes it
                TreeMap<String, JsonNode> rest = new TreeMap<>();
                n.properties().forEach(e -> rest.put(e.getKey(), e.getValue()));
                n.removeAll();
                n.putObject(".");
                rest.forEach(n::set);
            }
        }
        return root;
    }

    public static FieldSet fromFieldsV1(JsonNode fields) {
        Set<List<String>> out = new HashSet<>();
        read(fields, List.of(), out);
        return new FieldSet(out);
    }

    private static void read(JsonNode node, List<String> path, Set<List<String>> out) {
        if (node == null || !node.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getKey().equals(".")) {
                out.add(path);
                continue;
            }
            List<String> child = append(path, e.getKey());
            if (e.getValue().isEmpty()) {
                out.add(child);
            } else {
                read(e.getValue(), child, out);
            }
        }
    }

    /** A path as Kubernetes prints it in conflict messages: {@code .spec.replicas}, {@code .data.key}. */
    public static String describe(List<String> path) {
        StringBuilder sb = new StringBuilder();
        for (String e : path) {
            if (e.startsWith("f:")) {
                sb.append('.').append(e.substring(2));
            } else if (e.startsWith("k:")) {
                List<String> parts = new ArrayList<>();
                Json.parse(e.substring(2)).forEachEntry((k, v) -> parts.add(k + "=" + Json.write(v)));
                sb.append('[').append(String.join(",", parts)).append(']');
            } else {
                sb.append('[').append(e.substring(2)).append(']');
            }
        }
        return sb.toString();
    }
}
