package io.msap.kubesim.patch;

import java.util.List;
import java.util.Set;

/**
 * How lists merge, for strategic merge patch and server-side apply, keyed by the path of field names that leads to
 * the list ({@code spec.template.spec.containers}): lists of maps merged by key (containers by name, ports by
 * containerPort or port, volumeMounts by mountPath, ...), sets of scalars (finalizers), and atomic lists (everything
 * else, replaced whole).
 */
public final class MergeSchema {
    /** The kind of a list and, for map lists, its keys (SSA keys; the first is the strategic merge key). */
    public record ListType(Kind kind, List<String> keys) {
        public enum Kind {
            ATOMIC,
            MAP,
            SET
        }

        static final ListType ATOMIC_LIST = new ListType(Kind.ATOMIC, List.of());

        static ListType map(String... keys) {
            return new ListType(Kind.MAP, List.of(keys));
        }

        /** The strategic merge patch key ({@code patchMergeKey}). */
        public String mergeKey() {
            return keys.isEmpty() ? null : keys.get(0);
        }
    }

    private static final Set<String> CONTAINER_LISTS = Set.of("containers", "initContainers", "ephemeralContainers");

    private MergeSchema() {}

    /** The list type of the field at the end of {@code names} (the field names from the object's root). */
    public static ListType listType(List<String> names) {
        if (names.isEmpty()) {
            return ListType.ATOMIC_LIST;
        }
        String field = names.get(names.size() - 1);
        String parent = names.size() > 1 ? names.get(names.size() - 2) : "";
        return switch (field) {
            case "containers", "initContainers", "ephemeralContainers", "env", "volumes", "imagePullSecrets" ->
                ListType.map("name");
            case "resourceClaims" -> ListType.map("name");
            case "ports" ->
                CONTAINER_LISTS.contains(parent)
                        ? ListType.map("containerPort", "protocol")
                        : parent.equals("spec") ? ListType.map("port", "protocol") : ListType.ATOMIC_LIST;
            case "volumeMounts" -> ListType.map("mountPath");
            case "volumeDevices" -> ListType.map("devicePath");
            case "hostAliases" -> ListType.map("ip");
            case "conditions" -> ListType.map("type");
            case "ownerReferences" -> ListType.map("uid");
            case "addresses" -> parent.equals("status") ? ListType.map("type") : ListType.ATOMIC_LIST;
            case "topologySpreadConstraints" -> ListType.map("topologyKey", "whenUnsatisfiable");
            case "finalizers" ->
                parent.equals("metadata") ? new ListType(ListType.Kind.SET, List.of()) : ListType.ATOMIC_LIST;
            default -> ListType.ATOMIC_LIST;
        };
    }

    /** A key field's value when it is absent: Kubernetes defaults the protocol of ports to TCP before merging. */
    public static String defaultKeyValue(String key) {
        return key.equals("protocol") ? "TCP" : null;
    }
}
