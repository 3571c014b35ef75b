package io.msap.kubesim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A kube-sim with a data directory keeps its objects across a restart on the same port. */
class PersistenceTests {
    @TempDir
    Path dir;

    @Test
    void restartKeepsWorkloads() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        KubeSimConfig config = KubeSimConfig.fast().withDataDir(dir).withPort(port);
        String uid;
        String rv;
        try (Sim sim = Sim.start(config)) {
            sim.namespace("keep");
            sim.client
                    .apps()
                    .deployments()
                    .inNamespace("keep")
                    .resource(Sim.deployment("web", 2, "nginx:1"))
                    .create();
            sim.client
                    .configMaps()
                    .inNamespace("keep")
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("cfg")
                            .endMetadata()
                            .addToData("a", "b")
                            .build())
                    .create();
            Sim.await("running", () -> sim.deploymentReady("keep", "web"));
            uid = sim.client
                    .apps()
                    .deployments()
                    .inNamespace("keep")
                    .withName("web")
                    .get()
                    .getMetadata()
                    .getUid();
            rv = sim.client
                    .configMaps()
                    .inNamespace("keep")
                    .withName("cfg")
                    .get()
                    .getMetadata()
                    .getResourceVersion();
        }
        assertThat(Files.exists(dir.resolve("store.json"))).isTrue();

        try (Sim sim = Sim.start(config)) {
            assertThat(sim.sim.port()).isEqualTo(port);
            var d = sim.client
                    .apps()
                    .deployments()
                    .inNamespace("keep")
                    .withName("web")
                    .get();
            assertThat(d.getMetadata().getUid()).isEqualTo(uid);
            assertThat(sim.client
                            .configMaps()
                            .inNamespace("keep")
                            .withName("cfg")
                            .get()
                            .getData())
                    .containsEntry("a", "b");
            assertThat(Long.parseLong(sim.client
                            .configMaps()
                            .inNamespace("keep")
                            .withName("cfg")
                            .get()
                            .getMetadata()
                            .getResourceVersion()))
                    .isEqualTo(Long.parseLong(rv));
            assertThat(sim.client.pods().inNamespace("keep").list().getItems()).hasSize(2);
            assertThat(sim.client.nodes().list().getItems()).hasSize(3);
            Sim.await("still ready", () -> sim.deploymentReady("keep", "web"));
            // the resourceVersion counter continues
            var cm = sim.client
                    .configMaps()
                    .inNamespace("keep")
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("new")
                            .endMetadata()
                            .build())
                    .create();
            assertThat(Long.parseLong(cm.getMetadata().getResourceVersion())).isGreaterThan(Long.parseLong(rv));
            // and controllers still work after the restart
            sim.client.apps().deployments().inNamespace("keep").withName("web").scale(3);
            Sim.await(
                    "scaled",
                    () -> sim.client
                                            .pods()
                                            .inNamespace("keep")
                                            .list()
                                            .getItems()
                                            .size()
                                    == 3
                            && sim.deploymentReady("keep", "web"));
        }
    }

    @Test
    void anUnreadableStoreIsSetAsideNotFatal() throws Exception {
        Files.writeString(dir.resolve("store.json"), "{not json");
        try (Sim sim = Sim.start(KubeSimConfig.fast().withDataDir(dir))) {
            assertThat(sim.client.namespaces().withName("default").get()).isNotNull();
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("store.json.unreadable-"));
        }
    }
}
