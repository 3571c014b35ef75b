package io.msap.app;

import static io.msap.test.AppFixtures.appBody;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/**
 * Manual 5.1 over HTTP (createApplication, deleteApplication, getApplicationListPage, setApplicationGroup,
 * updateApplication, the catalogues listBuildEnvs and listRuntimeEnvs) and getApplication beyond the manual: every
 * field, every rule, what blocks deleting a project or a connection, roles with and without the app grant, and
 * objects of other projects and tenants.
 */
class AppIntegrationTests extends IntegrationTest {

    private static final String APP = "/v1/app/";
    private static final String APP_NOT_FOUND = "应用不存在";
    private static final String PROJECT_NOT_FOUND = "项目不存在";
    private static final String CONNECTION_NOT_FOUND = "服务连接不存在";
    private static final String GROUP_NOT_FOUND = "应用分组不存在";
    private static final String NEEDS_GRANT = "没有权限：需要该应用的数据权限才能操作应用，请联系项目管理员授权";
    private static final String CREATE_REFUSED = "没有权限：缺少“创建应用（项目管理员或开发人员）”权限";
    private static final String OPERATE_REFUSED = "没有权限：缺少“操作应用”权限";
    private static final String NAME_PATTERN = "name: 须以小写字母开头，只能包含字母和数字";
    private static final String NAME_LENGTH = "name: 长度必须在 3 到 30 个字符之间";
    private static final String INVALID_ADDRESS = "codeReposAddress: 仓库地址须以 http:// 或 https:// 开头并包含仓库路径";
    private static final String HTTP_ONLY = "codeReposAddress: 只支持 http:// 或 https:// 地址（不支持 ssh、git:// 和本地路径）";
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String WIRE_TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+00:00";

    @Autowired
    private Environment environment;

    @TempDir
    Path temp;

    private AppFixtures apps;

    @BeforeEach
    void appFixtures() {
        apps = new AppFixtures(api);
    }

    /** A project of a new tenant with a GITHUB connection to https://github.com. */
    private record Setup(User tenant, String projectId, String github) {
        String token() {
            return tenant.token();
        }
    }

    private Setup setup() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        return new Setup(tenant, projectId, apps.github(tenant.token(), projectId));
    }

    // ---- createApplication, getApplication ------------------------------------------------------------------------

    @Test
    void createdApplicationShowsEveryFieldInTheListAndInGetApplication() {
        Setup s = setup();
        Instant before = Instant.now().minusSeconds(5);
        Map<String, Object> body =
                appBody(s.projectId(), "orderService", "GITHUB", "https://github.com/msap-org/order-service.git", null);
        body.put("connectionId", s.github());
        body.put("description", "  订单服务  ");
        Api.Reply created = apps.createApp(s.token(), body);
        assertOk(created);
        assertThat(created.data().isString()).isTrue();
        String appId = created.data().asString();
        assertThat(appId).matches(UUID_PATTERN);

        Api.Reply page = list(s.token(), s.projectId());
        assertOk(page);
        assertThat(page.data().get("total").asLong()).isEqualTo(1);
        JsonNode row = page.data().get("list").get(0);
        assertThat(row.propertyNames())
                .containsExactlyInAnyOrder(
                        "appId",
                        "projectId",
                        "name",
                        "appName",
                        "category",
                        "type",
                        "origin",
                        "codeReposAddress",
                        "codeReposName",
                        "codeReposOrganization",
                        "connectionId",
                        "description",
                        "appGroupId",
                        "appGroupName",
                        "createStaff",
                        "createTime",
                        "statusCd",
                        "statusTime");
        assertThat(row.get("appId").asString()).isEqualTo(appId);
        assertThat(row.get("projectId").asString()).isEqualTo(s.projectId());
        assertThat(row.get("name").asString()).isEqualTo("orderService");
        assertThat(row.get("appName").asString()).isEqualTo("orderService");
        assertThat(row.get("category").asString()).isEqualTo("GENERAL_APP");
        assertThat(row.get("type").asString()).isEqualTo("EXTERNAL_CODE");
        assertThat(row.get("origin").asString()).isEqualTo("GITHUB");
        assertThat(row.get("codeReposAddress").asString()).isEqualTo("https://github.com/msap-org/order-service.git");
        assertThat(row.get("codeReposName").asString()).isEqualTo("order-service");
        assertThat(row.get("codeReposOrganization").asString()).isEqualTo("msap-org");
        assertThat(row.get("connectionId").asString()).isEqualTo(s.github());
        assertThat(row.get("description").asString()).isEqualTo("订单服务");
        assertThat(row.get("appGroupId").isNull()).isTrue();
        assertThat(row.get("appGroupName").isNull()).isTrue();
        assertThat(row.get("createStaff").asString()).isEqualTo(s.tenant().userName());
        assertThat(row.get("statusCd").asString()).isEqualTo("SOA");
        for (String time : List.of("createTime", "statusTime")) {
            assertThat(row.get(time).asString()).matches(WIRE_TIME);
            assertThat(OffsetDateTime.parse(row.get(time).asString()).toInstant())
                    .isBetween(before, Instant.now().plusSeconds(5));
        }

        Api.Reply one = get(s.token(), appId);
        assertOk(one);
        assertThat(one.data()).isEqualTo(row);
    }

    @Test
    void repositoryNameAndOrganizationComeFromTheAddress() {
        Setup s = setup();
        String gitlab =
                apps.connection(s.token(), s.projectId(), "gitlab", "GITLAB", "https://gitlab.example.com:8443");
        Map<String, List<String>> cases = new java.util.LinkedHashMap<>();
        cases.put(
                "https://gitlab.example.com:8443/platform/backend/core/billing.git",
                List.of("platform/backend/core", "billing"));
        cases.put("https://gitlab.example.com:8443/team/web-portal", List.of("team", "web-portal"));
        cases.put("https://gitlab.example.com:8443/team/tools/", List.of("team", "tools"));
        cases.put("https://GitLab.example.com:8443/Team/Repo.git", List.of("Team", "Repo"));
        int i = 0;
        for (Map.Entry<String, List<String>> c : cases.entrySet()) {
            String appId = created(s.token(), appBody(s.projectId(), "repo" + i++, "GITLAB", c.getKey(), gitlab));
            JsonNode row = get(s.token(), appId).data();
            assertThat(row.get("codeReposAddress").asString()).isEqualTo(c.getKey());
            assertThat(row.get("codeReposOrganization").asString())
                    .as(c.getKey())
                    .isEqualTo(c.getValue().get(0));
            assertThat(row.get("codeReposName").asString())
                    .as(c.getKey())
                    .isEqualTo(c.getValue().get(1));
            assertThat(row.get("origin").asString()).isEqualTo("GITLAB");
        }
        // a repository directly under the server has no organization
        String solo = created(
                s.token(),
                appBody(s.projectId(), "solo", "GITLAB", "https://gitlab.example.com:8443/solo.git", gitlab));
        JsonNode row = get(s.token(), solo).data();
        assertThat(row.get("codeReposName").asString()).isEqualTo("solo");
        assertThat(row.get("codeReposOrganization").isNull()).isTrue();
        // surrounding blanks are not part of the address
        String trimmed = created(
                s.token(), appBody(s.projectId(), "trimmed", "GITHUB", "  https://github.com/a/b.git  ", s.github()));
        assertThat(get(s.token(), trimmed).data().get("codeReposAddress").asString())
                .isEqualTo("https://github.com/a/b.git");
    }

    @Test
    void everyConnectionTypeServesItsOwnOrigin() {
        Setup s = setup();
        Map<String, String> servers = Map.of(
                "GITEE", "https://gitee.com",
                "GITHUB", "https://github.com",
                "GITLAB", "https://gitlab.com",
                "GIT", "https://git.example.com");
        Map<String, String> connections = new HashMap<>();
        servers.forEach((type, url) ->
                connections.put(type, apps.connection(s.token(), s.projectId(), type.toLowerCase(), type, url)));
        for (String type : servers.keySet()) {
            String appId = created(
                    s.token(),
                    appBody(
                            s.projectId(),
                            "app" + type.toLowerCase(),
                            type,
                            servers.get(type) + "/org/repo.git",
                            connections.get(type)));
            assertThat(get(s.token(), appId).data().get("origin").asString()).isEqualTo(type);
            for (String other : servers.keySet()) {
                if (other.equals(type)) {
                    continue;
                }
                Api.Reply refused = apps.createApp(
                        s.token(),
                        appBody(
                                s.projectId(),
                                "mismatch",
                                other,
                                servers.get(type) + "/org/repo.git",
                                connections.get(type)));
                assertFailure(refused, 400, "origin: 代码仓库来源 " + other + " 与服务连接的类型 " + type + " 不一致");
                assertField(refused, "origin");
            }
        }
        String registry = apps.connection(
                s.token(), s.projectId(), "registry", "DOCKER_REGISTRY", "https://registry.example.com");
        assertFailure(
                apps.createApp(
                        s.token(),
                        appBody(s.projectId(), "image", "GIT", "https://registry.example.com/org/repo.git", registry)),
                400,
                "origin: 代码仓库来源 GIT 与服务连接的类型 DOCKER_REGISTRY 不一致");
        Api.Reply unknown = apps.createApp(
                s.token(), appBody(s.projectId(), "svn", "SVN", "https://github.com/org/repo.git", s.github()));
        assertFailure(unknown, 400, "origin: 取值无效，可选值：GITEE, GITHUB, GITLAB, GIT");
        assertThat(names(s.token(), s.projectId()))
                .containsExactlyInAnyOrder("appgitee", "appgithub", "appgitlab", "appgit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"projectId", "name", "origin", "codeReposAddress", "connectionId"})
    void everyRequiredFieldIsRequired(String field) {
        Setup s = setup();
        Map<String, Object> body =
                appBody(s.projectId(), "complete", "GITHUB", "https://github.com/a/complete.git", s.github());
        body.remove(field);
        Api.Reply reply = apps.createApp(s.token(), body);
        assertFailure(reply, 400, field + ": 此属性是必填项");
        assertField(reply, field);
        assertThat(names(s.token(), s.projectId())).isEmpty();
    }

    @Test
    void nameFollowsTheManualsRule() {
        Setup s = setup();
        List<String> accepted =
                List.of("abc", "aBCd", "a1b2c3", "orderService2", "a" + "B".repeat(28) + "9", "xyz123ABC");
        for (String name : accepted) {
            created(s.token(), appBody(s.projectId(), name, "GITHUB", "https://github.com/a/" + name, s.github()));
        }
        for (String name : List.of("Abc", "1abc", "ab-c", "ab_c", "ab c", "ab.c", "测试应用", "aé12", "abc!")) {
            Api.Reply refused = apps.createApp(
                    s.token(), appBody(s.projectId(), name, "GITHUB", "https://github.com/a/b.git", s.github()));
            assertFailure(refused, 400, NAME_PATTERN);
            assertField(refused, "name");
        }
        for (String name : List.of("ab", "a" + "b".repeat(30))) {
            assertFailure(
                    apps.createApp(
                            s.token(),
                            appBody(s.projectId(), name, "GITHUB", "https://github.com/a/b.git", s.github())),
                    400,
                    NAME_LENGTH);
        }
        assertThat(names(s.token(), s.projectId())).containsExactlyInAnyOrderElementsOf(accepted);
    }

    @Test
    void namesAreUniqueInAProjectIgnoringCaseAndFreeAgainAfterDelete() {
        Setup s = setup();
        String first = apps.app(s.token(), s.projectId(), s.github(), "orderService");
        for (String name : List.of("orderService", "orderservice", "oRDERSERVICE")) {
            assertFailure(
                    apps.createApp(
                            s.token(),
                            appBody(s.projectId(), name, "GITHUB", "https://github.com/other/x.git", s.github())),
                    409,
                    "应用名称 " + name + " 已存在");
        }
        assertThat(ids(s.token(), s.projectId())).containsExactly(first);

        // the same name in another project of the tenant is fine
        String otherProject = fixtures.project(s.token());
        String otherConnection = apps.github(s.token(), otherProject);
        String elsewhere = apps.app(s.token(), otherProject, otherConnection, "orderService");
        assertThat(ids(s.token(), otherProject)).containsExactly(elsewhere);

        assertTrue(delete(s.token(), first));
        String again = apps.app(s.token(), s.projectId(), s.github(), "orderservice");
        assertThat(again).isNotEqualTo(first);
        assertThat(names(s.token(), s.projectId())).containsExactly("orderservice");
        // deleted twice over: the name is free each time
        assertTrue(delete(s.token(), again));
        String third = apps.app(s.token(), s.projectId(), s.github(), "orderService");
        assertThat(ids(s.token(), s.projectId())).containsExactly(third);
    }

    @Test
    void codeReposAddressIsAnHttpAddressOfAtMost100CharactersOnTheConnectionsServer() {
        Setup s = setup();
        for (String address : List.of(
                "ssh://git@github.com/a/b.git",
                "git://github.com/a/b.git",
                "git@github.com:a/b.git",
                "github.com/a/b.git",
                "https://github.com",
                "https://github.com/",
                "ftp://github.com/a/b.git",
                "https://github.com/a b.git")) {
            Api.Reply refused =
                    apps.createApp(s.token(), appBody(s.projectId(), "repo", "GITHUB", address, s.github()));
            assertFailure(refused, 400, INVALID_ADDRESS);
            assertField(refused, "codeReposAddress");
        }
        Api.Reply otherServer = apps.createApp(
                s.token(), appBody(s.projectId(), "repo", "GITHUB", "https://gitee.com/a/b.git", s.github()));
        assertFailure(otherServer, 400, "codeReposAddress: 仓库地址须位于服务连接的服务器上：https://github.com");
        assertField(otherServer, "codeReposAddress");
        assertFailure(
                apps.createApp(
                        s.token(), appBody(s.projectId(), "repo", "GITHUB", "http://github.com/a/b.git", s.github())),
                400,
                "codeReposAddress: 仓库地址须位于服务连接的服务器上：https://github.com");
        assertFailure(
                apps.createApp(
                        s.token(),
                        appBody(s.projectId(), "repo", "GITHUB", "https://bob:secret@github.com/a/b.git", s.github())),
                400,
                "codeReposAddress: 地址中不能包含用户名或密码，请在服务连接中填写凭据");

        String prefix = "https://github.com/org/";
        String longest = prefix + "r".repeat(100 - prefix.length());
        assertThat(longest).hasSize(100);
        Api.Reply tooLong =
                apps.createApp(s.token(), appBody(s.projectId(), "repo", "GITHUB", longest + "x", s.github()));
        assertFailure(tooLong, 400, "codeReposAddress: 长度不能超过 100 个字符");
        String appId = created(s.token(), appBody(s.projectId(), "repo", "GITHUB", longest, s.github()));
        assertThat(get(s.token(), appId).data().get("codeReposAddress").asString())
                .isEqualTo(longest);
        assertThat(ids(s.token(), s.projectId())).containsExactly(appId);
    }

    @Test
    void fileAddressesOnlyThroughGitConnectionsAndUnderTheAllowedRoots() throws IOException {
        Setup s = setup();
        Path repos = Files.createDirectories(temp.resolve("repos"));
        String local = apps.connection(
                s.token(), s.projectId(), "local", "GIT", repos.toUri().toString());
        String address = repos.resolve("team").resolve("demo.git").toUri().toString();
        assertThat(address).startsWith("file:///").hasSizeLessThanOrEqualTo(100);

        String appId = created(s.token(), appBody(s.projectId(), "localDemo", "GIT", address, local));
        JsonNode row = get(s.token(), appId).data();
        assertThat(row.get("codeReposAddress").asString()).isEqualTo(address);
        assertThat(row.get("codeReposName").asString()).isEqualTo("demo");
        assertThat(row.get("codeReposOrganization").asString())
                .isEqualTo(repos.resolve("team").toString().substring(1));
        assertThat(row.get("origin").asString()).isEqualTo("GIT");

        Api.Reply outside = apps.createApp(
                s.token(), appBody(s.projectId(), "outside", "GIT", "file:///var/lib/repos/demo.git", local));
        assertFailure(outside, 400, "codeReposAddress: file:// 地址须位于允许的目录下：" + String.join(", ", allowedRoots()));
        assertField(outside, "codeReposAddress");

        // an http(s) connection does not serve local repositories, nor a local one remote ones
        assertFailure(
                apps.createApp(s.token(), appBody(s.projectId(), "viaHub", "GITHUB", address, s.github())),
                400,
                HTTP_ONLY);
        String gitHttps = apps.connection(s.token(), s.projectId(), "https git", "GIT", "https://git.example.com");
        assertFailure(
                apps.createApp(s.token(), appBody(s.projectId(), "mixed", "GIT", address, gitHttps)),
                400,
                "codeReposAddress: 仓库地址须位于服务连接的服务器上：https://git.example.com");
        assertFailure(
                apps.createApp(
                        s.token(), appBody(s.projectId(), "mixed", "GIT", "https://git.example.com/a/b.git", local)),
                400,
                "codeReposAddress: 仓库地址须位于服务连接的服务器上：" + repos.toUri());
        assertThat(ids(s.token(), s.projectId())).containsExactly(appId);
    }

    @Test
    void theConnectionMustBeOneOfTheProjectsOwn() {
        Setup s = setup();
        String otherProject = fixtures.project(s.token());
        String sameTenant = apps.github(s.token(), otherProject);
        Setup stranger = setup();
        for (String connectionId : List.of(UUID.randomUUID().toString(), "not-a-uuid", sameTenant, stranger.github())) {
            Api.Reply refused = apps.createApp(
                    s.token(),
                    appBody(s.projectId(), "borrowed", "GITHUB", "https://github.com/a/b.git", connectionId));
            assertFailure(refused, 404, CONNECTION_NOT_FOUND);
            assertField(refused, "connectionId");
        }
        assertThat(names(s.token(), s.projectId())).isEmpty();
        assertThat(names(s.token(), otherProject)).isEmpty();
    }

    @Test
    void descriptionHasAtMost500Characters() {
        Setup s = setup();
        Map<String, Object> body =
                appBody(s.projectId(), "described", "GITHUB", "https://github.com/a/b.git", s.github());
        body.put("description", "描".repeat(501));
        Api.Reply refused = apps.createApp(s.token(), body);
        assertFailure(refused, 400, "description: 长度不能超过 500 个字符");
        assertField(refused, "description");
        body.put("description", "描".repeat(500));
        String appId = created(s.token(), body);
        assertThat(get(s.token(), appId).data().get("description").asString()).isEqualTo("描".repeat(500));

        // no description at all
        String bare = apps.app(s.token(), s.projectId(), s.github(), "bare");
        assertThat(get(s.token(), bare).data().get("description").isNull()).isTrue();
    }

    // ---- getApplicationListPage ---------------------------------------------------------------------------------

    @Test
    void listFiltersByNameIgnoringCaseAndPagesNewestFirst() {
        Setup s = setup();
        String t = s.token();
        String alphaOne = apps.app(t, s.projectId(), s.github(), "alphaOne");
        String alphaTwo = apps.app(t, s.projectId(), s.github(), "alphaTwo");
        String beta = apps.app(t, s.projectId(), s.github(), "beta");
        String gammaAlpha = apps.app(t, s.projectId(), s.github(), "gammaALPHA");
        String delta = apps.app(t, s.projectId(), s.github(), "delta");

        assertThat(ids(t, s.projectId())).containsExactly(delta, gammaAlpha, beta, alphaTwo, alphaOne);
        assertThat(ids(t, s.projectId(), "name", "ALPHA")).containsExactly(gammaAlpha, alphaTwo, alphaOne);
        assertThat(ids(t, s.projectId(), "name", "  phaT ")).containsExactly(alphaTwo);
        assertThat(ids(t, s.projectId(), "name", "a%")).isEmpty();
        assertThat(ids(t, s.projectId(), "name", "_")).isEmpty();
        assertThat(ids(t, s.projectId(), "name", "nothing")).isEmpty();
        assertThat(ids(t, s.projectId(), "name", " ")).hasSize(5);

        Api.Reply second = list(t, s.projectId(), "pageNum", 2, "pageSize", 2);
        assertOk(second);
        JsonNode page = second.data();
        assertThat(rowIds(page)).containsExactly(beta, alphaTwo);
        assertThat(page.get("pageNum").asInt()).isEqualTo(2);
        assertThat(page.get("pageSize").asInt()).isEqualTo(2);
        assertThat(page.get("size").asInt()).isEqualTo(2);
        assertThat(page.get("total").asLong()).isEqualTo(5);
        assertThat(page.get("pages").asInt()).isEqualTo(3);
        assertThat(page.get("startRow").asLong()).isEqualTo(3);
        assertThat(page.get("endRow").asLong()).isEqualTo(4);
        assertThat(page.get("hasNextPage").asBoolean()).isTrue();
        assertThat(page.get("hasPreviousPage").asBoolean()).isTrue();

        Api.Reply defaults = list(t, s.projectId());
        assertThat(defaults.data().get("pageNum").asInt()).isEqualTo(1);
        assertThat(defaults.data().get("pageSize").asInt()).isEqualTo(10);

        Api.Reply past = list(t, s.projectId(), "pageNum", 9, "pageSize", 2);
        assertOk(past);
        assertThat(past.data().get("list").size()).isZero();
        assertThat(past.data().get("total").asLong()).isEqualTo(5);
        assertFailure(list(t, s.projectId(), "pageSize", 0), 400, "pageSize: 必须大于等于 1");
        assertFailure(list(t, s.projectId(), "pageNum", 0), 400, "pageNum: 必须大于等于 1");
        assertThat(list(t, s.projectId(), "pageSize", 500)
                        .data()
                        .get("pageSize")
                        .asInt())
                .isEqualTo(100);
    }

    @Test
    void listFiltersByGroupAndNamesTheGroup() {
        Setup s = setup();
        String t = s.token();
        String one = apps.app(t, s.projectId(), s.github(), "one");
        String two = apps.app(t, s.projectId(), s.github(), "two");
        String three = apps.app(t, s.projectId(), s.github(), "three");
        String front = apps.group(t, s.projectId(), "前端");
        String back = apps.group(t, s.projectId(), "后端");
        String empty = apps.group(t, s.projectId(), "空组");
        assertTrue(setGroup(t, one, front));
        assertTrue(setGroup(t, three, front));
        assertTrue(setGroup(t, two, back));

        assertThat(ids(t, s.projectId(), "appGroupId", front)).containsExactly(three, one);
        assertThat(ids(t, s.projectId(), "appGroupId", back)).containsExactly(two);
        assertThat(ids(t, s.projectId(), "appGroupId", empty)).isEmpty();
        assertThat(ids(t, s.projectId(), "appGroupId", front, "name", "THR")).containsExactly(three);
        assertThat(ids(t, s.projectId(), "appGroupId", " " + front.toUpperCase() + " "))
                .containsExactly(three, one);
        JsonNode row = rowOf(list(t, s.projectId()).data(), two);
        assertThat(row.get("appGroupId").asString()).isEqualTo(back);
        assertThat(row.get("appGroupName").asString()).isEqualTo("后端");
        assertThat(get(t, one).data().get("appGroupName").asString()).isEqualTo("前端");

        // a group the project does not have
        String otherProject = fixtures.project(t);
        String foreignGroup = apps.group(t, otherProject, "前端");
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid", foreignGroup)) {
            Api.Reply unknown = list(t, s.projectId(), "appGroupId", id);
            assertFailure(unknown, 404, GROUP_NOT_FOUND);
            assertField(unknown, "appGroupId");
        }
    }

    @Test
    void listNeedsAProjectTheCallerCanSee() {
        Setup s = setup();
        Api.Reply missing = api.get(APP + "getApplicationListPage", s.token());
        assertFailure(missing, 400, "projectId: 此属性是必填项");
        assertField(missing, "projectId");
        assertFailure(list(s.token(), UUID.randomUUID().toString()), 404, PROJECT_NOT_FOUND);
        assertFailure(list(s.token(), "not-a-uuid"), 404, PROJECT_NOT_FOUND);
        assertFailure(list(s.token(), s.projectId(), "name", "x".repeat(31)), 400, "name: 长度不能超过 30 个字符");
        assertFailure(api.get(APP + "getApplicationListPage", null, "projectId", s.projectId()), 401, "用户鉴权失败：未提供认证信息");
        assertFailure(api.get(APP + "getApplication", s.token()), 400, "appId: 此属性是必填项");
        Api.Reply unknown = get(s.token(), UUID.randomUUID().toString());
        assertFailure(unknown, 404, APP_NOT_FOUND);
        assertField(unknown, "appId");
    }

    // ---- setApplicationGroup ------------------------------------------------------------------------------------

    @Test
    void setApplicationGroupMovesTheAppBetweenTheProjectsGroups() {
        Setup s = setup();
        String t = s.token();
        String appId = apps.app(t, s.projectId(), s.github(), "grouped");
        String first = apps.group(t, s.projectId(), "第一组");
        String second = apps.group(t, s.projectId(), "第二组");

        Api.Reply set = setGroup(t, appId, first);
        assertTrue(set);
        assertThat(get(t, appId).data().get("appGroupId").asString()).isEqualTo(first);
        assertTrue(setGroup(t, appId, second.toUpperCase()));
        JsonNode row = get(t, appId).data();
        assertThat(row.get("appGroupId").asString()).isEqualTo(second);
        assertThat(row.get("appGroupName").asString()).isEqualTo("第二组");
        assertTrue(setGroup(t, appId, second));

        String otherProject = fixtures.project(t);
        String foreignGroup = apps.group(t, otherProject, "别人的组");
        User stranger = fixtures.tenant();
        String strangersGroup = apps.group(stranger.token(), fixtures.project(stranger.token()), "外人");
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid", foreignGroup, strangersGroup)) {
            Api.Reply refused = setGroup(t, appId, id);
            assertFailure(refused, 404, GROUP_NOT_FOUND);
            assertField(refused, "appGroupId");
        }
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
            Api.Reply refused = setGroup(t, id, first);
            assertFailure(refused, 404, APP_NOT_FOUND);
            assertField(refused, "appId");
        }
        assertFailure(api.post(APP + "setApplicationGroup", t, Map.of("appId", appId)), 400, "appGroupId: 此属性是必填项");
        assertFailure(api.post(APP + "setApplicationGroup", t, Map.of("appGroupId", first)), 400, "appId: 此属性是必填项");
        assertThat(get(t, appId).data().get("appGroupId").asString()).isEqualTo(second);
    }

    // ---- updateApplication --------------------------------------------------------------------------------------

    @Test
    void updateApplicationChangesTheDescriptionAndKeepsWhatIsLeftOut() {
        Setup s = setup();
        String t = s.token();
        Map<String, Object> body =
                appBody(s.projectId(), "updated", "GITHUB", "https://github.com/org/up.git", s.github());
        body.put("description", "旧的描述");
        String appId = created(t, body);
        JsonNode before = get(t, appId).data();

        assertTrue(update(t, Map.of("appId", appId, "description", "  新的描述  ")));
        JsonNode after = get(t, appId).data();
        assertThat(after.get("description").asString()).isEqualTo("新的描述");
        for (String field : List.of(
                "name",
                "origin",
                "codeReposAddress",
                "codeReposName",
                "codeReposOrganization",
                "connectionId",
                "createStaff",
                "createTime",
                "statusCd")) {
            assertThat(after.get(field)).as(field).isEqualTo(before.get(field));
        }

        assertTrue(update(t, Map.of("appId", appId)));
        assertThat(get(t, appId).data().get("description").asString()).isEqualTo("新的描述");

        assertFailure(
                update(t, Map.of("appId", appId, "description", "x".repeat(501))), 400, "description: 长度不能超过 500 个字符");
        assertFailure(update(t, Map.of("description", "无主")), 400, "appId: 此属性是必填项");
        assertTrue(update(t, Map.of("appId", appId, "description", "d".repeat(500))));
        assertThat(get(t, appId).data().get("description").asString()).isEqualTo("d".repeat(500));
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
            Api.Reply unknown = update(t, Map.of("appId", id, "description", "x"));
            assertFailure(unknown, 404, APP_NOT_FOUND);
            assertField(unknown, "appId");
        }
    }

    @Test
    void updateApplicationMovesToAnotherConnectionUnderTheSameRules() {
        Setup s = setup();
        String t = s.token();
        String appId = apps.app(t, s.projectId(), s.github(), "moving");
        String secondHub = apps.connection(t, s.projectId(), "second hub", "GITHUB", "https://github.com");
        String gitee = apps.connection(t, s.projectId(), "gitee", "GITEE", "https://gitee.com");
        String enterprise = apps.connection(t, s.projectId(), "enterprise", "GITHUB", "https://github.example.com");

        assertTrue(update(t, Map.of("appId", appId, "connectionId", " " + secondHub.toUpperCase() + " ")));
        assertThat(get(t, appId).data().get("connectionId").asString()).isEqualTo(secondHub);
        // the first connection is free now, the second one is used
        assertTrue(api.post("/v1/service/connection/deleteServiceConnection", t, Map.of("connectionId", s.github())));
        assertFailure(
                api.post("/v1/service/connection/deleteServiceConnection", t, Map.of("connectionId", secondHub)),
                409,
                "服务连接 second hub 正被使用：moving");

        Api.Reply wrongType = update(t, Map.of("appId", appId, "connectionId", gitee));
        assertFailure(wrongType, 400, "origin: 代码仓库来源 GITHUB 与服务连接的类型 GITEE 不一致");
        Api.Reply otherServer = update(t, Map.of("appId", appId, "connectionId", enterprise));
        assertFailure(otherServer, 400, "connectionId: 仓库地址须位于服务连接的服务器上：https://github.example.com");
        assertField(otherServer, "connectionId");
        String otherProject = fixtures.project(t);
        String foreign = apps.github(t, otherProject);
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid", foreign)) {
            Api.Reply unknown = update(t, Map.of("appId", appId, "connectionId", id));
            assertFailure(unknown, 404, CONNECTION_NOT_FOUND);
            assertField(unknown, "connectionId");
        }
        assertThat(get(t, appId).data().get("connectionId").asString()).isEqualTo(secondHub);
    }

    // ---- deleteApplication --------------------------------------------------------------------------------------

    @Test
    void deletedApplicationIsGoneEverywhere() {
        Setup s = setup();
        String t = s.token();
        String kept = apps.app(t, s.projectId(), s.github(), "kept");
        String doomed = apps.app(t, s.projectId(), s.github(), "doomed");
        String group = apps.group(t, s.projectId(), "组");
        assertTrue(setGroup(t, doomed, group));

        Api.Reply deleted = delete(t, doomed);
        assertTrue(deleted);
        assertThat(ids(t, s.projectId())).containsExactly(kept);
        assertThat(ids(t, s.projectId(), "appGroupId", group)).isEmpty();
        assertThat(ids(t, s.projectId(), "name", "doomed")).isEmpty();
        assertThat(list(t, s.projectId()).text()).doesNotContain(doomed, "SOX");
        assertFailure(get(t, doomed), 404, APP_NOT_FOUND);
        assertFailure(delete(t, doomed), 404, APP_NOT_FOUND);
        assertFailure(update(t, Map.of("appId", doomed, "description", "回来")), 404, APP_NOT_FOUND);
        assertFailure(setGroup(t, doomed, group), 404, APP_NOT_FOUND);
        assertFailure(api.post(APP + "deleteApplication", t, Map.of()), 400, "appId: 此属性是必填项");

        String reborn = apps.app(t, s.projectId(), s.github(), "doomed");
        assertThat(ids(t, s.projectId())).containsExactly(reborn, kept);
        assertThat(get(t, reborn).data().get("appGroupId").isNull()).isTrue();
    }

    @Test
    void aProjectWithApplicationsCannotBeDeleted() {
        Setup s = setup();
        String t = s.token();
        String first = apps.app(t, s.projectId(), s.github(), "first");
        String second = apps.app(t, s.projectId(), s.github(), "second");

        Api.Reply refused = api.post("/v1/project/deleteProject", t, Map.of("projectId", s.projectId()));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.msg()).startsWith("项目中仍有").contains("2 个应用").contains("1 个服务连接");
        Api.Reply english = api.request("POST", "/v1/project/deleteProject")
                .token(t)
                .english()
                .json(Map.of("projectId", s.projectId()))
                .send();
        assertThat(english.msg()).contains("2 applications");

        assertTrue(delete(t, first));
        assertThat(api.post("/v1/project/deleteProject", t, Map.of("projectId", s.projectId()))
                        .msg())
                .contains("1 个应用");
        assertTrue(delete(t, second));
        Api.Reply onlyConnection = api.post("/v1/project/deleteProject", t, Map.of("projectId", s.projectId()));
        assertFailure(onlyConnection, 409, "项目中仍有 1 个服务连接，请先删除后再删除项目");
        assertTrue(api.post("/v1/service/connection/deleteServiceConnection", t, Map.of("connectionId", s.github())));
        assertOk(api.post("/v1/project/deleteProject", t, Map.of("projectId", s.projectId())));
        assertFailure(get(t, first), 404, APP_NOT_FOUND);
    }

    @Test
    void aConnectionUsedByApplicationsCannotBeDeleted() {
        Setup s = setup();
        String t = s.token();
        String zeta = apps.app(t, s.projectId(), s.github(), "zeta");
        String alpha = apps.app(t, s.projectId(), s.github(), "alpha");

        Api.Reply refused =
                api.post("/v1/service/connection/deleteServiceConnection", t, Map.of("connectionId", s.github()));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.msg()).startsWith("服务连接 ").contains("正被使用").endsWith("alpha、zeta");

        assertTrue(delete(t, alpha));
        assertThat(api.post("/v1/service/connection/deleteServiceConnection", t, Map.of("connectionId", s.github()))
                        .msg())
                .endsWith("：zeta");
        assertTrue(delete(t, zeta));
        assertTrue(api.post("/v1/service/connection/deleteServiceConnection", t, Map.of("connectionId", s.github())));
    }

    // ---- listBuildEnvs, listRuntimeEnvs -------------------------------------------------------------------------

    @Test
    void listBuildEnvsGivesTheJavaToolchainsAndWhetherThisMachineHasThem() {
        User member = fixtures.subAccount(fixtures.tenant().token());
        List<String> rows = new ArrayList<>();
        for (String label : List.of("JAVA", "java", " Java ")) {
            Api.Reply reply = api.get(APP + "listBuildEnvs", member.token(), "buildEnvLabel", label);
            assertOk(reply);
            assertThat(reply.data().isArray()).isTrue();
            List<String> these = new ArrayList<>();
            for (JsonNode env : reply.data()) {
                assertThat(env.propertyNames())
                        .containsExactlyInAnyOrder(
                                "buildEnvId",
                                "buildEnvCode",
                                "buildEnvName",
                                "buildEnvLabel",
                                "buildEnvType",
                                "buildCommand",
                                "description",
                                "available");
                assertThat(env.get("buildEnvId").isIntegralNumber()).isTrue();
                assertThat(env.get("buildEnvLabel").asString()).isEqualTo("JAVA");
                assertThat(env.get("description").asString()).isNotBlank();
                assertThat(env.get("buildEnvName").asString()).isNotBlank();
                these.add(env.get("buildEnvId").asInt() + " "
                        + env.get("buildEnvCode").asString() + " "
                        + env.get("buildEnvType").asString() + " "
                        + env.get("buildCommand").asString() + " "
                        + env.get("available").asBoolean());
            }
            if (rows.isEmpty()) {
                rows.addAll(these);
            }
            assertThat(these).as(label).isEqualTo(rows);
        }
        assertThat(rows)
                .containsExactly(
                        "1 maven-jdk8 MAVEN mvn -B -DskipTests package " + installed(8, "mvn"),
                        "2 maven-jdk11 MAVEN mvn -B -DskipTests package " + installed(11, "mvn"),
                        "3 maven-jdk17 MAVEN mvn -B -DskipTests package " + installed(17, "mvn"),
                        "4 maven-jdk21 MAVEN mvn -B -DskipTests package " + installed(21, "mvn"),
                        "5 gradle-jdk17 GRADLE gradle --no-daemon -x test build " + installed(17, "gradle"));

        Api.Reply none = api.get(APP + "listBuildEnvs", member.token(), "buildEnvLabel", "COBOL");
        assertOk(none);
        assertThat(none.data().isArray()).isTrue();
        assertThat(none.data().size()).isZero();
        Api.Reply missing = api.get(APP + "listBuildEnvs", member.token());
        assertFailure(missing, 400, "buildEnvLabel: 此属性是必填项");
        assertField(missing, "buildEnvLabel");
        assertFailure(
                api.get(APP + "listBuildEnvs", member.token(), "buildEnvLabel", "  "), 400, "buildEnvLabel: 此属性是必填项");
        assertFailure(api.get(APP + "listBuildEnvs", null, "buildEnvLabel", "JAVA"), 401, "用户鉴权失败：未提供认证信息");
    }

    @Test
    void listRuntimeEnvsGivesJavaAndTomcatVersionsWithTheirBaseImages() {
        String token = fixtures.tenant().token();
        Api.Reply reply = api.get(APP + "listRuntimeEnvs", token, "runtimeEnvLabel", "java");
        assertOk(reply);
        JsonNode envs = reply.data();
        assertThat(envs.isArray()).isTrue();
        assertThat(envs.size()).isEqualTo(2);
        for (JsonNode env : envs) {
            assertThat(env.propertyNames())
                    .containsExactlyInAnyOrder(
                            "runtimeEnvId", "runtimeEnvCode", "runtimeEnvName", "label", "packageType", "versionList");
            assertThat(env.get("runtimeEnvId").isIntegralNumber()).isTrue();
            assertThat(env.get("label").asString()).isEqualTo("JAVA");
            for (JsonNode version : env.get("versionList")) {
                assertThat(version.propertyNames())
                        .containsExactlyInAnyOrder("runtimeEnvVerId", "runtimeEnvVer", "baseImage");
                assertThat(version.get("runtimeEnvVerId").isIntegralNumber()).isTrue();
                assertThat(version.get("baseImage").asString()).isNotBlank();
            }
        }
        JsonNode jar = envs.get(0);
        assertThat(jar.get("runtimeEnvCode").asString()).isEqualTo("java");
        assertThat(jar.get("packageType").asString()).isEqualTo("JAR");
        List<String> jarVersions = new ArrayList<>();
        for (JsonNode version : jar.get("versionList")) {
            String ver = version.get("runtimeEnvVer").asString();
            jarVersions.add(ver);
            assertThat(version.get("baseImage").asString()).contains(":" + ver + "-");
        }
        assertThat(jarVersions).containsExactly("8", "11", "17", "21");
        JsonNode war = envs.get(1);
        assertThat(war.get("runtimeEnvCode").asString()).isEqualTo("tomcat");
        assertThat(war.get("packageType").asString()).isEqualTo("WAR");
        assertThat(war.get("versionList").size()).isPositive();
        for (JsonNode version : war.get("versionList")) {
            assertThat(version.get("baseImage").asString()).startsWith("tomcat:");
        }

        Api.Reply upper = api.get(APP + "listRuntimeEnvs", token, "runtimeEnvLabel", " JAVA ");
        assertThat(upper.data()).isEqualTo(envs);
        assertThat(api.get(APP + "listRuntimeEnvs", token, "runtimeEnvLabel", "GO")
                        .data()
                        .size())
                .isZero();
        Api.Reply missing = api.get(APP + "listRuntimeEnvs", token);
        assertFailure(missing, 400, "runtimeEnvLabel: 此属性是必填项");
        assertField(missing, "runtimeEnvLabel");
    }

    /** Whether the JDK of {@code version} and {@code tool} exist here, as the catalogue's entries expect them. */
    private static boolean installed(int version, String tool) {
        boolean jdk = Files.isExecutable(Path.of("/usr/lib/jvm/java-" + version + "-openjdk-amd64", "bin", "java"));
        boolean onPath = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, tool))) {
                onPath = true;
            }
        }
        return jdk && onPath;
    }

    // ---- roles and data permissions -----------------------------------------------------------------------------

    @Test
    void viewersOnlyRead() {
        Setup s = setup();
        String appId = apps.app(s.token(), s.projectId(), s.github(), "readOnly");
        String group = apps.group(s.token(), s.projectId(), "组");
        User viewer = member(s, VIEWER);

        assertThat(ids(viewer.token(), s.projectId())).containsExactly(appId);
        assertOk(get(viewer.token(), appId));
        assertOk(api.get(APP + "listBuildEnvs", viewer.token(), "buildEnvLabel", "JAVA"));
        assertFailure(
                apps.createApp(
                        viewer.token(),
                        appBody(s.projectId(), "mine", "GITHUB", "https://github.com/a/b.git", s.github())),
                403,
                CREATE_REFUSED);
        assertFailure(update(viewer.token(), Map.of("appId", appId, "description", "改")), 403, OPERATE_REFUSED);
        assertFailure(setGroup(viewer.token(), appId, group), 403, OPERATE_REFUSED);
        assertFailure(delete(viewer.token(), appId), 403, OPERATE_REFUSED);

        // a grant does not make a viewer an operator
        assertFailure(
                api.post(
                        "/v1/data/authorize/authorizeApplication",
                        s.token(),
                        Map.of("projectId", s.projectId(), "appId", appId, "userIds", List.of(viewer.userId()))),
                400,
                "userIds[0]: 用户 " + viewer.userId() + " 只有访客角色，只能查看，不能授予操作权限");
        assertThat(get(s.token(), appId).data().get("description").isNull()).isTrue();
        assertThat(get(s.token(), appId).data().get("appGroupId").isNull()).isTrue();
    }

    @Test
    void testersAndOperatorsCannotCreateButDevelopersAndAdminsCan() {
        Setup s = setup();
        for (int role : List.of(TESTER, OPERATOR)) {
            User user = member(s, role);
            assertFailure(
                    apps.createApp(
                            user.token(),
                            appBody(
                                    s.projectId(),
                                    "byRole" + role,
                                    "GITHUB",
                                    "https://github.com/a/b.git",
                                    s.github())),
                    403,
                    CREATE_REFUSED);
        }
        assertThat(names(s.token(), s.projectId())).isEmpty();
        for (int role : List.of(DEVELOPER, PROJECT_ADMIN)) {
            User user = member(s, role);
            String appId = apps.app(user.token(), s.projectId(), s.github(), "byRole" + role);
            assertThat(get(s.token(), appId).data().get("createStaff").asString())
                    .isEqualTo(user.userName());
        }
        assertThat(names(s.token(), s.projectId())).containsExactly("byRole1", "byRole2");
    }

    @Test
    void developersTestersAndOperatorsOperateAnAppOnlyWithItsGrantOrAsItsCreator() {
        Setup s = setup();
        String t = s.token();
        String group = apps.group(t, s.projectId(), "组");
        User creator = member(s, DEVELOPER);
        String own = apps.app(creator.token(), s.projectId(), s.github(), "ownApp");

        for (int role : List.of(DEVELOPER, TESTER, OPERATOR)) {
            String appId = apps.app(t, s.projectId(), s.github(), "granted" + role);
            User user = member(s, role);
            String token = user.token();
            assertOk(get(token, appId));
            assertFailure(update(token, Map.of("appId", appId, "description", "改")), 403, NEEDS_GRANT);
            assertFailure(setGroup(token, appId, group), 403, NEEDS_GRANT);
            assertFailure(delete(token, appId), 403, NEEDS_GRANT);
            assertFailure(update(token, Map.of("appId", own, "description", "改")), 403, NEEDS_GRANT);
            assertThat(ids(t, s.projectId())).contains(appId);

            assertTrue(api.post(
                    "/v1/data/authorize/authorizeApplication",
                    t,
                    Map.of("projectId", s.projectId(), "appId", appId, "userIds", List.of(user.userId()))));
            assertTrue(update(token, Map.of("appId", appId, "description", "由角色 " + role + " 修改")));
            assertThat(get(t, appId).data().get("description").asString()).isEqualTo("由角色 " + role + " 修改");
            assertTrue(setGroup(token, appId, group));
            assertThat(get(t, appId).data().get("appGroupId").asString()).isEqualTo(group);
            // the grant is for that app only
            assertFailure(update(token, Map.of("appId", own, "description", "改")), 403, NEEDS_GRANT);
            assertTrue(delete(token, appId));
            assertThat(ids(t, s.projectId())).doesNotContain(appId);
        }

        // the creator needs no grant on its own app; project admins need none anywhere
        assertTrue(update(creator.token(), Map.of("appId", own, "description", "我的")));
        assertTrue(setGroup(creator.token(), own, group));
        User admin = member(s, PROJECT_ADMIN);
        String adminTarget = apps.app(creator.token(), s.projectId(), s.github(), "forAdmin");
        assertTrue(update(admin.token(), Map.of("appId", adminTarget, "description", "管理员改的")));
        assertTrue(setGroup(admin.token(), adminTarget, group));
        assertTrue(delete(admin.token(), adminTarget));
        assertTrue(delete(creator.token(), own));
        assertThat(names(t, s.projectId())).isEmpty();
    }

    @Test
    void nonMembersAndOtherTenantsSeeNoApplication() {
        Setup s = setup();
        String appId = apps.app(s.token(), s.projectId(), s.github(), "hidden");
        String group = apps.group(s.token(), s.projectId(), "组");
        String otherProject = fixtures.project(s.token());
        User outsider = fixtures.subAccount(s.token());
        fixtures.member(s.token(), otherProject, outsider, PROJECT_ADMIN);
        Setup stranger = setup();

        for (String token : List.of(outsider.token(), stranger.token())) {
            assertFailure(list(token, s.projectId()), 404, PROJECT_NOT_FOUND);
            Api.Reply create = apps.createApp(
                    token, appBody(s.projectId(), "intruder", "GITHUB", "https://github.com/a/b.git", s.github()));
            assertFailure(create, 404, PROJECT_NOT_FOUND);
            assertField(create, "projectId");
            Api.Reply one = get(token, appId);
            assertFailure(one, 404, APP_NOT_FOUND);
            assertField(one, "appId");
            assertFailure(update(token, Map.of("appId", appId, "description", "改")), 404, APP_NOT_FOUND);
            assertFailure(setGroup(token, appId, group), 404, APP_NOT_FOUND);
            assertFailure(delete(token, appId), 404, APP_NOT_FOUND);
        }
        // the stranger's own project and connection do not reach into this project
        Api.Reply borrowed = apps.createApp(
                stranger.token(),
                appBody(stranger.projectId(), "borrowed", "GITHUB", "https://github.com/a/b.git", s.github()));
        assertFailure(borrowed, 404, CONNECTION_NOT_FOUND);
        assertThat(ids(s.token(), s.projectId())).containsExactly(appId);
        assertThat(get(s.token(), appId).data().get("description").isNull()).isTrue();
    }

    @Test
    void fieldRulesComeBeforeNotFoundAndPermission() {
        Setup s = setup();
        User viewer = member(s, VIEWER);
        User stranger = fixtures.tenant();
        for (String token : List.of(viewer.token(), stranger.token())) {
            assertFailure(
                    apps.createApp(
                            token, appBody(s.projectId(), "Bad", "GITHUB", "https://github.com/a/b.git", s.github())),
                    400,
                    NAME_PATTERN);
            assertFailure(
                    apps.createApp(token, appBody(s.projectId(), "fine", "GITHUB", "ssh://github.com/a/b", s.github())),
                    400,
                    INVALID_ADDRESS);
            assertFailure(
                    update(token, Map.of("appId", UUID.randomUUID().toString(), "description", "x".repeat(501))),
                    400,
                    "description: 长度不能超过 500 个字符");
        }
        assertThat(names(s.token(), s.projectId())).isEmpty();
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private User member(Setup s, int role) {
        User user = fixtures.subAccount(s.token());
        fixtures.member(s.token(), s.projectId(), user, role);
        return user;
    }

    private String created(String token, Map<String, ?> body) {
        Api.Reply reply = apps.createApp(token, body);
        assertOk(reply);
        return reply.data().asString();
    }

    private Api.Reply list(String token, String projectId, Object... filters) {
        Object[] params = new Object[filters.length + 2];
        params[0] = "projectId";
        params[1] = projectId;
        System.arraycopy(filters, 0, params, 2, filters.length);
        return api.get(APP + "getApplicationListPage", token, params);
    }

    /** The ids of the first 100 rows of the list. */
    private List<String> ids(String token, String projectId, Object... filters) {
        Object[] params = new Object[filters.length + 2];
        System.arraycopy(filters, 0, params, 0, filters.length);
        params[filters.length] = "pageSize";
        params[filters.length + 1] = 100;
        Api.Reply reply = list(token, projectId, params);
        assertOk(reply);
        return rowIds(reply.data());
    }

    private List<String> names(String token, String projectId) {
        Api.Reply reply = list(token, projectId, "pageSize", 100);
        assertOk(reply);
        List<String> names = new ArrayList<>();
        reply.data().get("list").forEach(r -> names.add(r.get("name").asString()));
        return names;
    }

    private static List<String> rowIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("list").forEach(r -> ids.add(r.get("appId").asString()));
        return ids;
    }

    private static JsonNode rowOf(JsonNode page, String appId) {
        for (JsonNode row : page.get("list")) {
            if (row.get("appId").asString().equals(appId)) {
                return row;
            }
        }
        throw new AssertionError("no application " + appId + " in " + page);
    }

    private Api.Reply get(String token, String appId) {
        return api.get(APP + "getApplication", token, "appId", appId);
    }

    private Api.Reply update(String token, Map<String, ?> body) {
        return api.post(APP + "updateApplication", token, body);
    }

    private Api.Reply delete(String token, String appId) {
        return api.post(APP + "deleteApplication", token, Map.of("appId", appId));
    }

    private Api.Reply setGroup(String token, String appId, String groupId) {
        return api.post(APP + "setApplicationGroup", token, Map.of("appId", appId, "appGroupId", groupId));
    }

    private List<String> allowedRoots() throws IOException {
        Path data = Path.of(environment.getRequiredProperty("msap.data-dir"));
        return List.of(
                Path.of(System.getProperty("java.io.tmpdir")).toRealPath().toString(),
                data.resolve("git").toRealPath().toString());
    }
}
