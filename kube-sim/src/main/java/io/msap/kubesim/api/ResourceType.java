package io.msap.kubesim.api;

import java.util.List;

/**
 * One kind the simulated API server serves: where it lives in the REST tree, its names for discovery and which
 * subresources it has.
 */
public record ResourceType(
        String group,
        String version,
        String kind,
        String plural,
        String singular,
        boolean namespaced,
        List<String> shortNames,
        List<String> categories,
        List<String> subresources,
        boolean hasGeneration) {

    public static final List<String> VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    /** {@code v1} or {@code apps/v1}. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The key of the store: {@code pods}, {@code deployments.apps}. */
    public String key() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** How messages name the resource: {@code deployments.apps "web" not found}. */
    public String qualifiedName() {
        return key();
    }

    public String listKind() {
        return kind + "List";
    }

    public boolean hasSubresource(String name) {
        return subresources.contains(name);
    }
}
