package io.msap.kubesim.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The kinds kube-sim serves, looked up by REST path or by apiVersion and kind. */
public final class ResourceTypes {
    public static final ResourceType NAMESPACES = new ResourceType(
            "",
            "v1",
            "Namespace",
            "namespaces",
            "namespace",
            false,
            List.of("ns"),
            List.of(),
            List.of("status"),
            false);
    public static final ResourceType NODES = new ResourceType(
            "", "v1", "Node", "nodes", "node", false, List.of("no"), List.of(), List.of("status"), false);
    public static final ResourceType PODS = new ResourceType(
            "", "v1", "Pod", "pods", "pod", true, List.of("po"), List.of("all"), List.of("status", "log"), false);
    public static final ResourceType SERVICES = new ResourceType(
            "", "v1", "Service", "services", "service", true, List.of("svc"), List.of("all"), List.of("status"), false);
    public static final ResourceType CONFIGMAPS = new ResourceType(
            "", "v1", "ConfigMap", "configmaps", "configmap", true, List.of("cm"), List.of(), List.of(), false);
    public static final ResourceType SECRETS =
            new ResourceType("", "v1", "Secret", "secrets", "secret", true, List.of(), List.of(), List.of(), false);
    public static final ResourceType EVENTS =
            new ResourceType("", "v1", "Event", "events", "event", true, List.of("ev"), List.of(), List.of(), false);
    public static final ResourceType ENDPOINTS = new ResourceType(
            "", "v1", "Endpoints", "endpoints", "endpoints", true, List.of("ep"), List.of(), List.of(), false);
    public static final ResourceType DEPLOYMENTS = new ResourceType(
            "apps",
            "v1",
            "Deployment",
            "deployments",
            "deployment",
            true,
            List.of("deploy"),
            List.of("all"),
            List.of("status", "scale"),
            true);
    public static final ResourceType REPLICASETS = new ResourceType(
            "apps",
            "v1",
            "ReplicaSet",
            "replicasets",
            "replicaset",
            true,
            List.of("rs"),
            List.of("all"),
            List.of("status", "scale"),
            true);

    public static final List<ResourceType> ALL = List.of(
            NAMESPACES, NODES, PODS, SERVICES, CONFIGMAPS, SECRETS, EVENTS, ENDPOINTS, DEPLOYMENTS, REPLICASETS);

    private static final Map<String, ResourceType> BY_PATH = new LinkedHashMap<>();
    private static final Map<String, ResourceType> BY_KIND = new LinkedHashMap<>();

    static {
        for (ResourceType t : ALL) {
            BY_PATH.put(t.group() + "/" + t.version() + "/" + t.plural(), t);
            BY_KIND.put(t.apiVersion() + "/" + t.kind(), t);
        }
    }

    private ResourceTypes() {}

    public static Optional<ResourceType> byPath(String group, String version, String plural) {
        return Optional.ofNullable(BY_PATH.get(group + "/" + version + "/" + plural));
    }

    public static Optional<ResourceType> byKind(String apiVersion, String kind) {
        return Optional.ofNullable(BY_KIND.get(apiVersion + "/" + kind));
    }

    /** Served group/versions, in discovery order: {@code ""/v1} first. */
    public static List<String> groupVersions() {
        return ALL.stream().map(t -> t.group() + "/" + t.version()).distinct().toList();
    }

    public static List<ResourceType> inGroupVersion(String group, String version) {
        return ALL.stream()
                .filter(t -> t.group().equals(group) && t.version().equals(version))
                .toList();
    }
}
