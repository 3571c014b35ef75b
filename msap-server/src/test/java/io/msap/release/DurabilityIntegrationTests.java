package io.msap.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.msap.kubesim.KubeSim;
import io.msap.kubesim.KubeSimConfig;
import io.msap.test.Api;
import io.msap.test.ServerProcess;
import io.msap.test.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Durability of change orders, with servers as real processes and kube-sim as the cluster (in this JVM, registered
 * like any cluster; the servers run with the embedded cluster off): a server killed in the middle of deploys and
 * started again finishes every accepted change order exactly once, and two servers on one PostgreSQL database share
 * the work without applying any step twice.
 */
class DurabilityIntegrationTests {

    private static final String TOKEN = "durability-" + UUID.randomUUID();
    private static final Pattern FINISHED = Pattern.compile("change order ([0-9a-f-]{36}) \\(DEPLOY\\) SUCCEEDED");

    private final List<ServerProcess> servers = new ArrayList<>();
    private KubeSim sim;
    private KubernetesClient cluster;
    private Path dataDir;
    private Map<String, String> properties;

    @BeforeEach
    void startCluster() throws IOException {
        sim = KubeSim.start(KubeSimConfig.fast().withPodStartDelay(Duration.ofSeconds(3)));
        cluster = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(sim.kubeconfig()))
                .build();
        dataDir = Files.createTempDirectory("msap-durability-");
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        properties = new HashMap<>(TestDatabase.freshDatabase(dataDir));
        properties.remove("msap.data-dir");
        properties.put("msap.bootstrap.token", TOKEN);
        properties.put("msap.bootstrap.password", "Durability-Passw0rd");
        properties.put("msap.embedded-cluster.enabled", "false");
        properties.put("msap.secrets.keys", "k1:" + Base64.getEncoder().encodeToString(key));
        properties.put("msap.release.poll-interval", "300ms");
        properties.put("db-scheduler.polling-interval", "300ms");
        properties.put("db-scheduler.heartbeat-interval", "1s");
        properties.put("db-scheduler.missed-heartbeats-limit", "4");
        // the test-shell build environment, for deploys from source
        properties.putAll(io.msap.test.TestServers.pipelineProperties(dataDir));
    }

    @AfterEach
    void stop() {
        servers.forEach(ServerProcess::close);
        if (cluster != null) {
            cluster.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void aServerKilledInTheMiddleOfDeploysFinishesEveryAcceptedChangeOnceAfterARestart() {
        ServerProcess first = start("first");
        Target target = prepare(first.api());
        List<String> changeOrders = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            changeOrders.add(deploy(first.api(), target, "svc" + i));
        }
        sleep(300);
        first.kill();
        // the kill came in the middle of the work: not every accepted change order had finished
        List<String> finishedBeforeTheKill = finished(first.output());
        assertThat(finishedBeforeTheKill)
                .as("change orders finished before the kill")
                .hasSizeLessThan(6);

        ServerProcess second = start("second");
        awaitFinished(second.api(), changeOrders, Duration.ofSeconds(120));
        assertEachDeployedExactlyOnce(second.api(), target, changeOrders);
        List<String> all = new ArrayList<>(finishedBeforeTheKill);
        all.addAll(finished(second.output()));
        assertThat(all).as("each change order finished once").containsExactlyInAnyOrderElementsOf(changeOrders);
    }

    @Test
    void twoServersOnOneDatabaseShareTheWorkWithoutApplyingAnyStepTwice() {
        assumeTrue(TestDatabase.postgresql(), "two servers share a database only on PostgreSQL (H2 is embedded)");
        // each server claims at most two executions a poll, so one of them cannot take all ten in one go
        properties.put("db-scheduler.threads", "2");
        properties.put("db-scheduler.polling-strategy-lower-limit-fraction-of-threads", "0.5");
        properties.put("db-scheduler.polling-strategy-upper-limit-fraction-of-threads", "1.0");
        ServerProcess a = start("a");
        ServerProcess b = start("b");
        Target target = prepare(a.api());
        List<String> changeOrders = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            changeOrders.add(deploy(i % 2 == 0 ? a.api() : b.api(), target, "app" + i));
        }
        awaitFinished(a.api(), changeOrders, Duration.ofSeconds(180));
        assertEachDeployedExactlyOnce(b.api(), target, changeOrders);

        List<String> finishedByA = finished(a.output());
        List<String> finishedByB = finished(b.output());
        assertThat(finishedByA).as("change orders finished by server a").isNotEmpty();
        assertThat(finishedByB).as("change orders finished by server b").isNotEmpty();
        List<String> all = new ArrayList<>(finishedByA);
        all.addAll(finishedByB);
        assertThat(all)
                .as("each change order finished once, by one server")
                .containsExactlyInAnyOrderElementsOf(changeOrders);
    }

    @Test
    void aServerKilledBetweenBatchesStillWaitsForConfirmationAfterARestartAndThenFinishes() {
        ServerProcess first = start("first");
        Target target = prepare(first.api());
        Map<String, Object> body = deployBody(target, "batched");
        body.put(
                "deploymentStrategy",
                Map.of(
                        "batchList",
                        List.of(Map.of("batchSeq", 1, "instNum", 1), Map.of("batchSeq", 2, "instNum", 1)),
                        "betweenBatchProcessingMode",
                        "MANUAL"));
        String changeOrderId = ok(first.api().post("/v1/app/createMicroserviceApplication", TOKEN, body))
                .get("changeOrderId")
                .asString();
        JsonNode paused = awaitStatus(first.api(), changeOrderId, "WAITING_FOR_NEXT_BATCH", Duration.ofSeconds(60));
        first.kill();

        ServerProcess second = start("second");
        // after the restart it still waits for confirmation: nothing moves on by itself
        sleep(3000);
        JsonNode still = ok(second.api().get("/v1/app/inst/getChangeOrderInfo", TOKEN, "changeOrderId", changeOrderId));
        assertThat(still.get("executeStatus").asString()).isEqualTo("WAITING_FOR_NEXT_BATCH");
        assertThat(cluster.apps()
                        .deployments()
                        .inNamespace(target.namespace())
                        .withName("batched-canary")
                        .get()
                        .getStatus()
                        .getReadyReplicas())
                .isEqualTo(1);

        ok(second.api()
                .post(
                        "/v1/app/inst/continuePipeline",
                        TOKEN,
                        Map.of(
                                "appDeployId",
                                paused.get("appDeployId").asString(),
                                "changeOrderId",
                                changeOrderId,
                                "pipelineId",
                                paused.get("pipelineInfoList")
                                        .get(0)
                                        .get("pipelineId")
                                        .asString())));
        awaitFinished(second.api(), List.of(changeOrderId), Duration.ofSeconds(60));
        Deployment own = cluster.apps()
                .deployments()
                .inNamespace(target.namespace())
                .withName("batched")
                .get();
        assertThat(own.getStatus().getReadyReplicas()).isEqualTo(2);
        assertThat(cluster.apps()
                        .deployments()
                        .inNamespace(target.namespace())
                        .withName("batched-canary")
                        .get())
                .isNull();
    }

    private JsonNode awaitStatus(Api api, String changeOrderId, String status, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode info = ok(api.get("/v1/app/inst/getChangeOrderInfo", TOKEN, "changeOrderId", changeOrderId));
            if (info.get("executeStatus").asString().equals(status)) {
                return info;
            }
            assertThat(Instant.now())
                    .as("change order %s still %s", changeOrderId, info.get("executeStatus"))
                    .isBefore(deadline);
            sleep(300);
        }
    }

    // ---- helpers ----

    @Test
    void aServerKilledDuringTheBuildOfADeployFromSourceBuildsAgainAfterARestartAndPublishesOnce() throws Exception {
        Path marker = Files.createTempDirectory("msap-durable-deploy-build-").resolve("started");
        Path repo = gitRepository(Map.of(
                "build.sh",
                "echo started >> '" + marker + "'\n"
                        + "sleep 4\n"
                        + "mkdir -p classes out\n"
                        + "echo hello > classes/hello.txt\n"
                        + "\"$JAVA_HOME/bin/jar\" cf out/app.jar -C classes .\n"));
        ServerProcess first = start("first");
        Target target = prepare(first.api());
        String connectionId = new io.msap.test.AppFixtures(first.api())
                .connection(
                        TOKEN,
                        target.projectId(),
                        "local",
                        "GIT",
                        repo.getParent().toUri().toString());
        Map<String, Object> body = deployBody(target, "fromsource");
        body.remove("imageUrl");
        body.put("type", "EXTERNAL_CODE");
        body.put("origin", "GIT");
        body.put("codeReposAddress", repo.toUri().toString());
        body.put("connectionId", connectionId);
        body.put("deploySource", "CODE");
        body.put("branchOrTagName", "main");
        body.put("buildEnvCode", "test-shell");
        body.put("packagePath", "out");
        body.put("packageName", "app.jar");
        JsonNode created = ok(first.api().post("/v1/app/createMicroserviceApplication", TOKEN, body));
        String changeOrderId = created.get("changeOrderId").asString();
        String appId = created.get("appId").asString();
        Instant deadline = Instant.now().plusSeconds(60);
        while (!Files.exists(marker)) {
            assertThat(Instant.now()).as("the build starts").isBefore(deadline);
            sleep(100);
        }

        first.kill();

        ServerProcess second = start("second");
        awaitFinished(second.api(), List.of(changeOrderId), Duration.ofSeconds(120));
        assertThat(Files.readAllLines(marker))
                .as("the build ran again after the restart")
                .hasSize(2);
        JsonNode packages = ok(second.api()
                .get("/v1/product/listPackagesPage", TOKEN, "projectId", target.projectId(), "appId", appId));
        assertThat(packages.get("total").asInt())
                .as("the package was published once")
                .isEqualTo(1);
        JsonNode images = ok(
                second.api().get("/v1/product/listImagesPage", TOKEN, "projectId", target.projectId(), "appId", appId));
        assertThat(images.get("total").asInt()).as("the image was built once").isEqualTo(1);
        Deployment deployment = cluster.apps()
                .deployments()
                .inNamespace(target.namespace())
                .withName("fromsource")
                .get();
        assertThat(deployment
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo(images.get("list").get(0).get("imageUrl").asString());
    }

    /** A git repository (branch main) under the system temporary directory holding {@code files}, committed. */
    private static Path gitRepository(Map<String, String> files) throws Exception {
        Path repo = Files.createTempDirectory("msap-durable-repos-").resolve("repo");
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init()
                .setDirectory(repo.toFile())
                .setInitialBranch("main")
                .call()) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(repo.resolve(file.getKey()), file.getValue());
                git.add().addFilepattern(file.getKey()).call();
            }
            org.eclipse.jgit.lib.PersonIdent who = new org.eclipse.jgit.lib.PersonIdent("Test", "test@example.com");
            git.commit().setMessage("first").setAuthor(who).setCommitter(who).call();
        }
        return repo;
    }

    private record Target(String projectId, String envId, String namespace) {}

    private ServerProcess start(String name) {
        ServerProcess server = ServerProcess.start(name, dataDir, properties);
        servers.add(server);
        return server;
    }

    /** A project with an environment that imports a namespace of the test's kube-sim. */
    private Target prepare(Api api) {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        ok(api.post(
                "/v1/admin/createResourcePool",
                TOKEN,
                Map.of(
                        "areaCode",
                        "a" + suffix,
                        "areaName",
                        "Area",
                        "resPoolCode",
                        "p" + suffix,
                        "resPoolName",
                        "Pool")));
        String instId = ok(api.post(
                        "/v1/admin/registerK8sCluster",
                        TOKEN,
                        Map.of(
                                "resPoolCode", "p" + suffix,
                                "resourceName", "sim-" + suffix,
                                "kubeconfig", sim.kubeconfig())))
                .asString();
        String projectId = ok(api.post(
                        "/v1/project/createProject",
                        TOKEN,
                        Map.of("projectCode", "d" + suffix, "projectName", "Durability " + suffix)))
                .asString();
        String namespace = "dur-" + suffix;
        ok(api.post("/v1/env/createK8sNameSpace", TOKEN, Map.of("instId", instId, "namespaceName", namespace)));
        String envId = ok(api.post(
                        "/v1/env/createEnv",
                        TOKEN,
                        Map.of(
                                "projectId",
                                projectId,
                                "envCode",
                                "dev",
                                "envName",
                                "Development",
                                "envType",
                                "DEVELOP",
                                "resPoolId",
                                "p" + suffix)))
                .asString();
        ok(api.post(
                "/v1/env/importResource",
                TOKEN,
                Map.of("envId", envId, "resourceList", List.of(Map.of("instId", instId, "k8sNameSpace", namespace)))));
        return new Target(projectId, envId, namespace);
    }

    private String deploy(Api api, Target target, String name) {
        return ok(api.post("/v1/app/createMicroserviceApplication", TOKEN, deployBody(target, name)))
                .get("changeOrderId")
                .asString();
    }

    private Map<String, Object> deployBody(Target target, String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("projectId", target.projectId());
        body.put("name", name);
        body.put("category", "MICRO_SERVICE");
        body.put("clusterType", "KUBERNETES");
        body.put("type", "PACKAGE");
        body.put("language", "Java");
        body.put("origin", "IMAGE");
        body.put("deployEnvId", target.envId());
        body.put("deploySource", "IMAGE");
        body.put("deployVer", "1.0.0");
        body.put("packageVer", "1.0.0");
        body.put("podNum", 2);
        body.put("podResourceSpec", Map.of("cpuRequest", 0.1, "memoryRequest", 64));
        body.put("runtimeEnvCode", "java");
        body.put("runtimeEnvVer", "17");
        body.put("imageUrl", "registry.example.com/durability/" + name + ":1.0.0");
        return body;
    }

    private void awaitFinished(Api api, List<String> changeOrders, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        for (String id : changeOrders) {
            while (true) {
                JsonNode info = ok(api.get("/v1/app/inst/getChangeOrderInfo", TOKEN, "changeOrderId", id));
                String status = info.get("executeStatus").asString();
                if (List.of("SUCCEEDED", "FAILED", "ABORTED").contains(status)) {
                    assertThat(status)
                            .as("change order %s (%s)", id, info.get("failReason"))
                            .isEqualTo("SUCCEEDED");
                    break;
                }
                assertThat(Instant.now())
                        .as("change order %s still %s", id, status)
                        .isBefore(deadline);
                sleep(500);
            }
        }
    }

    /**
     * Each change order deployed its app once: one change order and one history entry per app deployment, one
     * ReplicaSet per Deployment (a second apply of a different template would have made another), and as many ready
     * pods as asked for.
     */
    private void assertEachDeployedExactlyOnce(Api api, Target target, List<String> changeOrders) {
        JsonNode deployments = ok(api.get("/v1/app/inst/listApplication", TOKEN, "projectId", target.projectId()));
        assertThat(deployments.size()).isEqualTo(changeOrders.size());
        for (JsonNode row : deployments) {
            String appDeployId = row.get("appDeployId").asString();
            assertThat(row.get("statusCd").asString()).isEqualTo("SOA");
            assertThat(ok(api.get("/v1/app/inst/listRecentChangeOrder", TOKEN, "appDeployId", appDeployId))
                            .size())
                    .as("change orders of %s", row.get("appName"))
                    .isEqualTo(1);
            assertThat(ok(api.get("/v1/app/inst/listHistoryDeployVersion", TOKEN, "appDeployId", appDeployId))
                            .size())
                    .as("successful deploys recorded for %s", row.get("appName"))
                    .isEqualTo(1);
            String code = row.get("appDeployCode").asString();
            Deployment deployment = cluster.apps()
                    .deployments()
                    .inNamespace(target.namespace())
                    .withName(code)
                    .get();
            assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(2);
            assertThat(cluster.apps()
                            .replicaSets()
                            .inNamespace(target.namespace())
                            .withLabel("app.kubernetes.io/name", code)
                            .list()
                            .getItems())
                    .hasSize(1);
        }
    }

    private static List<String> finished(String output) {
        List<String> ids = new ArrayList<>();
        Matcher matcher = FINISHED.matcher(output);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }

    private static JsonNode ok(Api.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.data();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
