package io.msap.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.msap.kubesim.KubeSim;
import io.msap.kubesim.KubeSimConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;

/**
 * A kube-sim that a test starts itself and registers over the API ({@code registerK8sCluster}) into a resource pool of
 * its own, so the test holds the cluster's kubeconfig and checks with its own fabric8 client what the platform did on
 * the cluster. The server's embedded {@code local} cluster cannot serve for that: its kubeconfig is stored encrypted
 * and never returned, and reaching into the server's Spring context would bypass what a user can observe.
 */
public final class TestCluster implements AutoCloseable {

    private final KubeSim sim;
    private final KubernetesClient client;
    private final String areaCode;
    private final String poolCode;
    private final String poolName;
    private final String poolId;
    private final String resourceName;
    private final String instId;
    private boolean stopped;

    private TestCluster(
            KubeSim sim,
            String areaCode,
            String poolCode,
            String poolName,
            String poolId,
            String resourceName,
            String instId) {
        this.sim = sim;
        this.client = client(sim.kubeconfig());
        this.areaCode = areaCode;
        this.poolCode = poolCode;
        this.poolName = poolName;
        this.poolId = poolId;
        this.resourceName = resourceName;
        this.instId = instId;
    }

    /** Starts an in-memory kube-sim with short delays. */
    public static KubeSim startSim() {
        return startSim(KubeSimConfig.fast());
    }

    /** Starts an in-memory kube-sim with the given settings. */
    public static KubeSim startSim(KubeSimConfig config) {
        try {
            return KubeSim.start(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a kube-sim and, as the platform operator, creates a new area and resource pool for it and registers it
     * there under a unique resourceName.
     */
    public static TestCluster register(Api api, String operatorToken) {
        return register(api, operatorToken, KubeSimConfig.fast());
    }

    /** {@link #register(Api, String)} for a kube-sim with other settings (e.g. a longer slow start). */
    public static TestCluster register(Api api, String operatorToken, KubeSimConfig config) {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String areaCode = "area-" + suffix;
        String poolCode = "pool-" + suffix;
        String poolName = "资源池 " + suffix;
        Api.Reply pool = api.post(
                "/v1/admin/createResourcePool",
                operatorToken,
                Map.of(
                        "areaCode",
                        areaCode,
                        "areaName",
                        "区域 " + suffix,
                        "resPoolCode",
                        poolCode,
                        "resPoolName",
                        poolName));
        assertThat(pool.status()).as(pool.toString()).isEqualTo(200);
        KubeSim sim = startSim(config);
        String resourceName = "sim-" + suffix;
        Api.Reply registered = api.post(
                "/v1/admin/registerK8sCluster",
                operatorToken,
                Map.of(
                        "resPoolCode",
                        poolCode,
                        "resourceName",
                        resourceName,
                        "kubeconfig",
                        sim.kubeconfig(),
                        "spec",
                        "kube-sim 3 节点"));
        if (registered.status() != 200) {
            sim.close();
        }
        assertThat(registered.status()).as(registered.toString()).isEqualTo(200);
        return new TestCluster(
                sim,
                areaCode,
                poolCode,
                poolName,
                pool.data().asString(),
                resourceName,
                registered.data().asString());
    }

    /** Lets a tenant use this cluster's pool (as the platform operator). */
    public void grantTo(Api api, String operatorToken, long tenantId) {
        Api.Reply granted = api.post(
                "/v1/admin/grantResourcePool", operatorToken, Map.of("resPoolCode", poolCode, "tenantId", tenantId));
        assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
    }

    /** A fabric8 client on a kube-sim's kubeconfig, with short timeouts. */
    public static KubernetesClient client(String kubeconfig) {
        Config config = new ConfigBuilder(Config.fromKubeconfig(kubeconfig))
                .withConnectionTimeout(5_000)
                .withRequestTimeout(10_000)
                .withRequestRetryBackoffLimit(0)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** The test's own client on this cluster, for checking objects the platform made. */
    public KubernetesClient client() {
        return client;
    }

    public String kubeconfig() {
        return sim.kubeconfig();
    }

    public String areaCode() {
        return areaCode;
    }

    public String poolCode() {
        return poolCode;
    }

    public String poolName() {
        return poolName;
    }

    /** The pool's numeric id (not its code). */
    public String poolId() {
        return poolId;
    }

    /** The registered resourceName: the clusterName of the ConfigMap APIs. */
    public String resourceName() {
        return resourceName;
    }

    public String instId() {
        return instId;
    }

    /** Stops the simulated cluster: from now on it cannot be reached (the registration stays). */
    public void stop() {
        if (!stopped) {
            stopped = true;
            sim.close();
        }
    }

    @Override
    public void close() {
        client.close();
        stop();
    }
}
