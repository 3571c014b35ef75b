package io.msap.kubesim.http;

import io.msap.kubesim.api.ApiException;
import io.msap.kubesim.api.ResourceType;
import io.msap.kubesim.json.Json;
import io.msap.kubesim.select.FieldSelector;
import io.msap.kubesim.select.LabelSelector;
import io.msap.kubesim.store.ObjectStore;
import io.msap.kubesim.store.StoreEvent;
import io.msap.kubesim.store.Watch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A chunked HTTP watch: newline-delimited {@code {"type":..., "object":...}} events. Without a resourceVersion (or
 * with "0") it starts with ADDED for every matching object; with one, it replays the changes after it (or sends an
 * ERROR 410 Expired when they are no longer known). Objects moving into or out of the selectors arrive as ADDED or
 * DELETED, as from a real API server.
 */
final class WatchStream {
    private WatchStream() {}

    /** What the client watches and how it wants the events. */
    record Spec(
            ResourceType type,
            String namespace,
            LabelSelector labels,
            FieldSelector fields,
            String resourceVersion,
            long timeoutSeconds,
            boolean bookmarks,
            boolean table,
            String includeObject) {}

    static void run(ObjectStore store, Spec spec, OutputStream out) throws IOException {
        Watch watch;
        List<ObjectNode> initial = null;
        long since;
        try {
            since = spec.resourceVersion() == null || spec.resourceVersion().isEmpty()
                    ? 0
                    : Long.parseLong(spec.resourceVersion());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid resourceVersion: " + spec.resourceVersion());
        }
        try {
            synchronized (store) {
                if (since == 0) {
                    initial = store.list(spec.type(), spec.namespace());
                    watch = store.watch(spec.type(), spec.namespace(), store.resourceVersion());
                } else {
                    watch = store.watch(spec.type(), spec.namespace(), since);
                }
            }
        } catch (ApiException gone) {
            ObjectNode event = Json.object();
            event.put("type", "ERROR");
            event.set("object", gone.status());
            write(out, event);
            return;
        }
        long deadline =
                spec.timeoutSeconds() > 0 ? System.currentTimeMillis() + spec.timeoutSeconds() * 1000 : Long.MAX_VALUE;
        long nextBookmark = System.currentTimeMillis() + 5_000;
        try (watch) {
            if (initial != null) {
                for (ObjectNode o : initial) {
                    if (matches(spec, o)) {
                        send(out, spec, "ADDED", o, 0);
                    }
                }
            }
            out.flush();
            while (true) {
                long now = System.currentTimeMillis();
                if (now >= deadline) {
                    return;
                }
                StoreEvent e = watch.next(Math.min(1000, deadline - now));
                if (e == null) {
                    if (watch.isClosed()) {
                        return;
                    }
                    if (spec.bookmarks() && System.currentTimeMillis() >= nextBookmark) {
                        bookmark(out, spec, store.resourceVersion());
                        nextBookmark = System.currentTimeMillis() + 5_000;
                    }
                    continue;
                }
                boolean newMatch = matches(spec, e.object());
                boolean oldMatch = e.old() != null && matches(spec, e.old());
                switch (e.type()) {
                    case ADDED -> {
                        if (newMatch) {
                            send(out, spec, "ADDED", e.object(), e.resourceVersion());
                        }
                    }
                    case MODIFIED -> {
                        if (newMatch && oldMatch) {
                            send(out, spec, "MODIFIED", e.object(), e.resourceVersion());
                        } else if (newMatch) {
                            send(out, spec, "ADDED", e.object(), e.resourceVersion());
                        } else if (oldMatch) {
                            send(out, spec, "DELETED", e.object(), e.resourceVersion());
                        }
                    }
                    case DELETED -> {
                        if (newMatch) {
                            send(out, spec, "DELETED", e.object(), e.resourceVersion());
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean matches(Spec spec, ObjectNode o) {
        return spec.labels().matches(o) && spec.fields().matches(o);
    }

    private static void send(OutputStream out, Spec spec, String type, ObjectNode object, long rv) throws IOException {
        ObjectNode event = Json.object();
        event.put("type", type);
        if (spec.table()) {
            event.set("object", Tables.table(spec.type(), List.of(object), spec.includeObject(), rv, null));
        } else {
            event.set("object", object);
        }
        write(out, event);
    }

    private static void bookmark(OutputStream out, Spec spec, long rv) throws IOException {
        ObjectNode event = Json.object();
        event.put("type", "BOOKMARK");
        ObjectNode o = event.putObject("object");
        o.put("kind", spec.type().kind());
        o.put("apiVersion", spec.type().apiVersion());
        o.putObject("metadata").put("resourceVersion", Long.toString(rv));
        write(out, event);
    }

    private static void write(OutputStream out, ObjectNode event) throws IOException {
        out.write(Json.bytes(event));
        out.write("\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
