package io.msap.kubesim.controller;

import io.msap.kubesim.api.ApiException;
import io.msap.kubesim.api.DeleteOptions;
import io.msap.kubesim.api.Registry;
import io.msap.kubesim.api.ResourceType;
import io.msap.kubesim.api.ResourceTypes;
import io.msap.kubesim.json.Json;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Garbage collection through ownerReferences: when an owner is gone its dependents are deleted (or lose the
 * reference when another owner remains); an owner in foreground deletion first has its dependents deleted, then
 * loses its {@code foregroundDeletion} finalizer and goes. A periodic sweep removes dependents whose owners all
 * vanished (for example while kube-sim was stopped).
 */
final class GarbageCollector {
    private static final String MANAGER = "garbage-collector";
    private final Registry registry;

    GarbageCollector(Registry registry) {
        this.registry = registry;
    }

    /** The owner with this uid was deleted. */
    void ownerGone(String namespace, String uid) {
        for (Registry.Dependent d : registry.dependents(uid, namespace.isEmpty() ? null : namespace)) {
            collect(d.type(), d.object(), uid, DeleteOptions.BACKGROUND);
        }
    }

    private void collect(ResourceType type, ObjectNode dependent, String goneUid, DeleteOptions how) {
        String ns = Json.str(dependent, "metadata", "namespace");
        String name = Json.str(dependent, "metadata", "name");
        boolean otherOwnerAlive = false;
        Set<String> uids = uidsIn(ns);
        for (JsonNode ref : Json.items(dependent, "metadata", "ownerReferences")) {
            String u = Json.str(ref, "uid");
            if (!goneUid.equals(u) && uids.contains(u)) {
                otherOwnerAlive = true;
            }
        }
        try {
            if (otherOwnerAlive) {
                registry.modify(type, ns, name, null, MANAGER, o -> {
                    ArrayNode refs = Json.arr(o, "metadata", "ownerReferences");
                    refs.removeIf(r -> goneUid.equals(Json.str(r, "uid")));
                    return o;
                });
            } else if (Json.at(dependent, "metadata", "deletionTimestamp") == null) {
                registry.delete(type, ns, name, how);
            }
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    /** {@code key} is {@code apiVersion|kind|name} of an owner that may be in foreground deletion. */
    void foreground(String namespace, String key) {
        String[] parts = key.split("\\|", 3);
        if (parts.length < 3) {
            return;
        }
        ResourceType type = ResourceTypes.byKind(parts[0], parts[1]).orElse(null);
        if (type == null) {
            return;
        }
        ObjectNode owner = registry.find(type, namespace, parts[2]);
        if (owner == null || Json.at(owner, "metadata", "deletionTimestamp") == null) {
            return;
        }
        boolean foreground = false;
        for (JsonNode f : Json.items(owner, "metadata", "finalizers")) {
            foreground |= "foregroundDeletion".equals(f.asString());
        }
        if (!foreground) {
            return;
        }
        String uid = Json.str(owner, "metadata", "uid");
        List<Registry.Dependent> deps = registry.dependents(uid, type.namespaced() ? namespace : null);
        if (deps.isEmpty()) {
            registry.modify(type, namespace, parts[2], null, MANAGER, o -> {
                Json.arr(o, "metadata", "finalizers").removeIf(f -> "foregroundDeletion".equals(f.asString()));
                return o;
            });
            return;
        }
        for (Registry.Dependent d : deps) {
            collect(d.type(), d.object(), uid, DeleteOptions.FOREGROUND);
        }
    }

    /** Deletes dependents none of whose owners exist any more. */
    void sweep() {
        Set<String> all = new HashSet<>();
        for (ResourceType t : ResourceTypes.ALL) {
            for (ObjectNode o : registry.list(t, null)) {
                all.add(Json.strOr(o, "", "metadata", "uid"));
            }
        }
        for (ResourceType t : ResourceTypes.ALL) {
            for (ObjectNode o : registry.list(t, null)) {
                List<JsonNode> refs = Json.items(o, "metadata", "ownerReferences");
                if (refs.isEmpty()) {
                    continue;
                }
                boolean alive = false;
                for (JsonNode ref : refs) {
                    alive |= all.contains(Json.str(ref, "uid"));
                }
                if (!alive && Json.at(o, "metadata", "deletionTimestamp") == null) {
                    try {
                        registry.delete(
                                t,
                                Json.str(o, "metadata", "namespace"),
                                Json.str(o, "metadata", "name"),
                                DeleteOptions.BACKGROUND);
                    } catch (ApiException e) {
                        // already gone
                    }
                }
            }
        }
    }

    private Set<String> uidsIn(String namespace) {
        Set<String> out = new HashSet<>();
        for (ResourceType t : ResourceTypes.ALL) {
            for (ObjectNode o : registry.list(t, t.namespaced() ? namespace : null)) {
                out.add(Json.strOr(o, "", "metadata", "uid"));
            }
        }
        return out;
    }
}
