package io.msap.kubesim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Test support: a started kube-sim with a fabric8 client on it, and small builders and waits. */
final class Sim implements AutoCloseable {
    final KubeSim sim;
    final KubernetesClient client;

    private Sim(KubeSim sim) {
        this.sim = sim;
        Config config = Config.fromKubeconfig(sim.kubeconfig());
        config.setRequestTimeout(20_000);
        this.client = new KubernetesClientBuilder().withConfig(config).build();
    }

    static Sim start() throws Exception {
        return start(KubeSimConfig.fast());
    }

    static Sim start(KubeSimConfig config) throws Exception {
        return new Sim(KubeSim.start(config));
    }

    void namespace(String name) {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .create();
    }

    static Deployment deployment(String name, int replicas, String image) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .addToContainers(new ContainerBuilder()
                        .withName("app")
                        .withImage(image)
                        .addNewPort()
                        .withContainerPort(8080)
                        .endPort()
                        .build())
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** Waits until the condition holds (polling), failing with {@code what} after the timeout. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    static void await(String what, BooleanSupplier condition) {
        await(what, Duration.ofSeconds(15), condition);
    }

    boolean deploymentReady(String ns, String name) {
        Deployment d =
                client.apps().deployments().inNamespace(ns).withName(name).get();
        if (d == null || d.getStatus() == null) {
            return false;
        }
        var s = d.getStatus();
        int replicas = d.getSpec().getReplicas();
        return s.getObservedGeneration() != null
                && s.getObservedGeneration() >= d.getMetadata().getGeneration()
                && n(s.getUpdatedReplicas()) == replicas
                && n(s.getReplicas()) == replicas
                && n(s.getAvailableReplicas()) == replicas
                && n(s.getReadyReplicas()) == replicas;
    }

    static int n(Integer i) {
        return i == null ? 0 : i;
    }

    @Override
    public void close() {
        client.close();
        sim.close();
    }
}
