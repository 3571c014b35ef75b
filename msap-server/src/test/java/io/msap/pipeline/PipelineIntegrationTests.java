package io.msap.pipeline;

import static io.msap.test.Replies.assertFailure;
import static io.msap.test.Replies.assertField;
import static io.msap.test.Replies.assertOk;
import static io.msap.test.Replies.assertTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.msap.test.Api;
import io.msap.test.AppFixtures;
import io.msap.test.Fixtures;
import io.msap.test.IntegrationTest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Pipeline definitions over HTTP: create (with the {@code stages} alias), get, list (5.6.2) with its filters and
 * enable flags, update, delete (5.6.1); configuration checks per stage category, toolchains missing, names taken; other tenants, non-members and viewers; the audit log. Bad input changes
 * nothing.
 */
class PipelineIntegrationTests extends IntegrationTest {

    private PipelineSupport support;
    private String projectId;
    private String appId;

    @BeforeEach
    void setUp() {
        support = new PipelineSupport(api);
        projectId = fixtures.project();
        Path repo = PipelineSupport.repository(Map.of("build.sh", "mkdir -p out && touch out/app.jar\n"));
        appId = support.app(ADMIN_TOKEN, projectId, repo);
    }

    @Test
    void aPipelineIsCreatedReadListedChangedAndDeleted() {
        Map<String, Object> body = PipelineSupport.pipelineBody(projectId, appId, "Build main", null);
        body.remove("stageList");
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("buildEnvCode", PipelineSupport.SHELL);
        config.put("packagePath", "./out/");
        config.put("packageName", "*.jar");
        config.put("branchOrTagName", "main");
        config.put("variableList", List.of(Map.of("name", "MODE", "value", "fast")));
        body.put("stages", List.of(PipelineSupport.stage("编译", "CODE_BUILD", 1, config)));
        Api.Reply created = api.post("/v1/pipelines/createPipeline", ADMIN_TOKEN, body);
        assertOk(created);
        String pipelineId = created.data().asString();

        Api.Reply got = api.get("/v1/pipelines/getPipeline", ADMIN_TOKEN, "pipelineOrderId", pipelineId);
        assertOk(got);
        JsonNode row = got.data();
        assertThat(row.get("pipelineOrderId").asString()).isEqualTo(pipelineId);
        assertThat(row.get("pipelineOrderName").asString()).isEqualTo("Build main");
        assertThat(row.get("projectId").asString()).isEqualTo(projectId);
        assertThat(row.get("appId").asString()).isEqualTo(appId);
        assertThat(row.get("appCode").asString())
                .isEqualTo(row.get("appName").asString().toLowerCase());
        assertThat(row.get("description").asString()).isEqualTo("made by a test");
        assertThat(row.get("deleted").asBoolean()).isFalse();
        assertThat(row.get("tenantId").asLong()).isEqualTo(1);
        assertThat(row.get("createStaff").asString()).isEqualTo("admin");
        assertThat(row.get("enableRun").asBoolean()).isTrue();
        assertThat(row.get("enablePause").asBoolean()).isFalse();
        assertThat(row.get("enableResume").asBoolean()).isFalse();
        assertThat(row.get("permMode").asString()).isEqualTo("DEFAULT");
        JsonNode stage = row.get("stageList").get(0);
        assertThat(stage.get("name").asString()).isEqualTo("编译");
        assertThat(stage.get("category").asString()).isEqualTo("CODE_BUILD");
        assertThat(stage.get("sort").asInt()).isEqualTo(1);
        assertThat(stage.get("pipelineOrderId").asString()).isEqualTo(pipelineId);
        assertThat(stage.get("pipelineStageOrderId").asString()).hasSize(36);
        assertThat(stage.get("config").get("packagePath").asString()).isEqualTo("out");
        assertThat(stage.get("config").get("variableList").get(0).get("type").asString())
                .isEqualTo("CUSTOM");

        Api.Reply list = api.get("/v1/pipelines/listPipelinesPage", ADMIN_TOKEN, "projectId", projectId);
        assertOk(list);
        assertThat(list.data().get("total").asLong()).isEqualTo(1);
        assertThat(list.data().get("list").get(0).get("pipelineOrderId").asString())
                .isEqualTo(pipelineId);
        assertThat(list.data().get("pageNum").asInt()).isEqualTo(1);
        assertThat(list.data().get("pageSize").asInt()).isEqualTo(10);
        // by the app's name, by the pipeline's name (case-insensitive), by an app group it is not in
        String appName = row.get("appName").asString();
        assertThat(count("name", appName.toUpperCase())).isEqualTo(1);
        assertThat(count("name", "MAIN")).isEqualTo(1);
        assertThat(count("name", "nothing-like-it")).isZero();
        String group = new AppFixtures(api).group(ADMIN_TOKEN, projectId, "grp");
        assertThat(count("appGroupId", group)).isZero();
        assertOk(api.post("/v1/app/setApplicationGroup", ADMIN_TOKEN, Map.of("appId", appId, "appGroupId", group)));
        assertThat(count("appGroupId", group)).isEqualTo(1);

        Map<String, Object> update = new HashMap<>();
        update.put("pipelineOrderId", pipelineId);
        update.put("pipelineOrderName", "Build all");
        update.put(
                "stageList",
                List.of(
                        PipelineSupport.codeBuild("one", 2, PipelineSupport.SHELL, "out", "app.jar"),
                        PipelineSupport.codeBuild("zero", 1, PipelineSupport.SHELL, "out", "app.jar")));
        assertTrue(api.post("/v1/pipelines/updatePipeline", ADMIN_TOKEN, update));
        JsonNode changed = api.get("/v1/pipelines/getPipeline", ADMIN_TOKEN, "pipelineOrderId", pipelineId)
                .data();
        assertThat(changed.get("pipelineOrderName").asString()).isEqualTo("Build all");
        assertThat(changed.get("description").asString()).isEqualTo("made by a test");
        assertThat(changed.get("stageList").get(0).get("name").asString()).isEqualTo("zero");
        assertThat(changed.get("stageList").get(1).get("name").asString()).isEqualTo("one");

        assertTrue(api.post("/v1/pipelines/deletePipeline", ADMIN_TOKEN, Map.of("pipelineOrderId", pipelineId)));
        Api.Reply gone = api.get("/v1/pipelines/getPipeline", ADMIN_TOKEN, "pipelineOrderId", pipelineId);
        assertFailure(gone, 404, "流水线不存在");
        assertField(gone, "pipelineOrderId");
        assertThat(count("name", null)).isZero();
        assertFailure(
                api.post("/v1/pipelines/deletePipeline", ADMIN_TOKEN, Map.of("pipelineOrderId", pipelineId)),
                404,
                "流水线不存在");
        // the name is free again
        assertOk(api.post(
                "/v1/pipelines/createPipeline",
                ADMIN_TOKEN,
                PipelineSupport.pipelineBody(
                        projectId,
                        appId,
                        "build all",
                        List.of(PipelineSupport.codeBuild("编译", 1, PipelineSupport.SHELL, "out", "app.jar")))));

        Api.Reply audit =
                api.get("/v1/audit/listAuditLogsPage", ADMIN_TOKEN, "projectId", projectId, "objectId", pipelineId);
        assertOk(audit);
        List<String> operations = new java.util.ArrayList<>();
        audit.data().get("list").forEach(r -> operations.add(r.get("operation").asString()));
        assertThat(operations).contains("createPipeline", "updatePipeline", "deletePipeline");
    }

    @Test
    void badDefinitionsAreRefusedNamingTheFieldAndCreateNothing() {
        Api.Reply empty = create(Map.of("projectId", projectId));
        assertThat(empty.status()).as(empty.toString()).isEqualTo(400);
        assertField(empty, "pipelineOrderName");
        Api.Reply noStages = create(PipelineSupport.pipelineBody(projectId, appId, "p", List.of()));
        assertField(noStages, "stageList");
        Api.Reply noConfig = create(body(PipelineSupport.stage("编译", "CODE_BUILD", 1, null)));
        assertFailure(noConfig, 400, "stageList[0].config: 此属性是必填项");
        Api.Reply badCategory = create(body(PipelineSupport.stage("编译", "COMPILE", 1, Map.of())));
        assertThat(badCategory.status()).isEqualTo(400);
        assertField(badCategory, "stageList[0].category");
        Api.Reply unknownEnv = create(body(PipelineSupport.codeBuild("编译", 1, "no-such-env", "out", "a.jar")));
        assertFailure(unknownEnv, 400, "stageList[0].config.buildEnvCode: 编译环境 no-such-env 不存在，请从 listBuildEnvs 选择");
        Api.Reply missingToolchain = create(body(PipelineSupport.codeBuild("编译", 1, "maven-jdk8", "target", "a.jar")));
        assertFailure(
                missingToolchain,
                400,
                "stageList[0].config.buildEnvCode: 编译环境 maven-jdk8 在此服务器上不可用：缺少工具链（/usr/lib/jvm/java-8-openjdk-amd64、mvn）");
        Api.Reply escape = create(body(PipelineSupport.codeBuild("编译", 1, PipelineSupport.SHELL, "../x", "a.jar")));
        assertFailure(escape, 400, "stageList[0].config.packagePath: 须为代码仓库内的相对路径（不能以 / 开头，不能包含 ..）");
        Api.Reply dir = create(body(PipelineSupport.codeBuild("编译", 1, PipelineSupport.SHELL, "out", "x/a.jar")));
        assertField(dir, "stageList[0].config.packageName");
        Api.Reply twice = create(body(
                PipelineSupport.codeBuild("编译", 1, PipelineSupport.SHELL, "out", "a.jar"),
                PipelineSupport.codeBuild("编译", 2, PipelineSupport.SHELL, "out", "a.jar")));
        assertFailure(twice, 400, "stageList[1].name: 流程名称 编译 重复");
        Api.Reply sameSort = create(body(
                PipelineSupport.codeBuild("a", 1, PipelineSupport.SHELL, "out", "a.jar"),
                PipelineSupport.codeBuild("b", 1, PipelineSupport.SHELL, "out", "a.jar")));
        assertFailure(sameSort, 400, "stageList[1].sort: 流程顺序 1 重复");
        Api.Reply badImage = create(body(PipelineSupport.stage(
                "镜像", "IMAGE_BUILD", 1, Map.of("runtimeEnvCode", "java", "runtimeEnvVer", "17"))));
        assertFailure(badImage, 400, "stageList[0].config.imageName: 此属性是必填项");
        Api.Reply badPublish = create(body(PipelineSupport.stage(
                "发布",
                "PACKAGE_PUBLISH",
                1,
                Map.of("packagePath", "target", "packageName", "a.jar", "packageType", "ZIP"))));
        assertFailure(badPublish, 400, "stageList[0].config.packageType: 取值无效，可选值：JAR, WAR");
        Api.Reply unknownProject = create(PipelineSupport.pipelineBody(
                "8287bf06-68e6-46ef-bd00-853286120ba4",
                appId,
                "p",
                List.of(PipelineSupport.codeBuild("编译", 1, PipelineSupport.SHELL, "out", "a.jar"))));
        assertFailure(unknownProject, 404, "项目不存在");
        Api.Reply unknownApp = create(PipelineSupport.pipelineBody(
                projectId,
                "8287bf06-68e6-46ef-bd00-853286120ba4",
                "p",
                List.of(PipelineSupport.codeBuild("编译", 1, PipelineSupport.SHELL, "out", "a.jar"))));
        assertThat(unknownApp.status()).isEqualTo(404);
        assertField(unknownApp, "appId");

        assertThat(count("name", null)).as("nothing was created").isZero();
    }

    @Test
    void publishImageAndDeployStagesAreCheckedWhenSavedNamingTheField() {
        Api.Reply publish = create(body(PipelineSupport.stage(
                "发布",
                "PACKAGE_PUBLISH",
                1,
                Map.of("packagePath", "../out", "packageName", "app.jar", "packageType", "JAR"))));
        assertThat(publish.status()).as(publish.toString()).isEqualTo(400);
        assertField(publish, "stageList[0].config.packagePath");
        Api.Reply publishType = create(body(PipelineSupport.stage(
                "发布",
                "PACKAGE_PUBLISH",
                1,
                Map.of("packagePath", "out", "packageName", "app.jar", "packageType", "EAR"))));
        assertThat(publishType.status()).as(publishType.toString()).isEqualTo(400);
        assertField(publishType, "stageList[0].config.packageType");

        Api.Reply image = create(body(PipelineSupport.stage(
                "镜像",
                "IMAGE_BUILD",
                1,
                Map.of("runtimeEnvCode", "java", "runtimeEnvVer", "6", "imageName", "team/app"))));
        assertFailure(image, 400, "stageList[0].config.runtimeEnvVer: 运行环境 java 没有该版本");
        Api.Reply imageName = create(body(PipelineSupport.stage(
                "镜像",
                "IMAGE_BUILD",
                1,
                Map.of("runtimeEnvCode", "java", "runtimeEnvVer", "17", "imageName", "Team/App"))));
        assertThat(imageName.status()).as(imageName.toString()).isEqualTo(400);
        assertField(imageName, "stageList[0].config.imageName");

        Api.Reply deployUnknownEnv = create(body(PipelineSupport.stage(
                "部署", "IMAGE_DEPLOY", 1, Map.of("deployEnvId", "8287bf06-68e6-46ef-bd00-853286120ba4"))));
        assertThat(deployUnknownEnv.status()).as(deployUnknownEnv.toString()).isEqualTo(404);
        assertField(deployUnknownEnv, "stageList[0].config.deployEnvId");
        Api.Reply deployCategory = create(body(PipelineSupport.stage(
                "部署", "MS_IMAGE_DEPLOY", 1, Map.of("deployEnvId", "8287bf06-68e6-46ef-bd00-853286120ba4"))));
        assertFailure(deployCategory, 400, "stageList[0]: MS_IMAGE_DEPLOY 流程只能用于 MICRO_SERVICE 类型的应用");
        Api.Reply deployShape = create(body(PipelineSupport.stage("部署", "MS_IMAGE_DEPLOY", 1, Map.of())));
        assertFailure(deployShape, 400, "stageList[0].config.deployEnvId: 此属性是必填项");
        assertThat(count("name", null)).isZero();
    }

    @Test
    void namesAreUniqueInTheProjectIgnoringCase() {
        create(body(PipelineSupport.codeBuild("编译", 1, PipelineSupport.SHELL, "out", "a.jar")));
        Map<String, Object> again = body(PipelineSupport.codeBuild("编译", 1, PipelineSupport.SHELL, "out", "a.jar"));
        again.put("pipelineOrderName", "MY PIPELINE");
        assertFailure(create(again), 409, "流水线名称 MY PIPELINE 已存在");
        assertThat(count("name", null)).isEqualTo(1);
    }

    @Test
    void otherTenantsNonMembersAndViewersCannotSeeOrChangePipelines() {
        String pipelineId = support.shellPipeline(ADMIN_TOKEN, projectId, appId);
        Fixtures.User outsider = fixtures.subAccount();
        Fixtures.User viewer = fixtures.subAccount();
        fixtures.member(projectId, viewer, Fixtures.VIEWER);
        Fixtures.User stranger = fixtures.tenant();

        for (Fixtures.User who : List.of(outsider, stranger)) {
            Api.Reply get = api.get("/v1/pipelines/getPipeline", who.token(), "pipelineOrderId", pipelineId);
            assertFailure(get, 404, "流水线不存在");
            assertFailure(
                    api.post("/v1/pipelines/deletePipeline", who.token(), Map.of("pipelineOrderId", pipelineId)),
                    404,
                    "流水线不存在");
            assertFailure(support.runReply(who.token(), pipelineId, "main"), 404, "流水线不存在");
            assertFailure(
                    api.get("/v1/pipelines/listPipelinesPage", who.token(), "projectId", projectId), 404, "项目不存在");
        }
        // the viewer sees it, may not change, run or delete it
        assertOk(api.get("/v1/pipelines/getPipeline", viewer.token(), "pipelineOrderId", pipelineId));
        JsonNode row = api.get("/v1/pipelines/listPipelinesPage", viewer.token(), "projectId", projectId)
                .data()
                .get("list")
                .get(0);
        assertThat(row.get("enableRun").asBoolean()).isFalse();
        assertFailure(
                api.post("/v1/pipelines/deletePipeline", viewer.token(), Map.of("pipelineOrderId", pipelineId)),
                403,
                "没有权限：缺少“管理流水线（项目管理员或开发人员）”权限");
        assertFailure(support.runReply(viewer.token(), pipelineId, "main"), 403, "没有权限：缺少“运行流水线”权限");
        assertFailure(
                create(viewer.token(), body(PipelineSupport.codeBuild("编译", 1, PipelineSupport.SHELL, "out", "a.jar"))),
                403,
                "没有权限：缺少“管理流水线（项目管理员或开发人员）”权限");
        Map<String, Object> update = Map.of("pipelineOrderId", pipelineId, "pipelineOrderName", "x");
        assertFailure(
                api.post("/v1/pipelines/updatePipeline", viewer.token(), update), 403, "没有权限：缺少“管理流水线（项目管理员或开发人员）”权限");
        assertThat(api.get("/v1/pipelines/getPipeline", ADMIN_TOKEN, "pipelineOrderId", pipelineId)
                        .data()
                        .get("pipelineOrderName")
                        .asString())
                .startsWith("pipe-");
    }

    @Test
    void aDeveloperNeedsTheAppGrantToCreateAndRunPipelinesOfAnApp() {
        Fixtures.User developer = fixtures.subAccount();
        fixtures.member(projectId, developer, Fixtures.DEVELOPER);
        Map<String, Object> body = body(PipelineSupport.codeBuild("编译", 1, PipelineSupport.SHELL, "out", "app.jar"));
        assertFailure(create(developer.token(), body), 403, "没有权限：需要该应用的数据权限才能管理流水线（项目管理员或开发人员），请联系项目管理员授权");
        assertTrue(api.post(
                "/v1/data/authorize/authorizeApplication",
                ADMIN_TOKEN,
                Map.of("appId", appId, "projectId", projectId, "userIds", List.of(developer.userId()))));
        Api.Reply created = create(developer.token(), body);
        assertOk(created);
        String runId = support.run(developer.token(), created.data().asString());
        assertThat(support.awaitEnd(developer.token(), runId).get("runStatus").asString())
                .isEqualTo("SUCCEEDED");
        assertThat(support.detail(developer.token(), runId).get("createStaff").asString())
                .isEqualTo(developer.userName());
    }

    @Test
    void aPipelineIsDeletedWithItsAppAndARunningOneKeepsItsApp() {
        Path repo = PipelineSupport.repository(Map.of("build.sh", "sleep 3; mkdir -p out && touch out/app.jar\n"));
        String slowApp = support.app(ADMIN_TOKEN, projectId, repo);
        String pipelineId = support.shellPipeline(ADMIN_TOKEN, projectId, slowApp);
        String runId = support.run(ADMIN_TOKEN, pipelineId);
        Api.Reply busy = api.post("/v1/app/deleteApplication", ADMIN_TOKEN, Map.of("appId", slowApp));
        assertThat(busy.status()).as(busy.toString()).isEqualTo(409);
        assertThat(busy.msg()).contains("正在执行");
        assertFailure(
                api.post("/v1/pipelines/deletePipeline", ADMIN_TOKEN, Map.of("pipelineOrderId", pipelineId)),
                409,
                "流水线 "
                        + api.get("/v1/pipelines/getPipeline", ADMIN_TOKEN, "pipelineOrderId", pipelineId)
                                .data()
                                .get("pipelineOrderName")
                                .asString()
                        + " 正在执行或有等待执行的记录，请先中止后再删除");
        support.awaitEnd(ADMIN_TOKEN, runId);
        assertTrue(api.post("/v1/app/deleteApplication", ADMIN_TOKEN, Map.of("appId", slowApp)));
        assertFailure(api.get("/v1/pipelines/getPipeline", ADMIN_TOKEN, "pipelineOrderId", pipelineId), 404, "流水线不存在");
    }

    // ---- helpers ----

    private Map<String, Object> body(Map<?, ?>... stages) {
        return PipelineSupport.pipelineBody(projectId, appId, "My pipeline", List.of(stages));
    }

    private Api.Reply create(Map<String, ?> body) {
        return create(ADMIN_TOKEN, body);
    }

    private Api.Reply create(String token, Map<String, ?> body) {
        return api.post("/v1/pipelines/createPipeline", token, body);
    }

    private long count(String filter, String value) {
        Api.Reply list = api.get("/v1/pipelines/listPipelinesPage", ADMIN_TOKEN, "projectId", projectId, filter, value);
        assertOk(list);
        return list.data().get("total").asLong();
    }
}
