package io.msap.kubesim.patch;

import io.msap.kubesim.api.ApiException;
import io.msap.kubesim.json.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON patch (RFC 6902, {@code application/json-patch+json}): add, remove, replace, move, copy and test. */
public final class JsonPatch {
    private JsonPatch() {}

    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isArray()) {
            throw ApiException.badRequest("a JSON patch must be an array of operations");
        }
        JsonNode doc = target.deepCopy();
        for (JsonNode op : patch) {
            String kind = Json.str(op, "op");
            String path = Json.str(op, "path");
            if (kind == null || path == null) {
                throw ApiException.badRequest("a JSON patch operation needs \"op\" and \"path\"");
            }
            switch (kind) {
                case "add" -> doc = add(doc, path, value(op));
                case "remove" -> {
                    get(doc, path);
                    doc = remove(doc, path);
                }
                case "replace" -> {
                    get(doc, path);
                    doc = remove(doc, path);
                    doc = add(doc, path, value(op));
                }
                case "move" -> {
                    String from = Json.str(op, "from");
                    JsonNode v = get(doc, from).deepCopy();
                    doc = remove(doc, from);
                    doc = add(doc, path, v);
                }
                case "copy" ->
                    doc = add(doc, path, get(doc, Json.str(op, "from")).deepCopy());
                case "test" -> {
                    if (!Json.same(get(doc, path), value(op))) {
                        throw ApiException.badRequest("the JSON patch test operation failed at " + path);
                    }
                }
                default -> throw ApiException.badRequest("unknown JSON patch operation \"" + kind + "\"");
            }
        }
        return doc;
    }

    private static JsonNode value(JsonNode op) {
        JsonNode v = op.get("value");
        if (v == null) {
            throw ApiException.badRequest("the JSON patch operation \"" + Json.str(op, "op") + "\" needs a value");
        }
        return v.deepCopy();
    }

    private static List<String> tokens(String pointer) {
        if (pointer == null || (!pointer.isEmpty() && !pointer.startsWith("/"))) {
            throw ApiException.badRequest("invalid JSON pointer \"" + pointer + "\"");
        }
        List<String> out = new ArrayList<>();
        if (pointer.isEmpty()) {
            return out;
        }
        for (String t : pointer.substring(1).split("/", -1)) {
            out.add(t.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    private static JsonNode get(JsonNode doc, String pointer) {
        JsonNode current = doc;
        for (String t : tokens(pointer)) {
            current = child(current, t);
            if (current == null) {
                throw ApiException.badRequest("the JSON patch path " + pointer + " does not exist");
            }
        }
        return current;
    }

    private static JsonNode child(JsonNode node, String token) {
        if (node.isObject()) {
            return node.get(token);
        }
        if (node.isArray()) {
            try {
                int i = Integer.parseInt(token);
                return i >= 0 && i < node.size() ? node.get(i) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static JsonNode add(JsonNode doc, String pointer, JsonNode value) {
        List<String> t = tokens(pointer);
        if (t.isEmpty()) {
            return value;
        }
        JsonNode parent = parent(doc, t, pointer);
        String last = t.get(t.size() - 1);
        if (parent.isObject()) {
            ((ObjectNode) parent).set(last, value);
        } else {
            ArrayNode a = (ArrayNode) parent;
            if (last.equals("-")) {
                a.add(value);
            } else {
                int i = index(last, a.size(), pointer);
                a.insert(i, value);
            }
        }
        return doc;
    }

    private static JsonNode remove(JsonNode doc, String pointer) {
        List<String> t = tokens(pointer);
        if (t.isEmpty()) {
            return Json.object();
        }
        JsonNode parent = parent(doc, t, pointer);
        String last = t.get(t.size() - 1);
        if (parent.isObject()) {
            ((ObjectNode) parent).remove(last);
        } else {
            ((ArrayNode) parent).remove(index(last, parent.size() - 1, pointer));
        }
        return doc;
    }

    private static JsonNode parent(JsonNode doc, List<String> t, String pointer) {
        JsonNode current = doc;
        for (String s : t.subList(0, t.size() - 1)) {
            current = child(current, s);
            if (current == null) {
                throw ApiException.badRequest("the JSON patch path " + pointer + " does not exist");
            }
        }
        if (!current.isContainer()) {
            throw ApiException.badRequest("the JSON patch path " + pointer + " does not exist");
        }
        return current;
    }

    private static int index(String token, int max, String pointer) {
        try {
            int i = Integer.parseInt(token);
            if (i < 0 || i > max) {
                throw ApiException.badRequest("the JSON patch index in " + pointer + " is out of range");
            }
            return i;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid array index in " + pointer);
        }
    }
}
