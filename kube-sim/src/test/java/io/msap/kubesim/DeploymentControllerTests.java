package io.msap.kubesim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The deployment and replica set controllers and the simulated kubelet: rollouts, strategies, scaling, status. */
class DeploymentControllerTests {
    static Sim sim;
    static final String NS = "deploy";

    @BeforeAll
    static void start() throws Exception {
        sim = Sim.start();
        sim.namespace(NS);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static List<Pod> pods(String app) {
        return sim.client.pods().inNamespace(NS).withLabel("app", app).list().getItems();
    }

    /** kubectl set image: a strategic merge patch (no resourceVersion, so no race with the controllers). */
    private static void setImage(String deployment, String image) {
        sim.client
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName(deployment)
                .patch(
                        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                                io.fabric8.kubernetes.client.dsl.base.PatchType.STRATEGIC_MERGE),
                        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"" + image
                                + "\"}]}}}}");
    }

    private static Deployment get(String name) {
        return sim.client.apps().deployments().inNamespace(NS).withName(name).get();
    }

    @Test
    void podsBecomeReadyWithNamesIpsNodesAndStatus() {
        sim.client
                .apps()
                .deployments()
                .inNamespace(NS)
                .resource(Sim.deployment("ready", 3, "nginx:1.25"))
                .create();
        Sim.await("rolled out", () -> sim.deploymentReady(NS, "ready"));

        Deployment d = get("ready");
        assertThat(d.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1");
        assertThat(d.getStatus().getConditions())
                .extracting(
                        DeploymentCondition::getType, DeploymentCondition::getStatus, DeploymentCondition::getReason)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("Available", "True", "MinimumReplicasAvailable"),
                        org.assertj.core.groups.Tuple.tuple("Progressing", "True", "NewReplicaSetAvailable"));
        assertThat(d.getStatus().getUnavailableReplicas()).isNull();

        List<ReplicaSet> rs = sim.client
                .apps()
                .replicaSets()
                .inNamespace(NS)
                .withLabel("app", "ready")
                .list()
                .getItems();
        assertThat(rs).singleElement().satisfies(r -> {
            String hash = r.getMetadata().getLabels().get("pod-template-hash");
            assertThat(r.getMetadata().getName()).isEqualTo("ready-" + hash);
            assertThat(r.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
                assertThat(o.getKind()).isEqualTo("Deployment");
                assertThat(o.getController()).isTrue();
            });
            assertThat(r.getStatus().getReadyReplicas()).isEqualTo(3);
            assertThat(r.getStatus().getObservedGeneration()).isEqualTo(1L);
        });
        String hash = rs.get(0).getMetadata().getLabels().get("pod-template-hash");
        for (Pod p : pods("ready")) {
            assertThat(p.getMetadata().getName()).matches("ready-" + hash + "-[bcdfghjklmnpqrstvwxz2456789]{5}");
            assertThat(p.getMetadata().getLabels()).containsEntry("pod-template-hash", hash);
            assertThat(p.getSpec().getNodeName()).matches("sim-node-[1-3]");
            assertThat(p.getStatus().getPodIP()).startsWith("10.244.");
            assertThat(p.getStatus().getHostIP()).isNotBlank();
            assertThat(p.getStatus().getPhase()).isEqualTo("Running");
            assertThat(p.getStatus().getConditions())
                    .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
            var cs = p.getStatus().getContainerStatuses().get(0);
            assertThat(cs.getReady()).isTrue();
            assertThat(cs.getStarted()).isTrue();
            assertThat(cs.getRestartCount()).isZero();
            assertThat(cs.getState().getRunning().getStartedAt()).isNotBlank();
            assertThat(cs.getImageID()).contains("@sha256:");
        }
        assertThat(pods("ready").stream().map(p -> p.getStatus().getPodIP()).distinct())
                .hasSize(3);
    }

    @Test
    void rollingUpdateStaysWithinSurgeAndUnavailability() throws Exception {
        Deployment d = Sim.deployment("roll", 4, "nginx:1.25");
        d.getSpec()
                .setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder()
                        .withType("RollingUpdate")
                        .withNewRollingUpdate()
                        .withMaxSurge(new IntOrString(1))
                        .withMaxUnavailable(new IntOrString("25%"))
                        .endRollingUpdate()
                        .build());
        sim.client.apps().deployments().inNamespace(NS).resource(d).create();
        Sim.await("first rollout", () -> sim.deploymentReady(NS, "roll"));

        AtomicInteger maxPods = new AtomicInteger();
        AtomicInteger minReady = new AtomicInteger(Integer.MAX_VALUE);
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                List<Pod> pods = pods("roll");
                long ready = pods.stream()
                        .filter(p -> p.getStatus() != null && p.getStatus().getConditions() != null)
                        .filter(p -> p.getStatus().getConditions().stream()
                                .anyMatch(c -> c.getType().equals("Ready")
                                        && c.getStatus().equals("True")))
                        .count();
                maxPods.accumulateAndGet(pods.size(), Math::max);
                minReady.accumulateAndGet((int) ready, Math::min);
            }
        });
        sampler.start();
        setImage("roll", "nginx:1.26");
        Sim.await("second rollout", () -> {
            Deployment now = get("roll");
            return sim.deploymentReady(NS, "roll")
                    && now.getMetadata()
                            .getAnnotations()
                            .get("deployment.kubernetes.io/revision")
                            .equals("2");
        });
        sampling.set(false);
        sampler.join();
        // maxSurge 1, maxUnavailable 25% of 4 = 1
        assertThat(maxPods.get()).as("never more than replicas + maxSurge pods").isLessThanOrEqualTo(5);
        assertThat(minReady.get())
                .as("never fewer than replicas - maxUnavailable ready")
                .isGreaterThanOrEqualTo(3);
        assertThat(pods("roll"))
                .hasSize(4)
                .allMatch(p -> p.getSpec().getContainers().get(0).getImage().equals("nginx:1.26"));
        List<ReplicaSet> rs = sim.client
                .apps()
                .replicaSets()
                .inNamespace(NS)
                .withLabel("app", "roll")
                .list()
                .getItems();
        assertThat(rs).hasSize(2);
        assertThat(rs).extracting(r -> r.getSpec().getReplicas()).containsExactlyInAnyOrder(0, 4);
    }

    @Test
    void restartedAtAnnotationRollsThePods() {
        sim.client
                .apps()
                .deployments()
                .inNamespace(NS)
                .resource(Sim.deployment("restart", 2, "nginx:1.25"))
                .create();
        Sim.await("rolled out", () -> sim.deploymentReady(NS, "restart"));
        List<String> before =
                pods("restart").stream().map(p -> p.getMetadata().getName()).toList();
        sim.client
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName("restart")
                .rolling()
                .restart();
        Sim.await("restarted", () -> {
            List<String> now =
                    pods("restart").stream().map(p -> p.getMetadata().getName()).toList();
            return sim.deploymentReady(NS, "restart")
                    && now.size() == 2
                    && now.stream().noneMatch(before::contains);
        });
        assertThat(get("restart").getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey("kubectl.kubernetes.io/restartedAt");
        assertThat(get("restart").getMetadata().getAnnotations())
                .containsEntry("deployment.kubernetes.io/revision", "2");
    }

    @Test
    void scalesToZeroAndBack() {
        sim.client
                .apps()
                .deployments()
                .inNamespace(NS)
                .resource(Sim.deployment("scale", 2, "nginx:1.25"))
                .create();
        Sim.await("rolled out", () -> sim.deploymentReady(NS, "scale"));
        sim.client.apps().deployments().inNamespace(NS).withName("scale").scale(0);
        Sim.await("no pods", () -> pods("scale").isEmpty() && sim.deploymentReady(NS, "scale"));
        assertThat(get("scale").getStatus().getReplicas()).isNull();
        sim.client.apps().deployments().inNamespace(NS).withName("scale").scale(3);
        Sim.await("three pods", () -> pods("scale").size() == 3 && sim.deploymentReady(NS, "scale"));
        assertThat(sim.client
                        .apps()
                        .replicaSets()
                        .inNamespace(NS)
                        .withLabel("app", "scale")
                        .list()
                        .getItems())
                .as("scaling keeps the ReplicaSet")
                .hasSize(1);
        assertThat(get("scale").getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1");
    }

    @Test
    void recreateStopsOldPodsBeforeStartingNewOnes() {
        Deployment d = Sim.deployment("recreate", 2, "nginx:1.25");
        d.getSpec()
                .setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder()
                        .withType("Recreate")
                        .build());
        sim.client.apps().deployments().inNamespace(NS).resource(d).create();
        Sim.await("rolled out", () -> sim.deploymentReady(NS, "recreate"));
        AtomicBoolean mixed = new AtomicBoolean();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                long images = pods("recreate").stream()
                        .map(p -> p.getSpec().getContainers().get(0).getImage())
                        .distinct()
                        .count();
                if (images > 1) {
                    mixed.set(true);
                }
            }
        });
        sampler.start();
        setImage("recreate", "nginx:1.26");
        Sim.await(
                "recreated",
                () -> sim.deploymentReady(NS, "recreate")
                        && pods("recreate").stream()
                                .allMatch(p -> p.getSpec()
                                        .getContainers()
                                        .get(0)
                                        .getImage()
                                        .equals("nginx:1.26")));
        sampling.set(false);
        assertThat(mixed.get()).as("old and new pods never run together").isFalse();
    }

    @Test
    void progressDeadlineExceededForPodsThatNeverStart() {
        Deployment d = Sim.deployment("stuck", 1, "registry.local/app:imagepullfail");
        d.getSpec().setProgressDeadlineSeconds(1);
        sim.client.apps().deployments().inNamespace(NS).resource(d).create();
        Sim.await("deadline exceeded", Duration.ofSeconds(20), () -> {
            Deployment now = get("stuck");
            return now.getStatus() != null
                    && now.getStatus().getConditions() != null
                    && now.getStatus().getConditions().stream()
                            .anyMatch(c -> c.getType().equals("Progressing")
                                    && c.getStatus().equals("False")
                                    && c.getReason().equals("ProgressDeadlineExceeded"));
        });
        Deployment now = get("stuck");
        assertThat(now.getStatus().getUnavailableReplicas()).isEqualTo(1);
        assertThat(now.getStatus().getConditions())
                .anyMatch(c -> c.getType().equals("Available") && c.getStatus().equals("False"));
    }

    @Test
    void pausedDeploymentsDoNotRollOutUntilResumed() {
        sim.client
                .apps()
                .deployments()
                .inNamespace(NS)
                .resource(Sim.deployment("paused", 2, "nginx:1.25"))
                .create();
        Sim.await("rolled out", () -> sim.deploymentReady(NS, "paused"));
        sim.client
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName("paused")
                .rolling()
                .pause();
        setImage("paused", "nginx:1.26");
        Sim.await(
                "paused condition",
                () -> get("paused").getStatus().getConditions().stream()
                        .anyMatch(c -> "DeploymentPaused".equals(c.getReason())));
        assertThat(sim.client
                        .apps()
                        .replicaSets()
                        .inNamespace(NS)
                        .withLabel("app", "paused")
                        .list()
                        .getItems())
                .hasSize(1);
        sim.client
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName("paused")
                .rolling()
                .resume();
        Sim.await(
                "rolled out after resume",
                () -> sim.deploymentReady(NS, "paused")
                        && pods("paused").stream()
                                .allMatch(p -> p.getSpec()
                                        .getContainers()
                                        .get(0)
                                        .getImage()
                                        .equals("nginx:1.26")));
    }

    @Test
    void standaloneReplicaSetKeepsItsPods() {
        ReplicaSet rs = new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder()
                .withNewMetadata()
                .withName("lonely")
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withNewSelector()
                .addToMatchLabels(Map.of("app", "lonely"))
                .endSelector()
                .withTemplate(Sim.deployment("lonely", 1, "nginx:1").getSpec().getTemplate())
                .endSpec()
                .build();
        sim.client.apps().replicaSets().inNamespace(NS).resource(rs).create();
        Sim.await("two pods", () -> pods("lonely").size() == 2);
        String victim = pods("lonely").get(0).getMetadata().getName();
        sim.client.pods().inNamespace(NS).withName(victim).delete();
        Sim.await(
                "replaced",
                () -> pods("lonely").size() == 2
                        && pods("lonely").stream()
                                .noneMatch(p -> p.getMetadata().getName().equals(victim)));
    }
}
