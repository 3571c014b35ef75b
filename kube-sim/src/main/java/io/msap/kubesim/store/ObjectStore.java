package io.msap.kubesim.store;

import io.msap.kubesim.api.ApiException;
import io.msap.kubesim.api.ResourceType;
import io.msap.kubesim.api.ResourceTypes;
import io.msap.kubesim.json.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The object store: every object indexed by kind, namespace and name, one global resourceVersion counter, a bounded
 * history of changes for watches that resume from a resourceVersion, and listeners (controllers, persistence).
 * Objects held here are never mutated; readers get copies. All methods are atomic on the store's monitor, which the
 * registry also holds for read-modify-write sequences.
 */
public final class ObjectStore {
    private static final int HISTORY = 20_000;

    private final Map<String, TreeMap<String, ObjectNode>> objects = new HashMap<>();
    private final ArrayDeque<StoreEvent> history = new ArrayDeque<>();
    private final List<Consumer<StoreEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Set<Watch> watches = new CopyOnWriteArraySet<>();
    private long resourceVersion = 1;
    /** Events before this resourceVersion are no longer in {@link #history}. */
    private long oldestReplayable = 1;

    private static String key(String namespace, String name) {
        return (namespace == null ? "" : namespace) + "/" + name;
    }

    private TreeMap<String, ObjectNode> table(ResourceType type) {
        return objects.computeIfAbsent(type.key(), k -> new TreeMap<>());
    }

    public synchronized long resourceVersion() {
        return resourceVersion;
    }

    public synchronized ObjectNode get(ResourceType type, String namespace, String name) {
        ObjectNode o = table(type).get(key(type.namespaced() ? namespace : "", name));
        return o == null ? null : o.deepCopy();
    }

    public synchronized boolean exists(ResourceType type, String namespace, String name) {
        return table(type).containsKey(key(type.namespaced() ? namespace : "", name));
    }

    /** Copies of the objects of a kind, in one namespace or (null) all, ordered by namespace and name. */
    public synchronized List<ObjectNode> list(ResourceType type, String namespace) {
        List<ObjectNode> out = new ArrayList<>();
        TreeMap<String, ObjectNode> t = table(type);
        Map<String, ObjectNode> view = namespace == null || !type.namespaced()
                ? t
                : t.subMap(namespace + "/", true, namespace + "/\uffff", true);
        for (ObjectNode o : view.values()) {
            out.add(o.deepCopy());
        }
        return out;
    }

    /** Writes an object (new or replacing), assigning the next resourceVersion; returns a copy of what is stored. */
    public synchronized ObjectNode put(ResourceType type, ObjectNode object) {
        String ns = type.namespaced() ? Json.strOr(object, "", "metadata", "namespace") : "";
        String name = Json.str(object, "metadata", "name");
        ObjectNode stored = object.deepCopy();
        stored.put("apiVersion", type.apiVersion());
        stored.put("kind", type.kind());
        long rv = ++resourceVersion;
        Json.with(stored, "metadata").put("resourceVersion", Long.toString(rv));
        ObjectNode old = table(type).put(key(ns, name), stored);
        emit(new StoreEvent(old == null ? StoreEvent.Type.ADDED : StoreEvent.Type.MODIFIED, type, stored, old, rv));
        return stored.deepCopy();
    }

    /** Removes an object; returns its last state (with the deletion's resourceVersion), or null if absent. */
    public synchronized ObjectNode remove(ResourceType type, String namespace, String name) {
        ObjectNode old = table(type).remove(key(type.namespaced() ? namespace : "", name));
        if (old == null) {
            return null;
        }
        long rv = ++resourceVersion;
        ObjectNode last = old.deepCopy();
        Json.with(last, "metadata").put("resourceVersion", Long.toString(rv));
        emit(new StoreEvent(StoreEvent.Type.DELETED, type, last, old, rv));
        return last.deepCopy();
    }

    private void emit(StoreEvent event) {
        history.addLast(event);
        while (history.size() > HISTORY) {
            StoreEvent dropped = history.removeFirst();
            oldestReplayable = dropped.resourceVersion() + 1;
        }
        for (Watch w : watches) {
            w.offer(event);
        }
        for (Consumer<StoreEvent> l : listeners) {
            l.accept(event);
        }
    }

    /** Called (under the store's monitor) for every change, in order; must be quick and must not write. */
    public void addListener(Consumer<StoreEvent> listener) {
        listeners.add(listener);
    }

    /**
     * Opens a watch on a kind (namespace null = all). With {@code sinceResourceVersion} > 0 the changes after it are
     * replayed first; 410 Gone when they are no longer known.
     */
    public synchronized Watch watch(ResourceType type, String namespace, long sinceResourceVersion) {
        if (sinceResourceVersion > 0 && sinceResourceVersion + 1 < oldestReplayable) {
            throw ApiException.gone(
                    "too old resource version: " + sinceResourceVersion + " (" + oldestReplayable + ")");
        }
        if (sinceResourceVersion > resourceVersion) {
            // a resourceVersion from the future (e.g. of a store that was reset): nothing to replay
            sinceResourceVersion = resourceVersion;
        }
        Watch w = new Watch(this, type, namespace);
        if (sinceResourceVersion > 0) {
            for (StoreEvent e : history) {
                if (e.resourceVersion() > sinceResourceVersion) {
                    w.offer(e);
                }
            }
        }
        watches.add(w);
        return w;
    }

    void unregister(Watch w) {
        watches.remove(w);
    }

    public void closeWatches() {
        for (Watch w : watches) {
            w.close();
        }
    }

    /** The whole store as one JSON document, for persistence. */
    public synchronized ObjectNode snapshot() {
        ObjectNode doc = Json.object();
        doc.put("resourceVersion", resourceVersion);
        ObjectNode kinds = doc.putObject("objects");
        for (Map.Entry<String, TreeMap<String, ObjectNode>> e : objects.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            ArrayNode a = kinds.putArray(e.getKey());
            e.getValue().values().forEach(a::add);
        }
        return doc;
    }

    /** Replaces the content with a snapshot (at start, before listeners and watches exist). */
    public synchronized void restore(JsonNode doc) {
        objects.clear();
        history.clear();
        resourceVersion = Math.max(1, doc.path("resourceVersion").asLong(1));
        oldestReplayable = resourceVersion + 1;
        for (ResourceType type : ResourceTypes.ALL) {
            for (JsonNode o : Json.items(doc, "objects", type.key())) {
                if (o.isObject()) {
                    ObjectNode copy = (ObjectNode) o.deepCopy();
                    String ns = type.namespaced() ? Json.strOr(copy, "", "metadata", "namespace") : "";
                    table(type).put(key(ns, Json.str(copy, "metadata", "name")), copy);
                }
            }
        }
    }
}
