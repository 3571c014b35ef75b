package io.msap.project;

import static io.msap.project.ProjectIntegrationTests.assertFailure;
import static io.msap.project.ProjectIntegrationTests.assertField;
import static io.msap.project.ProjectIntegrationTests.assertOk;
import static io.msap.test.Fixtures.DEVELOPER;
import static io.msap.test.Fixtures.OPERATOR;
import static io.msap.test.Fixtures.PROJECT_ADMIN;
import static io.msap.test.Fixtures.TESTER;
import static io.msap.test.Fixtures.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import io.msap.test.Api;
import io.msap.test.Fixtures.User;
import io.msap.test.IntegrationTest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Manual 5.13: authorizeRole, listEnableSubAccountPage, listRole, listSubAccountPage and removeSub over HTTP. */
class MemberIntegrationTests extends IntegrationTest {

    private static final String NOT_FOUND = "项目不存在";
    private static final String MANAGE_REFUSED = "没有权限：缺少“管理项目成员（项目管理员）”权限";
    private static final String LAST_ADMIN = "项目至少需要保留一名项目管理员";

    // ---- listRole ---------------------------------------------------------------------------------------------

    @Test
    void listRoleGivesTheFiveBuiltInRolesInChinese() {
        Api.Reply reply = api.get("/v1/project/member/listRole", ADMIN_TOKEN);
        assertOk(reply);
        JsonNode roles = reply.data();
        assertThat(roles.isArray()).isTrue();
        assertThat(roles.size()).isEqualTo(5);
        List<String> rows = new ArrayList<>();
        for (JsonNode role : roles) {
            assertThat(role.propertyNames())
                    .containsExactlyInAnyOrder("roleGroupId", "groupCode", "groupName", "groupType");
            assertThat(role.get("roleGroupId").isIntegralNumber()).isTrue();
            assertThat(role.get("groupType").isIntegralNumber()).isTrue();
            rows.add(role.get("roleGroupId").asInt() + " "
                    + role.get("groupCode").asString() + " "
                    + role.get("groupName").asString() + " "
                    + role.get("groupType").asInt());
        }
        assertThat(rows)
                .containsExactly(
                        "1 PROJECT_ADMIN 项目管理员 1",
                        "2 DEVELOPER 开发人员 1",
                        "3 TESTER 测试人员 1",
                        "4 OPERATOR 运维人员 1",
                        "5 VIEWER 访客 1");
    }

    @Test
    void listRoleNamesFollowAcceptLanguage() {
        Api.Reply reply = api.request("GET", "/v1/project/member/listRole")
                .token(ADMIN_TOKEN)
                .english()
                .send();
        assertOk(reply);
        List<String> rows = new ArrayList<>();
        reply.data()
                .forEach(role -> rows.add(role.get("roleGroupId").asInt() + " "
                        + role.get("groupCode").asString() + " "
                        + role.get("groupName").asString()));
        assertThat(rows)
                .containsExactly(
                        "1 PROJECT_ADMIN Project admin",
                        "2 DEVELOPER Developer",
                        "3 TESTER Tester",
                        "4 OPERATOR Operator",
                        "5 VIEWER Viewer");
    }

    @Test
    void anyAuthenticatedUserMayListRolesButNotAnonymousCallers() {
        User tenant = fixtures.tenant();
        User sub = fixtures.subAccount(tenant.token());
        Api.Reply reply = api.get("/v1/project/member/listRole", sub.token());
        assertOk(reply);
        assertThat(reply.data().size()).isEqualTo(5);

        Api.Reply anonymous = api.get("/v1/project/member/listRole", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.code()).isEqualTo(401);
    }

    // ---- authorizeRole -------------------------------------------------------------------------------------------

    @Test
    void authorizeRoleAddsMembersWithTheirOwnRoles() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User dev = fixtures.subAccount(tenant.token());
        User viewer = fixtures.subAccount(tenant.token());

        Api.Reply reply = authorize(
                tenant.token(), projectId, null, null, userInfo(dev, TESTER, DEVELOPER), userInfo(viewer, VIEWER));
        assertOk(reply);
        assertThat(reply.data().isBoolean()).isTrue();
        assertThat(reply.data().asBoolean()).isTrue();

        Map<Long, JsonNode> rows = membersById(tenant.token(), projectId);
        assertThat(rows).containsOnlyKeys(dev.userId(), viewer.userId());
        assertThat(roleIds(rows.get(dev.userId()))).containsExactly(DEVELOPER, TESTER);
        assertThat(rows.get(dev.userId()).get("groupName").asString()).isEqualTo("开发人员、测试人员");
        assertThat(roleIds(rows.get(viewer.userId()))).containsExactly(VIEWER);
        assertThat(rows.get(viewer.userId()).get("groupName").asString()).isEqualTo("访客");
    }

    @Test
    void authorizeRoleReplacesTheRolesOfExistingMembers() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User user = fixtures.subAccount(tenant.token());
        fixtures.member(tenant.token(), projectId, user, DEVELOPER, TESTER);
        String joined = membersById(tenant.token(), projectId)
                .get(user.userId())
                .get("createTime")
                .asString();

        assertOk(authorize(tenant.token(), projectId, null, null, userInfo(user, OPERATOR)));
        JsonNode row = membersById(tenant.token(), projectId).get(user.userId());
        assertThat(roleIds(row)).containsExactly(OPERATOR);
        assertThat(row.get("groupName").asString()).isEqualTo("运维人员");
        assertThat(row.get("createTime").asString())
                .as("membership time is kept")
                .isEqualTo(joined);
        assertThat(members(tenant.token(), projectId).get("total").asInt()).isEqualTo(1);
    }

    @Test
    void uniformRoleGivesEveryListedUserTheCommonRoles() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User first = fixtures.subAccount(tenant.token());
        User second = fixtures.subAccount(tenant.token());
        fixtures.member(tenant.token(), projectId, first, VIEWER);

        assertOk(authorize(
                tenant.token(),
                projectId,
                true,
                List.of(TESTER, OPERATOR),
                userInfo(first, PROJECT_ADMIN),
                userInfo(second, DEVELOPER)));
        Map<Long, JsonNode> rows = membersById(tenant.token(), projectId);
        assertThat(roleIds(rows.get(first.userId()))).containsExactly(TESTER, OPERATOR);
        assertThat(roleIds(rows.get(second.userId()))).containsExactly(TESTER, OPERATOR);

        assertOk(authorize(
                tenant.token(),
                projectId,
                false,
                List.of(VIEWER),
                userInfo(first, DEVELOPER),
                userInfo(second, TESTER)));
        rows = membersById(tenant.token(), projectId);
        assertThat(roleIds(rows.get(first.userId())))
                .as("uniformRole=false uses userRoles")
                .containsExactly(DEVELOPER);
        assertThat(roleIds(rows.get(second.userId()))).containsExactly(TESTER);
    }

    @Test
    void uniformRoleWithoutUserRolesIsEnough() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User user = fixtures.subAccount(tenant.token());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("projectId", projectId);
        body.put("uniformRole", true);
        body.put("roles", List.of(VIEWER));
        body.put("userInfoVOList", List.of(Map.of("userId", user.userId(), "userName", user.userName())));
        assertOk(api.post("/v1/project/member/authorizeRole", tenant.token(), body));
        assertThat(roleIds(membersById(tenant.token(), projectId).get(user.userId())))
                .containsExactly(VIEWER);
    }

    @Test
    void authorizeRoleAcceptsTheManualsSpellingsAndNumericStrings() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User user = fixtures.subAccount(tenant.token());
        String body = "{\"projectId\":\" " + projectId + " \",\"uniformRole\":\"false\",\"userInfoVoList\":"
                + "[{\"userId\":\"" + user.userId() + "\",\"userName\":\""
                + user.userName().toUpperCase()
                + "\",\"userRoles\":[\"2\"]}]}";
        assertOk(api.post("/v1/project/member/authorizeRole", tenant.token(), body));
        assertThat(roleIds(membersById(tenant.token(), projectId).get(user.userId())))
                .containsExactly(DEVELOPER);
    }

    @Test
    void emptyRolesAreRefused() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User user = fixtures.subAccount(tenant.token());

        Api.Reply noCommonRoles = authorize(tenant.token(), projectId, true, List.of(), userInfo(user, DEVELOPER));
        assertFailure(noCommonRoles, 400, 500, "roles: 成员项目角色不能为空");
        assertField(noCommonRoles, "roles");

        Api.Reply missingCommonRoles = authorize(tenant.token(), projectId, true, null, userInfo(user, DEVELOPER));
        assertFailure(missingCommonRoles, 400, 500, "roles: 成员项目角色不能为空");

        Api.Reply noUserRoles = authorize(tenant.token(), projectId, false, null, userInfo(user));
        assertFailure(noUserRoles, 400, 500, "userInfoVOList[0].userRoles: 成员项目角色不能为空");
        assertField(noUserRoles, "userInfoVOList[0].userRoles");

        Api.Reply english = api.request("POST", "/v1/project/member/authorizeRole")
                .token(tenant.token())
                .english()
                .json(authorizeBody(projectId, true, List.of(), List.of(userInfo(user, DEVELOPER))))
                .send();
        assertFailure(english, 400, 500, "roles: The member roles must not be empty");

        assertThat(members(tenant.token(), projectId).get("total").asInt()).isZero();
    }

    @Test
    void unknownRoleIdsAreRefused() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User user = fixtures.subAccount(tenant.token());

        Api.Reply uniform = authorize(tenant.token(), projectId, true, List.of(78), userInfo(user, 89));
        assertFailure(uniform, 400, 500, "roles: 角色 78 不存在");
        assertField(uniform, "roles");

        Api.Reply own = authorize(tenant.token(), projectId, null, null, userInfo(user, DEVELOPER, 6));
        assertFailure(own, 400, 500, "userInfoVOList[0].userRoles: 角色 6 不存在");

        Api.Reply zero = authorize(tenant.token(), projectId, null, null, userInfo(user, 0));
        assertFailure(zero, 400, 500, "userInfoVOList[0].userRoles: 角色 0 不存在");

        assertThat(members(tenant.token(), projectId).get("total").asInt()).isZero();
    }

    @Test
    void badRolesAreReportedBeforeNotFoundAndPermission() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User viewer = fixtures.subAccount(tenant.token());
        User stranger = fixtures.subAccount(tenant.token());
        User user = fixtures.subAccount(tenant.token());
        fixtures.member(tenant.token(), projectId, viewer, VIEWER);

        assertFailure(
                authorize(viewer.token(), projectId, true, List.of(), userInfo(user, DEVELOPER)),
                400,
                500,
                "roles: 成员项目角色不能为空");
        assertFailure(
                authorize(viewer.token(), projectId, null, null, userInfo(user, 78)),
                400,
                500,
                "userInfoVOList[0].userRoles: 角色 78 不存在");
        assertFailure(
                authorize(stranger.token(), projectId, true, List.of(78), userInfo(user, DEVELOPER)),
                400,
                500,
                "roles: 角色 78 不存在");
        assertFailure(
                authorize(tenant.token(), UUID.randomUUID().toString(), null, null, userInfo(user)),
                400,
                500,
                "userInfoVOList[0].userRoles: 成员项目角色不能为空");
        assertThat(membersById(tenant.token(), projectId)).containsOnlyKeys(viewer.userId());
    }

    @Test
    void userNameMustBelongToTheUserId() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User user = fixtures.subAccount(tenant.token());
        User other = fixtures.subAccount(tenant.token());

        Map<String, Object> mismatched =
                Map.of("userId", user.userId(), "userName", other.userName(), "userRoles", List.of(DEVELOPER));
        Api.Reply reply = authorize(tenant.token(), projectId, null, null, mismatched);
        assertFailure(
                reply,
                400,
                500,
                "userInfoVOList[0].userName: 用户账号 " + other.userName() + " 与用户 ID " + user.userId() + " 不匹配");
        assertField(reply, "userInfoVOList[0].userName");
        assertThat(members(tenant.token(), projectId).get("total").asInt()).isZero();
    }

    @Test
    void onlySubAccountsOfTheTenantCanBecomeMembers() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User good = fixtures.subAccount(tenant.token());
        User foreigner = fixtures.subAccount(fixtures.tenant().token());
        JsonNode whoami = api.get("/v1/account/whoami", tenant.token()).data();
        long mainUserId = whoami.get("userId").asLong();

        Api.Reply unknown = authorize(
                tenant.token(),
                projectId,
                null,
                null,
                userInfo(good, DEVELOPER),
                Map.of("userId", 987_654_321L, "userName", "nobody", "userRoles", List.of(DEVELOPER)));
        assertFailure(unknown, 404, 500, "用户不存在");
        assertField(unknown, "userInfoVOList[1].userId");

        Api.Reply otherTenant = authorize(tenant.token(), projectId, null, null, userInfo(foreigner, DEVELOPER));
        assertFailure(otherTenant, 404, 500, "用户不存在");
        assertField(otherTenant, "userInfoVOList[0].userId");

        Api.Reply mainAccount = authorize(
                tenant.token(),
                projectId,
                null,
                null,
                Map.of("userId", mainUserId, "userName", whoami.get("userName").asString(), "userRoles", List.of(1)));
        assertFailure(mainAccount, 404, 500, "用户不存在");
        assertField(mainAccount, "userInfoVOList[0].userId");

        assertThat(members(tenant.token(), projectId).get("total").asInt())
                .as("all or nothing: the valid user was not added either")
                .isZero();
    }

    @Test
    void theSameUserTwiceIsRefused() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User user = fixtures.subAccount(tenant.token());
        Api.Reply reply =
                authorize(tenant.token(), projectId, null, null, userInfo(user, DEVELOPER), userInfo(user, TESTER));
        assertFailure(reply, 400, 500, "userInfoVOList[1].userId: 用户 " + user.userId() + " 重复出现");
        assertThat(members(tenant.token(), projectId).get("total").asInt()).isZero();
    }

    @Test
    void authorizeRoleNeedsTheProjectAndUsers() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User user = fixtures.subAccount(tenant.token());

        Api.Reply noProject = api.post(
                "/v1/project/member/authorizeRole",
                tenant.token(),
                Map.of("userInfoVOList", List.of(userInfo(user, DEVELOPER))));
        assertFailure(noProject, 400, 500, "projectId: 此属性是必填项");
        assertField(noProject, "projectId");

        Api.Reply noUsers = api.post(
                "/v1/project/member/authorizeRole",
                tenant.token(),
                Map.of("projectId", projectId, "userInfoVOList", List.of()));
        assertFailure(noUsers, 400, 500, "userInfoVOList: 此属性是必填项");

        Api.Reply incompleteUser = api.post(
                "/v1/project/member/authorizeRole",
                tenant.token(),
                Map.of("projectId", projectId, "userInfoVOList", List.of(Map.of("userRoles", List.of(DEVELOPER)))));
        assertThat(incompleteUser.status()).as(incompleteUser.toString()).isEqualTo(400);
        assertField(incompleteUser, "userInfoVOList[0].userId");
        assertField(incompleteUser, "userInfoVOList[0].userName");

        Api.Reply wrongType = api.post(
                "/v1/project/member/authorizeRole",
                tenant.token(),
                Map.of(
                        "projectId",
                        projectId,
                        "userInfoVOList",
                        List.of(Map.of("userId", "abc", "userName", user.userName(), "userRoles", List.of(2)))));
        assertThat(wrongType.status()).as(wrongType.toString()).isEqualTo(400);
        assertThat(wrongType.msg()).contains("userId").contains("必须是整数");

        assertFailure(
                authorize(tenant.token(), UUID.randomUUID().toString(), null, null, userInfo(user, DEVELOPER)),
                404,
                500,
                NOT_FOUND);
        assertFailure(
                authorize(tenant.token(), "no-such-project", null, null, userInfo(user, DEVELOPER)),
                404,
                500,
                NOT_FOUND);
        assertThat(members(tenant.token(), projectId).get("total").asInt()).isZero();
    }

    @Test
    void theLastProjectAdminCannotBeDemoted() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User admin = fixtures.subAccount(tenant.token());
        User dev = fixtures.subAccount(tenant.token());
        User newcomer = fixtures.subAccount(tenant.token());
        fixtures.member(tenant.token(), projectId, admin, PROJECT_ADMIN);
        fixtures.member(tenant.token(), projectId, dev, DEVELOPER);

        assertFailure(
                authorize(tenant.token(), projectId, null, null, userInfo(admin, DEVELOPER)), 409, 500, LAST_ADMIN);
        assertFailure(authorize(admin.token(), projectId, null, null, userInfo(admin, VIEWER)), 409, 500, LAST_ADMIN);
        assertFailure(
                authorize(
                        tenant.token(),
                        projectId,
                        true,
                        List.of(TESTER),
                        userInfo(newcomer, TESTER),
                        userInfo(admin, PROJECT_ADMIN),
                        userInfo(dev, TESTER)),
                409,
                500,
                LAST_ADMIN);

        Map<Long, JsonNode> rows = membersById(tenant.token(), projectId);
        assertThat(rows).as("nothing changed").containsOnlyKeys(admin.userId(), dev.userId());
        assertThat(roleIds(rows.get(admin.userId()))).containsExactly(PROJECT_ADMIN);
        assertThat(roleIds(rows.get(dev.userId()))).containsExactly(DEVELOPER);

        // with a second admin the first may step down
        assertOk(authorize(
                tenant.token(),
                projectId,
                null,
                null,
                userInfo(dev, PROJECT_ADMIN, DEVELOPER),
                userInfo(admin, DEVELOPER)));
        rows = membersById(tenant.token(), projectId);
        assertThat(roleIds(rows.get(admin.userId()))).containsExactly(DEVELOPER);
        assertThat(roleIds(rows.get(dev.userId()))).containsExactly(PROJECT_ADMIN, DEVELOPER);
        assertThat(rows.get(dev.userId()).get("canRemove").asBoolean()).isFalse();
        assertThat(rows.get(admin.userId()).get("canRemove").asBoolean()).isTrue();
    }

    @Test
    void aProjectWithoutAdminsMayStayWithoutOne() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User dev = fixtures.subAccount(tenant.token());
        fixtures.member(tenant.token(), projectId, dev, DEVELOPER);
        assertOk(authorize(tenant.token(), projectId, null, null, userInfo(dev, TESTER)));
        assertOk(remove(tenant.token(), projectId, dev));
        assertThat(members(tenant.token(), projectId).get("total").asInt()).isZero();
    }

    // ---- listSubAccountPage -------------------------------------------------------------------------------------

    @Test
    void listSubAccountPageShowsEveryDocumentedField() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User admin = fixtures.subAccount(tenant.token());
        User dev = subAccount(tenant.token(), "张三", "研发部");
        Instant before = Instant.now().minusSeconds(5);
        fixtures.member(tenant.token(), projectId, admin, PROJECT_ADMIN);
        fixtures.member(tenant.token(), projectId, dev, TESTER, DEVELOPER);

        JsonNode page = members(tenant.token(), projectId);
        assertThat(page.get("total").asInt()).isEqualTo(2);
        assertThat(page.get("pageNum").asInt()).isEqualTo(1);
        assertThat(page.get("pageSize").asInt()).isEqualTo(10);
        assertThat(page.get("size").asInt()).isEqualTo(2);
        assertThat(userIds(page)).as("newest member first").containsExactly(dev.userId(), admin.userId());

        JsonNode row = page.get("list").get(0);
        assertThat(row.propertyNames())
                .containsExactlyInAnyOrder(
                        "userId", "userName", "realName", "orgName", "roleId", "groupName", "canRemove", "createTime");
        assertThat(row.get("userId").isIntegralNumber()).isTrue();
        assertThat(row.get("userId").asLong()).isEqualTo(dev.userId());
        assertThat(row.get("userName").asString()).isEqualTo(dev.userName());
        assertThat(row.get("realName").asString()).isEqualTo("张三");
        assertThat(row.get("orgName").asString()).isEqualTo("研发部");
        assertThat(row.get("roleId").isArray()).isTrue();
        assertThat(roleIds(row)).containsExactly(DEVELOPER, TESTER);
        assertThat(row.get("groupName").asString()).isEqualTo("开发人员、测试人员");
        assertThat(row.get("canRemove").isBoolean()).isTrue();
        assertThat(row.get("canRemove").asBoolean()).isTrue();
        assertThat(row.get("createTime").asString())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+00:00");
        assertThat(OffsetDateTime.parse(row.get("createTime").asString()).toInstant())
                .isBetween(before, Instant.now().plusSeconds(5));

        JsonNode adminRow = page.get("list").get(1);
        assertThat(adminRow.get("userName").asString()).isEqualTo(admin.userName());
        assertThat(adminRow.get("realName").asString()).isEqualTo("Real " + admin.userName());
        assertThat(adminRow.get("orgName").asString()).isEqualTo("Ops");
        assertThat(roleIds(adminRow)).containsExactly(PROJECT_ADMIN);
        assertThat(adminRow.get("groupName").asString()).isEqualTo("项目管理员");
        assertThat(adminRow.get("canRemove").asBoolean())
                .as("the last project admin")
                .isFalse();

        Api.Reply english = api.request("GET", "/v1/project/member/listSubAccountPage")
                .token(tenant.token())
                .english()
                .query("projectId", projectId)
                .send();
        assertOk(english);
        assertThat(english.data().get("list").get(0).get("groupName").asString())
                .isEqualTo("Developer, Tester");
        assertThat(english.data().get("list").get(1).get("groupName").asString())
                .isEqualTo("Project admin");
    }

    @Test
    void canRemoveIsFalseOnlyForTheLastProjectAdmin() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User first = fixtures.subAccount(tenant.token());
        User second = fixtures.subAccount(tenant.token());
        User dev = fixtures.subAccount(tenant.token());
        fixtures.member(tenant.token(), projectId, first, PROJECT_ADMIN, DEVELOPER);
        fixtures.member(tenant.token(), projectId, dev, DEVELOPER);

        Map<Long, JsonNode> rows = membersById(tenant.token(), projectId);
        assertThat(rows.get(first.userId()).get("canRemove").asBoolean()).isFalse();
        assertThat(rows.get(dev.userId()).get("canRemove").asBoolean()).isTrue();

        fixtures.member(tenant.token(), projectId, second, PROJECT_ADMIN);
        rows = membersById(tenant.token(), projectId);
        assertThat(rows.get(first.userId()).get("canRemove").asBoolean()).isTrue();
        assertThat(rows.get(second.userId()).get("canRemove").asBoolean()).isTrue();
        assertThat(rows.get(dev.userId()).get("canRemove").asBoolean()).isTrue();

        assertOk(remove(tenant.token(), projectId, first));
        rows = membersById(tenant.token(), projectId);
        assertThat(rows.get(second.userId()).get("canRemove").asBoolean()).isFalse();
        assertThat(rows.get(dev.userId()).get("canRemove").asBoolean()).isTrue();
    }

    @Test
    void listSubAccountPageFiltersOnAccountAndRealName() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User zhang = subAccount(tenant.token(), "Zhang_San", "研发部");
        User zhangx = subAccount(tenant.token(), "ZhangXSan", "研发部");
        User li = subAccount(tenant.token(), "李四", "测试部");
        User outsider = subAccount(tenant.token(), "Zhang Outsider", "测试部");
        fixtures.member(tenant.token(), projectId, zhang, DEVELOPER);
        fixtures.member(tenant.token(), projectId, zhangx, DEVELOPER);
        fixtures.member(tenant.token(), projectId, li, TESTER);

        assertThat(userIds(members(tenant.token(), projectId, "keyword", "zhang")))
                .containsExactly(zhangx.userId(), zhang.userId());
        assertThat(userIds(members(tenant.token(), projectId, "keyword", "G_S")))
                .containsExactly(zhang.userId());
        assertThat(userIds(members(tenant.token(), projectId, "keyword", "李"))).containsExactly(li.userId());
        assertThat(userIds(members(
                        tenant.token(),
                        projectId,
                        "keyword",
                        li.userName().substring(2).toUpperCase())))
                .containsExactly(li.userId());
        assertThat(userIds(members(tenant.token(), projectId, "keyword", "  李四  ")))
                .containsExactly(li.userId());
        JsonNode none = members(tenant.token(), projectId, "keyword", "outsider");
        assertThat(none.get("total").asInt()).isZero();
        assertThat(none.get("list")).isEmpty();
        assertThat(userIds(members(tenant.token(), projectId, "keyword", ""))).hasSize(3);
        assertThat(outsider.userId()).isPositive();
    }

    @Test
    void listSubAccountPagePages() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        List<Long> added = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            User user = fixtures.subAccount(tenant.token());
            fixtures.member(tenant.token(), projectId, user, i == 0 ? PROJECT_ADMIN : VIEWER);
            added.add(user.userId());
        }
        Collections.reverse(added);

        JsonNode first = members(tenant.token(), projectId, "pageSize", 5);
        JsonNode second = members(tenant.token(), projectId, "pageNum", 2, "pageSize", 5);
        JsonNode third = members(tenant.token(), projectId, "pageNum", 3, "pageSize", 5);
        assertThat(first.get("total").asInt()).isEqualTo(12);
        assertThat(first.get("pages").asInt()).isEqualTo(3);
        assertThat(second.get("startRow").asInt()).isEqualTo(6);
        assertThat(second.get("endRow").asInt()).isEqualTo(10);
        assertThat(second.get("prePage").asInt()).isEqualTo(1);
        assertThat(second.get("nextPage").asInt()).isEqualTo(3);
        assertThat(third.get("size").asInt()).isEqualTo(2);
        assertThat(third.get("isLastPage").asBoolean()).isTrue();
        assertThat(third.get("hasNextPage").asBoolean()).isFalse();
        List<Long> paged = new ArrayList<>(userIds(first));
        paged.addAll(userIds(second));
        paged.addAll(userIds(third));
        assertThat(paged).containsExactlyElementsOf(added);

        JsonNode past = members(tenant.token(), projectId, "pageNum", 9, "pageSize", 5);
        assertThat(past.get("list")).isEmpty();
        assertThat(past.get("total").asInt()).isEqualTo(12);
        JsonNode clamped = members(tenant.token(), projectId, "pageSize", 1000);
        assertThat(clamped.get("pageSize").asInt()).isEqualTo(100);
        assertThat(userIds(clamped)).containsExactlyElementsOf(added);
        assertFailure(
                api.get("/v1/project/member/listSubAccountPage", tenant.token(), "projectId", projectId, "pageNum", 0),
                400,
                500,
                "pageNum: 必须大于等于 1");
    }

    @Test
    void memberListsNeedAProjectTheCallerCanSee() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        for (String path :
                List.of("/v1/project/member/listSubAccountPage", "/v1/project/member/listEnableSubAccountPage")) {
            Api.Reply missing = api.get(path, tenant.token());
            assertFailure(missing, 400, 500, "projectId: 此属性是必填项");
            assertField(missing, "projectId");
            Api.Reply english =
                    api.request("GET", path).token(tenant.token()).english().send();
            assertFailure(english, 400, 500, "projectId: This field is required");
            assertFailure(api.get(path, tenant.token(), "projectId", UUID.randomUUID()), 404, 500, NOT_FOUND);
            assertFailure(api.get(path, tenant.token(), "projectId", "nonsense"), 404, 500, NOT_FOUND);
            assertFailure(api.get(path, fixtures.tenant().token(), "projectId", projectId), 404, 500, NOT_FOUND);
            assertOk(api.get(path, tenant.token(), "projectId", projectId.toUpperCase()));
        }
    }

    // ---- listEnableSubAccountPage -------------------------------------------------------------------------------

    @Test
    void listEnableSubAccountPageShowsTheTenantsSubAccountsThatAreNotMembers() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        String otherProject = fixtures.project(tenant.token());
        User member = subAccount(tenant.token(), "已加入", "研发部");
        User second = subAccount(tenant.token(), "王五", "测试部");
        User third = subAccount(tenant.token(), "赵六", null);
        User foreigner = fixtures.subAccount(fixtures.tenant().token());
        fixtures.member(tenant.token(), projectId, member, DEVELOPER);
        fixtures.member(tenant.token(), otherProject, second, DEVELOPER);

        JsonNode page = candidates(tenant.token(), projectId);
        assertThat(page.get("total").asInt()).isEqualTo(2);
        assertThat(userIds(page)).as("newest first").containsExactly(third.userId(), second.userId());
        assertThat(userIds(page)).doesNotContain(member.userId(), foreigner.userId());

        JsonNode row = page.get("list").get(1);
        assertThat(row.propertyNames()).containsExactlyInAnyOrder("userId", "userName", "realName", "orgName");
        assertThat(row.get("userId").isIntegralNumber()).isTrue();
        assertThat(row.get("userId").asLong()).isEqualTo(second.userId());
        assertThat(row.get("userName").asString()).isEqualTo(second.userName());
        assertThat(row.get("realName").asString()).isEqualTo("王五");
        assertThat(row.get("orgName").asString()).isEqualTo("测试部");
        assertThat(page.get("list").get(0).get("orgName").isNull()).isTrue();

        assertThat(userIds(candidates(tenant.token(), otherProject))).containsExactly(third.userId(), member.userId());

        assertOk(remove(tenant.token(), projectId, member));
        assertThat(userIds(candidates(tenant.token(), projectId)))
                .containsExactly(third.userId(), second.userId(), member.userId());
    }

    @Test
    void listEnableSubAccountPageFiltersAndPages() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User a = subAccount(tenant.token(), "Dev_A", "研发部");
        User b = subAccount(tenant.token(), "DevXA", "研发部");
        User c = subAccount(tenant.token(), "测试员", "测试部");
        User member = subAccount(tenant.token(), "Dev_Member", "研发部");
        fixtures.member(tenant.token(), projectId, member, VIEWER);

        assertThat(userIds(candidates(tenant.token(), projectId, "keyword", "dev")))
                .containsExactly(b.userId(), a.userId());
        assertThat(userIds(candidates(tenant.token(), projectId, "keyword", "V_A")))
                .containsExactly(a.userId());
        assertThat(userIds(candidates(tenant.token(), projectId, "keyword", "%")))
                .isEmpty();
        assertThat(userIds(candidates(tenant.token(), projectId, "keyword", "测试")))
                .containsExactly(c.userId());
        assertThat(userIds(candidates(
                        tenant.token(), projectId, "keyword", c.userName().toUpperCase())))
                .containsExactly(c.userId());
        assertThat(userIds(candidates(tenant.token(), projectId, "keyword", "member")))
                .isEmpty();

        JsonNode second = candidates(tenant.token(), projectId, "pageNum", 2, "pageSize", 2);
        assertThat(second.get("total").asInt()).isEqualTo(3);
        assertThat(second.get("pages").asInt()).isEqualTo(2);
        assertThat(second.get("size").asInt()).isEqualTo(1);
        assertThat(second.get("startRow").asInt()).isEqualTo(3);
        assertThat(second.get("endRow").asInt()).isEqualTo(3);
        assertThat(second.get("isLastPage").asBoolean()).isTrue();
        assertThat(userIds(second)).containsExactly(a.userId());
        JsonNode past = candidates(tenant.token(), projectId, "pageNum", 5, "pageSize", 2);
        assertThat(past.get("list")).isEmpty();
        assertThat(past.get("total").asInt()).isEqualTo(3);
    }

    @Test
    void listEnableSubAccountPageIsEmptyWhenEveryoneIsAMember() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User only = fixtures.subAccount(tenant.token());
        fixtures.member(tenant.token(), projectId, only, DEVELOPER);
        JsonNode page = candidates(tenant.token(), projectId);
        assertThat(page.get("total").asInt()).isZero();
        assertThat(page.get("list")).isEmpty();
    }

    // ---- removeSub ----------------------------------------------------------------------------------------------

    @Test
    void removeSubRemovesMembers() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User admin = fixtures.subAccount(tenant.token());
        User dev = fixtures.subAccount(tenant.token());
        User tester = fixtures.subAccount(tenant.token());
        fixtures.member(tenant.token(), projectId, admin, PROJECT_ADMIN);
        fixtures.member(tenant.token(), projectId, dev, DEVELOPER);
        fixtures.member(tenant.token(), projectId, tester, TESTER);

        Api.Reply removed = remove(tenant.token(), projectId, dev, tester);
        assertOk(removed);
        assertThat(removed.data().isBoolean()).isTrue();
        assertThat(removed.data().asBoolean()).isTrue();
        assertThat(membersById(tenant.token(), projectId)).containsOnlyKeys(admin.userId());
        assertThat(userIds(candidates(tenant.token(), projectId))).contains(dev.userId(), tester.userId());
    }

    @Test
    void theLastProjectAdminCannotBeRemoved() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User admin = fixtures.subAccount(tenant.token());
        User dev = fixtures.subAccount(tenant.token());
        User second = fixtures.subAccount(tenant.token());
        fixtures.member(tenant.token(), projectId, admin, PROJECT_ADMIN);
        fixtures.member(tenant.token(), projectId, dev, DEVELOPER);

        assertFailure(remove(tenant.token(), projectId, admin), 409, 500, LAST_ADMIN);
        assertFailure(remove(tenant.token(), projectId, dev, admin), 409, 500, LAST_ADMIN);
        assertFailure(remove(admin.token(), projectId, admin), 409, 500, LAST_ADMIN);
        assertThat(membersById(tenant.token(), projectId)).containsOnlyKeys(admin.userId(), dev.userId());

        fixtures.member(tenant.token(), projectId, second, PROJECT_ADMIN);
        assertOk(remove(second.token(), projectId, admin));
        assertThat(membersById(tenant.token(), projectId)).containsOnlyKeys(second.userId(), dev.userId());
    }

    @Test
    void removeSubOfANonMemberIsNotFound() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User dev = fixtures.subAccount(tenant.token());
        User stranger = fixtures.subAccount(tenant.token());
        User foreigner = fixtures.subAccount(fixtures.tenant().token());
        fixtures.member(tenant.token(), projectId, dev, DEVELOPER);

        Api.Reply nonMember = remove(tenant.token(), projectId, dev, stranger);
        assertFailure(nonMember, 404, 500, "用户 " + stranger.userId() + " 不是项目成员");
        assertField(nonMember, "userList[1].userId");

        Api.Reply otherTenant = remove(tenant.token(), projectId, foreigner);
        assertFailure(otherTenant, 404, 500, "用户不存在");
        assertField(otherTenant, "userList[0].userId");

        Api.Reply mismatch = api.post(
                "/v1/project/member/removeSub",
                tenant.token(),
                Map.of(
                        "projectId",
                        projectId,
                        "userList",
                        List.of(Map.of("userId", dev.userId(), "userName", stranger.userName()))));
        assertFailure(
                mismatch,
                400,
                500,
                "userList[0].userName: 用户账号 " + stranger.userName() + " 与用户 ID " + dev.userId() + " 不匹配");

        assertThat(membersById(tenant.token(), projectId)).as("nothing removed").containsOnlyKeys(dev.userId());
    }

    @Test
    void removeSubNeedsTheProjectAndUsers() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User dev = fixtures.subAccount(tenant.token());
        fixtures.member(tenant.token(), projectId, dev, DEVELOPER);

        Api.Reply noProject = api.post(
                "/v1/project/member/removeSub",
                tenant.token(),
                Map.of("userList", List.of(Map.of("userId", dev.userId(), "userName", dev.userName()))));
        assertFailure(noProject, 400, 500, "projectId: 此属性是必填项");
        Api.Reply noUsers = api.post(
                "/v1/project/member/removeSub", tenant.token(), Map.of("projectId", projectId, "userList", List.of()));
        assertFailure(noUsers, 400, 500, "userList: 此属性是必填项");
        Api.Reply missingUsers =
                api.post("/v1/project/member/removeSub", tenant.token(), Map.of("projectId", projectId));
        assertFailure(missingUsers, 400, 500, "userList: 此属性是必填项");
        assertFailure(remove(tenant.token(), UUID.randomUUID().toString(), dev), 404, 500, NOT_FOUND);
        assertThat(membersById(tenant.token(), projectId)).containsOnlyKeys(dev.userId());
    }

    // ---- permissions --------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {PROJECT_ADMIN, DEVELOPER, TESTER, OPERATOR, VIEWER})
    void whatEachRoleMayDoWithMembers(int role) {
        boolean admin = role == PROJECT_ADMIN;
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User me = fixtures.subAccount(tenant.token());
        User peer = fixtures.subAccount(tenant.token());
        User candidate = fixtures.subAccount(tenant.token());
        fixtures.member(tenant.token(), projectId, me, role);
        fixtures.member(tenant.token(), projectId, peer, VIEWER);

        // every member sees the project, the roles and the members
        assertThat(projectIds(me.token())).containsExactly(projectId);
        assertOk(api.get("/v1/project/member/listRole", me.token()));
        JsonNode members = members(me.token(), projectId);
        assertThat(userIds(members)).containsExactlyInAnyOrder(me.userId(), peer.userId());

        // only project admins list candidates, add members, change roles and remove members
        Api.Reply candidates =
                api.get("/v1/project/member/listEnableSubAccountPage", me.token(), "projectId", projectId);
        Api.Reply add = authorize(me.token(), projectId, null, null, userInfo(candidate, TESTER));
        Api.Reply change = authorize(me.token(), projectId, true, List.of(OPERATOR), userInfo(peer, VIEWER));
        Api.Reply removed = remove(me.token(), projectId, peer);
        Api.Reply update = api.post(
                "/v1/project/updateProject", me.token(), Map.of("projectId", projectId, "description", "by " + role));
        if (admin) {
            assertOk(candidates);
            assertThat(userIds(candidates.data())).containsExactly(candidate.userId());
            assertOk(add);
            assertOk(change);
            assertOk(removed);
            assertOk(update);
            Map<Long, JsonNode> rows = membersById(tenant.token(), projectId);
            assertThat(rows).containsOnlyKeys(me.userId(), candidate.userId());
            assertThat(roleIds(rows.get(candidate.userId()))).containsExactly(TESTER);
        } else {
            assertFailure(candidates, 403, 401, MANAGE_REFUSED);
            assertFailure(add, 403, 401, MANAGE_REFUSED);
            assertFailure(change, 403, 401, MANAGE_REFUSED);
            assertFailure(removed, 403, 401, MANAGE_REFUSED);
            assertFailure(update, 403, 401, "没有权限：缺少“修改项目（项目管理员）”权限");
            Map<Long, JsonNode> rows = membersById(tenant.token(), projectId);
            assertThat(rows).containsOnlyKeys(me.userId(), peer.userId());
            assertThat(roleIds(rows.get(peer.userId()))).containsExactly(VIEWER);
            assertThat(roleIds(rows.get(me.userId()))).containsExactly(role);
        }
        // nobody but the main account deletes the project
        assertFailure(
                api.post("/v1/project/deleteProject", me.token(), Map.of("projectId", projectId)),
                403,
                401,
                "没有权限：缺少“删除项目（仅主账号）”权限");
        assertThat(projectIds(tenant.token())).containsExactly(projectId);
    }

    @Test
    void refusalNamesThePermissionInEnglishToo() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User viewer = fixtures.subAccount(tenant.token());
        fixtures.member(tenant.token(), projectId, viewer, VIEWER);
        Api.Reply reply = api.request("GET", "/v1/project/member/listEnableSubAccountPage")
                .token(viewer.token())
                .english()
                .query("projectId", projectId)
                .send();
        assertFailure(
                reply, 403, 401, "Forbidden: the permission \"manage project members (project admin)\" is missing");
    }

    @Test
    void anyOfSeveralRolesGrantsItsPermissions() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User both = fixtures.subAccount(tenant.token());
        User candidate = fixtures.subAccount(tenant.token());
        fixtures.member(tenant.token(), projectId, both, VIEWER, PROJECT_ADMIN);
        assertOk(authorize(both.token(), projectId, null, null, userInfo(candidate, DEVELOPER)));
        assertThat(membersById(tenant.token(), projectId)).containsOnlyKeys(both.userId(), candidate.userId());
    }

    @Test
    void projectAdminsCannotReachOtherProjectsOrTenants() {
        User tenant = fixtures.tenant();
        String mine = fixtures.project(tenant.token());
        String notMine = fixtures.project(tenant.token());
        User admin = fixtures.subAccount(tenant.token());
        User candidate = fixtures.subAccount(tenant.token());
        fixtures.member(tenant.token(), mine, admin, PROJECT_ADMIN);

        assertNoneVisible(admin.token(), notMine, candidate);

        User otherTenant = fixtures.tenant();
        User otherAdmin = fixtures.subAccount(otherTenant.token());
        String theirs = fixtures.project(otherTenant.token());
        fixtures.member(otherTenant.token(), theirs, otherAdmin, PROJECT_ADMIN);
        assertNoneVisible(admin.token(), theirs, otherAdmin);
        assertNoneVisible(tenant.token(), theirs, otherAdmin);
        assertNoneVisible(otherAdmin.token(), mine, candidate);

        assertThat(membersById(tenant.token(), notMine)).isEmpty();
        assertThat(membersById(otherTenant.token(), theirs)).containsOnlyKeys(otherAdmin.userId());
    }

    @Test
    void aRemovedMemberNoLongerSeesTheProject() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User admin = fixtures.subAccount(tenant.token());
        User leaving = fixtures.subAccount(tenant.token());
        User candidate = fixtures.subAccount(tenant.token());
        fixtures.member(tenant.token(), projectId, admin, PROJECT_ADMIN);
        fixtures.member(tenant.token(), projectId, leaving, PROJECT_ADMIN, DEVELOPER);
        assertThat(projectIds(leaving.token())).containsExactly(projectId);

        assertOk(remove(admin.token(), projectId, leaving));

        assertThat(projectIds(leaving.token())).isEmpty();
        assertNoneVisible(leaving.token(), projectId, candidate);
        assertFailure(
                api.post(
                        "/v1/project/updateProject",
                        leaving.token(),
                        Map.of("projectId", projectId, "projectName", "Mine")),
                404,
                500,
                NOT_FOUND);
    }

    @Test
    void aDeletedSubAccountLeavesItsProjectsUnlessItIsTheirLastAdmin() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User admin = fixtures.subAccount(tenant.token());
        User dev = fixtures.subAccount(tenant.token());
        fixtures.member(tenant.token(), projectId, admin, PROJECT_ADMIN);
        fixtures.member(tenant.token(), projectId, dev, DEVELOPER);

        assertOk(api.post("/v1/account/deleteSubAccount", tenant.token(), Map.of("userId", dev.userId())));
        assertThat(membersById(tenant.token(), projectId)).containsOnlyKeys(admin.userId());
        assertThat(userIds(candidates(tenant.token(), projectId))).doesNotContain(dev.userId());

        Api.Reply lastAdmin =
                api.post("/v1/account/deleteSubAccount", tenant.token(), Map.of("userId", admin.userId()));
        assertThat(lastAdmin.status()).as(lastAdmin.toString()).isEqualTo(409);
        assertThat(membersById(tenant.token(), projectId)).containsOnlyKeys(admin.userId());
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void concurrentDemotionsNeverLeaveAProjectWithoutAnAdmin() throws Exception {
        for (int round = 0; round < 5; round++) {
            String projectId = fixtures.project();
            User first = fixtures.subAccount();
            User second = fixtures.subAccount();
            fixtures.member(projectId, first, PROJECT_ADMIN);
            fixtures.member(projectId, second, PROJECT_ADMIN);

            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<Api.Reply>> replies = new ArrayList<>();
                for (User admin : List.of(first, second)) {
                    replies.add(pool.submit(() -> {
                        start.await();
                        return authorize(ADMIN_TOKEN, projectId, null, null, userInfo(admin, DEVELOPER));
                    }));
                }
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (java.util.concurrent.Future<Api.Reply> reply : replies) {
                    statuses.add(reply.get().status());
                }
                assertThat(statuses).containsAnyOf(200).allMatch(status -> status == 200 || status == 409);
            } finally {
                pool.shutdownNow();
            }
            long admins = membersById(ADMIN_TOKEN, projectId).values().stream()
                    .filter(row -> roleIds(row).contains(PROJECT_ADMIN))
                    .count();
            assertThat(admins).as("admins left after round " + round).isEqualTo(1);
        }
    }

    private void assertNoneVisible(String token, String projectId, User someone) {
        assertFailure(
                api.get("/v1/project/member/listSubAccountPage", token, "projectId", projectId), 404, 500, NOT_FOUND);
        assertFailure(
                api.get("/v1/project/member/listEnableSubAccountPage", token, "projectId", projectId),
                404,
                500,
                NOT_FOUND);
        assertFailure(authorize(token, projectId, null, null, userInfo(someone, DEVELOPER)), 404, 500, NOT_FOUND);
        assertFailure(remove(token, projectId, someone), 404, 500, NOT_FOUND);
        assertFailure(
                api.post("/v1/project/updateProject", token, Map.of("projectId", projectId, "description", "x")),
                404,
                500,
                NOT_FOUND);
        assertThat(projectIds(token)).doesNotContain(projectId);
    }

    /** A logged-in sub-account with the given real name and department. */
    private User subAccount(String mainToken, String realName, String orgName) {
        String userName = unique("m");
        String password = "Passw0rd-" + userName;
        Map<String, Object> body = new HashMap<>();
        body.put("userName", userName);
        body.put("realName", realName);
        body.put("password", password);
        if (orgName != null) {
            body.put("orgName", orgName);
        }
        Api.Reply created = api.post("/v1/account/createSubAccount", mainToken, body);
        assertOk(created);
        return new User(created.data().asLong(), userName, password, fixtures.login(userName, password));
    }

    private static Map<String, Object> userInfo(User user, Integer... roles) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("userId", user.userId());
        info.put("userName", user.userName());
        info.put("userRoles", Arrays.asList(roles));
        return info;
    }

    private static Map<String, Object> authorizeBody(
            String projectId, Boolean uniformRole, List<Integer> roles, List<Map<String, Object>> users) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("projectId", projectId);
        if (uniformRole != null) {
            body.put("uniformRole", uniformRole);
        }
        if (roles != null) {
            body.put("roles", roles);
        }
        body.put("userInfoVOList", users);
        return body;
    }

    @SafeVarargs
    private Api.Reply authorize(
            String token, String projectId, Boolean uniformRole, List<Integer> roles, Map<String, Object>... users) {
        return api.post(
                "/v1/project/member/authorizeRole",
                token,
                authorizeBody(projectId, uniformRole, roles, List.of(users)));
    }

    private Api.Reply remove(String token, String projectId, User... users) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (User user : users) {
            list.add(Map.of("userId", user.userId(), "userName", user.userName()));
        }
        return api.post("/v1/project/member/removeSub", token, Map.of("projectId", projectId, "userList", list));
    }

    private JsonNode members(String token, String projectId, Object... params) {
        Object[] all = Arrays.copyOf(params, params.length + 2);
        all[params.length] = "projectId";
        all[params.length + 1] = projectId;
        Api.Reply reply = api.get("/v1/project/member/listSubAccountPage", token, all);
        assertOk(reply);
        return reply.data();
    }

    private Map<Long, JsonNode> membersById(String token, String projectId) {
        Map<Long, JsonNode> rows = new HashMap<>();
        members(token, projectId, "pageSize", 100)
                .get("list")
                .forEach(row -> rows.put(row.get("userId").asLong(), row));
        return rows;
    }

    private JsonNode candidates(String token, String projectId, Object... params) {
        Object[] all = Arrays.copyOf(params, params.length + 2);
        all[params.length] = "projectId";
        all[params.length + 1] = projectId;
        Api.Reply reply = api.get("/v1/project/member/listEnableSubAccountPage", token, all);
        assertOk(reply);
        return reply.data();
    }

    private List<String> projectIds(String token) {
        Api.Reply reply = api.get("/v1/project/listProjectsPage", token, "pageSize", 100);
        assertOk(reply);
        List<String> ids = new ArrayList<>();
        reply.data().get("list").forEach(row -> ids.add(row.get("projectId").asString()));
        return ids;
    }

    private static List<Long> userIds(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("list").forEach(row -> ids.add(row.get("userId").asLong()));
        return ids;
    }

    private static List<Integer> roleIds(JsonNode row) {
        List<Integer> ids = new ArrayList<>();
        row.get("roleId").forEach(id -> ids.add(id.asInt()));
        return ids;
    }
}
