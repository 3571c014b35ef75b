package io.msap.kubesim.patch;

import io.msap.kubesim.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Field ownership ({@code metadata.managedFields}) and server-side apply. Every write records which manager set which
 * fields: an apply as operation {@code Apply}, any other write as {@code Update}. An apply merges the applied
 * configuration into the live object (map lists by key), removes the fields this manager applied before and now
 * omits (unless another manager also owns them), and without {@code force} refuses to change a field another manager
 * owns with a different value.
 */
public final class ManagedFields {
    /** One managedFields entry. */
    public static final class Entry {
        final String manager;
        final String operation;
        String apiVersion;
        String time;
        final String subresource;
        FieldSet fields;

        Entry(String manager, String operation, String apiVersion, String time, String subresource, FieldSet fields) {
            this.manager = manager;
            this.operation = operation;
            this.apiVersion = apiVersion;
            this.time = time;
            this.subresource = subresource;
            this.fields = fields;
        }

        boolean is(String manager, String operation, String subresource) {
            return this.manager.equals(manager)
                    && this.operation.equals(operation)
                    && Objects.equals(this.subresource, subresource);
        }
    }

    /** One field another manager owns with a value the apply would change. */
    public record Conflict(String manager, String apiVersion, List<String> path) {}

    /** Thrown when an apply without force meets conflicts; the caller turns it into a 409. */
    public static final class ConflictException extends RuntimeException {
        private final List<Conflict> conflicts;

        ConflictException(List<Conflict> conflicts) {
            super(message(conflicts));
            this.conflicts = conflicts;
        }

        public List<Conflict> conflicts() {
            return conflicts;
        }

        private static String message(List<Conflict> conflicts) {
            StringBuilder sb = new StringBuilder("Apply failed with ")
                    .append(conflicts.size())
                    .append(conflicts.size() == 1 ? " conflict: " : " conflicts: ");
            Map<String, List<String>> byManager = new LinkedHashMap<>();
            for (Conflict c : conflicts) {
                byManager
                        .computeIfAbsent("\"" + c.manager() + "\" using " + c.apiVersion(), k -> new ArrayList<>())
                        .add(FieldSet.describe(c.path()));
            }
            boolean first = true;
            for (Map.Entry<String, List<String>> e : byManager.entrySet()) {
                if (!first) {
                    sb.append("\n");
                }
                first = false;
                if (e.getValue().size() == 1) {
                    sb.append("conflict with ")
                            .append(e.getKey())
                            .append(": ")
                            .append(e.getValue().get(0));
                } else {
                    sb.append("conflicts with ").append(e.getKey()).append(":");
                    e.getValue().forEach(p -> sb.append("\n- ").append(p));
                }
            }
            return sb.toString();
        }
    }

    private ManagedFields() {}

    static List<Entry> read(JsonNode object) {
        List<Entry> out = new ArrayList<>();
        for (JsonNode e : Json.items(object, "metadata", "managedFields")) {
            out.add(new Entry(
                    Json.strOr(e, "", "manager"),
                    Json.strOr(e, "Update", "operation"),
                    Json.strOr(e, "", "apiVersion"),
                    Json.str(e, "time"),
                    Json.str(e, "subresource"),
                    FieldSet.fromFieldsV1(Json.at(e, "fieldsV1"))));
        }
        return out;
    }

    static void write(ObjectNode object, List<Entry> entries) {
        ObjectNode meta = Json.with(object, "metadata");
        if (entries.isEmpty()) {
            meta.remove("managedFields");
            return;
        }
        ArrayNode a = meta.putArray("managedFields");
        for (Entry e : entries) {
            ObjectNode o = a.addObject();
            o.put("manager", e.manager);
            o.put("operation", e.operation);
            o.put("apiVersion", e.apiVersion);
            if (e.time != null) {
                o.put("time", e.time);
            }
            o.put("fieldsType", "FieldsV1");
            o.set("fieldsV1", e.fields.toFieldsV1());
            if (e.subresource != null) {
                o.put("subresource", e.subresource);
            }
        }
    }

    /**
     * Server-side apply of {@code applied} by {@code manager} onto {@code live} (null when the object does not exist
     * yet). Returns the new object with its managedFields; throws {@link ConflictException}.
     */
    public static ObjectNode apply(
            ObjectNode live, ObjectNode applied, String manager, boolean force, String apiVersion, Instant now) {
        ObjectNode config = applied.deepCopy();
        config.remove("status");
        if (config.get("metadata") instanceof ObjectNode m) {
            m.remove("managedFields");
        }
        FieldSet applying = FieldSet.of(config, false);
        List<Entry> entries = live == null ? new ArrayList<>() : read(live);
        Entry mine = entries.stream()
                .filter(e -> e.is(manager, "Apply", null))
                .findFirst()
                .orElse(null);

        // conflicts: fields another manager owns whose value this apply changes
        List<Conflict> conflicts = new ArrayList<>();
        Set<List<String>> conflicting = new HashSet<>();
        if (live != null) {
            for (Entry e : entries) {
                if (e == mine || "status".equals(e.subresource)) {
                    continue;
                }
                for (List<String> p : e.fields.paths()) {
                    if (!applying.paths().contains(p) || applying.hasBelow(p) || isItem(p)) {
                        continue;
                    }
                    if (!Json.same(FieldSet.valueAt(live, p), FieldSet.valueAt(config, p))) {
                        conflicts.add(new Conflict(e.manager, e.apiVersion, p));
                        conflicting.add(p);
                    }
                }
            }
        }
        if (!conflicts.isEmpty() && !force) {
            conflicts.sort((a, b) -> String.join("/", a.path()).compareTo(String.join("/", b.path())));
            throw new ConflictException(conflicts);
        }

        ObjectNode result = live == null ? Json.object() : live.deepCopy();
        merge(result, config, List.of());

        // fields this manager applied before and omits now, owned by nobody else: removed
        if (mine != null) {
            List<List<String>> dropped = new ArrayList<>();
            for (List<String> p : mine.fields.paths()) {
                if (!applying.coversOrBelow(p)) {
                    dropped.add(p);
                }
            }
            // shallowest first: a dropped list item goes whole; its fields are then gone with it
            dropped.sort(java.util.Comparator.comparingInt(List::size));
            List<List<String>> removed = new ArrayList<>();
            for (List<String> p : dropped) {
                if (removed.stream()
                        .anyMatch(r ->
                                p.size() > r.size() && p.subList(0, r.size()).equals(r))) {
                    continue;
                }
                boolean ownedByOthers = false;
                for (Entry e : entries) {
                    if (e != mine && e.fields.coversOrBelow(p)) {
                        ownedByOthers = true;
                        break;
                    }
                }
                if (!ownedByOthers) {
                    FieldSet.removeAt(result, p);
                    removed.add(p);
                }
            }
        }

        // ownership: forced conflicts move to this manager; equal values stay shared
        for (Entry e : entries) {
            if (e != mine) {
                e.fields.paths().removeAll(conflicting);
            }
        }
        if (mine == null) {
            mine = new Entry(manager, "Apply", apiVersion, Json.time(now), null, applying);
            entries.add(mine);
        } else if (!mine.fields.paths().equals(applying.paths())
                || !Json.same(withoutManagedFields(live), withoutManagedFields(result))) {
            mine.fields = applying;
            mine.apiVersion = apiVersion;
            mine.time = Json.time(now);
        }
        prune(result, entries);
        write(result, entries);
        return result;
    }

    /**
     * Records a non-apply write ({@code old} null for a create) in {@code updated}'s managedFields, which must hold
     * the entries as they were before the write.
     */
    public static void recordUpdate(
            ObjectNode old, ObjectNode updated, String manager, String subresource, String apiVersion, Instant now) {
        boolean statusOnly = "status".equals(subresource);
        List<Entry> entries = read(updated);
        FieldSet now_ = FieldSet.of(updated, statusOnly);
        Set<List<String>> changed = new HashSet<>();
        for (List<String> p : now_.paths()) {
            JsonNode before = old == null ? null : FieldSet.valueAt(old, p);
            JsonNode after = FieldSet.valueAt(updated, p);
            boolean differs =
                    isItem(p) || p.get(p.size() - 1).startsWith("v:") ? before == null : !Json.same(before, after);
            if (differs) {
                changed.add(p);
            }
        }
        Entry mine = null;
        for (Entry e : entries) {
            if (e.is(manager, "Update", subresource)) {
                mine = e;
            } else {
                e.fields.paths().removeAll(changed);
            }
        }
        if (!changed.isEmpty()) {
            if (mine == null) {
                mine = new Entry(manager, "Update", apiVersion, Json.time(now), subresource, FieldSet.empty());
                entries.add(mine);
            }
            mine.fields.paths().addAll(changed);
            mine.time = Json.time(now);
            mine.apiVersion = apiVersion;
        }
        prune(updated, entries);
        write(updated, entries);
    }

    private static ObjectNode withoutManagedFields(ObjectNode o) {
        ObjectNode c = o.deepCopy();
        if (c.get("metadata") instanceof ObjectNode m) {
            m.remove("managedFields");
        }
        return c;
    }

    /** Drops owned paths that no longer exist in the object, and entries left empty. */
    private static void prune(ObjectNode object, List<Entry> entries) {
        Set<List<String>> main = FieldSet.of(object, false).paths();
        Set<List<String>> status = FieldSet.of(object, true).paths();
        for (Entry e : entries) {
            Set<List<String>> existing = "status".equals(e.subresource) ? status : main;
            e.fields.paths().removeIf(p -> !existing.contains(p) && !hasBelow(existing, p));
        }
        entries.removeIf(e -> e.fields.isEmpty());
    }

    private static boolean hasBelow(Set<List<String>> set, List<String> path) {
        for (List<String> p : set) {
            if (p.size() > path.size() && p.subList(0, path.size()).equals(path)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isItem(List<String> path) {
        return !path.isEmpty() && path.get(path.size() - 1).startsWith("k:");
    }

    /** Structured merge of an applied configuration: maps deep, map lists by key, sets by value, the rest replaced. */
    static void merge(ObjectNode live, ObjectNode applied, List<String> names) {
        for (Map.Entry<String, JsonNode> e : applied.properties()) {
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            JsonNode current = live.get(k);
            List<String> childNames = FieldSet.append(names, k);
            if (v.isObject() && current != null && current.isObject()) {
                merge((ObjectNode) current, (ObjectNode) v, childNames);
            } else if (v.isArray() && current != null && current.isArray()) {
                MergeSchema.ListType lt = MergeSchema.listType(childNames);
                ArrayNode target = (ArrayNode) current;
                switch (lt.kind()) {
                    case MAP -> {
                        for (JsonNode item : v) {
                            String key = FieldSet.keyOf(item, lt.keys());
                            JsonNode match = null;
                            for (JsonNode existing : target) {
                                if (FieldSet.itemMatches(existing, key, lt.keys())) {
                                    match = existing;
                                    break;
                                }
                            }
                            if (match != null && match.isObject() && item.isObject()) {
                                merge((ObjectNode) match, (ObjectNode) item, childNames);
                            } else {
                                target.add(item.deepCopy());
                            }
                        }
                    }
                    case SET -> {
                        for (JsonNode item : v) {
                            boolean present = false;
                            for (JsonNode existing : target) {
                                present |= Json.same(existing, item);
                            }
                            if (!present) {
                                target.add(item.deepCopy());
                            }
                        }
                    }
                    case ATOMIC -> live.set(k, v.deepCopy());
                }
            } else {
                live.set(k, v.deepCopy());
            }
        }
    }
}
