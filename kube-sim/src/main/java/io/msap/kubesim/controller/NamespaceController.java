package io.msap.kubesim.controller;

import io.msap.kubesim.api.Registry;
import io.msap.kubesim.api.ResourceType;
import io.msap.kubesim.api.ResourceTypes;
import io.msap.kubesim.json.Json;
import tools.jackson.databind.node.ObjectNode;

/** Finishes namespace deletion: a Terminating namespace loses everything in it, then goes itself. */
final class NamespaceController implements Controller {
    private final Registry registry;

    NamespaceController(Registry registry) {
        this.registry = registry;
    }

    @Override
    public void sync(String ignored, String name) {
        ObjectNode ns = registry.find(ResourceTypes.NAMESPACES, null, name);
        if (ns == null || Json.at(ns, "metadata", "deletionTimestamp") == null) {
            return;
        }
        // workloads first (so no controller recreates what goes next), then the rest
        java.util.LinkedHashSet<ResourceType> order = new java.util.LinkedHashSet<>();
        order.add(ResourceTypes.DEPLOYMENTS);
        order.add(ResourceTypes.REPLICASETS);
        ResourceTypes.ALL.stream().filter(ResourceType::namespaced).forEach(order::add);
        for (ResourceType t : order) {
            for (ObjectNode o : registry.list(t, name)) {
                registry.forceRemove(t, name, Json.str(o, "metadata", "name"));
            }
        }
        registry.forceRemove(ResourceTypes.NAMESPACES, null, name);
    }
}
