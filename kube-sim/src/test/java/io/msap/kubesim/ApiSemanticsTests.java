package io.msap.kubesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** API server semantics through the fabric8 client: CRUD, errors, locking, status, selectors, paging, patches, watch. */
class ApiSemanticsTests {
    static Sim sim;

    @BeforeAll
    static void start() throws Exception {
        sim = Sim.start();
        sim.namespace("api");
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static ConfigMap cm(String name, String... labels) {
        ConfigMapBuilder b =
                new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            b.editMetadata().addToLabels(labels[i], labels[i + 1]).endMetadata();
        }
        return b.addToData("k", "v").build();
    }

    @Test
    void createGetUpdateDeleteWithMetadata() {
        ConfigMap created =
                sim.client.configMaps().inNamespace("api").resource(cm("crud")).create();
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getMetadata().getCreationTimestamp()).endsWith("Z");
        assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
        assertThat(created.getMetadata().getNamespace()).isEqualTo("api");

        created.getData().put("k", "v2");
        ConfigMap updated =
                sim.client.configMaps().inNamespace("api").resource(created).update();
        assertThat(Long.parseLong(updated.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));
        assertThat(updated.getMetadata().getUid())
                .isEqualTo(created.getMetadata().getUid());

        // a stale resourceVersion is a 409 Conflict
        created.getData().put("k", "stale");
        assertThatThrownBy(() -> sim.client
                        .configMaps()
                        .inNamespace("api")
                        .resource(created)
                        .update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
                });

        // a second create is 409 AlreadyExists
        assertThatThrownBy(() -> sim.client
                        .configMaps()
                        .inNamespace("api")
                        .resource(cm("crud"))
                        .create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
                });

        assertThat(sim.client.configMaps().inNamespace("api").withName("crud").delete())
                .hasSize(1);
        assertThat(sim.client.configMaps().inNamespace("api").withName("crud").get())
                .isNull();
    }

    @Test
    void generateNameAndRefusedNamespace() {
        ConfigMap generated = sim.client
                .configMaps()
                .inNamespace("api")
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withGenerateName("gen-")
                        .endMetadata()
                        .build())
                .create();
        assertThat(generated.getMetadata().getName()).matches("gen-[bcdfghjklmnpqrstvwxz2456789]{5}");

        assertThatThrownBy(() -> sim.client
                        .configMaps()
                        .inNamespace("nope")
                        .resource(cm("x"))
                        .create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getStatus().getReason()).isEqualTo("NotFound");
                    assertThat(e.getStatus().getMessage()).isEqualTo("namespaces \"nope\" not found");
                });
    }

    @Test
    void invalidObjectsAre422() {
        Deployment noSelector = Sim.deployment("bad", 1, "nginx:1");
        noSelector.getSpec().setSelector(null);
        assertThatThrownBy(() -> sim.client
                        .apps()
                        .deployments()
                        .inNamespace("api")
                        .resource(noSelector)
                        .create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
                    assertThat(e.getStatus().getDetails().getCauses()).isNotEmpty();
                });
        Deployment mismatch = Sim.deployment("bad", 1, "nginx:1");
        mismatch.getSpec().getTemplate().getMetadata().getLabels().put("app", "other");
        assertThatThrownBy(() -> sim.client
                        .apps()
                        .deployments()
                        .inNamespace("api")
                        .resource(mismatch)
                        .create())
                .hasMessageContaining("`selector` does not match template `labels`");
    }

    @Test
    void statusIsKeptOnMainResourceWritesAndChangedOnlyThroughStatus() {
        sim.client
                .apps()
                .deployments()
                .inNamespace("api")
                .resource(Sim.deployment("st", 1, "nginx:1"))
                .create();
        Sim.await("deployment has a status", () -> sim.deploymentReady("api", "st"));
        Deployment d = sim.client
                .apps()
                .deployments()
                .inNamespace("api")
                .withName("st")
                .get();
        long generation = d.getMetadata().getGeneration();
        d.setStatus(null);
        d.getMetadata().getLabels().put("touched", "yes");
        Deployment updated =
                sim.client.apps().deployments().inNamespace("api").resource(d).update();
        assertThat(updated.getStatus()).isNotNull();
        assertThat(updated.getStatus().getReadyReplicas()).isEqualTo(1);
        assertThat(updated.getMetadata().getGeneration())
                .as("labels are not spec: generation unchanged")
                .isEqualTo(generation);

        Deployment spec = sim.client
                .apps()
                .deployments()
                .inNamespace("api")
                .withName("st")
                .get();
        spec.getSpec().setReplicas(7);
        spec.getStatus().setReplicas(42);
        Deployment afterStatus = sim.client
                .apps()
                .deployments()
                .inNamespace("api")
                .resource(spec)
                .updateStatus();
        assertThat(afterStatus.getSpec().getReplicas())
                .as("status writes ignore spec")
                .isEqualTo(1);
        assertThat(afterStatus.getStatus().getReplicas()).isEqualTo(42);
    }

    @Test
    void setBasedLabelSelectorsAndPaging() {
        for (String[] c : List.of(
                new String[] {"sel-a", "tier", "web"},
                new String[] {"sel-b", "tier", "db"},
                new String[] {"sel-c", "tier", "cache"},
                new String[] {"sel-d", "other", "x"})) {
            sim.client
                    .configMaps()
                    .inNamespace("api")
                    .resource(cm(c[0], c[1], c[2], "sel", "yes"))
                    .create();
        }
        var cms = sim.client.configMaps().inNamespace("api").withLabel("sel", "yes");
        assertThat(names(cms.withLabelIn("tier", "web", "db").list())).containsExactly("sel-a", "sel-b");
        assertThat(names(cms.withLabelNotIn("tier", "web").list())).containsExactly("sel-b", "sel-c", "sel-d");
        assertThat(names(cms.withLabelIn("tier", "nothing").list())).isEmpty();
        assertThat(names(cms.withoutLabel("tier").list())).containsExactly("sel-d");
        assertThat(names(cms.withLabel("tier").list())).containsExactly("sel-a", "sel-b", "sel-c");
        assertThat(names(sim.client
                        .configMaps()
                        .inNamespace("api")
                        .withField("metadata.name", "sel-c")
                        .list()))
                .containsExactly("sel-c");

        ConfigMapList first = sim.client
                .configMaps()
                .inNamespace("api")
                .withLabel("sel", "yes")
                .list(new ListOptionsBuilder().withLimit(3L).build());
        assertThat(first.getItems()).hasSize(3);
        assertThat(first.getMetadata().getContinue()).isNotBlank();
        ConfigMapList rest = sim.client
                .configMaps()
                .inNamespace("api")
                .withLabel("sel", "yes")
                .list(new ListOptionsBuilder()
                        .withLimit(3L)
                        .withContinue(first.getMetadata().getContinue())
                        .build());
        assertThat(names(rest)).containsExactly("sel-d");
        assertThat(rest.getMetadata().getContinue()).isNullOrEmpty();
    }

    @Test
    void fieldSelectorsOnPodPhaseAndNode() {
        sim.client
                .apps()
                .deployments()
                .inNamespace("api")
                .resource(Sim.deployment("fs", 2, "nginx:1"))
                .create();
        Sim.await("pods running", () -> sim.deploymentReady("api", "fs"));
        List<Pod> running = sim.client
                .pods()
                .inNamespace("api")
                .withLabel("app", "fs")
                .withField("status.phase", "Running")
                .list()
                .getItems();
        assertThat(running).hasSize(2);
        String node = running.get(0).getSpec().getNodeName();
        assertThat(node).startsWith("sim-node-");
        List<Pod> onNode = sim.client
                .pods()
                .inAnyNamespace()
                .withField("spec.nodeName", node)
                .list()
                .getItems();
        assertThat(onNode).isNotEmpty().allMatch(p -> node.equals(p.getSpec().getNodeName()));
        assertThat(sim.client
                        .pods()
                        .inNamespace("api")
                        .withLabel("app", "fs")
                        .withField("status.phase", "Pending")
                        .list()
                        .getItems())
                .isEmpty();
    }

    @Test
    void patchesJsonMergeAndStrategic() {
        sim.client
                .apps()
                .deployments()
                .inNamespace("api")
                .resource(Sim.deployment("pt", 1, "nginx:1"))
                .create();
        var d = sim.client.apps().deployments().inNamespace("api").withName("pt");
        d.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"merged\":\"yes\"}}}");
        d.patch(
                PatchContext.of(PatchType.JSON),
                "[{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":{\"a\":\"b\"}}]");
        // strategic: containers merge by name (kubectl set image), env merges by name
        d.patch(
                PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"nginx:2\","
                        + "\"env\":[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"value\":\"2\"}]}]}}}}");
        d.patch(
                PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"env\":[{\"name\":\"A\","
                        + "\"$patch\":\"delete\"}]},{\"name\":\"side\",\"image\":\"busybox:1\"}]}}}}");
        Deployment after = d.get();
        assertThat(after.getMetadata().getLabels()).containsEntry("merged", "yes");
        assertThat(after.getMetadata().getAnnotations()).containsEntry("a", "b");
        var containers = after.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).extracting(c -> c.getName()).containsExactly("app", "side");
        assertThat(containers.get(0).getImage()).isEqualTo("nginx:2");
        assertThat(containers.get(0).getPorts()).as("untouched list kept").hasSize(1);
        assertThat(containers.get(0).getEnv()).extracting(e -> e.getName()).containsExactly("B");
        assertThat(after.getMetadata().getGeneration()).isEqualTo(3L);

        // retainKeys, as kubectl sends when switching to Recreate
        d.patch(
                PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"strategy\":{\"$retainKeys\":[\"type\"],\"type\":\"Recreate\"}}}");
        assertThat(d.get().getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(d.get().getSpec().getStrategy().getRollingUpdate()).isNull();
    }

    @Test
    void watchDeliversAddedModifiedDeleted() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        try (var w = sim.client
                .configMaps()
                .inNamespace("api")
                .withLabel("w", "1")
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, ConfigMap resource) {
                        events.add(action + " " + resource.getMetadata().getName());
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                })) {
            sim.client
                    .configMaps()
                    .inNamespace("api")
                    .resource(cm("w1", "w", "1"))
                    .create();
            sim.client.configMaps().inNamespace("api").withName("w1").edit(c -> {
                c.getData().put("x", "y");
                return c;
            });
            // leaving the selector is a DELETED for this watch
            sim.client.configMaps().inNamespace("api").withName("w1").edit(c -> {
                c.getMetadata().getLabels().put("w", "2");
                return c;
            });
            sim.client
                    .configMaps()
                    .inNamespace("api")
                    .resource(cm("w2", "w", "1"))
                    .create();
            sim.client.configMaps().inNamespace("api").withName("w2").delete();
            Sim.await("watch events", () -> events.size() >= 5);
        }
        assertThat(events).containsExactly("ADDED w1", "MODIFIED w1", "DELETED w1", "ADDED w2", "DELETED w2");
    }

    @Test
    void informersAndWaitUntilCondition() {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (var informer = sim.client
                .configMaps()
                .inNamespace("api")
                .withLabel("inf", "1")
                .inform(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
                    @Override
                    public void onAdd(ConfigMap obj) {
                        seen.add("add " + obj.getMetadata().getName());
                    }

                    @Override
                    public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
                        seen.add("update " + newObj.getMetadata().getName());
                    }

                    @Override
                    public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
                        seen.add("delete " + obj.getMetadata().getName());
                    }
                })) {
            sim.client
                    .configMaps()
                    .inNamespace("api")
                    .resource(cm("inf1", "inf", "1"))
                    .create();
            sim.client.configMaps().inNamespace("api").withName("inf1").edit(c -> {
                c.getData().put("z", "1");
                return c;
            });
            sim.client.configMaps().inNamespace("api").withName("inf1").delete();
            Sim.await("informer events", () -> seen.size() >= 3);
            assertThat(seen).containsExactly("add inf1", "update inf1", "delete inf1");
        }
        sim.client
                .apps()
                .deployments()
                .inNamespace("api")
                .resource(Sim.deployment("wuc", 1, "nginx:1"))
                .create();
        Deployment ready = sim.client
                .apps()
                .deployments()
                .inNamespace("api")
                .withName("wuc")
                .waitUntilCondition(
                        d -> d != null
                                && d.getStatus() != null
                                && Integer.valueOf(1).equals(d.getStatus().getReadyReplicas()),
                        15,
                        java.util.concurrent.TimeUnit.SECONDS);
        assertThat(ready.getStatus().getAvailableReplicas()).isEqualTo(1);
    }

    @Test
    void versionAndNodes() {
        assertThat(sim.client.getKubernetesVersion().getGitVersion()).startsWith("v1.32");
        var nodes = sim.client.nodes().list().getItems();
        assertThat(nodes)
                .extracting(n -> n.getMetadata().getName())
                .containsExactly("sim-node-1", "sim-node-2", "sim-node-3");
        assertThat(nodes.get(0).getStatus().getConditions())
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
        assertThat(nodes.get(0).getStatus().getCapacity()).containsKeys("cpu", "memory", "pods");
    }

    private static List<String> names(ConfigMapList list) {
        return list.getItems().stream()
                .map(c -> c.getMetadata().getName())
                .sorted()
                .toList();
    }
}
