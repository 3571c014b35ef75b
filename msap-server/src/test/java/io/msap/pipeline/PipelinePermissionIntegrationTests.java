package io.msap.pipeline;

import static io.msap.test.Replies.assertFailure;
import static io.msap.test.Replies.assertField;
import static io.msap.test.Replies.assertOk;
import static io.msap.test.Replies.assertTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.msap.test.Api;
import io.msap.test.Fixtures;
import io.msap.test.IntegrationTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Pipeline member permissions (manual 5.12) over HTTP, all eight endpoints: the permission types, DEFAULT mode (roles
 * and app grants decide; members cannot be listed or removed, 409), USER_DEFINED mode (admins, the creator and listed
 * members with VIEW, RUN or MANAGE; nobody else sees the pipeline), enforced on the pipeline endpoints.
 */
class PipelinePermissionIntegrationTests extends IntegrationTest {

    private static final String BASE = "/v1/pipeline/permission/";

    private PipelineSupport support;
    private String projectId;
    private String appId;
    private Fixtures.User creator;
    private Fixtures.User developer;
    private Fixtures.User tester;
    private Fixtures.User viewer;
    private Fixtures.User projectAdmin;
    private String pipelineId;

    @BeforeEach
    void setUp() {
        support = new PipelineSupport(api);
        projectId = fixtures.project();
        Path repo = PipelineSupport.repository(Map.of("build.sh", "mkdir -p out && touch out/app.jar\n"));
        appId = support.app(ADMIN_TOKEN, projectId, repo);
        creator = fixtures.subAccount();
        developer = fixtures.subAccount();
        tester = fixtures.subAccount();
        viewer = fixtures.subAccount();
        projectAdmin = fixtures.subAccount();
        fixtures.member(projectId, creator, Fixtures.DEVELOPER);
        fixtures.member(projectId, developer, Fixtures.DEVELOPER);
        fixtures.member(projectId, tester, Fixtures.TESTER);
        fixtures.member(projectId, viewer, Fixtures.VIEWER);
        fixtures.member(projectId, projectAdmin, Fixtures.PROJECT_ADMIN);
        assertTrue(api.post(
                "/v1/data/authorize/authorizeApplication",
                ADMIN_TOKEN,
                Map.of("appId", appId, "projectId", projectId, "userIds", List.of(creator.userId()))));
        pipelineId = support.shellPipeline(creator.token(), projectId, appId);
    }

    @Test
    void thePermissionTypesAreViewRunAndManage() {
        Api.Reply types = api.get(BASE + "listPipelinePermissionTypes", developer.token());
        assertOk(types);
        JsonNode data = types.data();
        assertThat(data.get("code").asString()).isEqualTo("PIPELINE_PERM_TYPE");
        assertThat(data.get("name").asString()).isEqualTo("流水线成员权限类型");
        assertThat(data.get("type").isString()).isTrue();
        assertThat(data.get("description").isString()).isTrue();
        List<String> values = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Integer> sequences = new ArrayList<>();
        data.get("attrValueList").forEach(v -> {
            values.add(v.get("attrValue").asString());
            names.add(v.get("name").asString());
            sequences.add(v.get("sequence").asInt());
            assertThat(v.get("description").asString()).isNotBlank();
        });
        assertThat(values).containsExactly("VIEW", "RUN", "MANAGE");
        assertThat(names).containsExactly("查看", "运行", "管理");
        assertThat(sequences).containsExactly(1, 2, 3);
        Api.Reply english = api.request("GET", BASE + "listPipelinePermissionTypes")
                .token(developer.token())
                .english()
                .send();
        assertThat(english.data().get("attrValueList").get(1).get("name").asString())
                .isEqualTo("Run");
    }

    @Test
    void inDefaultModeRolesAndAppGrantsDecideAndMembersCannotBeListed() {
        Api.Reply mode = api.get(BASE + "permMode", viewer.token(), "pipelineOrderId", pipelineId);
        assertOk(mode);
        assertThat(mode.data().asString()).isEqualTo("DEFAULT");

        assertFailure(insert(creator.token(), developer.userName(), "RUN"), 409, "权限模式为 DEFAULT 的流水线不支持添加成员");
        assertFailure(
                update(creator.token(), List.of(Map.of("userName", developer.userName(), "permType", "RUN"))),
                409,
                "权限模式为 DEFAULT 的流水线不支持添加成员");

        // the list shows who may do what: the creator and admins manage; the developer without the app grant views
        Api.Reply list = api.get(BASE + "listPipelinePermissionsPage", viewer.token(), "pipelineOrderId", pipelineId);
        assertOk(list);
        Map<String, JsonNode> rows = byUser(list.data().get("list"));
        assertThat(rows.get(creator.userName()).get("permType").asString()).isEqualTo("MANAGE");
        assertThat(rows.get(creator.userName()).get("permTypeName").asString()).isEqualTo("管理");
        assertThat(rows.get(creator.userName()).get("permMode").asString()).isEqualTo("DEFAULT");
        assertThat(rows.get(creator.userName()).get("permissionId").isNull()).isTrue();
        assertThat(rows.get(projectAdmin.userName()).get("permType").asString()).isEqualTo("MANAGE");
        assertThat(rows.get(developer.userName()).get("permType").asString()).isEqualTo("VIEW");
        assertThat(rows.get(viewer.userName()).get("permType").asString()).isEqualTo("VIEW");
        assertThat(rows.get(viewer.userName()).get("groupName").asString()).isEqualTo("访客");
        assertThat(rows.get(viewer.userName()).get("realName").asString()).isEqualTo("Real " + viewer.userName());
        assertThat(rows.get(viewer.userName()).get("orgName").asString()).isEqualTo("Ops");

        // a tester without the app grant may not run it; with the grant it may
        assertFailure(support.runReply(tester.token(), pipelineId, "main"), 403, "没有权限：需要该应用的数据权限才能运行流水线，请联系项目管理员授权");
        assertTrue(api.post(
                "/v1/data/authorize/authorizeApplication",
                ADMIN_TOKEN,
                Map.of("appId", appId, "projectId", projectId, "userIds", List.of(tester.userId()))));
        String runId = support.run(tester.token(), pipelineId);
        assertThat(support.awaitEnd(tester.token(), runId).get("runStatus").asString())
                .isEqualTo("SUCCEEDED");
        // but may not change it (testers never manage pipelines)
        assertFailure(
                api.post(
                        BASE + "changePermMode",
                        tester.token(),
                        Map.of("pipelineOrderId", pipelineId, "permMode", "USER_DEFINED")),
                403,
                "没有权限：缺少“管理流水线（项目管理员或开发人员）”权限");
        assertThat(api.get(BASE + "permMode", viewer.token(), "pipelineOrderId", pipelineId)
                        .data()
                        .asString())
                .isEqualTo("DEFAULT");
    }

    @Test
    void inUserDefinedModeOnlyAdminsTheCreatorAndListedMembersActOnThePipeline() {
        assertTrue(api.post(
                BASE + "changePermMode",
                creator.token(),
                Map.of("pipelineOrderId", pipelineId, "permMode", "USER_DEFINED")));
        assertThat(api.get(BASE + "permMode", creator.token(), "pipelineOrderId", pipelineId)
                        .data()
                        .asString())
                .isEqualTo("USER_DEFINED");

        // not listed: the developer neither sees nor runs it, and it leaves the developer's list
        String refused = "没有权限：流水线“" + pipelineName() + "”为自定义权限模式，需要“查看”流水线权限，请联系项目管理员或流水线管理员授权";
        assertFailure(
                api.get("/v1/pipelines/getPipeline", developer.token(), "pipelineOrderId", pipelineId), 403, refused);
        assertFailure(api.get(BASE + "permMode", developer.token(), "pipelineOrderId", pipelineId), 403, refused);
        assertThat(api.get("/v1/pipelines/listPipelinesPage", developer.token(), "projectId", projectId)
                        .data()
                        .get("total")
                        .asLong())
                .isZero();
        assertThat(api.get("/v1/pipelines/listPipelinesPage", projectAdmin.token(), "projectId", projectId)
                        .data()
                        .get("total")
                        .asLong())
                .isEqualTo(1);

        // candidates: members not listed who do not always manage (not the creator, not the admin)
        Api.Reply candidates =
                api.get(BASE + "listEnablePipelineMembersPage", creator.token(), "pipelineOrderId", pipelineId);
        assertOk(candidates);
        Map<String, JsonNode> enable = byUser(candidates.data().get("list"));
        assertThat(enable.keySet())
                .containsExactlyInAnyOrder(developer.userName(), tester.userName(), viewer.userName());
        JsonNode dev = enable.get(developer.userName());
        assertThat(dev.get("userId").asLong()).isEqualTo(developer.userId());
        assertThat(dev.get("roleId").get(0).asInt()).isEqualTo(Fixtures.DEVELOPER);
        assertThat(dev.get("canRemove").asBoolean()).isFalse();
        assertThat(dev.get("groupName").asString()).isEqualTo("开发人员");
        Api.Reply filtered = api.get(
                BASE + "listEnablePipelineMembersPage",
                creator.token(),
                "pipelineOrderId",
                pipelineId,
                "keyword",
                viewer.userName().toUpperCase());
        assertThat(filtered.data().get("total").asLong()).isEqualTo(1);

        // listing the developer with RUN: now it runs, but does not manage
        assertTrue(insert(creator.token(), developer.userName(), "RUN"));
        assertOk(api.get("/v1/pipelines/getPipeline", developer.token(), "pipelineOrderId", pipelineId));
        JsonNode row = api.get("/v1/pipelines/listPipelinesPage", developer.token(), "projectId", projectId)
                .data()
                .get("list")
                .get(0);
        assertThat(row.get("enableRun").asBoolean()).isTrue();
        String runId = support.run(developer.token(), pipelineId);
        assertThat(support.awaitEnd(developer.token(), runId).get("runStatus").asString())
                .isEqualTo("SUCCEEDED");
        // the run's reads, stop and retry follow the pipeline's permissions too
        String viewRefused = "没有权限：流水线“" + pipelineName() + "”为自定义权限模式，需要“查看”流水线权限，请联系项目管理员或流水线管理员授权";
        String runRefused = "没有权限：流水线“" + pipelineName() + "”为自定义权限模式，需要“运行”流水线权限，请联系项目管理员或流水线管理员授权";
        assertFailure(
                api.get("/v1/pipelines/pipelineRecorddetail", tester.token(), "pipelineRecordId", runId),
                403,
                viewRefused);
        assertFailure(
                api.get("/v1/pipelines/getStageLog", tester.token(), "pipelineRecordId", runId, "sort", 1),
                403,
                viewRefused);
        assertFailure(
                api.post("/v1/pipelines/pausePipeline", tester.token(), Map.of("pipelineRecordId", runId)),
                403,
                runRefused);
        assertFailure(
                api.post("/v1/pipelines/retryPipelineJobRun", tester.token(), Map.of("pipelineRecordId", runId)),
                403,
                runRefused);
        assertTrue(insert(creator.token(), tester.userName(), "VIEW"));
        assertOk(api.get("/v1/pipelines/pipelineRecorddetail", tester.token(), "pipelineRecordId", runId));
        assertOk(api.get("/v1/pipelines/getStageLog", tester.token(), "pipelineRecordId", runId, "sort", 1));
        assertFailure(
                api.post("/v1/pipelines/retryPipelineJobRun", tester.token(), Map.of("pipelineRecordId", runId)),
                403,
                runRefused);
        assertFailure(
                api.post(
                        "/v1/pipelines/updatePipeline",
                        developer.token(),
                        Map.of("pipelineOrderId", pipelineId, "pipelineOrderName", "renamed")),
                403,
                "没有权限：流水线“" + pipelineName() + "”为自定义权限模式，需要“管理”流水线权限，请联系项目管理员或流水线管理员授权");
        assertTrue(api.post(
                BASE + "deletePipelinePermission",
                creator.token(),
                Map.of(
                        "permissionId",
                        byUser(api.get(
                                                BASE + "listPipelinePermissionsPage",
                                                creator.token(),
                                                "pipelineOrderId",
                                                pipelineId)
                                        .data()
                                        .get("list"))
                                .get(tester.userName())
                                .get("permissionId")
                                .asLong())));
        assertFailure(
                api.post("/v1/pipelines/deletePipeline", developer.token(), Map.of("pipelineOrderId", pipelineId)),
                403,
                "没有权限：流水线“" + pipelineName() + "”为自定义权限模式，需要“管理”流水线权限，请联系项目管理员或流水线管理员授权");
        assertFailure(
                insert(creator.token(), developer.userName(), "VIEW"), 409, "用户 " + developer.userName() + " 已是流水线成员");
        // a viewer can only view; admins and the creator always manage and are not listed
        Api.Reply viewerRun = insert(creator.token(), viewer.userName(), "RUN");
        assertFailure(viewerRun, 400, "permType: 用户 " + viewer.userName() + " 的项目角色不允许“运行”流水线权限");
        assertFailure(
                insert(creator.token(), projectAdmin.userName(), "VIEW"),
                400,
                "userName: 用户 " + projectAdmin.userName() + " 是项目管理员或流水线创建人，始终拥有管理权限");
        assertFailure(insert(creator.token(), "nobody-here", "VIEW"), 400, "userName: 用户 nobody-here 不是项目成员");
        Api.Reply badType = insert(creator.token(), tester.userName(), "OWNER");
        assertThat(badType.status()).isEqualTo(400);
        assertField(badType, "permType");
        // the developer (RUN) may not manage the members
        assertFailure(
                insert(developer.token(), tester.userName(), "VIEW"),
                403,
                "没有权限：流水线“" + pipelineName() + "”为自定义权限模式，需要“管理”流水线权限，请联系项目管理员或流水线管理员授权");

        // the list: admin and creator first without permissionId, then the listed developer
        Api.Reply list =
                api.get(BASE + "listPipelinePermissionsPage", developer.token(), "pipelineOrderId", pipelineId);
        assertOk(list);
        JsonNode rows = list.data().get("list");
        assertThat(list.data().get("total").asLong()).isEqualTo(3);
        assertThat(rows.get(0).get("permissionId").isNull()).isTrue();
        assertThat(rows.get(1).get("permissionId").isNull()).isTrue();
        JsonNode listed = rows.get(2);
        assertThat(listed.get("userName").asString()).isEqualTo(developer.userName());
        assertThat(listed.get("permType").asString()).isEqualTo("RUN");
        assertThat(listed.get("permTypeName").asString()).isEqualTo("运行");
        assertThat(listed.get("permMode").asString()).isEqualTo("USER_DEFINED");
        assertThat(listed.get("createStaff").asString()).isEqualTo(creator.userName());
        long permissionId = listed.get("permissionId").asLong();

        // update replaces the listed members: the developer keeps its id with MANAGE, the tester joins with VIEW
        assertTrue(update(
                creator.token(),
                List.of(
                        Map.of("userName", developer.userName(), "permType", "MANAGE"),
                        Map.of("userName", tester.userName(), "permType", "VIEW"))));
        Map<String, JsonNode> after =
                byUser(api.get(BASE + "listPipelinePermissionsPage", creator.token(), "pipelineOrderId", pipelineId)
                        .data()
                        .get("list"));
        assertThat(after.get(developer.userName()).get("permissionId").asLong()).isEqualTo(permissionId);
        assertThat(after.get(developer.userName()).get("permType").asString()).isEqualTo("MANAGE");
        assertThat(after.get(tester.userName()).get("permType").asString()).isEqualTo("VIEW");
        // the tester views but cannot run
        assertOk(api.get("/v1/pipelines/getPipeline", tester.token(), "pipelineOrderId", pipelineId));
        assertFailure(
                support.runReply(tester.token(), pipelineId, "main"),
                403,
                "没有权限：流水线“" + pipelineName() + "”为自定义权限模式，需要“运行”流水线权限，请联系项目管理员或流水线管理员授权");
        // a duplicate in an update changes nothing
        Api.Reply duplicate = update(
                creator.token(),
                List.of(
                        Map.of("userName", tester.userName(), "permType", "VIEW"),
                        Map.of("userName", tester.userName(), "permType", "RUN")));
        assertFailure(duplicate, 400, "members[1].userName: 用户 " + tester.userName() + " 重复出现");
        assertThat(byUser(api.get(BASE + "listPipelinePermissionsPage", creator.token(), "pipelineOrderId", pipelineId)
                                .data()
                                .get("list"))
                        .keySet())
                .contains(developer.userName(), tester.userName());

        // removing: by permissionId; unknown ids 404; in DEFAULT mode refused with the manual's message
        long testerPermission = after.get(tester.userName()).get("permissionId").asLong();
        assertTrue(
                api.post(BASE + "deletePipelinePermission", creator.token(), Map.of("permissionId", testerPermission)));
        Api.Reply again =
                api.post(BASE + "deletePipelinePermission", creator.token(), Map.of("permissionId", testerPermission));
        assertFailure(again, 404, "流水线成员权限不存在");
        assertField(again, "permissionId");
        assertFailure(
                api.get("/v1/pipelines/getPipeline", tester.token(), "pipelineOrderId", pipelineId),
                403,
                "没有权限：流水线“" + pipelineName() + "”为自定义权限模式，需要“查看”流水线权限，请联系项目管理员或流水线管理员授权");
        assertTrue(api.post(
                BASE + "changePermMode",
                developer.token(),
                Map.of("pipelineOrderId", pipelineId, "permMode", "DEFAULT")));
        assertFailure(
                api.post(BASE + "deletePipelinePermission", creator.token(), Map.of("permissionId", permissionId)),
                409,
                "权限模式为 DEFAULT 的流水线不支持移除成员");
    }

    @Test
    void outsidersAndOtherTenantsFindNoPipelineAndBadRequestsChangeNothing() {
        Fixtures.User outsider = fixtures.subAccount();
        Fixtures.User stranger = fixtures.tenant();
        for (Fixtures.User who : List.of(outsider, stranger)) {
            assertFailure(api.get(BASE + "permMode", who.token(), "pipelineOrderId", pipelineId), 404, "未找到流水线");
            assertFailure(
                    api.post(
                            BASE + "changePermMode",
                            who.token(),
                            Map.of("pipelineOrderId", pipelineId, "permMode", "USER_DEFINED")),
                    404,
                    "未找到流水线");
            assertFailure(
                    api.get(BASE + "listPipelinePermissionsPage", who.token(), "pipelineOrderId", pipelineId),
                    404,
                    "未找到流水线");
            assertFailure(
                    api.get(BASE + "listEnablePipelineMembersPage", who.token(), "pipelineOrderId", pipelineId),
                    404,
                    "未找到流水线");
            assertFailure(insert(who.token(), developer.userName(), "VIEW"), 404, "未找到流水线");
        }
        Api.Reply badMode = api.post(
                BASE + "changePermMode", creator.token(), Map.of("pipelineOrderId", pipelineId, "permMode", "OPEN"));
        assertThat(badMode.status()).isEqualTo(400);
        assertField(badMode, "permMode");
        assertFailure(api.get(BASE + "permMode", creator.token()), 400, "pipelineOrderId: 此属性是必填项");
        assertFailure(
                api.post(BASE + "deletePipelinePermission", creator.token(), Map.of()), 400, "permissionId: 此属性是必填项");
        assertFailure(
                api.post(BASE + "updatePipelinePermission", creator.token(), Map.of("pipelineOrderId", pipelineId)),
                400,
                "members: 此属性是必填项");
        // the viewer may read the mode but not change it
        assertFailure(
                api.post(
                        BASE + "changePermMode",
                        viewer.token(),
                        Map.of("pipelineOrderId", pipelineId, "permMode", "USER_DEFINED")),
                403,
                "没有权限：缺少“管理流水线（项目管理员或开发人员）”权限");
        assertThat(api.get(BASE + "permMode", viewer.token(), "pipelineOrderId", pipelineId)
                        .data()
                        .asString())
                .isEqualTo("DEFAULT");
    }

    // ---- helpers ----

    private Api.Reply insert(String token, String userName, String permType) {
        return api.post(
                BASE + "insertPipelinePermission",
                token,
                Map.of("pipelineOrderId", pipelineId, "userName", userName, "permType", permType));
    }

    private Api.Reply update(String token, List<Map<String, String>> members) {
        return api.post(
                BASE + "updatePipelinePermission", token, Map.of("pipelineOrderId", pipelineId, "members", members));
    }

    private String pipelineName() {
        return api.get("/v1/pipelines/getPipeline", ADMIN_TOKEN, "pipelineOrderId", pipelineId)
                .data()
                .get("pipelineOrderName")
                .asString();
    }

    private static Map<String, JsonNode> byUser(JsonNode rows) {
        Map<String, JsonNode> byUser = new java.util.HashMap<>();
        rows.forEach(r -> byUser.put(r.get("userName").asString(), r));
        return byUser;
    }
}
