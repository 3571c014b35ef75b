package io.msap.kubesim.store;

import io.msap.kubesim.api.ResourceType;
import tools.jackson.databind.node.ObjectNode;

/**
 * One change of the store, in resourceVersion order. {@code object} is the new state (for DELETED the last state,
 * carrying the deletion's resourceVersion), {@code old} the state before (null for ADDED). Both are shared: read
 * only.
 */
public record StoreEvent(Type type, ResourceType resource, ObjectNode object, ObjectNode old, long resourceVersion) {
    public enum Type {
        ADDED,
        MODIFIED,
        DELETED
    }

    public String namespace() {
        return object.path("metadata").path("namespace").asString("");
    }

    public String name() {
        return object.path("metadata").path("name").asString("");
    }
}
