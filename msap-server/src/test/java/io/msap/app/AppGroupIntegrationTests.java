package io.msap.app;

import static io.msap.test.Fixtures.DEVELOPER;
import static io.msap.test.Fixtures.OPERATOR;
import static io.msap.test.Fixtures.PROJECT_ADMIN;
import static io.msap.test.Fixtures.TESTER;
import static io.msap.test.Fixtures.VIEWER;
import static io.msap.test.Replies.assertFailure;
import static io.msap.test.Replies.assertField;
import static io.msap.test.Replies.assertOk;
import static io.msap.test.Replies.assertTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.msap.test.Api;
import io.msap.test.AppFixtures;
import io.msap.test.Fixtures.User;
import io.msap.test.IntegrationTest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Manual 5.2 over HTTP: insertApplicationGroup, listApplicationGroups, updateApplicationGroup and
 * deleteApplicationGroup; name rules, uniqueness, what deleting a group does to its applications, roles, and groups of
 * other projects and tenants.
 */
class AppGroupIntegrationTests extends IntegrationTest {

    private static final String GROUP = "/v1/app/group/";
    private static final String GROUP_NOT_FOUND = "应用分组不存在";
    private static final String PROJECT_NOT_FOUND = "项目不存在";
    private static final String MANAGE_REFUSED = "没有权限：缺少“管理应用分组（项目管理员或开发人员）”权限";
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String WIRE_TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+00:00";

    private AppFixtures apps;

    @BeforeEach
    void appFixtures() {
        apps = new AppFixtures(api);
    }

    private record Setup(User tenant, String projectId) {
        String token() {
            return tenant.token();
        }
    }

    private Setup setup() {
        User tenant = fixtures.tenant();
        return new Setup(tenant, fixtures.project(tenant.token()));
    }

    // ---- insertApplicationGroup, listApplicationGroups ----------------------------------------------------------

    @Test
    void insertedGroupsAreListedNewestFirstWithTheManualsFieldNames() {
        Setup s = setup();
        Instant before = Instant.now().minusSeconds(5);
        Api.Reply created = insert(s.token(), s.projectId(), "  前端  ");
        assertOk(created);
        assertThat(created.data().isString()).isTrue();
        String front = created.data().asString();
        assertThat(front).matches(UUID_PATTERN);
        String back = apps.group(s.token(), s.projectId(), "Backend");

        JsonNode groups = groups(s.token(), s.projectId());
        assertThat(groups.isArray()).isTrue();
        assertThat(ids(groups)).containsExactly(back, front);
        JsonNode row = groups.get(1);
        assertThat(row.propertyNames())
                .containsExactlyInAnyOrder("appGroupId", "appId", "name", "projectId", "createTime");
        assertThat(row.get("appGroupId").asString()).isEqualTo(front);
        assertThat(row.get("appId").asString()).isEqualTo(front);
        assertThat(row.get("name").asString()).isEqualTo("前端");
        assertThat(row.get("projectId").asString()).isEqualTo(s.projectId());
        assertThat(row.get("createTime").asString()).matches(WIRE_TIME);
        assertThat(OffsetDateTime.parse(row.get("createTime").asString()).toInstant())
                .isBetween(before, Instant.now().plusSeconds(5));
        assertThat(groups.get(0).get("appId").asString()).isEqualTo(back);
        assertThat(groups.get(0).get("name").asString()).isEqualTo("Backend");

        // a project without groups answers an empty array
        String empty = fixtures.project(s.token());
        assertThat(groups(s.token(), empty).size()).isZero();
    }

    @Test
    void namesHaveAtMostTenCharactersCountingEachChineseCharacterOnce() {
        Setup s = setup();
        List<String> accepted = List.of("abcdefghij", "一二三四五六七八九十", "中文和ascii混合", "a");
        for (String name : accepted) {
            assertOk(insert(s.token(), s.projectId(), name));
        }
        for (String name : List.of("abcdefghijk", "一二三四五六七八九十一", "中文和ascii混合了")) {
            Api.Reply refused = insert(s.token(), s.projectId(), name);
            assertFailure(refused, 400, "name: 长度不能超过 10 个字符");
            assertField(refused, "name");
        }
        for (String name : List.of("", "   ")) {
            assertFailure(insert(s.token(), s.projectId(), name), 400, "name: 此属性是必填项");
        }
        assertFailure(
                api.post(GROUP + "insertApplicationGroup", s.token(), Map.of("projectId", s.projectId())),
                400,
                "name: 此属性是必填项");
        Api.Reply noProject = api.post(GROUP + "insertApplicationGroup", s.token(), Map.of("name", "组"));
        assertFailure(noProject, 400, "projectId: 此属性是必填项");
        assertField(noProject, "projectId");
        assertThat(names(groups(s.token(), s.projectId()))).containsExactlyInAnyOrderElementsOf(accepted);
    }

    @Test
    void namesAreUniqueInTheProjectIgnoringCase() {
        Setup s = setup();
        String first = apps.group(s.token(), s.projectId(), "Front");
        for (String name : List.of("Front", "front", "FRONT", " front ")) {
            assertFailure(insert(s.token(), s.projectId(), name), 409, "应用分组 " + name.trim() + " 已存在");
        }
        assertThat(ids(groups(s.token(), s.projectId()))).containsExactly(first);

        String otherProject = fixtures.project(s.token());
        String elsewhere = apps.group(s.token(), otherProject, "FRONT");
        assertThat(ids(groups(s.token(), otherProject))).containsExactly(elsewhere);
        Setup stranger = setup();
        apps.group(stranger.token(), stranger.projectId(), "front");
    }

    // ---- updateApplicationGroup ---------------------------------------------------------------------------------

    @Test
    void updateRenamesUnderTheSameRules() {
        Setup s = setup();
        String t = s.token();
        String group = apps.group(t, s.projectId(), "旧名字");
        String other = apps.group(t, s.projectId(), "Other");
        String app = appIn(s, "renamed");
        assertTrue(setGroup(t, app, group));

        assertTrue(update(t, Map.of("appGroupId", group, "name", " 新名字 ")));
        assertThat(row(groups(t, s.projectId()), group).get("name").asString()).isEqualTo("新名字");
        assertThat(appRow(t, s.projectId(), app).get("appGroupName").asString()).isEqualTo("新名字");

        // its own name in another case is fine; another group's name is not
        assertTrue(update(t, Map.of("appGroupId", other, "name", "OTHER")));
        assertThat(row(groups(t, s.projectId()), other).get("name").asString()).isEqualTo("OTHER");
        assertFailure(update(t, Map.of("appGroupId", other, "name", "新名字")), 409, "应用分组 新名字 已存在");
        assertFailure(update(t, Map.of("appGroupId", group, "name", "other")), 409, "应用分组 other 已存在");

        assertFailure(update(t, Map.of("appGroupId", group, "name", "十一个字符的名字太长了")), 400, "name: 长度不能超过 10 个字符");
        assertFailure(update(t, Map.of("appGroupId", group, "name", "  ")), 400, "name: 此属性是必填项");
        assertFailure(update(t, Map.of("appGroupId", group)), 400, "name: 此属性是必填项");
        assertFailure(update(t, Map.of("name", "无主")), 400, "appGroupId: 此属性是必填项");
        assertThat(names(groups(t, s.projectId()))).containsExactly("OTHER", "新名字");
    }

    // ---- deleteApplicationGroup ---------------------------------------------------------------------------------

    @Test
    void deletingAGroupLeavesItsApplicationsUngrouped() {
        Setup s = setup();
        String t = s.token();
        String doomed = apps.group(t, s.projectId(), "将删除");
        String kept = apps.group(t, s.projectId(), "保留");
        String a = appIn(s, "appA");
        String b = appIn(s, "appB");
        String c = appIn(s, "appC");
        assertTrue(setGroup(t, a, doomed));
        assertTrue(setGroup(t, b, doomed));
        assertTrue(setGroup(t, c, kept));

        Api.Reply deleted = delete(t, doomed);
        assertTrue(deleted);
        assertThat(ids(groups(t, s.projectId()))).containsExactly(kept);
        for (String app : List.of(a, b)) {
            JsonNode row = appRow(t, s.projectId(), app);
            assertThat(row.get("appGroupId").isNull()).as(app).isTrue();
            assertThat(row.get("appGroupName").isNull()).as(app).isTrue();
        }
        assertThat(appRow(t, s.projectId(), c).get("appGroupId").asString()).isEqualTo(kept);
        assertThat(appIds(t, s.projectId())).containsExactlyInAnyOrder(a, b, c);

        assertFailure(delete(t, doomed), 404, GROUP_NOT_FOUND);
        assertFailure(update(t, Map.of("appGroupId", doomed, "name", "复活")), 404, GROUP_NOT_FOUND);
        assertFailure(setGroup(t, a, doomed), 404, GROUP_NOT_FOUND);
        assertFailure(
                api.get("/v1/app/getApplicationListPage", t, "projectId", s.projectId(), "appGroupId", doomed),
                404,
                GROUP_NOT_FOUND);
        // the name is free again
        String again = apps.group(t, s.projectId(), "将删除");
        assertThat(again).isNotEqualTo(doomed);
        assertTrue(setGroup(t, a, again));
    }

    @Test
    void aGroupThatHeldADeletedApplicationCanBeDeleted() {
        Setup s = setup();
        String t = s.token();
        String group = apps.group(t, s.projectId(), "历史");
        String gone = appIn(s, "gone");
        String live = appIn(s, "live");
        assertTrue(setGroup(t, gone, group));
        assertTrue(setGroup(t, live, group));
        assertTrue(api.post("/v1/app/deleteApplication", t, Map.of("appId", gone)));

        assertTrue(delete(t, group));
        assertThat(groups(t, s.projectId()).size()).isZero();
        assertThat(appRow(t, s.projectId(), live).get("appGroupId").isNull()).isTrue();
    }

    @Test
    void deleteNeedsTheGroupId() {
        Setup s = setup();
        Api.Reply missing = api.post(GROUP + "deleteApplicationGroup", s.token(), Map.of());
        assertFailure(missing, 400, "appGroupId: 此属性是必填项");
        assertField(missing, "appGroupId");
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
            Api.Reply unknown = delete(s.token(), id);
            assertFailure(unknown, 404, GROUP_NOT_FOUND);
            assertField(unknown, "appGroupId");
        }
    }

    // ---- roles and scoping --------------------------------------------------------------------------------------

    @Test
    void viewersTestersAndOperatorsOnlyListWhileDevelopersAndAdminsManage() {
        Setup s = setup();
        String t = s.token();
        String group = apps.group(t, s.projectId(), "共享");
        for (int role : List.of(VIEWER, TESTER, OPERATOR)) {
            User user = member(s, role);
            assertThat(ids(groups(user.token(), s.projectId()))).containsExactly(group);
            assertFailure(insert(user.token(), s.projectId(), "角色" + role), 403, MANAGE_REFUSED);
            assertFailure(update(user.token(), Map.of("appGroupId", group, "name", "改名")), 403, MANAGE_REFUSED);
            assertFailure(delete(user.token(), group), 403, MANAGE_REFUSED);
        }
        assertThat(names(groups(t, s.projectId()))).containsExactly("共享");

        for (int role : List.of(DEVELOPER, PROJECT_ADMIN)) {
            User user = member(s, role);
            String mine = apps.group(user.token(), s.projectId(), "角色" + role);
            assertTrue(update(user.token(), Map.of("appGroupId", mine, "name", "改名" + role)));
            // groups are not data-permission objects: any developer manages any group of the project
            assertTrue(update(user.token(), Map.of("appGroupId", group, "name", "共享" + role)));
            assertTrue(delete(user.token(), mine));
        }
        assertThat(names(groups(t, s.projectId()))).containsExactly("共享1");
    }

    @Test
    void groupsOfOtherProjectsAndTenantsAreNotFound() {
        Setup s = setup();
        String t = s.token();
        String mine = apps.group(t, s.projectId(), "我的");
        String app = appIn(s, "mine");
        String secondProject = fixtures.project(t);
        String sibling = apps.group(t, secondProject, "兄弟");
        Setup stranger = setup();
        String theirs = apps.group(stranger.token(), stranger.projectId(), "他们的");

        Api.Reply foreign = update(t, Map.of("appGroupId", theirs, "name", "夺取"));
        assertFailure(foreign, 404, GROUP_NOT_FOUND);
        assertField(foreign, "appGroupId");
        assertFailure(delete(t, theirs), 404, GROUP_NOT_FOUND);
        // a sibling project's group cannot hold this project's app
        assertFailure(setGroup(t, app, sibling), 404, GROUP_NOT_FOUND);

        // a member of this project only does not reach the sibling project's groups
        User admin = member(s, PROJECT_ADMIN);
        assertFailure(update(admin.token(), Map.of("appGroupId", sibling, "name", "夺取")), 404, GROUP_NOT_FOUND);
        assertFailure(delete(admin.token(), sibling), 404, GROUP_NOT_FOUND);
        assertFailure(
                api.get(GROUP + "listApplicationGroups", admin.token(), "projectId", secondProject),
                404,
                PROJECT_NOT_FOUND);
        Api.Reply intrude = insert(admin.token(), secondProject, "入侵");
        assertFailure(intrude, 404, PROJECT_NOT_FOUND);
        assertField(intrude, "projectId");

        String token = stranger.token();
        assertFailure(
                api.get(GROUP + "listApplicationGroups", token, "projectId", s.projectId()), 404, PROJECT_NOT_FOUND);
        assertFailure(insert(token, s.projectId(), "入侵"), 404, PROJECT_NOT_FOUND);
        assertFailure(update(token, Map.of("appGroupId", mine, "name", "夺取")), 404, GROUP_NOT_FOUND);
        assertFailure(delete(token, mine), 404, GROUP_NOT_FOUND);
        assertThat(names(groups(t, s.projectId()))).containsExactly("我的");
        assertThat(names(groups(t, secondProject))).containsExactly("兄弟");
        assertThat(names(groups(stranger.token(), stranger.projectId()))).containsExactly("他们的");

        Api.Reply missing = api.get(GROUP + "listApplicationGroups", t);
        assertFailure(missing, 400, "projectId: 此属性是必填项");
        assertFailure(
                api.get(
                        GROUP + "listApplicationGroups",
                        t,
                        "projectId",
                        UUID.randomUUID().toString()),
                404,
                PROJECT_NOT_FOUND);
        assertFailure(
                api.get(GROUP + "listApplicationGroups", null, "projectId", s.projectId()), 401, "用户鉴权失败：未提供认证信息");
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private User member(Setup s, int role) {
        User user = fixtures.subAccount(s.token());
        fixtures.member(s.token(), s.projectId(), user, role);
        return user;
    }

    /** An application of the project (through a connection made for it). */
    private String appIn(Setup s, String name) {
        return apps.app(s.token(), s.projectId(), apps.github(s.token(), s.projectId()), name);
    }

    private Api.Reply insert(String token, String projectId, String name) {
        return api.post(GROUP + "insertApplicationGroup", token, Map.of("projectId", projectId, "name", name));
    }

    private Api.Reply update(String token, Map<String, ?> body) {
        return api.post(GROUP + "updateApplicationGroup", token, body);
    }

    private Api.Reply delete(String token, String groupId) {
        return api.post(GROUP + "deleteApplicationGroup", token, Map.of("appGroupId", groupId));
    }

    private Api.Reply setGroup(String token, String appId, String groupId) {
        return api.post("/v1/app/setApplicationGroup", token, Map.of("appId", appId, "appGroupId", groupId));
    }

    private JsonNode groups(String token, String projectId) {
        Api.Reply reply = api.get(GROUP + "listApplicationGroups", token, "projectId", projectId);
        assertOk(reply);
        assertThat(reply.data().isArray()).as(reply.toString()).isTrue();
        return reply.data();
    }

    private static List<String> ids(JsonNode groups) {
        List<String> ids = new ArrayList<>();
        groups.forEach(g -> ids.add(g.get("appGroupId").asString()));
        return ids;
    }

    private static List<String> names(JsonNode groups) {
        List<String> names = new ArrayList<>();
        groups.forEach(g -> names.add(g.get("name").asString()));
        return names;
    }

    private static JsonNode row(JsonNode groups, String groupId) {
        for (JsonNode g : groups) {
            if (g.get("appGroupId").asString().equals(groupId)) {
                return g;
            }
        }
        throw new AssertionError("no group " + groupId + " in " + groups);
    }

    private JsonNode appRow(String token, String projectId, String appId) {
        Api.Reply reply = api.get("/v1/app/getApplication", token, "appId", appId);
        assertOk(reply);
        assertThat(reply.data().get("projectId").asString()).isEqualTo(projectId);
        return reply.data();
    }

    private List<String> appIds(String token, String projectId) {
        Api.Reply reply = api.get("/v1/app/getApplicationListPage", token, "projectId", projectId, "pageSize", 100);
        assertOk(reply);
        List<String> ids = new ArrayList<>();
        reply.data().get("list").forEach(r -> ids.add(r.get("appId").asString()));
        return ids;
    }
}
