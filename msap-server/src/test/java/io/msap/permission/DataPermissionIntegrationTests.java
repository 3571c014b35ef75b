package io.msap.permission;

import static io.msap.test.Fixtures.DEVELOPER;
import static io.msap.test.Fixtures.OPERATOR;
import static io.msap.test.Fixtures.PROJECT_ADMIN;
import static io.msap.test.Fixtures.TESTER;
import static io.msap.test.Fixtures.VIEWER;
import static io.msap.test.Replies.assertDone;
import static io.msap.test.Replies.assertFailure;
import static io.msap.test.Replies.assertField;
import static io.msap.test.Replies.assertOk;
import static io.msap.test.Replies.assertTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.msap.test.Api;
import io.msap.test.AppFixtures;
import io.msap.test.Fixtures.User;
import io.msap.test.IntegrationTest;
import io.msap.test.TestCluster;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Manual 5.11 over HTTP, for applications and environments alike: granting (authorize*), listing holders
 * (list*Authorities) and candidates (list*EnableAuthorities), removing (remove*Authority), who may manage grants, and
 * that grants are enforced end to end: on updateEnv, deleteEnv, importResource and the environment's ConfigMaps
 * (checked on a kube-sim the test registered), and on updateApplication, deleteApplication and setApplicationGroup.
 */
class DataPermissionIntegrationTests extends IntegrationTest {

    private static final String BASE = "/v1/data/authorize/";
    private static final String APP_NOT_FOUND = "应用不存在";
    private static final String ENV_NOT_FOUND = "环境不存在";
    private static final String PROJECT_NOT_FOUND = "项目不存在";
    private static final String MANAGE_REFUSED = "没有权限：缺少“管理数据权限（项目管理员）”权限";
    private static final String APP_NEEDS_GRANT = "没有权限：需要该应用的数据权限才能操作应用，请联系项目管理员授权";
    private static final String ENV_NEEDS_GRANT = "没有权限：需要该环境的数据权限才能管理环境（项目管理员或运维人员），请联系项目管理员授权";
    private static final String CONFIGMAP_NEEDS_GRANT = "没有权限：需要该环境的数据权限才能管理配置项（项目管理员或运维人员），请联系项目管理员授权";
    private static final String WIRE_TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+00:00";

    /** The kube-sim of this class, registered into a pool of its own and granted to each test's tenant. */
    private static TestCluster cluster;

    @Autowired
    private DataSource dataSource;

    private AppFixtures apps;

    @BeforeEach
    void prepare() {
        apps = new AppFixtures(api);
        if (cluster == null) {
            cluster = TestCluster.register(api, ADMIN_TOKEN);
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    /**
     * A project of a new tenant with one member of each role (admin, dev, tester, op, viewer), a developer who creates
     * the application {@code appId}, an operator who creates the environment {@code envId}, and a member who is
     * developer and viewer at once.
     */
    private record Team(
            User tenant,
            String projectId,
            User admin,
            User creator,
            User envCreator,
            User dev,
            User tester,
            User op,
            User viewer,
            User devViewer,
            String connectionId,
            String appId,
            String envId) {
        String token() {
            return tenant.token();
        }
    }

    private Team team() {
        User tenant = fixtures.tenant();
        cluster.grantTo(api, ADMIN_TOKEN, tenant.userId());
        String projectId = fixtures.project(tenant.token());
        User admin = member(tenant, projectId, PROJECT_ADMIN);
        User creator = member(tenant, projectId, DEVELOPER);
        User envCreator = member(tenant, projectId, OPERATOR);
        User dev = member(tenant, projectId, DEVELOPER);
        User tester = member(tenant, projectId, TESTER);
        User op = member(tenant, projectId, OPERATOR);
        User viewer = member(tenant, projectId, VIEWER);
        User devViewer = member(tenant, projectId, DEVELOPER, VIEWER);
        String connectionId = apps.github(tenant.token(), projectId);
        String appId = apps.app(creator.token(), projectId, connectionId, "guarded");
        String envId = env(envCreator.token(), projectId, "guarded");
        return new Team(
                tenant,
                projectId,
                admin,
                creator,
                envCreator,
                dev,
                tester,
                op,
                viewer,
                devViewer,
                connectionId,
                appId,
                envId);
    }

    // ---- listing holders ------------------------------------------------------------------------------------------

    @Test
    void appAuthoritiesListAdminsAndTheCreatorFirstThenGrantedMembersWithTheirDetails() {
        Team t = team();
        JsonNode initial = page(appAuthorities(t.admin().token(), t.projectId(), t.appId()));
        assertThat(userIds(initial))
                .containsExactly(t.admin().userId(), t.creator().userId());
        assertThat(initial.get("total").asLong()).isEqualTo(2);
        for (JsonNode row : initial.get("list")) {
            assertThat(row.get("canRemove").asBoolean()).isFalse();
        }

        Instant before = Instant.now().minusSeconds(5);
        assertTrue(authorizeApp(t.admin().token(), t.projectId(), t.appId(), t.dev(), t.tester()));
        User both = member(t.tenant(), t.projectId(), DEVELOPER, TESTER);
        assertTrue(authorizeApp(t.token(), t.projectId(), t.appId(), both));

        JsonNode rows = page(appAuthorities(t.admin().token(), t.projectId(), t.appId()))
                .get("list");
        assertThat(userIds(rows))
                .containsExactly(
                        t.admin().userId(),
                        t.creator().userId(),
                        t.dev().userId(),
                        t.tester().userId(),
                        both.userId());
        JsonNode admin = rows.get(0);
        assertThat(admin.propertyNames())
                .containsExactlyInAnyOrder(
                        "userId", "userName", "realName", "orgName", "roleId", "groupName", "canRemove", "createTime");
        assertRow(admin, t.admin(), List.of(1), "项目管理员", false);
        assertRow(rows.get(1), t.creator(), List.of(2), "开发人员", false);
        assertRow(rows.get(2), t.dev(), List.of(2), "开发人员", true);
        assertRow(rows.get(3), t.tester(), List.of(3), "测试人员", true);
        assertRow(rows.get(4), both, List.of(2, 3), "开发人员、测试人员", true);
        for (int i = 2; i < 5; i++) {
            assertThat(OffsetDateTime.parse(rows.get(i).get("createTime").asString())
                            .toInstant())
                    .isBetween(before, Instant.now().plusSeconds(5));
        }

        // keyword: account or real name, ignoring case
        assertThat(userIds(page(appAuthorities(
                        t.admin().token(),
                        t.projectId(),
                        t.appId(),
                        "keyword",
                        t.dev().userName().toUpperCase()))))
                .containsExactly(t.dev().userId());
        assertThat(userIds(page(appAuthorities(
                        t.admin().token(),
                        t.projectId(),
                        t.appId(),
                        "keyword",
                        "real " + t.tester().userName()))))
                .containsExactly(t.tester().userId());
        JsonNode none = page(appAuthorities(t.admin().token(), t.projectId(), t.appId(), "keyword", "nobody-here"));
        assertThat(none.get("list").size()).isZero();
        assertThat(none.get("total").asLong()).isZero();

        // paging
        JsonNode second =
                page(appAuthorities(t.admin().token(), t.projectId(), t.appId(), "pageNum", 2, "pageSize", 2));
        assertThat(userIds(second)).containsExactly(t.dev().userId(), t.tester().userId());
        assertThat(second.get("total").asLong()).isEqualTo(5);
        assertThat(second.get("pages").asInt()).isEqualTo(3);
        assertThat(second.get("pageNum").asInt()).isEqualTo(2);
        JsonNode past = page(appAuthorities(t.admin().token(), t.projectId(), t.appId(), "pageNum", 4, "pageSize", 2));
        assertThat(past.get("list").size()).isZero();
        assertThat(past.get("total").asLong()).isEqualTo(5);

        // role names follow the language
        Api.Reply english = api.request("GET", BASE + "listAppAuthorities")
                .token(t.token())
                .english()
                .query("projectId", t.projectId(), "appId", t.appId(), "keyword", both.userName())
                .send();
        assertOk(english);
        assertThat(english.data().get("list").get(0).get("groupName").asString())
                .isEqualTo("Developer, Tester");
    }

    @Test
    void enableAuthoritiesListMembersWhoCouldBeGrantedAndAreNot() {
        Team t = team();
        JsonNode candidates = page(appCandidates(t.admin().token(), t.projectId(), t.appId()));
        assertThat(userIds(candidates))
                .containsExactly(
                        t.envCreator().userId(),
                        t.dev().userId(),
                        t.tester().userId(),
                        t.op().userId(),
                        t.devViewer().userId());
        JsonNode first = candidates.get("list").get(0);
        assertThat(first.propertyNames())
                .containsExactlyInAnyOrder(
                        "userId", "userName", "realName", "orgName", "roleId", "groupName", "canRemove", "createTime");
        assertThat(first.get("canRemove").asBoolean()).isFalse();
        assertThat(first.get("userName").asString()).isEqualTo(t.envCreator().userName());
        assertThat(first.get("groupName").asString()).isEqualTo("运维人员");
        assertThat(first.get("createTime").asString()).matches(WIRE_TIME);

        assertTrue(authorizeApp(t.token(), t.projectId(), t.appId(), t.dev(), t.devViewer()));
        assertThat(userIds(page(appCandidates(t.admin().token(), t.projectId(), t.appId()))))
                .containsExactly(t.envCreator().userId(), t.tester().userId(), t.op().userId());
        assertThat(userIds(page(appCandidates(t.token(), t.projectId(), t.appId(), "keyword", t.op().userName()))))
                .containsExactly(t.op().userId());
        JsonNode paged = page(appCandidates(t.token(), t.projectId(), t.appId(), "pageNum", 2, "pageSize", 2));
        assertThat(userIds(paged)).containsExactly(t.op().userId());
        assertThat(paged.get("total").asLong()).isEqualTo(3);

        // for the environment the operator who made it holds the right already
        assertThat(userIds(page(envCandidates(t.admin().token(), t.projectId(), t.envId()))))
                .containsExactly(
                        t.creator().userId(),
                        t.dev().userId(),
                        t.tester().userId(),
                        t.op().userId(),
                        t.devViewer().userId());
        assertThat(userIds(page(envAuthorities(t.admin().token(), t.projectId(), t.envId()))))
                .containsExactly(t.admin().userId(), t.envCreator().userId());
    }

    // ---- authorize --------------------------------------------------------------------------------------------

    @Test
    void onlyProjectMembersWhoCanOperateAreGranted() {
        Team t = team();
        User outsider = fixtures.subAccount(t.token());
        User foreigner = fixtures.subAccount(fixtures.tenant().token());
        for (User user : List.of(outsider, foreigner)) {
            Api.Reply refused = authorizeApp(t.token(), t.projectId(), t.appId(), user);
            assertFailure(refused, 400, "userIds[0]: 用户 " + user.userId() + " 不是项目成员，不能授权");
            assertField(refused, "userIds[0]");
            assertFailure(
                    authorizeEnv(t.token(), t.projectId(), t.envId(), user),
                    400,
                    "userIds[0]: 用户 " + user.userId() + " 不是项目成员，不能授权");
        }
        assertFailure(
                grant(BASE + "authorizeApplication", t.token(), "appId", t.appId(), t.projectId(), List.of(987654321L)),
                400,
                "userIds[0]: 用户 987654321 不是项目成员，不能授权");

        // a viewer only reads; the whole request fails and grants nobody
        Api.Reply viewer = authorizeApp(t.token(), t.projectId(), t.appId(), t.dev(), t.viewer());
        assertFailure(viewer, 400, "userIds[1]: 用户 " + t.viewer().userId() + " 只有访客角色，只能查看，不能授予操作权限");
        assertField(viewer, "userIds[1]");
        assertFailure(
                authorizeEnv(t.token(), t.projectId(), t.envId(), t.viewer()),
                400,
                "userIds[0]: 用户 " + t.viewer().userId() + " 只有访客角色，只能查看，不能授予操作权限");
        assertThat(userIds(page(appAuthorities(t.token(), t.projectId(), t.appId()))))
                .containsExactly(t.admin().userId(), t.creator().userId());
        assertThat(grantRows("APP", t.appId())).isZero();

        // admins and the creator hold the right already: accepted, nothing stored, listed once
        assertTrue(authorizeApp(t.token(), t.projectId(), t.appId(), t.admin(), t.creator()));
        assertTrue(authorizeEnv(t.token(), t.projectId(), t.envId(), t.admin(), t.envCreator()));
        assertThat(grantRows("APP", t.appId())).isZero();
        assertThat(grantRows("ENV", t.envId())).isZero();
        assertThat(userIds(page(appAuthorities(t.token(), t.projectId(), t.appId()))))
                .containsExactly(t.admin().userId(), t.creator().userId());

        // granting again, or twice in one request, keeps one grant
        assertTrue(authorizeApp(t.token(), t.projectId(), t.appId(), t.dev()));
        assertTrue(authorizeApp(t.token(), t.projectId(), t.appId(), t.dev(), t.dev()));
        assertTrue(authorizeApp(t.token(), t.projectId(), t.appId(), t.dev()));
        assertThat(grantRows("APP", t.appId())).isEqualTo(1);
        assertThat(userIds(page(appAuthorities(t.token(), t.projectId(), t.appId()))))
                .containsExactly(
                        t.admin().userId(), t.creator().userId(), t.dev().userId());
    }

    @Test
    void requestsNeedTheirFieldsAndAcceptTheManualsAppldSpelling() {
        Team t = team();
        Map<String, Object> ocr = new HashMap<>();
        ocr.put("appld", t.appId());
        ocr.put("projectId", t.projectId());
        ocr.put("userIds", List.of(t.dev().userId()));
        assertTrue(api.post(BASE + "authorizeApplication", t.token(), ocr));
        assertThat(userIds(page(appAuthorities(t.token(), t.projectId(), t.appId()))))
                .contains(t.dev().userId());
        assertTrue(api.post(BASE + "removeAppAuthority", t.token(), ocr));
        assertThat(userIds(page(appAuthorities(t.token(), t.projectId(), t.appId()))))
                .doesNotContain(t.dev().userId());

        // user ids may come as numeric strings, as the manual's examples send numbers
        Map<String, Object> texts = new HashMap<>();
        texts.put("envId", t.envId());
        texts.put("projectId", t.projectId());
        texts.put("userIds", List.of(String.valueOf(t.op().userId())));
        assertTrue(api.post(BASE + "authorizeEnv", t.token(), texts));
        assertThat(userIds(page(envAuthorities(t.token(), t.projectId(), t.envId()))))
                .contains(t.op().userId());
        assertTrue(api.post(BASE + "removeEnvAuthority", t.token(), texts));
        texts.put("userIds", List.of("op"));
        Api.Reply notANumber = api.post(BASE + "authorizeEnv", t.token(), texts);
        assertThat(notANumber.status()).as(notANumber.toString()).isEqualTo(400);

        for (String path : List.of("authorizeApplication", "removeAppAuthority")) {
            for (String field : List.of("appId", "projectId", "userIds")) {
                Map<String, Object> body = new HashMap<>();
                body.put("appId", t.appId());
                body.put("projectId", t.projectId());
                body.put("userIds", List.of(t.dev().userId()));
                body.remove(field);
                Api.Reply refused = api.post(BASE + path, t.token(), body);
                assertFailure(refused, 400, field + ": 此属性是必填项");
                assertField(refused, field);
            }
            assertFailure(
                    grant(BASE + path, t.token(), "appId", t.appId(), t.projectId(), List.of()),
                    400,
                    "userIds: 此属性是必填项");
        }
        for (String path : List.of("authorizeEnv", "removeEnvAuthority")) {
            for (String field : List.of("envId", "projectId", "userIds")) {
                Map<String, Object> body = new HashMap<>();
                body.put("envId", t.envId());
                body.put("projectId", t.projectId());
                body.put("userIds", List.of(t.dev().userId()));
                body.remove(field);
                assertFailure(api.post(BASE + path, t.token(), body), 400, field + ": 此属性是必填项");
            }
        }
        for (String path : List.of("listAppAuthorities", "listAppEnableAuthorities")) {
            assertFailure(api.get(BASE + path, t.token(), "projectId", t.projectId()), 400, "appId: 此属性是必填项");
            assertFailure(api.get(BASE + path, t.token(), "appId", t.appId()), 400, "projectId: 此属性是必填项");
        }
        for (String path : List.of("listEnvAuthorities", "listEnvEnableAuthorities")) {
            assertFailure(api.get(BASE + path, t.token(), "projectId", t.projectId()), 400, "envId: 此属性是必填项");
            assertFailure(
                    api.get(BASE + path, t.token(), "envId", t.envId(), "projectId", t.projectId(), "pageSize", 0),
                    400,
                    "pageSize: 必须大于等于 1");
        }
        assertFailure(
                api.get(BASE + "listAppAuthorities", null, "projectId", t.projectId(), "appId", t.appId()),
                401,
                "用户鉴权失败：未提供认证信息");
    }

    // ---- remove -----------------------------------------------------------------------------------------------

    @Test
    void removeTakesGrantsAwayButNeverFromAdminsOrTheCreator() {
        Team t = team();
        assertTrue(authorizeApp(t.token(), t.projectId(), t.appId(), t.dev(), t.tester()));

        assertTrue(removeApp(t.admin().token(), t.projectId(), t.appId(), t.dev()));
        assertThat(userIds(page(appAuthorities(t.token(), t.projectId(), t.appId()))))
                .containsExactly(
                        t.admin().userId(), t.creator().userId(), t.tester().userId());
        assertThat(userIds(page(appCandidates(t.token(), t.projectId(), t.appId()))))
                .contains(t.dev().userId());

        for (User holder : List.of(t.admin(), t.creator())) {
            assertFailure(
                    removeApp(t.token(), t.projectId(), t.appId(), holder),
                    409,
                    "用户 " + holder.userId() + " 是项目管理员或创建人，始终拥有该权限，不能移除");
        }
        for (User without : List.of(t.op(), t.dev(), t.viewer(), fixtures.subAccount(t.token()))) {
            Api.Reply refused = removeApp(t.token(), t.projectId(), t.appId(), without);
            assertFailure(refused, 404, "用户 " + without.userId() + " 没有该权限");
            assertField(refused, "userIds[0]");
        }
        // all or nothing
        assertFailure(
                removeApp(t.token(), t.projectId(), t.appId(), t.tester(), t.op()),
                404,
                "用户 " + t.op().userId() + " 没有该权限");
        assertThat(userIds(page(appAuthorities(t.token(), t.projectId(), t.appId()))))
                .contains(t.tester().userId());
        assertTrue(removeApp(t.token(), t.projectId(), t.appId(), t.tester()));
        assertThat(grantRows("APP", t.appId())).isZero();
    }

    @Test
    void environmentsAreGrantedListedAndRemovedTheSameWay() {
        Team t = team();
        Instant before = Instant.now().minusSeconds(5);
        assertTrue(authorizeEnv(t.admin().token(), t.projectId(), t.envId(), t.op(), t.dev()));

        JsonNode rows =
                page(envAuthorities(t.dev().token(), t.projectId(), t.envId())).get("list");
        assertThat(userIds(rows))
                .containsExactly(
                        t.admin().userId(), t.envCreator().userId(), t.dev().userId(), t.op().userId());
        assertRow(rows.get(0), t.admin(), List.of(1), "项目管理员", false);
        assertRow(rows.get(1), t.envCreator(), List.of(4), "运维人员", false);
        assertRow(rows.get(2), t.dev(), List.of(2), "开发人员", true);
        assertRow(rows.get(3), t.op(), List.of(4), "运维人员", true);
        assertThat(OffsetDateTime.parse(rows.get(3).get("createTime").asString())
                        .toInstant())
                .isBetween(before, Instant.now().plusSeconds(5));
        assertThat(userIds(page(
                        envAuthorities(t.token(), t.projectId(), t.envId(), "keyword", "REAL " + t.op().userName()))))
                .containsExactly(t.op().userId());
        assertThat(userIds(page(envCandidates(t.token(), t.projectId(), t.envId()))))
                .containsExactly(
                        t.creator().userId(), t.tester().userId(), t.devViewer().userId());

        assertTrue(removeEnv(t.token(), t.projectId(), t.envId(), t.dev()));
        assertThat(userIds(page(envAuthorities(t.token(), t.projectId(), t.envId()))))
                .containsExactly(t.admin().userId(), t.envCreator().userId(), t.op().userId());
        assertFailure(
                removeEnv(t.token(), t.projectId(), t.envId(), t.envCreator()),
                409,
                "用户 " + t.envCreator().userId() + " 是项目管理员或创建人，始终拥有该权限，不能移除");
        assertFailure(
                removeEnv(t.token(), t.projectId(), t.envId(), t.admin()),
                409,
                "用户 " + t.admin().userId() + " 是项目管理员或创建人，始终拥有该权限，不能移除");
        Api.Reply none = removeEnv(t.token(), t.projectId(), t.envId(), t.dev());
        assertFailure(none, 404, "用户 " + t.dev().userId() + " 没有该权限");
        assertField(none, "userIds[0]");
        assertThat(grantRows("ENV", t.envId())).isEqualTo(1);
    }

    // ---- scoping and who manages --------------------------------------------------------------------------------

    @Test
    void theObjectMustBeInTheNamedProjectTheCallerCanSee() {
        Team t = team();
        String otherProject = fixtures.project(t.token());
        String otherEnv = env(t.token(), otherProject, "other");
        String otherApp = apps.app(t.token(), otherProject, apps.github(t.token(), otherProject), "other");

        // right object, wrong project
        for (Api.Reply reply : List.of(
                authorizeApp(t.token(), otherProject, t.appId(), t.dev()),
                removeApp(t.token(), otherProject, t.appId(), t.dev()),
                appAuthorities(t.token(), otherProject, t.appId()),
                appCandidates(t.token(), otherProject, t.appId()))) {
            assertFailure(reply, 404, APP_NOT_FOUND);
            assertField(reply, "appId");
        }
        for (Api.Reply reply : List.of(
                authorizeEnv(t.token(), otherProject, t.envId(), t.dev()),
                removeEnv(t.token(), otherProject, t.envId(), t.dev()),
                envAuthorities(t.token(), otherProject, t.envId()),
                envCandidates(t.token(), otherProject, t.envId()))) {
            assertFailure(reply, 404, ENV_NOT_FOUND);
            assertField(reply, "envId");
        }
        // an object of another project of the tenant named with this project
        assertFailure(authorizeApp(t.token(), t.projectId(), otherApp, t.dev()), 404, APP_NOT_FOUND);
        assertFailure(authorizeEnv(t.token(), t.projectId(), otherEnv, t.dev()), 404, ENV_NOT_FOUND);
        // unknown ids
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
            assertFailure(authorizeApp(t.token(), t.projectId(), id, t.dev()), 404, APP_NOT_FOUND);
            assertFailure(envAuthorities(t.token(), t.projectId(), id), 404, ENV_NOT_FOUND);
            assertFailure(appAuthorities(t.token(), id, t.appId()), 404, PROJECT_NOT_FOUND);
            assertFailure(authorizeEnv(t.token(), id, t.envId(), t.dev()), 404, PROJECT_NOT_FOUND);
        }
        // a deleted application
        String doomed = apps.app(t.token(), t.projectId(), t.connectionId(), "doomed");
        assertTrue(api.post("/v1/app/deleteApplication", t.token(), Map.of("appId", doomed)));
        assertFailure(authorizeApp(t.token(), t.projectId(), doomed, t.dev()), 404, APP_NOT_FOUND);
        assertThat(grantRows("APP", t.appId()) + grantRows("ENV", t.envId())).isZero();
    }

    @Test
    void onlyProjectAdminsAndTheMainAccountManageGrantsWhileMembersListHolders() {
        Team t = team();
        for (User user : List.of(t.creator(), t.envCreator(), t.dev(), t.tester(), t.op(), t.viewer())) {
            String token = user.token();
            assertFailure(authorizeApp(token, t.projectId(), t.appId(), t.dev()), 403, MANAGE_REFUSED);
            assertFailure(authorizeEnv(token, t.projectId(), t.envId(), t.dev()), 403, MANAGE_REFUSED);
            assertFailure(removeApp(token, t.projectId(), t.appId(), t.dev()), 403, MANAGE_REFUSED);
            assertFailure(removeEnv(token, t.projectId(), t.envId(), t.dev()), 403, MANAGE_REFUSED);
            assertFailure(appCandidates(token, t.projectId(), t.appId()), 403, MANAGE_REFUSED);
            assertFailure(envCandidates(token, t.projectId(), t.envId()), 403, MANAGE_REFUSED);
            assertThat(userIds(page(appAuthorities(token, t.projectId(), t.appId()))))
                    .containsExactly(t.admin().userId(), t.creator().userId());
            assertThat(userIds(page(envAuthorities(token, t.projectId(), t.envId()))))
                    .containsExactly(t.admin().userId(), t.envCreator().userId());
        }
        assertThat(grantRows("APP", t.appId()) + grantRows("ENV", t.envId())).isZero();

        // project admins and the tenant's main account manage them
        assertTrue(authorizeApp(t.admin().token(), t.projectId(), t.appId(), t.dev()));
        assertTrue(authorizeEnv(t.token(), t.projectId(), t.envId(), t.op()));
        assertTrue(removeApp(t.token(), t.projectId(), t.appId(), t.dev()));
        assertTrue(removeEnv(t.admin().token(), t.projectId(), t.envId(), t.op()));

        // outside the project nothing exists
        User outsider = fixtures.subAccount(t.token());
        String elsewhere = fixtures.project(t.token());
        fixtures.member(t.token(), elsewhere, outsider, PROJECT_ADMIN);
        User stranger = fixtures.tenant();
        for (String token : List.of(outsider.token(), stranger.token())) {
            Api.Reply refused = authorizeApp(token, t.projectId(), t.appId(), t.dev());
            assertFailure(refused, 404, PROJECT_NOT_FOUND);
            assertField(refused, "projectId");
            assertFailure(authorizeEnv(token, t.projectId(), t.envId(), t.dev()), 404, PROJECT_NOT_FOUND);
            assertFailure(appAuthorities(token, t.projectId(), t.appId()), 404, PROJECT_NOT_FOUND);
            assertFailure(envCandidates(token, t.projectId(), t.envId()), 404, PROJECT_NOT_FOUND);
            assertFailure(removeApp(token, t.projectId(), t.appId(), t.dev()), 404, PROJECT_NOT_FOUND);
        }
        // nor through a project of their own: the app stays invisible
        Api.Reply viaOwnProject = authorizeApp(outsider.token(), elsewhere, t.appId(), t.dev());
        assertFailure(viaOwnProject, 404, APP_NOT_FOUND);
        assertField(viaOwnProject, "appId");
        assertThat(grantRows("APP", t.appId()) + grantRows("ENV", t.envId())).isZero();
    }

    // ---- enforcement ------------------------------------------------------------------------------------------

    @Test
    void anOperatorChangesAnEnvironmentAndItsConfigMapsOnlyWithItsGrant() {
        Team t = team();
        String token = t.op().token();
        String namespace = "dp-" + suffix();
        assertDone(api.post(
                "/v1/env/createK8sNameSpace",
                t.token(),
                Map.of("instId", cluster.instId(), "namespaceName", namespace)));
        String envId = env(t.token(), t.projectId(), "ops");
        String otherEnv = env(t.token(), t.projectId(), "others");

        // without the grant
        assertFailure(updateEnv(token, envId, "运维改名"), 403, ENV_NEEDS_GRANT);
        assertFailure(importResource(token, envId, namespace), 403, ENV_NEEDS_GRANT);
        assertFailure(deleteEnv(token, envId), 403, ENV_NEEDS_GRANT);
        assertDone(importResource(t.token(), envId, namespace));
        String settings = configMap(t.token(), envId, namespace, "settings", "v1");
        assertFailure(createConfigMap(token, envId, namespace, "extra", "x"), 403, CONFIGMAP_NEEDS_GRANT);
        assertFailure(updateConfigMap(token, settings, "v2"), 403, CONFIGMAP_NEEDS_GRANT);
        assertFailure(deleteConfigMap(token, settings), 403, CONFIGMAP_NEEDS_GRANT);
        assertFailure(deleteResource(token, envId), 403, ENV_NEEDS_GRANT);
        assertThat(onCluster(namespace, "settings").getData()).containsExactly(Map.entry("key", "v1"));
        assertThat(onCluster(namespace, "extra")).isNull();
        assertThat(envName(t.token(), t.projectId(), envId)).isEqualTo("环境 ops");

        // with the grant
        assertTrue(authorizeEnv(t.token(), t.projectId(), envId, t.op()));
        assertDone(updateEnv(token, envId, "运维改名"));
        assertThat(envName(t.token(), t.projectId(), envId)).isEqualTo("运维改名");
        assertTrue(updateConfigMap(token, settings, "v2"));
        assertThat(onCluster(namespace, "settings").getData()).containsExactly(Map.entry("key", "v2"));
        String extra = configMap(token, envId, namespace, "extra", "x");
        assertThat(onCluster(namespace, "extra")).isNotNull();
        assertTrue(deleteConfigMap(token, extra));
        assertTrue(deleteConfigMap(token, settings));
        assertDone(deleteResource(token, envId));
        assertDone(importResource(token, envId, namespace));
        // the grant is for that environment only
        assertFailure(updateEnv(token, otherEnv, "别的环境"), 403, ENV_NEEDS_GRANT);
        assertFailure(deleteEnv(token, otherEnv), 403, ENV_NEEDS_GRANT);

        // after removeEnvAuthority, not any more
        assertTrue(removeEnv(t.admin().token(), t.projectId(), envId, t.op()));
        assertFailure(updateEnv(token, envId, "又改名"), 403, ENV_NEEDS_GRANT);
        assertFailure(createConfigMap(token, envId, namespace, "late", "x"), 403, CONFIGMAP_NEEDS_GRANT);
        assertFailure(deleteResource(token, envId), 403, ENV_NEEDS_GRANT);
        assertFailure(deleteEnv(token, envId), 403, ENV_NEEDS_GRANT);
        assertThat(envName(t.token(), t.projectId(), envId)).isEqualTo("运维改名");

        assertTrue(authorizeEnv(t.token(), t.projectId(), envId, t.op()));
        assertDone(deleteEnv(token, envId));
        assertThat(envIds(t.token(), t.projectId())).doesNotContain(envId);
    }

    @Test
    void aDeveloperOperatesAnotherDevelopersAppOnlyWithItsGrant() {
        Team t = team();
        String token = t.dev().token();
        String group = apps.group(t.token(), t.projectId(), "组");

        assertFailure(updateApp(token, t.appId(), "开发改的"), 403, APP_NEEDS_GRANT);
        assertFailure(setGroup(token, t.appId(), group), 403, APP_NEEDS_GRANT);
        assertFailure(deleteApp(token, t.appId()), 403, APP_NEEDS_GRANT);

        assertTrue(authorizeApp(t.admin().token(), t.projectId(), t.appId(), t.dev()));
        assertTrue(updateApp(token, t.appId(), "开发改的"));
        assertTrue(setGroup(token, t.appId(), group));
        JsonNode app =
                api.get("/v1/app/getApplication", token, "appId", t.appId()).data();
        assertThat(app.get("description").asString()).isEqualTo("开发改的");
        assertThat(app.get("appGroupId").asString()).isEqualTo(group);

        assertTrue(removeApp(t.admin().token(), t.projectId(), t.appId(), t.dev()));
        assertFailure(updateApp(token, t.appId(), "再改"), 403, APP_NEEDS_GRANT);
        assertFailure(deleteApp(token, t.appId()), 403, APP_NEEDS_GRANT);

        assertTrue(authorizeApp(t.token(), t.projectId(), t.appId(), t.dev()));
        assertTrue(deleteApp(token, t.appId()));
        assertThat(api.get("/v1/app/getApplication", t.token(), "appId", t.appId())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void removingAMemberDropsTheirGrantsForGood() {
        Team t = team();
        assertTrue(authorizeApp(t.token(), t.projectId(), t.appId(), t.dev()));
        assertTrue(authorizeEnv(t.token(), t.projectId(), t.envId(), t.op(), t.dev()));
        assertTrue(updateApp(t.dev().token(), t.appId(), "有权限时"));
        assertDone(updateEnv(t.op().token(), t.envId(), "有权限时"));

        assertOk(api.post(
                "/v1/project/member/removeSub",
                t.token(),
                Map.of(
                        "projectId",
                        t.projectId(),
                        "userList",
                        List.of(
                                Map.of(
                                        "userId",
                                        t.dev().userId(),
                                        "userName",
                                        t.dev().userName()),
                                Map.of("userId", t.op().userId(), "userName", t.op().userName())))));
        assertThat(grantRows("APP", t.appId()) + grantRows("ENV", t.envId())).isZero();
        assertFailure(updateApp(t.dev().token(), t.appId(), "被移出后"), 404, APP_NOT_FOUND);

        fixtures.member(t.token(), t.projectId(), t.dev(), DEVELOPER);
        fixtures.member(t.token(), t.projectId(), t.op(), OPERATOR);
        assertThat(userIds(page(appAuthorities(t.token(), t.projectId(), t.appId()))))
                .doesNotContain(t.dev().userId());
        assertThat(userIds(page(envAuthorities(t.token(), t.projectId(), t.envId()))))
                .doesNotContain(t.dev().userId(), t.op().userId());
        assertThat(userIds(page(appCandidates(t.token(), t.projectId(), t.appId()))))
                .contains(t.dev().userId());
        assertFailure(updateApp(t.dev().token(), t.appId(), "重新加入后"), 403, APP_NEEDS_GRANT);
        assertFailure(updateEnv(t.op().token(), t.envId(), "重新加入后"), 403, ENV_NEEDS_GRANT);
        assertThat(envName(t.token(), t.projectId(), t.envId())).isEqualTo("有权限时");

        // deleting the sub-account drops its grants as well
        assertTrue(authorizeApp(t.token(), t.projectId(), t.appId(), t.tester()));
        assertTrue(authorizeEnv(t.token(), t.projectId(), t.envId(), t.tester()));
        assertThat(grantRows("APP", t.appId()) + grantRows("ENV", t.envId())).isEqualTo(2);
        assertOk(api.post(
                "/v1/account/deleteSubAccount",
                t.token(),
                Map.of("userId", t.tester().userId())));
        assertThat(grantRows("APP", t.appId()) + grantRows("ENV", t.envId())).isZero();
    }

    @Test
    void deletingAnApplicationRemovesItsGrants() {
        Team t = team();
        String kept = apps.app(t.token(), t.projectId(), t.connectionId(), "kept");
        assertTrue(authorizeApp(t.token(), t.projectId(), t.appId(), t.dev(), t.tester()));
        assertTrue(authorizeApp(t.token(), t.projectId(), kept, t.dev()));
        assertThat(grantRows("APP", t.appId())).isEqualTo(2);

        assertTrue(deleteApp(t.admin().token(), t.appId()));
        assertThat(grantRows("APP", t.appId())).isZero();
        assertThat(grantRows("APP", kept)).isEqualTo(1);
        assertFailure(appAuthorities(t.token(), t.projectId(), t.appId()), 404, APP_NOT_FOUND);
        assertTrue(updateApp(t.dev().token(), kept, "仍然可以"));
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    private User member(User tenant, String projectId, Integer... roles) {
        User user = fixtures.subAccount(tenant.token());
        fixtures.member(tenant.token(), projectId, user, roles);
        return user;
    }

    private String env(String token, String projectId, String code) {
        Api.Reply created = api.post(
                "/v1/env/createEnv",
                token,
                Map.of(
                        "projectId",
                        projectId,
                        "envCode",
                        code,
                        "envName",
                        "环境 " + code,
                        "envType",
                        "TEST",
                        "resPoolId",
                        cluster.poolCode()));
        assertOk(created);
        return created.data().asString();
    }

    private List<String> envIds(String token, String projectId) {
        Api.Reply reply = api.get("/v1/env/listEnvs", token, "projectId", projectId);
        assertOk(reply);
        List<String> ids = new ArrayList<>();
        reply.data().forEach(r -> ids.add(r.get("envId").asString()));
        return ids;
    }

    private String envName(String token, String projectId, String envId) {
        Api.Reply reply = api.get("/v1/env/listEnvs", token, "projectId", projectId);
        assertOk(reply);
        for (JsonNode row : reply.data()) {
            if (row.get("envId").asString().equals(envId)) {
                return row.get("envName").asString();
            }
        }
        throw new AssertionError("no environment " + envId + " in " + reply);
    }

    private Api.Reply updateEnv(String token, String envId, String name) {
        return api.post("/v1/env/updateEnv", token, Map.of("envId", envId, "envName", name));
    }

    private Api.Reply deleteEnv(String token, String envId) {
        return api.post("/v1/env/deleteEnv", token, Map.of("envId", envId));
    }

    private Api.Reply importResource(String token, String envId, String namespace) {
        return api.post(
                "/v1/env/importResource",
                token,
                Map.of(
                        "envId",
                        envId,
                        "resourceList",
                        List.of(Map.of("instId", cluster.instId(), "k8sNameSpace", namespace))));
    }

    private Api.Reply deleteResource(String token, String envId) {
        return api.post(
                "/v1/env/deleteResource", token, Map.of("envId", envId, "instIdList", List.of(cluster.instId())));
    }

    private Api.Reply createConfigMap(String token, String envId, String namespace, String name, String value) {
        return api.post(
                "/v1/configmap/createK8sConfigMap",
                token,
                Map.of(
                        "deployEnvId",
                        envId,
                        "clusterName",
                        cluster.resourceName(),
                        "namespace",
                        namespace,
                        "configMapName",
                        name,
                        "items",
                        List.of(Map.of("name", "key", "value", value))));
    }

    private String configMap(String token, String envId, String namespace, String name, String value) {
        Api.Reply created = createConfigMap(token, envId, namespace, name, value);
        assertOk(created);
        return created.data().asString();
    }

    private Api.Reply updateConfigMap(String token, String configMapId, String value) {
        return api.post(
                "/v1/configmap/updateK8sConfigMap",
                token,
                Map.of("configMapId", configMapId, "items", List.of(Map.of("name", "key", "value", value))));
    }

    private Api.Reply deleteConfigMap(String token, String configMapId) {
        return api.post("/v1/configmap/deleteK8sConfigMap", token, Map.of("configMapId", configMapId));
    }

    private static ConfigMap onCluster(String namespace, String name) {
        return cluster.client()
                .configMaps()
                .inNamespace(namespace)
                .withName(name)
                .get();
    }

    private Api.Reply updateApp(String token, String appId, String description) {
        return api.post("/v1/app/updateApplication", token, Map.of("appId", appId, "description", description));
    }

    private Api.Reply deleteApp(String token, String appId) {
        return api.post("/v1/app/deleteApplication", token, Map.of("appId", appId));
    }

    private Api.Reply setGroup(String token, String appId, String groupId) {
        return api.post("/v1/app/setApplicationGroup", token, Map.of("appId", appId, "appGroupId", groupId));
    }

    private Api.Reply grant(String path, String token, String idField, String id, String projectId, List<Long> users) {
        Map<String, Object> body = new HashMap<>();
        body.put(idField, id);
        body.put("projectId", projectId);
        body.put("userIds", users);
        return api.post(path, token, body);
    }

    private static List<Long> ids(User... users) {
        List<Long> ids = new ArrayList<>();
        for (User user : users) {
            ids.add(user.userId());
        }
        return ids;
    }

    private Api.Reply authorizeApp(String token, String projectId, String appId, User... users) {
        return grant(BASE + "authorizeApplication", token, "appId", appId, projectId, ids(users));
    }

    private Api.Reply removeApp(String token, String projectId, String appId, User... users) {
        return grant(BASE + "removeAppAuthority", token, "appId", appId, projectId, ids(users));
    }

    private Api.Reply authorizeEnv(String token, String projectId, String envId, User... users) {
        return grant(BASE + "authorizeEnv", token, "envId", envId, projectId, ids(users));
    }

    private Api.Reply removeEnv(String token, String projectId, String envId, User... users) {
        return grant(BASE + "removeEnvAuthority", token, "envId", envId, projectId, ids(users));
    }

    private Api.Reply listing(String path, String token, String idField, String projectId, String id, Object... more) {
        Object[] params = new Object[more.length + 4];
        params[0] = "projectId";
        params[1] = projectId;
        params[2] = idField;
        params[3] = id;
        System.arraycopy(more, 0, params, 4, more.length);
        return api.get(BASE + path, token, params);
    }

    private Api.Reply appAuthorities(String token, String projectId, String appId, Object... more) {
        return listing("listAppAuthorities", token, "appId", projectId, appId, more);
    }

    private Api.Reply appCandidates(String token, String projectId, String appId, Object... more) {
        return listing("listAppEnableAuthorities", token, "appId", projectId, appId, more);
    }

    private Api.Reply envAuthorities(String token, String projectId, String envId, Object... more) {
        return listing("listEnvAuthorities", token, "envId", projectId, envId, more);
    }

    private Api.Reply envCandidates(String token, String projectId, String envId, Object... more) {
        return listing("listEnvEnableAuthorities", token, "envId", projectId, envId, more);
    }

    private static JsonNode page(Api.Reply reply) {
        assertOk(reply);
        return reply.data();
    }

    /** The userIds of a page (or of its list). */
    private static List<Long> userIds(JsonNode pageOrList) {
        JsonNode list = pageOrList.isArray() ? pageOrList : pageOrList.get("list");
        List<Long> ids = new ArrayList<>();
        list.forEach(r -> ids.add(r.get("userId").asLong()));
        return ids;
    }

    private static void assertRow(JsonNode row, User user, List<Integer> roles, String groupName, boolean canRemove) {
        assertThat(row.get("userId").isIntegralNumber()).isTrue();
        assertThat(row.get("userId").asLong()).isEqualTo(user.userId());
        assertThat(row.get("userName").asString()).isEqualTo(user.userName());
        assertThat(row.get("realName").asString()).isEqualTo("Real " + user.userName());
        assertThat(row.get("orgName").asString()).isEqualTo("Ops");
        List<Integer> roleIds = new ArrayList<>();
        row.get("roleId").forEach(r -> roleIds.add(r.asInt()));
        assertThat(roleIds).isEqualTo(roles);
        assertThat(row.get("groupName").asString()).isEqualTo(groupName);
        assertThat(row.get("canRemove").isBoolean()).isTrue();
        assertThat(row.get("canRemove").asBoolean()).isEqualTo(canRemove);
        assertThat(row.get("createTime").asString()).matches(WIRE_TIME);
    }

    /**
     * The stored grants on one object. Whether a grant row outlives its reason cannot be seen over the API (ids are
     * never reused), so the few checks that "nothing is stored" or "nothing is left" read the table.
     */
    private long grantRows(String objectType, String objectId) {
        Long count = new JdbcTemplate(dataSource)
                .queryForObject(
                        "select count(*) from data_grant where object_type = ? and object_id = ?",
                        Long.class,
                        objectType,
                        objectId);
        return count == null ? 0 : count;
    }
}
