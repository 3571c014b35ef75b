package io.msap.kubesim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Garbage collection through ownerReferences (background, foreground, orphan) and namespace deletion. */
class GarbageCollectionTests {
    static Sim sim;

    @BeforeAll
    static void start() throws Exception {
        sim = Sim.start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private int replicaSets(String ns, String app) {
        return sim.client
                .apps()
                .replicaSets()
                .inNamespace(ns)
                .withLabel("app", app)
                .list()
                .getItems()
                .size();
    }

    private int pods(String ns, String app) {
        return sim.client
                .pods()
                .inNamespace(ns)
                .withLabel("app", app)
                .list()
                .getItems()
                .size();
    }

    @Test
    void backgroundDeletionRemovesReplicaSetsAndPods() {
        sim.namespace("gc-bg");
        sim.client
                .apps()
                .deployments()
                .inNamespace("gc-bg")
                .resource(Sim.deployment("web", 2, "nginx:1"))
                .create();
        Sim.await("running", () -> sim.deploymentReady("gc-bg", "web"));
        sim.client.apps().deployments().inNamespace("gc-bg").withName("web").delete();
        Sim.await("collected", () -> replicaSets("gc-bg", "web") == 0 && pods("gc-bg", "web") == 0);
    }

    @Test
    void foregroundDeletionWaitsForDependents() {
        sim.namespace("gc-fg");
        sim.client
                .apps()
                .deployments()
                .inNamespace("gc-fg")
                .resource(Sim.deployment("web", 2, "nginx:1"))
                .create();
        Sim.await("running", () -> sim.deploymentReady("gc-fg", "web"));
        sim.client
                .apps()
                .deployments()
                .inNamespace("gc-fg")
                .withName("web")
                .withPropagationPolicy(DeletionPropagation.FOREGROUND)
                .delete();
        Sim.await(
                "all gone",
                () -> sim.client
                                        .apps()
                                        .deployments()
                                        .inNamespace("gc-fg")
                                        .withName("web")
                                        .get()
                                == null
                        && replicaSets("gc-fg", "web") == 0
                        && pods("gc-fg", "web") == 0);
    }

    @Test
    void orphanDeletionKeepsDependents() {
        sim.namespace("gc-or");
        sim.client
                .apps()
                .deployments()
                .inNamespace("gc-or")
                .resource(Sim.deployment("web", 1, "nginx:1"))
                .create();
        Sim.await("running", () -> sim.deploymentReady("gc-or", "web"));
        sim.client
                .apps()
                .deployments()
                .inNamespace("gc-or")
                .withName("web")
                .withPropagationPolicy(DeletionPropagation.ORPHAN)
                .delete();
        Sim.await(
                "deployment gone",
                () -> sim.client
                                .apps()
                                .deployments()
                                .inNamespace("gc-or")
                                .withName("web")
                                .get()
                        == null);
        assertThat(replicaSets("gc-or", "web")).isEqualTo(1);
        assertThat(sim.client
                        .apps()
                        .replicaSets()
                        .inNamespace("gc-or")
                        .list()
                        .getItems()
                        .get(0)
                        .getMetadata()
                        .getOwnerReferences())
                .isNullOrEmpty();
        assertThat(pods("gc-or", "web")).isEqualTo(1);
    }

    @Test
    void finalizersHoldDeletionUntilRemoved() {
        sim.namespace("gc-fin");
        sim.client
                .configMaps()
                .inNamespace("gc-fin")
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("held")
                        .addToFinalizers("example.com/hold")
                        .endMetadata()
                        .build())
                .create();
        sim.client.configMaps().inNamespace("gc-fin").withName("held").delete();
        var held =
                sim.client.configMaps().inNamespace("gc-fin").withName("held").get();
        assertThat(held.getMetadata().getDeletionTimestamp()).isNotBlank();
        sim.client.configMaps().inNamespace("gc-fin").withName("held").edit(c -> {
            c.getMetadata().setFinalizers(null);
            return c;
        });
        assertThat(sim.client
                        .configMaps()
                        .inNamespace("gc-fin")
                        .withName("held")
                        .get())
                .isNull();
    }

    @Test
    void deletingANamespaceDeletesEverythingInIt() {
        sim.namespace("doomed");
        sim.client
                .apps()
                .deployments()
                .inNamespace("doomed")
                .resource(Sim.deployment("web", 2, "nginx:1"))
                .create();
        sim.client
                .configMaps()
                .inNamespace("doomed")
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("cfg")
                        .endMetadata()
                        .build())
                .create();
        Sim.await("running", () -> sim.deploymentReady("doomed", "web"));
        sim.client.namespaces().withName("doomed").delete();
        Sim.await(
                "namespace gone",
                () -> sim.client.namespaces().withName("doomed").get() == null);
        assertThat(sim.client.pods().inNamespace("doomed").list().getItems()).isEmpty();
        assertThat(sim.client.configMaps().inNamespace("doomed").list().getItems())
                .isEmpty();
        assertThat(sim.client.apps().replicaSets().inNamespace("doomed").list().getItems())
                .isEmpty();
    }
}
