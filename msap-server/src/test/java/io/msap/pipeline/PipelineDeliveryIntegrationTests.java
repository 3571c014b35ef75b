package io.msap.pipeline;

import static io.msap.test.Replies.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.msap.test.Api;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * From source to a running deployment over HTTP: a Maven project in a local git repository is cloned and built with
 * the machine's Maven, its jar published as a package, an image built from it with Jib (kept as an OCI tarball: the
 * test servers have no registry) and deployed onto kube-sim by a deploy stage that follows its change order; a deploy
 * that fails is retried from its stage, reusing the package and image built before.
 */
class PipelineDeliveryIntegrationTests extends DeliveryTestBase {

    @Test
    void aMavenProjectIsBuiltPublishedTurnedIntoAnImageAndDeployedOntoTheCluster() throws Exception {
        String projectId = fixtures.project();
        PipelineSupport.Env env = support.environment(cluster, ADMIN_TOKEN, projectId);
        java.nio.file.Path repo = PipelineSupport.repository(Map.of(
                "pom.xml",
                PipelineRunIntegrationTests.MAVEN_POM,
                "src/main/java/demo/Hello.java",
                PipelineRunIntegrationTests.HELLO,
                ".mvn/maven.config",
                "-B\n"));
        String appId = support.app(ADMIN_TOKEN, projectId, repo);
        String appName = api.get("/v1/app/getApplication?appId=" + appId, ADMIN_TOKEN)
                .data()
                .get("name")
                .asString();
        String pipelineId = support.pipeline(
                ADMIN_TOKEN,
                PipelineSupport.pipelineBody(
                        projectId,
                        appId,
                        "deliver-" + PipelineSupport.suffix(),
                        List.of(
                                PipelineSupport.codeBuild("编译", 1, "maven-jdk17", "target", "*.jar"),
                                publishStage(2, "target"),
                                imageStage(3),
                                deployStage(4, env.envId(), Map.of("podNum", 2)))));

        String runId = support.run(ADMIN_TOKEN, pipelineId);
        JsonNode done = support.await(
                ADMIN_TOKEN,
                runId,
                d -> RunStatus.valueOf(d.get("runStatus").asString()).finished(),
                Duration.ofMinutes(4),
                "the run ends");

        assertThat(done.get("runStatus").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        JsonNode stages = done.get("stageList");
        assertThat(stages).hasSize(4);
        stages.forEach(stage -> assertThat(stage.get("statusCd").asString())
                .as(stage.toString())
                .isEqualTo("13"));
        JsonNode built = stages.get(0).get("outputs");
        JsonNode published = stages.get(1).get("outputs");
        JsonNode image = stages.get(2).get("outputs");
        JsonNode deployed = stages.get(3).get("outputs");

        // the package: the jar the build made, byte for byte, as a CODE_GENERATE package of the app
        String commit = built.get("commitId").asString();
        String version = "main-" + commit.substring(0, 8) + "-" + runId.substring(0, 8);
        assertThat(published.get("packageVer").asString()).isEqualTo(version);
        String packageId = published.get("packageId").asString();
        JsonNode pkg = api.get("/v1/product/getPackage?packageId=" + packageId, ADMIN_TOKEN)
                .data();
        assertThat(pkg.get("packageSource").asString()).isEqualTo("CODE_GENERATE");
        assertThat(pkg.get("packageType").asString()).isEqualTo("JAR");
        assertThat(pkg.get("appId").asString()).isEqualTo(appId);
        assertThat(pkg.get("packageName").asString()).isEqualTo(appName.toLowerCase(java.util.Locale.ROOT));
        assertThat(pkg.get("packageVer").asString()).isEqualTo(version);
        assertThat(pkg.get("branchName").asString()).isEqualTo("refs/heads/main");
        assertThat(pkg.get("fileName").asString()).isEqualTo("hello-1.0.jar");
        assertThat(pkg.get("sha256").asString()).isEqualTo(built.get("sha256").asString());
        HttpResponse<byte[]> download = download("/v1/product/downloadPackage?packageId=" + packageId);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(sha256(download.body())).isEqualTo(built.get("sha256").asString());

        // the image: built here from that package, its tarball holds the jar
        String imageId = image.get("imageId").asString();
        JsonNode imageInfo =
                api.get("/v1/product/getImage?imageId=" + imageId, ADMIN_TOKEN).data();
        assertThat(imageInfo.get("imageSource").asString()).isEqualTo("BUILD");
        assertThat(imageInfo.get("packageId").asString()).isEqualTo(packageId);
        assertThat(imageInfo.get("imageVer").asString()).isEqualTo(version);
        assertThat(imageInfo.get("imageUrl").asString())
                .isEqualTo(image.get("imageUrl").asString())
                .startsWith("msap.local/")
                .endsWith("/team/hello:" + version);
        assertThat(imageInfo.get("dockerfileContent").asString()).contains("hello-1.0.jar");
        HttpResponse<byte[]> tarball = download("/v1/product/downloadImage?imageId=" + imageId);
        assertThat(tarball.statusCode()).isEqualTo(200);
        assertThat(layerFiles(tarball.body())).anyMatch(name -> name.endsWith("hello-1.0.jar"));

        // the deploy: a change order that succeeded, two ready pods of that image on the cluster
        String changeOrderId = deployed.get("changeOrderId").asString();
        JsonNode order = api.get("/v1/app/inst/getChangeOrderInfo?changeOrderId=" + changeOrderId, ADMIN_TOKEN)
                .data();
        assertThat(order.toString()).contains("SUCCEEDED");
        Deployment deployment = cluster.client()
                .apps()
                .deployments()
                .inNamespace(env.namespace())
                .withName(appName.toLowerCase(java.util.Locale.ROOT))
                .get();
        assertThat(deployment).as("the Deployment on the cluster").isNotNull();
        assertThat(deployment
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo(imageInfo.get("imageUrl").asString());
        List<Pod> pods = cluster.client()
                .pods()
                .inNamespace(env.namespace())
                .withLabel("app.kubernetes.io/name", appName.toLowerCase(java.util.Locale.ROOT))
                .list()
                .getItems();
        assertThat(pods.stream()
                        .filter(p -> "Running".equals(p.getStatus().getPhase()))
                        .count())
                .as("running pods of the deployed image")
                .isEqualTo(2);

        String deployLog = support.fullLog(ADMIN_TOKEN, runId, "部署");
        assertThat(deployLog).contains(changeOrderId).contains("SUCCEEDED");
        assertThat(support.fullLog(ADMIN_TOKEN, runId, "发布")).contains(packageId);
        assertThat(support.fullLog(ADMIN_TOKEN, runId, "镜像")).contains(imageId);
    }

    @Test
    void aFailedDeployIsRetriedFromItsStageReusingThePackageAndImageBuiltBefore() {
        String projectId = fixtures.project();
        PipelineSupport.Env env = support.environment(cluster, ADMIN_TOKEN, projectId);
        java.nio.file.Path repo = PipelineSupport.repository(Map.of("build.sh", JAR_BUILD));
        String appId = support.app(ADMIN_TOKEN, projectId, repo);
        // the deploy mounts a ConfigMap the environment does not have yet
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(
                "configMgtList",
                List.of(Map.of(
                        "configType", "CONFIG_MAP", "mountSource", "app-settings", "mountMasterDir", "/etc/app")));
        String pipelineId = support.pipeline(
                ADMIN_TOKEN,
                PipelineSupport.pipelineBody(
                        projectId,
                        appId,
                        "retry-" + PipelineSupport.suffix(),
                        List.of(
                                PipelineSupport.codeBuild("编译", 1, PipelineSupport.SHELL, "out", "app.jar"),
                                publishStage(2, "out"),
                                imageStage(3),
                                deployStage(4, env.envId(), settings))));

        String runId = support.run(ADMIN_TOKEN, pipelineId);
        JsonNode failed = support.awaitEnd(ADMIN_TOKEN, runId);
        assertThat(failed.get("runStatus").asString()).as(failed.toString()).isEqualTo("FAILED");
        JsonNode deployStage = failed.get("stageList").get(3);
        assertThat(deployStage.get("statusCd").asString()).isEqualTo("14");
        assertThat(deployStage.get("reason").asString()).contains("app-settings");
        String imageId =
                failed.get("stageList").get(2).get("outputs").get("imageId").asString();
        String packageId =
                failed.get("stageList").get(1).get("outputs").get("packageId").asString();

        assertOk(api.post(
                "/v1/configmap/createK8sConfigMap",
                ADMIN_TOKEN,
                Map.of(
                        "deployEnvId",
                        env.envId(),
                        "clusterName",
                        cluster.resourceName(),
                        "namespace",
                        env.namespace(),
                        "configMapName",
                        "app-settings",
                        "items",
                        List.of(Map.of("name", "greeting", "value", "hello")))));
        assertOk(api.post("/v1/pipelines/retryPipelineJobRun", ADMIN_TOKEN, Map.of("pipelineRecordId", runId)));
        JsonNode done = support.awaitEnd(ADMIN_TOKEN, runId);

        assertThat(done.get("runStatus").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("attempt").asInt()).isEqualTo(2);
        JsonNode stages = done.get("stageList");
        assertThat(stages.get(0).get("attempt").asInt())
                .as("the build did not run again")
                .isEqualTo(1);
        assertThat(stages.get(2).get("outputs").get("imageId").asString()).isEqualTo(imageId);
        assertThat(stages.get(3).get("attempt").asInt()).isEqualTo(2);
        JsonNode images = api.get("/v1/product/listImagesPage?projectId=" + projectId + "&appId=" + appId, ADMIN_TOKEN)
                .data();
        assertThat(images.get("total").asInt()).as("one image, built once").isEqualTo(1);
        JsonNode packages = api.get(
                        "/v1/product/listPackagesPage?projectId=" + projectId + "&appId=" + appId, ADMIN_TOKEN)
                .data();
        assertThat(packages.get("total").asInt())
                .as("one package, published once")
                .isEqualTo(1);
        assertThat(packages.get("list").get(0).get("packageId").asString()).isEqualTo(packageId);
        String changeOrderId = stages.get(3).get("outputs").get("changeOrderId").asString();
        JsonNode order = api.get("/v1/app/inst/getChangeOrderInfo?changeOrderId=" + changeOrderId, ADMIN_TOKEN)
                .data();
        assertThat(order.toString()).contains("SUCCEEDED");
    }

    @Test
    void deploySettingsAreCheckedWhenSavedAndAStageWithoutAnEarlierImageFailsSayingWhich() {
        String projectId = fixtures.project();
        PipelineSupport.Env env = support.environment(cluster, ADMIN_TOKEN, projectId);
        java.nio.file.Path repo = PipelineSupport.repository(Map.of("build.sh", JAR_BUILD));
        String appId = support.app(ADMIN_TOKEN, projectId, repo);
        String pipelineId = support.pipeline(
                ADMIN_TOKEN,
                PipelineSupport.pipelineBody(
                        projectId,
                        appId,
                        "no-image-" + PipelineSupport.suffix(),
                        List.of(deployStage(1, env.envId(), Map.of()))));
        // deploy settings are checked as deployK8sApplication checks them, when the pipeline is saved
        Api.Reply badVersion = api.post(
                "/v1/pipelines/createPipeline",
                ADMIN_TOKEN,
                PipelineSupport.pipelineBody(
                        projectId,
                        appId,
                        "bad-" + PipelineSupport.suffix(),
                        List.of(deployStage(1, env.envId(), Map.of("deployVer", "v 1!")))));
        io.msap.test.Replies.assertFailure(badVersion, 400, "deployVer: 须为 1~63 个字母、数字、- _ .，并以字母或数字开头和结尾");
        Api.Reply badResources = api.post(
                "/v1/pipelines/createPipeline",
                ADMIN_TOKEN,
                PipelineSupport.pipelineBody(
                        projectId,
                        appId,
                        "bad-" + PipelineSupport.suffix(),
                        List.of(deployStage(
                                1,
                                env.envId(),
                                Map.of("podResourceSpec", Map.of("memoryRequest", 512, "memoryLimit", 256))))));
        io.msap.test.Replies.assertFailure(badResources, 400, "podResourceSpec.memoryRequest: 请求值不能大于限制值");

        JsonNode done = support.awaitEnd(ADMIN_TOKEN, support.run(ADMIN_TOKEN, pipelineId, "main"));
        assertThat(done.get("runStatus").asString()).isEqualTo("FAILED");
        assertThat(done.get("stageList").get(0).get("reason").asString())
                .isEqualTo("流程“部署”之前没有成功的 IMAGE_BUILD 流程，没有可部署的镜像");
        assertThat(api.get("/v1/app/inst/listApplication?projectId=" + projectId, ADMIN_TOKEN)
                        .data())
                .as("nothing was deployed")
                .isEmpty();
    }

    @Test
    void aDeployStageFollowsManualBatchesUntilTheNextBatchIsConfirmedAndStoppingTheRunAbortsItsChangeOrder() {
        String projectId = fixtures.project();
        PipelineSupport.Env env = support.environment(cluster, ADMIN_TOKEN, projectId);
        java.nio.file.Path repo = PipelineSupport.repository(Map.of("build.sh", JAR_BUILD));
        String appId = support.app(ADMIN_TOKEN, projectId, repo);
        Map<String, Object> batches = Map.of(
                "podNum",
                2,
                "deploymentStrategy",
                Map.of(
                        "batchList",
                        List.of(Map.of("batchSeq", 1, "instNum", 1), Map.of("batchSeq", 2, "instNum", 1)),
                        "betweenBatchProcessingMode",
                        "MANUAL"));
        String pipelineId = support.pipeline(
                ADMIN_TOKEN,
                PipelineSupport.pipelineBody(
                        projectId,
                        appId,
                        "batches-" + PipelineSupport.suffix(),
                        List.of(
                                PipelineSupport.codeBuild("编译", 1, PipelineSupport.SHELL, "out", "app.jar"),
                                publishStage(2, "out"),
                                imageStage(3),
                                deployStage(4, env.envId(), batches))));

        // the first run waits with its change order for the next batch, and goes on when it is confirmed
        String runId = support.run(ADMIN_TOKEN, pipelineId);
        String changeOrderId = awaitWaitingChangeOrder(runId);
        JsonNode running = support.detail(ADMIN_TOKEN, runId);
        assertThat(running.get("runStatus").asString()).isEqualTo("RUNNING");
        assertThat(running.get("stageList").get(3).get("statusCd").asString()).isEqualTo("12");
        JsonNode order = api.get("/v1/app/inst/getChangeOrderInfo?changeOrderId=" + changeOrderId, ADMIN_TOKEN)
                .data();
        String deployPhase =
                order.get("pipelineInfoList").get(0).get("pipelineId").asString();
        assertOk(api.post(
                "/v1/app/inst/continuePipeline",
                ADMIN_TOKEN,
                Map.of(
                        "appDeployId",
                        order.get("appDeployId").asString(),
                        "changeOrderId",
                        changeOrderId,
                        "pipelineId",
                        deployPhase)));
        JsonNode done = support.awaitEnd(ADMIN_TOKEN, runId);
        assertThat(done.get("runStatus").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("stageList")
                        .get(3)
                        .get("outputs")
                        .get("changeOrderId")
                        .asString())
                .isEqualTo(changeOrderId);

        // a second run is stopped while its change order waits: the change order is aborted with it
        String second = support.run(ADMIN_TOKEN, pipelineId);
        String secondOrder = awaitWaitingChangeOrder(second);
        assertOk(api.post("/v1/pipelines/pausePipeline", ADMIN_TOKEN, Map.of("pipelineRecordId", second)));
        JsonNode stopped = support.awaitEnd(ADMIN_TOKEN, second);
        assertThat(stopped.get("runStatus").asString()).as(stopped.toString()).isEqualTo("STOPPED");
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        String status;
        do {
            status = api.get("/v1/app/inst/getChangeOrderInfo?changeOrderId=" + secondOrder, ADMIN_TOKEN)
                    .data()
                    .get("executeStatus")
                    .asString();
            assertThat(java.time.Instant.now())
                    .as("the change order is aborted")
                    .isBefore(deadline);
            PipelineSupport.sleep(200);
        } while (!status.equals("ABORTED"));
    }

    @Test
    void aDeployStageDeploysWithTheRightsOfWhoStartedTheRun() {
        String projectId = fixtures.project();
        PipelineSupport.Env env = support.environment(cluster, ADMIN_TOKEN, projectId);
        java.nio.file.Path repo = PipelineSupport.repository(Map.of("build.sh", JAR_BUILD));
        String appId = support.app(ADMIN_TOKEN, projectId, repo);
        String pipelineId = support.pipeline(
                ADMIN_TOKEN,
                PipelineSupport.pipelineBody(
                        projectId,
                        appId,
                        "rights-" + PipelineSupport.suffix(),
                        List.of(
                                PipelineSupport.codeBuild("编译", 1, PipelineSupport.SHELL, "out", "app.jar"),
                                publishStage(2, "out"),
                                imageStage(3),
                                deployStage(4, env.envId(), Map.of()))));
        // a tester with the app's grant may run the pipeline, but has no grant on the environment
        io.msap.test.Fixtures.User tester = fixtures.subAccount();
        fixtures.member(projectId, tester, io.msap.test.Fixtures.TESTER);
        io.msap.test.Replies.assertTrue(api.post(
                "/v1/data/authorize/authorizeApplication",
                ADMIN_TOKEN,
                Map.of("appId", appId, "projectId", projectId, "userIds", List.of(tester.userId()))));

        String runId = support.run(tester.token(), pipelineId);
        JsonNode failed = support.awaitEnd(tester.token(), runId);
        assertThat(failed.get("runStatus").asString()).as(failed.toString()).isEqualTo("FAILED");
        JsonNode stages = failed.get("stageList");
        assertThat(stages.get(2).get("statusCd").asString()).isEqualTo("13");
        assertThat(stages.get(3).get("statusCd").asString()).isEqualTo("14");
        assertThat(stages.get(3).get("reason").asString()).contains("没有权限");
        assertThat(cluster.client()
                        .apps()
                        .deployments()
                        .inNamespace(env.namespace())
                        .list()
                        .getItems())
                .as("nothing was deployed")
                .isEmpty();

        // retried by the project's admin, the deploy runs with the admin's rights
        assertOk(api.post("/v1/pipelines/retryPipelineJobRun", ADMIN_TOKEN, Map.of("pipelineRecordId", runId)));
        JsonNode done = support.awaitEnd(ADMIN_TOKEN, runId);
        assertThat(done.get("runStatus").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(cluster.client()
                        .apps()
                        .deployments()
                        .inNamespace(env.namespace())
                        .list()
                        .getItems())
                .hasSize(1);
    }

    /** Waits until the run's deploy stage logs that its change order waits for the next batch; answers its id. */
    private String awaitWaitingChangeOrder(String runId) {
        java.util.regex.Pattern created = java.util.regex.Pattern.compile("已创建变更单 ([0-9a-f-]{36})");
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(90);
        while (true) {
            JsonNode detail = support.detail(ADMIN_TOKEN, runId);
            assertThat(detail.get("runStatus").asString()).as(detail.toString()).isIn("WAITING", "RUNNING");
            if (detail.get("stageList").get(3).get("statusCd").asString().equals("12")) {
                String log = support.fullLog(ADMIN_TOKEN, runId, "部署");
                java.util.regex.Matcher id = created.matcher(log);
                if (id.find() && log.contains("WAITING_FOR_NEXT_BATCH")) {
                    return id.group(1);
                }
            }
            assertThat(java.time.Instant.now())
                    .as("the deploy waits for its next batch")
                    .isBefore(deadline);
            PipelineSupport.sleep(200);
        }
    }

    /** Builds out/app.jar with the JDK's jar tool. */
    static final String JAR_BUILD = """
            set -e
            mkdir -p classes out
            echo "hello" > classes/hello.txt
            "$JAVA_HOME/bin/jar" cf out/app.jar -C classes .
            echo "built out/app.jar"
            """;

    private static Map<String, Object> publishStage(int sort, String path) {
        return PipelineSupport.stage(
                "发布",
                "PACKAGE_PUBLISH",
                sort,
                Map.of("packagePath", path, "packageName", "*.jar", "packageType", "JAR"));
    }

    private static Map<String, Object> imageStage(int sort) {
        return PipelineSupport.stage(
                "镜像",
                "IMAGE_BUILD",
                sort,
                Map.of("runtimeEnvCode", "java", "runtimeEnvVer", "17", "imageName", "team/hello"));
    }

    private static Map<String, Object> deployStage(int sort, String envId, Map<String, Object> settings) {
        Map<String, Object> config = new LinkedHashMap<>(settings);
        config.put("deployEnvId", envId);
        return PipelineSupport.stage("部署", "IMAGE_DEPLOY", sort, config);
    }

    private HttpResponse<byte[]> download(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(api.base() + path))
                                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** The names of the files in the layers of an OCI image tarball. */
    private static List<String> layerFiles(byte[] tarball) throws Exception {
        List<String> names = new java.util.ArrayList<>();
        try (TarArchiveInputStream outer = new TarArchiveInputStream(new ByteArrayInputStream(tarball))) {
            TarArchiveEntry entry;
            while ((entry = outer.getNextEntry()) != null) {
                if (entry.isDirectory() || !entry.getName().startsWith("blobs/")) {
                    continue;
                }
                byte[] blob = outer.readAllBytes();
                if (blob.length < 2 || (blob[0] & 0xff) != 0x1f || (blob[1] & 0xff) != 0x8b) {
                    continue;
                }
                try (TarArchiveInputStream layer =
                        new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(blob)))) {
                    TarArchiveEntry file;
                    while ((file = layer.getNextEntry()) != null) {
                        names.add(file.getName());
                    }
                }
            }
        }
        return names;
    }
}
