package io.msap.kubesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Server-side apply as the platform uses it: create, update, removal of dropped fields, merge by key, conflicts. */
class ServerSideApplyTests {
    static Sim sim;

    @BeforeAll
    static void start() throws Exception {
        sim = Sim.start();
        sim.namespace("ssa");
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static ConfigMap cm(String name, String... data) {
        ConfigMapBuilder b =
                new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata();
        for (int i = 0; i + 1 < data.length; i += 2) {
            b.addToData(data[i], data[i + 1]);
        }
        return b.build();
    }

    private static ConfigMap apply(String manager, boolean force, ConfigMap cm) {
        var r = sim.client.configMaps().inNamespace("ssa").resource(cm).fieldManager(manager);
        return force ? r.forceConflicts().serverSideApply() : r.serverSideApply();
    }

    @Test
    void createsUpdatesAndRemovesWhatTheManagerNoLongerApplies() {
        ConfigMap created = apply("msap", true, cm("app-config", "a", "1", "b", "2"));
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getData()).containsEntry("a", "1").containsEntry("b", "2");
        assertThat(created.getMetadata().getManagedFields()).singleElement().satisfies(mf -> {
            assertThat(mf.getManager()).isEqualTo("msap");
            assertThat(mf.getOperation()).isEqualTo("Apply");
            assertThat(mf.getFieldsType()).isEqualTo("FieldsV1");
        });

        // idempotent: the same apply changes nothing
        ConfigMap again = apply("msap", true, cm("app-config", "a", "1", "b", "2"));
        assertThat(again.getMetadata().getResourceVersion())
                .isEqualTo(created.getMetadata().getResourceVersion());

        // another writer adds a key; msap then drops "b" and changes "a"
        sim.client.configMaps().inNamespace("ssa").withName("app-config").edit(c -> {
            c.getData().put("other", "x");
            return c;
        });
        ConfigMap updated = apply("msap", true, cm("app-config", "a", "10"));
        assertThat(updated.getData())
                .containsEntry("a", "10")
                .containsEntry("other", "x")
                .doesNotContainKey("b");
    }

    @Test
    void conflictsOnlyWithoutForce() {
        apply("first", false, cm("shared", "k", "1"));
        // same value: shared ownership, no conflict
        apply("second", false, cm("shared", "k", "1"));
        assertThatThrownBy(() -> apply("third", false, cm("shared", "k", "2")))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
                    assertThat(e.getStatus().getMessage())
                            .contains("Apply failed with")
                            .contains(".data.k");
                });
        ConfigMap forced = apply("third", true, cm("shared", "k", "2"));
        assertThat(forced.getData()).containsEntry("k", "2");
        assertThat(forced.getMetadata().getManagedFields())
                .extracting(mf -> mf.getManager())
                .contains("third");
    }

    @Test
    void listsMergeByKeyAndAppliedItemsAreRemoved() {
        Deployment d = Sim.deployment("web", 1, "nginx:1.25");
        var c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        c.setEnv(List.of(new EnvVar("A", "1", null), new EnvVar("B", "2", null)));
        sim.client
                .apps()
                .deployments()
                .inNamespace("ssa")
                .resource(d)
                .fieldManager("msap")
                .forceConflicts()
                .serverSideApply();

        // someone else adds an env var to the same container
        sim.client
                .apps()
                .deployments()
                .inNamespace("ssa")
                .withName("web")
                .patch(
                        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                                io.fabric8.kubernetes.client.dsl.base.PatchType.STRATEGIC_MERGE),
                        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"env\":"
                                + "[{\"name\":\"C\",\"value\":\"3\"}]}]}}}}");

        // msap applies again without B and with a new image
        Deployment next = Sim.deployment("web", 1, "nginx:1.26");
        next.getSpec().getTemplate().getSpec().getContainers().get(0).setEnv(List.of(new EnvVar("A", "1", null)));
        Deployment result = sim.client
                .apps()
                .deployments()
                .inNamespace("ssa")
                .resource(next)
                .fieldManager("msap")
                .forceConflicts()
                .serverSideApply();
        Deployment same = sim.client
                .apps()
                .deployments()
                .inNamespace("ssa")
                .resource(next)
                .fieldManager("msap")
                .forceConflicts()
                .serverSideApply();
        assertThat(same.getMetadata().getGeneration())
                .as("re-applying the same configuration changes nothing")
                .isEqualTo(result.getMetadata().getGeneration());
        assertThat(same.getSpec()).isEqualTo(result.getSpec());
        var container = result.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("nginx:1.26");
        assertThat(container.getEnv()).extracting(EnvVar::getName).containsExactlyInAnyOrder("A", "C");
        assertThat(result.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
        assertThat(result.getMetadata().getGeneration()).isEqualTo(3L);
        // defaulted fields stay (nobody applied them)
        assertThat(result.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(container.getPorts())
                .singleElement()
                .satisfies(p -> assertThat(p.getProtocol()).isEqualTo("TCP"));
    }

    @Test
    void namespacesAndServicesApplyIdempotently() {
        var ns = new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName("applied")
                .addToLabels("app.kubernetes.io/managed-by", "msap")
                .endMetadata()
                .build();
        var created = sim.client
                .namespaces()
                .resource(ns)
                .fieldManager("msap")
                .forceConflicts()
                .serverSideApply();
        assertThat(created.getStatus().getPhase()).isEqualTo("Active");
        var again = sim.client
                .namespaces()
                .resource(ns)
                .fieldManager("msap")
                .forceConflicts()
                .serverSideApply();
        assertThat(again.getMetadata().getResourceVersion())
                .isEqualTo(created.getMetadata().getResourceVersion());

        var svc = new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata()
                .withName("api")
                .endMetadata()
                .withNewSpec()
                .withType("NodePort")
                .addToSelector("app", "api")
                .addNewPort()
                .withName("http")
                .withPort(80)
                .withTargetPort(new io.fabric8.kubernetes.api.model.IntOrString(8080))
                .endPort()
                .endSpec()
                .build();
        var first = sim.client
                .services()
                .inNamespace("applied")
                .resource(svc)
                .fieldManager("msap")
                .serverSideApply();
        var second = sim.client
                .services()
                .inNamespace("applied")
                .resource(svc)
                .fieldManager("msap")
                .serverSideApply();
        assertThat(second.getMetadata().getResourceVersion())
                .isEqualTo(first.getMetadata().getResourceVersion());
        assertThat(second.getSpec().getClusterIP()).isEqualTo(first.getSpec().getClusterIP());
        assertThat(second.getSpec().getPorts().get(0).getNodePort())
                .isEqualTo(first.getSpec().getPorts().get(0).getNodePort());
    }

    @Test
    void applyNeedsAFieldManager() {
        assertThatThrownBy(() -> sim.client
                        .configMaps()
                        .inNamespace("ssa")
                        .resource(cm("nomanager", "a", "b"))
                        .fieldManager("")
                        .serverSideApply())
                .isInstanceOf(KubernetesClientException.class);
    }
}
