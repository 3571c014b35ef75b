package io.msap.kubesim.patch;

import io.msap.kubesim.api.ApiException;
import io.msap.kubesim.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Strategic merge patch ({@code application/strategic-merge-patch+json}) as kubectl sends it: maps merge, lists of
 * maps merge by their merge key ({@link MergeSchema}), other lists are replaced; directives {@code $patch:
 * replace|delete|merge}, {@code $retainKeys}, {@code $setElementOrder/<list>} and {@code
 * $deleteFromPrimitiveList/<list>}.
 */
public final class StrategicMergePatch {
    private static final String PATCH = "$patch";
    private static final String RETAIN_KEYS = "$retainKeys";
    private static final String SET_ORDER = "$setElementOrder/";
    private static final String DELETE_PRIMITIVE = "$deleteFromPrimitiveList/";

    private StrategicMergePatch() {}

    public static ObjectNode apply(ObjectNode original, JsonNode patch) {
        if (!patch.isObject()) {
            throw ApiException.badRequest("a strategic merge patch must be a JSON object");
        }
        JsonNode result = mergeMap(original.deepCopy(), (ObjectNode) patch, List.of());
        return result == null ? Json.object() : (ObjectNode) result;
    }

    /** Merges a patch map into {@code target} (modified in place); null means the map is deleted. */
    private static ObjectNode mergeMap(ObjectNode target, ObjectNode patch, List<String> names) {
        String directive = Json.str(patch, PATCH);
        if ("delete".equals(directive)) {
            return null;
        }
        if ("replace".equals(directive)) {
            return stripDirectives(patch);
        }
        if (directive != null && !"merge".equals(directive)) {
            throw ApiException.badRequest("unknown patch type: " + directive);
        }
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.equals(PATCH) || key.equals(RETAIN_KEYS) || key.startsWith(SET_ORDER)) {
                continue;
            }
            if (key.startsWith(DELETE_PRIMITIVE)) {
                String list = key.substring(DELETE_PRIMITIVE.length());
                if (target.get(list) instanceof ArrayNode a && value.isArray()) {
                    a.removeIf(item -> contains(value, item));
                }
                continue;
            }
            List<String> childNames = FieldSet.append(names, key);
            JsonNode current = target.get(key);
            if (value.isNull()) {
                target.remove(key);
            } else if (value.isObject()) {
                ObjectNode base = current != null && current.isObject() ? (ObjectNode) current : Json.object();
                ObjectNode merged = mergeMap(base, (ObjectNode) value, childNames);
                if (merged == null) {
                    target.remove(key);
                } else {
                    target.set(key, merged);
                }
            } else if (value.isArray()) {
                JsonNode merged = mergeList(current, (ArrayNode) value, childNames);
                target.set(key, merged);
            } else {
                target.set(key, value.deepCopy());
            }
        }
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            if (e.getKey().startsWith(SET_ORDER) && e.getValue().isArray()) {
                String list = e.getKey().substring(SET_ORDER.length());
                if (target.get(list) instanceof ArrayNode a) {
                    reorder(a, (ArrayNode) e.getValue(), MergeSchema.listType(FieldSet.append(names, list)));
                }
            }
        }
        JsonNode retain = patch.get(RETAIN_KEYS);
        if (retain != null && retain.isArray()) {
            Set<String> keep = new HashSet<>();
            retain.forEach(k -> keep.add(k.asString()));
            target.retain(keep);
        }
        return target;
    }

    private static JsonNode mergeList(JsonNode current, ArrayNode patch, List<String> names) {
        MergeSchema.ListType lt = MergeSchema.listType(names);
        String mergeKey = lt.mergeKey();
        if (lt.kind() == MergeSchema.ListType.Kind.SET) {
            ArrayNode out = current != null && current.isArray() ? (ArrayNode) current.deepCopy() : Json.array();
            for (JsonNode item : patch) {
                if (!contains(out, item)) {
                    out.add(item.deepCopy());
                }
            }
            return out;
        }
        if (mergeKey == null || current == null || !current.isArray()) {
            return stripList(patch);
        }
        // a {"$patch": "replace"} element replaces the whole list with the other elements
        for (JsonNode item : patch) {
            if (item.isObject() && "replace".equals(Json.str(item, PATCH))) {
                ArrayNode out = Json.array();
                for (JsonNode other : patch) {
                    if (other != item) {
                        out.add(stripDirectives(other));
                    }
                }
                return out;
            }
        }
        ArrayNode out = (ArrayNode) current.deepCopy();
        for (JsonNode item : patch) {
            if (!item.isObject()) {
                out.add(item.deepCopy());
                continue;
            }
            JsonNode key = item.get(mergeKey);
            int index = indexOf(out, mergeKey, key);
            if ("delete".equals(Json.str(item, PATCH))) {
                if (index >= 0) {
                    out.remove(index);
                }
                continue;
            }
            if (index >= 0) {
                ObjectNode merged = mergeMap((ObjectNode) out.get(index), (ObjectNode) item, names);
                if (merged == null) {
                    out.remove(index);
                } else {
                    out.set(index, merged);
                }
            } else {
                out.add(stripDirectives(item));
            }
        }
        return out;
    }

    private static int indexOf(ArrayNode list, String mergeKey, JsonNode key) {
        for (int i = 0; i < list.size(); i++) {
            if (Json.same(list.get(i).get(mergeKey), key)) {
                return i;
            }
        }
        return -1;
    }

    /** $setElementOrder: listed elements take the given order; others keep their place after them. */
    private static void reorder(ArrayNode list, ArrayNode order, MergeSchema.ListType lt) {
        List<JsonNode> ordered = new ArrayList<>();
        List<JsonNode> rest = new ArrayList<>();
        list.forEach(rest::add);
        for (JsonNode o : order) {
            for (JsonNode item : new ArrayList<>(rest)) {
                boolean hit = lt.mergeKey() != null && o.isObject()
                        ? Json.same(item.get(lt.mergeKey()), o.get(lt.mergeKey()))
                        : Json.same(item, o);
                if (hit) {
                    ordered.add(item);
                    rest.remove(item);
                    break;
                }
            }
        }
        list.removeAll();
        ordered.forEach(list::add);
        rest.forEach(list::add);
    }

    private static boolean contains(JsonNode list, JsonNode value) {
        for (JsonNode item : list) {
            if (Json.same(item, value)) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode stripDirectives(JsonNode node) {
        ObjectNode out = (ObjectNode) node.deepCopy();
        out.remove(PATCH);
        out.remove(RETAIN_KEYS);
        List<String> drop = new ArrayList<>();
        for (String k : out.propertyNames()) {
            if (k.startsWith(SET_ORDER) || k.startsWith(DELETE_PRIMITIVE)) {
                drop.add(k);
            }
        }
        drop.forEach(out::remove);
        for (String k : new ArrayList<>(out.propertyNames())) {
            JsonNode v = out.get(k);
            if (v.isObject()) {
                out.set(k, stripDirectives(v));
            } else if (v.isArray()) {
                out.set(k, stripList(v));
            }
        }
        return out;
    }

    private static ArrayNode stripList(JsonNode list) {
        ArrayNode out = Json.array();
        for (JsonNode item : list) {
            out.add(item.isObject() ? stripDirectives(item) : item.deepCopy());
        }
        return out;
    }
}
