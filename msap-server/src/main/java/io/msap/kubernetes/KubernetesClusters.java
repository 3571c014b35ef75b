package io.msap.kubernetes;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.msap.shared.Failure;
import io.msap.shared.Hashes;
import io.msap.shared.MsapException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Calls to registered clusters. One fabric8 client per cluster is kept while its kubeconfig stays the same. Every call
 * is bounded by the configured timeouts; a cluster that cannot be reached, or answers with an unexpected error, fails
 * the call with 503 "集群不可达" and the reason, so the caller changes nothing in the database.
 */
@Service
public class KubernetesClusters implements DisposableBean {

    /** The field manager of everything the platform applies. */
    public static final String FIELD_MANAGER = "msap";

    /** The label on everything the platform creates. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    private static final Logger log = LoggerFactory.getLogger(KubernetesClusters.class);

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Cache<String, CachedClient> clients;

    private record CachedClient(String kubeconfigHash, KubernetesClient client) {}

    /** What a successful probe learned of a cluster. */
    public record ClusterInfo(String version) {}

    /** A ConfigMap as the platform writes it. */
    public record ConfigMapSpec(String namespace, String name, Map<String, String> data, Map<String, String> labels) {}

    KubernetesClusters(
            @Value("${msap.kubernetes.connect-timeout:5s}") Duration connectTimeout,
            @Value("${msap.kubernetes.request-timeout:10s}") Duration requestTimeout) {
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.clients = Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofHours(1))
                .removalListener((String id, CachedClient cached, RemovalCause cause) -> {
                    if (cached != null) {
                        cached.client().close();
                    }
                })
                .build();
    }

    /**
     * Checks that a kubeconfig holds inline credentials only and that its cluster answers; used before registering a
     * cluster. 400 for a kubeconfig that cannot be used, 503 for a cluster that does not answer.
     */
    public ClusterInfo probe(String kubeconfig) {
        KubeconfigCheck.requireInlineCredentials(kubeconfig);
        // the whole check, not only the connection, is bounded by the connect timeout
        try (KubernetesClient client = newClient(kubeconfig, connectTimeout)) {
            return new ClusterInfo(translate(() -> client.getKubernetesVersion().getGitVersion()));
        }
    }

    /** Whether the cluster answers now. */
    public boolean reachable(ClusterAccess cluster) {
        try {
            call(cluster, c -> c.getKubernetesVersion().getGitVersion());
            return true;
        } catch (MsapException e) {
            return false;
        }
    }

    /** The names of the cluster's namespaces, sorted. */
    public List<String> namespaces(ClusterAccess cluster) {
        return call(
                cluster,
                c -> c.namespaces().list().getItems().stream()
                        .map(n -> n.getMetadata().getName())
                        .sorted()
                        .toList());
    }

    public boolean namespaceExists(ClusterAccess cluster, String namespace) {
        return call(cluster, c -> c.namespaces().withName(namespace).get() != null);
    }

    /** Creates a namespace with the platform's labels; 409 when it exists. */
    public void createNamespace(ClusterAccess cluster, String namespace, Map<String, String> labels) {
        Namespace object = new NamespaceBuilder()
                .withNewMetadata()
                .withName(namespace)
                .withLabels(withManagedBy(labels))
                .endMetadata()
                .build();
        try {
            call(cluster, c -> c.namespaces().resource(object).create());
        } catch (ClusterAnswered e) {
            if (e.code() == 409) {
                throw MsapException.conflict("kubernetes.namespace.exists", namespace);
            }
            throw e;
        }
    }

    /** Deletes a namespace and everything in it; false when there was none. */
    public boolean deleteNamespace(ClusterAccess cluster, String namespace) {
        return call(cluster, c -> !c.namespaces().withName(namespace).delete().isEmpty());
    }

    /** The labels of a namespace, if it exists. */
    public Optional<Map<String, String>> namespaceLabels(ClusterAccess cluster, String namespace) {
        return call(
                cluster,
                c -> Optional.ofNullable(c.namespaces().withName(namespace).get())
                        .map(n -> n.getMetadata().getLabels() == null
                                ? Map.of()
                                : n.getMetadata().getLabels()));
    }

    /** Creates or replaces a ConfigMap with server-side apply (field manager msap, forcing conflicts). */
    public void applyConfigMap(ClusterAccess cluster, ConfigMapSpec spec) {
        ConfigMap object = new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(spec.namespace())
                .withName(spec.name())
                .withLabels(withManagedBy(spec.labels()))
                .endMetadata()
                .withData(new LinkedHashMap<>(spec.data()))
                .build();
        call(
                cluster,
                c -> c.configMaps()
                        .inNamespace(spec.namespace())
                        .resource(object)
                        .fieldManager(FIELD_MANAGER)
                        .forceConflicts()
                        .serverSideApply());
    }

    /** The data of a ConfigMap, if it exists. */
    public Optional<Map<String, String>> readConfigMap(ClusterAccess cluster, String namespace, String name) {
        return call(
                cluster,
                c -> Optional.ofNullable(c.configMaps()
                                .inNamespace(namespace)
                                .withName(name)
                                .get())
                        .map(cm -> cm.getData() == null ? Map.<String, String>of() : cm.getData()));
    }

    /** Deletes a ConfigMap; false when there was none. */
    public boolean deleteConfigMap(ClusterAccess cluster, String namespace, String name) {
        return call(
                cluster,
                c -> !c.configMaps()
                        .inNamespace(namespace)
                        .withName(name)
                        .delete()
                        .isEmpty());
    }

    /** Drops the cached client of a cluster (after it is unregistered or its kubeconfig changed). */
    public void forget(String instId) {
        clients.invalidate(instId);
    }

    @Override
    public void destroy() {
        clients.invalidateAll();
        clients.cleanUp();
    }

    /** Runs an operation with the cluster's client, within the timeouts; for the module's other services. */
    <T> T call(ClusterAccess cluster, Function<KubernetesClient, T> operation) {
        KubernetesClient client = client(cluster);
        return translate(() -> operation.apply(client));
    }

    /**
     * The cached client of a cluster, made once for its current kubeconfig even when many threads ask at the same
     * time (a client is closed when it is replaced, so two racing creations would close one in use).
     */
    private KubernetesClient client(ClusterAccess cluster) {
        String hash = Hashes.sha256Hex(cluster.kubeconfig());
        return clients.asMap()
                .compute(
                        cluster.instId(),
                        (id, cached) ->
                                cached != null && cached.kubeconfigHash().equals(hash)
                                        ? cached
                                        : new CachedClient(hash, newClient(cluster.kubeconfig(), requestTimeout)))
                .client();
    }

    private KubernetesClient newClient(String kubeconfig, Duration timeout) {
        Config config;
        try {
            config = new ConfigBuilder(Config.fromKubeconfig(kubeconfig))
                    .withConnectionTimeout((int) connectTimeout.toMillis())
                    .withRequestTimeout((int) timeout.toMillis())
                    .withRequestRetryBackoffLimit(0)
                    .build();
        } catch (RuntimeException e) {
            throw MsapException.badField("kubeconfig", "kubernetes.kubeconfig.unreadable");
        }
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Runs a cluster call, turning connection failures into 503 and other API errors into {@link ClusterAnswered}. */
    private static <T> T translate(java.util.function.Supplier<T> operation) {
        try {
            return operation.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() > 0) {
                String message = e.getStatus() != null && e.getStatus().getMessage() != null
                        ? e.getStatus().getMessage()
                        : String.valueOf(e.getMessage());
                throw new ClusterAnswered(e.getCode(), message);
            }
            log.info("cluster call failed: {}", rootMessage(e));
            throw new MsapException(Failure.UNAVAILABLE, "kubernetes.unreachable", rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "no answer" : root.getMessage();
        return message.length() > 200 ? message.substring(0, 200) : message;
    }

    private static Map<String, String> withManagedBy(Map<String, String> labels) {
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put(MANAGED_BY, FIELD_MANAGER);
        return all;
    }

    /** The cluster answered with an API error the operation did not expect. */
    static final class ClusterAnswered extends MsapException {
        private final int code;
        private final String clusterMessage;

        ClusterAnswered(int code, String clusterMessage) {
            super(Failure.UNAVAILABLE, "kubernetes.error", code, clusterMessage);
            this.code = code;
            this.clusterMessage = clusterMessage;
        }

        int code() {
            return code;
        }

        String clusterMessage() {
            return clusterMessage;
        }
    }
}
