package io.msap.kubesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Deterministic failures chosen by the image (crashloop, imagepullfail, slowstart) and simulated pod logs. */
class FailureImagesTests {
    static Sim sim;
    static final String NS = "fail";

    @BeforeAll
    static void start() throws Exception {
        sim = Sim.start();
        sim.namespace(NS);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static Pod pod(String app) {
        List<Pod> pods =
                sim.client.pods().inNamespace(NS).withLabel("app", app).list().getItems();
        return pods.isEmpty() ? null : pods.get(0);
    }

    private static ContainerStatus status(String app) {
        Pod p = pod(app);
        return p == null
                        || p.getStatus() == null
                        || p.getStatus().getContainerStatuses() == null
                        || p.getStatus().getContainerStatuses().isEmpty()
                ? null
                : p.getStatus().getContainerStatuses().get(0);
    }

    @Test
    void crashloopRestartsAgainAndAgain() {
        sim.client
                .apps()
                .deployments()
                .inNamespace(NS)
                .resource(Sim.deployment("crash", 1, "acme/app:crashloop"))
                .create();
        Sim.await("crash looping", () -> {
            ContainerStatus s = status("crash");
            return s != null
                    && s.getState().getWaiting() != null
                    && "CrashLoopBackOff".equals(s.getState().getWaiting().getReason())
                    && s.getRestartCount() >= 2;
        });
        ContainerStatus s = status("crash");
        int restarts = s.getRestartCount();
        assertThat(s.getReady()).isFalse();
        assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(s.getLastState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(pod("crash").getStatus().getPhase()).isEqualTo("Running");
        Sim.await("restart count rises", () -> status("crash").getRestartCount() > restarts);

        String name = pod("crash").getMetadata().getName();
        assertThat(sim.client.pods().inNamespace(NS).withName(name).terminated().getLog())
                .contains("FATAL simulated crash");
        var d = sim.client
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName("crash")
                .get();
        assertThat(d.getStatus().getAvailableReplicas()).isNull();
        assertThat(d.getStatus().getUnavailableReplicas()).isEqualTo(1);
    }

    @Test
    void imagePullFailureStaysPending() {
        sim.client
                .apps()
                .deployments()
                .inNamespace(NS)
                .resource(Sim.deployment("pull", 1, "acme/app:imagepullfail"))
                .create();
        Sim.await("ErrImagePull", () -> {
            ContainerStatus s = status("pull");
            return s != null
                    && s.getState().getWaiting() != null
                    && "ErrImagePull".equals(s.getState().getWaiting().getReason());
        });
        Sim.await(
                "ImagePullBackOff",
                () -> "ImagePullBackOff"
                        .equals(status("pull").getState().getWaiting().getReason()));
        assertThat(pod("pull").getStatus().getPhase()).isEqualTo("Pending");
        String name = pod("pull").getMetadata().getName();
        assertThatThrownBy(
                        () -> sim.client.pods().inNamespace(NS).withName(name).getLog())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(400));
    }

    @Test
    void slowstartBecomesReadyLate() {
        sim.client
                .apps()
                .deployments()
                .inNamespace(NS)
                .resource(Sim.deployment("slow", 1, "acme/slowstart:1"))
                .create();
        Sim.await("running", () -> {
            ContainerStatus s = status("slow");
            return s != null && s.getState().getRunning() != null;
        });
        assertThat(status("slow").getReady()).as("running but not yet ready").isFalse();
        // KubeSimConfig.fast(): ready three seconds after scheduling
        Sim.await(
                "ready",
                Duration.ofSeconds(10),
                () -> Boolean.TRUE.equals(status("slow").getReady()));
        Sim.await("rolled out", () -> sim.deploymentReady(NS, "slow"));
    }

    @Test
    void podLogsWithTailContainerAndPrevious() {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName("chatty")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("main")
                .withImage("acme/app:1")
                .endContainer()
                .addNewContainer()
                .withName("side")
                .withImage("acme/side:1")
                .endContainer()
                .endSpec()
                .build();
        sim.client.pods().inNamespace(NS).resource(pod).create();
        Sim.await("running", () -> {
            Pod p = sim.client.pods().inNamespace(NS).withName("chatty").get();
            return p.getStatus().getContainerStatuses().size() == 2
                    && p.getStatus().getContainerStatuses().stream().allMatch(ContainerStatus::getReady);
        });
        var main = sim.client.pods().inNamespace(NS).withName("chatty").inContainer("main");
        Sim.await(
                "heartbeats",
                () -> main.getLog().lines().filter(l -> l.contains("heartbeat")).count() >= 3);
        String log = main.getLog();
        assertThat(log).contains("starting container main (image acme/app:1)");
        assertThat(main.tailingLines(2).getLog().lines()).hasSize(2);
        assertThat(sim.client
                        .pods()
                        .inNamespace(NS)
                        .withName("chatty")
                        .inContainer("side")
                        .getLog())
                .contains("starting container side");
        assertThatThrownBy(() ->
                        sim.client.pods().inNamespace(NS).withName("chatty").getLog())
                .hasMessageContaining("a container name must be specified");
        assertThatThrownBy(() -> main.terminated().getLog()).hasMessageContaining("previous terminated container");
    }
}
