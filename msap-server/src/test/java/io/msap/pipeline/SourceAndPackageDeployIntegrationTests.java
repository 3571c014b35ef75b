package io.msap.pipeline;

import static io.msap.test.Replies.assertFailure;
import static io.msap.test.Replies.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.msap.test.Api;
import io.msap.test.AppFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Deploys with deploySource PACKAGE and CODE through createMicroserviceApplication and deployK8sApplication: the change
 * order builds first (构建镜像, and 编译 from source) and then deploys, shown in pipelineInfoList as the manual
 * describes; the official demo hello-msap runs on kube-sim; a failing build fails the change order with its output; an
 * image in use cannot be deleted.
 */
class SourceAndPackageDeployIntegrationTests extends DeliveryTestBase {

    @Test
    void theOfficialDemoIsDeployedFromItsPackageThroughAnImageBuiltForIt() {
        String projectId = fixtures.project();
        PipelineSupport.Env env = support.environment(cluster, ADMIN_TOKEN, projectId);
        String name = "hello" + PipelineSupport.suffix();
        Map<String, Object> body = microservice(projectId, env.envId(), name);
        body.put("type", "PACKAGE");
        body.put("origin", "JAR");
        body.put("deploySource", "PACKAGE");
        body.put("packageSource", "OFFICIAL_DEMO");
        body.put("officialDemoCode", "hello-msap");
        Api.Reply created = api.post("/v1/app/createMicroserviceApplication", ADMIN_TOKEN, body);
        assertOk(created);
        String appId = created.data().get("appId").asString();
        String changeOrderId = created.data().get("changeOrderId").asString();

        JsonNode info = awaitEnd(changeOrderId, Duration.ofSeconds(90));
        assertThat(info.get("executeStatus").asString()).as(info.toString()).isEqualTo("SUCCEEDED");
        JsonNode phases = info.get("pipelineInfoList");
        assertThat(phases).hasSize(2);
        assertThat(phases.get(0).get("pipelineName").asString()).isEqualTo("构建镜像");
        assertThat(phases.get(1).get("pipelineName").asString()).isEqualTo("微服务 K8s 集群部署");
        phases.forEach(p ->
                assertThat(p.get("pipelineStatus").asString()).as(p.toString()).isEqualTo("13"));

        JsonNode demo = api.get("/v1/product/listPackagesPage?projectId=" + projectId, ADMIN_TOKEN)
                .data()
                .get("list")
                .get(0);
        assertThat(demo.get("officialDemoCode").asString()).isEqualTo("hello-msap");
        JsonNode images = api.get("/v1/product/listImagesPage?projectId=" + projectId + "&appId=" + appId, ADMIN_TOKEN)
                .data();
        assertThat(images.get("total").asInt()).isEqualTo(1);
        JsonNode image = images.get("list").get(0);
        assertThat(image.get("packageId").asString())
                .isEqualTo(demo.get("packageId").asString());
        assertThat(image.get("imageName").asString()).isEqualTo(name.toLowerCase(Locale.ROOT));
        String imageUrl = image.get("imageUrl").asString();
        assertThat(imageUrl).startsWith("msap.local/").contains(":1.0.0-");

        Deployment deployment = cluster.client()
                .apps()
                .deployments()
                .inNamespace(env.namespace())
                .withName(name.toLowerCase(Locale.ROOT))
                .get();
        assertThat(deployment
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo(imageUrl);
        assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(1);

        // the image runs: it cannot be deleted
        Api.Reply delete = api.post(
                "/v1/product/deleteImage",
                ADMIN_TOKEN,
                Map.of("imageId", image.get("imageId").asString()));
        assertThat(delete.status()).as(delete.toString()).isEqualTo(409);
        assertThat(delete.msg()).contains(name.toLowerCase(Locale.ROOT));

        // deployed again from the same package: the image is reused, not built twice
        Map<String, Object> again = deployBody(appId, env.envId());
        again.put("deploySource", "PACKAGE");
        again.put("packageId", demo.get("packageId").asString());
        again.put("deployVer", "v2");
        // in two automatic batches: the build phase first, then the batches
        again.put("podNum", 2);
        again.put(
                "deploymentStrategy",
                Map.of(
                        "batchList",
                        List.of(Map.of("batchSeq", 1, "instNum", 1), Map.of("batchSeq", 2, "instNum", 1)),
                        "betweenBatchProcessingMode",
                        "AUTO",
                        "batchWaitTime",
                        0));
        Api.Reply redeploy = api.post("/v1/app/inst/deployK8sApplication", ADMIN_TOKEN, again);
        assertOk(redeploy);
        JsonNode second = awaitEnd(redeploy.data().get("changeOrderId").asString(), Duration.ofSeconds(60));
        assertThat(second.get("executeStatus").asString()).as(second.toString()).isEqualTo("SUCCEEDED");
        JsonNode secondPhases = second.get("pipelineInfoList");
        assertThat(secondPhases.get(0).get("pipelineName").asString()).isEqualTo("构建镜像");
        assertThat(secondPhases.get(0).get("stageList")).hasSize(1);
        assertThat(secondPhases
                        .get(0)
                        .get("stageList")
                        .get(0)
                        .get("taskInfo")
                        .get(0)
                        .get("resourceInfo")
                        .get("resourceYml")
                        .isNull())
                .as("the build stage applies no manifest")
                .isTrue();
        assertThat(secondPhases.get(1).get("stageList")).hasSize(2);
        assertThat(secondPhases
                        .get(1)
                        .get("stageList")
                        .get(1)
                        .get("taskInfo")
                        .get(0)
                        .get("resourceInfo")
                        .get("resourceYml")
                        .asString())
                .contains("-canary");
        assertThat(cluster.client()
                        .apps()
                        .deployments()
                        .inNamespace(env.namespace())
                        .withName(name.toLowerCase(Locale.ROOT))
                        .get()
                        .getStatus()
                        .getReadyReplicas())
                .isEqualTo(2);
        assertThat(api.get("/v1/product/listImagesPage?projectId=" + projectId + "&appId=" + appId, ADMIN_TOKEN)
                        .data()
                        .get("total")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void aDeployFromSourceCompilesBuildsTheImageAndDeploys() {
        String projectId = fixtures.project();
        PipelineSupport.Env env = support.environment(cluster, ADMIN_TOKEN, projectId);
        Path repo = PipelineSupport.repository(Map.of("build.sh", PipelineDeliveryIntegrationTests.JAR_BUILD));
        String connectionId = new AppFixtures(api)
                .connection(
                        ADMIN_TOKEN,
                        projectId,
                        "local-" + PipelineSupport.suffix(),
                        "GIT",
                        repo.getParent().toUri().toString());
        String name = "src" + PipelineSupport.suffix();
        Map<String, Object> body = microservice(projectId, env.envId(), name);
        body.put("type", "EXTERNAL_CODE");
        body.put("origin", "GIT");
        body.put("codeReposAddress", repo.toUri().toString());
        body.put("connectionId", connectionId);
        body.put("deploySource", "CODE");
        body.put("branchOrTagName", "main");
        body.put("buildEnvCode", PipelineSupport.SHELL);
        body.put("packagePath", "out");
        body.put("packageName", "app.jar");
        Api.Reply created = api.post("/v1/app/createMicroserviceApplication", ADMIN_TOKEN, body);
        assertOk(created);
        String appId = created.data().get("appId").asString();
        String changeOrderId = created.data().get("changeOrderId").asString();

        JsonNode info = awaitEnd(changeOrderId, Duration.ofSeconds(90));
        assertThat(info.get("executeStatus").asString()).as(info.toString()).isEqualTo("SUCCEEDED");
        JsonNode phases = info.get("pipelineInfoList");
        assertThat(phases).hasSize(3);
        assertThat(phases.get(0).get("pipelineName").asString()).isEqualTo("编译");
        assertThat(phases.get(1).get("pipelineName").asString()).isEqualTo("构建镜像");
        assertThat(phases.get(2).get("pipelineName").asString()).isEqualTo("微服务 K8s 集群部署");
        phases.forEach(p ->
                assertThat(p.get("pipelineStatus").asString()).as(p.toString()).isEqualTo("13"));

        JsonNode pkg = api.get("/v1/product/listPackagesPage?projectId=" + projectId + "&appId=" + appId, ADMIN_TOKEN)
                .data();
        assertThat(pkg.get("total").asInt()).isEqualTo(1);
        JsonNode published = pkg.get("list").get(0);
        assertThat(published.get("packageSource").asString()).isEqualTo("CODE_GENERATE");
        assertThat(published.get("packageVer").asString()).isEqualTo("main-" + changeOrderId.substring(0, 8));
        JsonNode image = api.get("/v1/product/listImagesPage?projectId=" + projectId + "&appId=" + appId, ADMIN_TOKEN)
                .data()
                .get("list")
                .get(0);
        assertThat(image.get("packageId").asString())
                .isEqualTo(published.get("packageId").asString());
        Deployment deployment = cluster.client()
                .apps()
                .deployments()
                .inNamespace(env.namespace())
                .withName(name.toLowerCase(Locale.ROOT))
                .get();
        assertThat(deployment
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo(image.get("imageUrl").asString());

        // the package runs: it cannot be deleted
        Api.Reply delete = api.post(
                "/v1/product/deletePackage",
                ADMIN_TOKEN,
                Map.of("packageId", published.get("packageId").asString()));
        assertThat(delete.status()).as(delete.toString()).isEqualTo(409);
    }

    @Test
    void aBuildThatFailsFailsTheChangeOrderWithItsOutputAndDeploysNothing() {
        String projectId = fixtures.project();
        PipelineSupport.Env env = support.environment(cluster, ADMIN_TOKEN, projectId);
        Path repo = PipelineSupport.repository(
                Map.of("build.sh", "echo \"compiling\"\necho \"error: Hello.java:3 missing semicolon\" >&2\nexit 2\n"));
        String appId = support.app(ADMIN_TOKEN, projectId, repo);
        Map<String, Object> deploy = deployBody(appId, env.envId());
        deploy.put("deploySource", "CODE");
        deploy.put("branchOrTagName", "main");
        deploy.put("buildEnvCode", PipelineSupport.SHELL);
        deploy.put("packagePath", "out");
        deploy.put("packageName", "app.jar");
        Api.Reply accepted = api.post("/v1/app/inst/deployK8sApplication", ADMIN_TOKEN, deploy);
        assertOk(accepted);

        JsonNode info = awaitEnd(accepted.data().get("changeOrderId").asString(), Duration.ofSeconds(60));
        assertThat(info.get("executeStatus").asString()).as(info.toString()).isEqualTo("FAILED");
        JsonNode compile = info.get("pipelineInfoList").get(0);
        assertThat(compile.get("pipelineName").asString()).isEqualTo("编译");
        assertThat(compile.get("pipelineStatus").asString()).isEqualTo("14");
        String errMsg = compile.get("stageList")
                .get(0)
                .get("taskInfo")
                .get(0)
                .get("instance")
                .get("errMsg")
                .asString();
        assertThat(errMsg).contains("退出码 2").contains("missing semicolon");
        assertThat(info.get("pipelineInfoList").get(2).get("pipelineStatus").asString())
                .as("the deploy did not run")
                .isEqualTo("14");
        assertThat(cluster.client()
                        .apps()
                        .deployments()
                        .inNamespace(env.namespace())
                        .list()
                        .getItems())
                .isEmpty();
        assertThat(api.get("/v1/product/listPackagesPage?projectId=" + projectId + "&appId=" + appId, ADMIN_TOKEN)
                        .data()
                        .get("total")
                        .asInt())
                .isZero();
    }

    @Test
    void sourceAndPackageFieldsAreCheckedBeforeAnythingIsCreated() {
        String projectId = fixtures.project();
        PipelineSupport.Env env = support.environment(cluster, ADMIN_TOKEN, projectId);
        Map<String, Object> code = microservice(projectId, env.envId(), "bad" + PipelineSupport.suffix());
        code.put("type", "EXTERNAL_CODE");
        code.put("origin", "GIT");
        code.put("deploySource", "CODE");
        code.put("branchOrTagName", "main");
        code.put("buildEnvCode", "no-such-env");
        code.put("packagePath", "out");
        code.put("packageName", "app.jar");
        assertFailure(
                api.post("/v1/app/createMicroserviceApplication", ADMIN_TOKEN, code),
                400,
                "codeReposAddress: 部署来源为 CODE 时必填");
        code.put("codeReposAddress", "file:///tmp/no-such-repo/repo");
        code.put("connectionId", "8287bf06-68e6-46ef-bd00-853286120ba4");
        assertFailure(
                api.post("/v1/app/createMicroserviceApplication", ADMIN_TOKEN, code),
                400,
                "buildEnvCode: 编译环境 no-such-env 不存在，请从 listBuildEnvs 选择");
        code.put("buildEnvCode", PipelineSupport.SHELL);
        code.put("packagePath", "../out");
        assertFailure(
                api.post("/v1/app/createMicroserviceApplication", ADMIN_TOKEN, code), 400, "packagePath: 须为代码仓库内的相对路径");

        Map<String, Object> pkg = microservice(projectId, env.envId(), "bad" + PipelineSupport.suffix());
        pkg.put("deploySource", "PACKAGE");
        pkg.put("packageId", "8287bf06-68e6-46ef-bd00-853286120ba4");
        Api.Reply unknown = api.post("/v1/app/createMicroserviceApplication", ADMIN_TOKEN, pkg);
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
        pkg.remove("packageId");
        pkg.put("packageSource", "OFFICIAL_DEMO");
        pkg.put("officialDemoCode", "no-such-demo");
        assertFailure(api.post("/v1/app/createMicroserviceApplication", ADMIN_TOKEN, pkg), 404, "官方 DEMO 不存在");

        assertThat(api.get("/v1/app/getApplicationListPage?projectId=" + projectId, ADMIN_TOKEN)
                        .data()
                        .get("total")
                        .asInt())
                .as("no application was created")
                .isZero();
    }

    @Test
    void anUploadedJarIsDeployedFromItsPackageAndAZipIsRefused() throws Exception {
        String projectId = fixtures.project();
        PipelineSupport.Env env = support.environment(cluster, ADMIN_TOKEN, projectId);
        String appId = support.app(ADMIN_TOKEN, projectId, PipelineSupport.repository(Map.of("README", "x")));
        String jar = upload(projectId, appId, "orders", "2.1.0", "JAR", "orders-2.1.0.jar");
        String zip = upload(projectId, appId, "orders-conf", "1.0.0", "ZIP", "orders-conf-1.0.0.zip");

        Map<String, Object> fromZip = deployBody(appId, env.envId());
        fromZip.put("deploySource", "PACKAGE");
        fromZip.put("packageSource", "USER_UPLOAD");
        fromZip.put("packageId", zip);
        assertFailure(
                api.post("/v1/app/inst/deployK8sApplication", ADMIN_TOKEN, fromZip),
                400,
                "packageId: 不能部署 ZIP 程序包：从程序包构建镜像只支持 JAR 和 WAR");

        Map<String, Object> fromJar = deployBody(appId, env.envId());
        fromJar.put("deploySource", "PACKAGE");
        fromJar.put("packageSource", "USER_UPLOAD");
        fromJar.put("packageId", jar);
        Api.Reply accepted = api.post("/v1/app/inst/deployK8sApplication", ADMIN_TOKEN, fromJar);
        assertOk(accepted);
        JsonNode info = awaitEnd(accepted.data().get("changeOrderId").asString(), Duration.ofSeconds(60));
        assertThat(info.get("executeStatus").asString()).as(info.toString()).isEqualTo("SUCCEEDED");
        JsonNode image = api.get("/v1/product/listImagesPage?projectId=" + projectId + "&appId=" + appId, ADMIN_TOKEN)
                .data()
                .get("list")
                .get(0);
        assertThat(image.get("packageId").asString()).isEqualTo(jar);
        assertThat(image.get("imageVer").asString()).isEqualTo("2.1.0-" + jar.substring(0, 8));
        JsonNode getImage = api.get(
                        "/v1/product/getImage?imageId=" + image.get("imageId").asString(), ADMIN_TOKEN)
                .data();
        assertThat(getImage.get("dockerfileContent").asString()).contains("orders-2.1.0.jar");
    }

    /** Uploads a small zip-format file as a package of the app; answers its packageId. */
    private String upload(String projectId, String appId, String name, String version, String type, String file)
            throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("hello.txt"));
            zip.write("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        io.msap.test.Multipart body = new io.msap.test.Multipart()
                .field("projectId", projectId)
                .field("appId", appId)
                .field("packageName", name)
                .field("packageVer", version)
                .field("packageType", type)
                .file("file", file, bytes.toByteArray(), "application/octet-stream");
        Api.Reply reply = api.request("POST", "/v1/product/uploadPackage")
                .token(ADMIN_TOKEN)
                .body(body.contentType(), body.bytes())
                .send();
        assertOk(reply);
        return reply.data().asString();
    }

    private JsonNode awaitEnd(String changeOrderId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Api.Reply reply = api.get("/v1/app/inst/getChangeOrderInfo?changeOrderId=" + changeOrderId, ADMIN_TOKEN);
            assertOk(reply);
            JsonNode info = reply.data();
            String status = info.get("executeStatus").asString();
            if (List.of("SUCCEEDED", "FAILED", "ABORTED").contains(status)) {
                return info;
            }
            assertThat(Instant.now()).as("change order ends; last seen " + info).isBefore(deadline);
            PipelineSupport.sleep(200);
        }
    }

    private static Map<String, Object> microservice(String projectId, String envId, String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("projectId", projectId);
        body.put("name", name);
        body.put("category", "MICRO_SERVICE");
        body.put("clusterType", "KUBERNETES");
        body.put("language", "Java");
        body.put("type", "PACKAGE");
        body.put("origin", "JAR");
        body.put("deployEnvId", envId);
        body.put("deployVer", "v1");
        body.put("packageVer", "1.0.0");
        body.put("podNum", 1);
        body.put(
                "podResourceSpec", Map.of("cpuRequest", 0.1, "cpuLimit", 0.2, "memoryRequest", 64, "memoryLimit", 128));
        body.put("runtimeEnvCode", "java");
        body.put("runtimeEnvVer", "17");
        body.put("timeout", 60);
        return body;
    }

    private static Map<String, Object> deployBody(String appId, String envId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("appId", appId);
        body.put("deployEnvId", envId);
        body.put("deployVer", "v1");
        body.put("packageVer", "1.0.0");
        body.put("podNum", 1);
        body.put("runtimeEnvCode", "java");
        body.put("runtimeEnvVer", "17");
        body.put("timeout", 60);
        return body;
    }
}
