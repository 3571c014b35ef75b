package io.msap.environment;

import io.msap.kubesim.KubeSim;
import io.msap.kubesim.KubeSimConfig;
import io.msap.shared.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * The embedded simulated cluster (kube-sim): when {@code MSAP_EMBEDDED_CLUSTER} is not {@code false}, it is started
 * on loopback before the server accepts requests, keeps its objects under {@code $MSAP_DATA_DIR/kube-sim}, and is
 * registered as cluster {@code local} in the area and resource pool {@code local} (usable by every tenant). Every start
 * refreshes the {@code local} cluster's kubeconfig. The platform reaches it only through that kubeconfig, exactly as it
 * reaches any other cluster.
 */
@Component
class EmbeddedCluster implements SmartInitializingSingleton, DisposableBean {

    static final String LOCAL = "local";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedCluster.class);

    private final Settings settings;
    private final DataDirectory dataDirectory;
    private final ResourceService resources;
    private KubeSim sim;

    /** {@code msap.embedded-cluster.*}: whether to run the simulated cluster, its port and its simulated delays. */
    @ConfigurationProperties("msap.embedded-cluster")
    record Settings(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("16443") int port,
            @DefaultValue("3") int nodes,
            @DefaultValue("2s") Duration podStartDelay,
            @DefaultValue("60s") Duration slowStartDelay,
            @DefaultValue("10s") Duration crashLoopInterval,
            @DefaultValue("10s") Duration imagePullBackOff) {}

    EmbeddedCluster(Settings settings, DataDirectory dataDirectory, ResourceService resources) {
        this.settings = settings;
        this.dataDirectory = dataDirectory;
        this.resources = resources;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!settings.enabled()) {
            log.info("The embedded cluster is off (MSAP_EMBEDDED_CLUSTER=false); register clusters by kubeconfig.");
            return;
        }
        KubeSimConfig config = KubeSimConfig.defaults()
                .withPort(settings.port())
                .withDataDir(dataDirectory.resolve("kube-sim"))
                .withNodes(settings.nodes())
                .withPodStartDelay(settings.podStartDelay())
                .withSlowStartDelay(settings.slowStartDelay())
                .withCrashLoopInterval(settings.crashLoopInterval())
                .withImagePullBackOff(settings.imagePullBackOff());
        try {
            sim = KubeSim.start(config);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start the embedded cluster on port " + settings.port()
                            + " (set MSAP_EMBEDDED_CLUSTER_PORT, or MSAP_EMBEDDED_CLUSTER=false)",
                    e);
        }
        ResourcePool pool = resources.ensureEmbeddedPool(LOCAL);
        K8sCluster cluster = resources.registerEmbeddedCluster(pool, LOCAL, sim.kubeconfig(), "kube-sim");
        log.info("Embedded cluster '{}' (kube-sim) serves {} as instId {}", LOCAL, sim.url(), cluster.getId());
    }

    @Override
    public void destroy() {
        if (sim != null) {
            sim.close();
        }
    }
}
