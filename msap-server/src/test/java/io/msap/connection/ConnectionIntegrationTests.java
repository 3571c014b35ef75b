package io.msap.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.msap.test.Api;
import io.msap.test.Fixtures;
import io.msap.test.Fixtures.User;
import io.msap.test.IntegrationTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Service connections over HTTP: listServiceConnection (5.9.1) and the create, update, delete and verify endpoints the
 * manual leaves to the console; validation, scoping to tenant and project, roles, secrets that never come back, and
 * verify against real repositories (a local one made with JGit, a closed port, a server that refuses credentials, a
 * silent one).
 */
class ConnectionIntegrationTests extends IntegrationTest {

    private static final String BASE = "/v1/service/connection/";
    private static final String NOT_FOUND = "服务连接不存在";
    private static final String PROJECT_NOT_FOUND = "项目不存在";
    private static final String FORBIDDEN = "没有权限：缺少“管理服务连接（项目管理员）”权限";
    private static final String ENUM_VALUES = "取值无效，可选值：GITEE, GITHUB, GITLAB, GIT, DOCKER_REGISTRY";
    private static final String WIRE_TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+00:00";

    /** Connections the test usage guard reports as used (by "应用 demo-app"). */
    private static final Set<String> USED = ConcurrentHashMap.newKeySet();

    @Autowired
    private ConfigurableApplicationContext context;

    @TempDir
    Path temp;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeServers() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private Api.Reply create(String token, Map<String, ?> body) {
        return api.post(BASE + "createServiceConnection", token, body);
    }

    private static Map<String, Object> tokenConnection(String projectId, String name, String type, String url) {
        Map<String, Object> body = new HashMap<>();
        body.put("projectId", projectId);
        body.put("connectionName", name);
        body.put("connectionType", type);
        body.put("serverUrl", url);
        body.put("authType", "TOKEN");
        body.put("token", "tok-" + name + "-secret");
        return body;
    }

    private String createOk(String token, Map<String, ?> body) {
        Api.Reply created = create(token, body);
        assertOk(created);
        String id = created.data().asString();
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        return id;
    }

    private String createOk(String token, String projectId, String name, String type, String url) {
        return createOk(token, tokenConnection(projectId, name, type, url));
    }

    private Api.Reply list(String token, String projectId, Object... filters) {
        Object[] params = new Object[filters.length + 2];
        params[0] = "projectId";
        params[1] = projectId;
        System.arraycopy(filters, 0, params, 2, filters.length);
        return api.get(BASE + "listServiceConnection", token, params);
    }

    private List<String> ids(String token, String projectId, Object... filters) {
        Api.Reply reply = list(token, projectId, filters);
        assertOk(reply);
        List<String> ids = new ArrayList<>();
        reply.data().forEach(row -> ids.add(row.get("connectionId").asString()));
        return ids;
    }

    private JsonNode row(String token, String projectId, String connectionId) {
        Api.Reply reply = list(token, projectId);
        assertOk(reply);
        for (JsonNode row : reply.data()) {
            if (row.get("connectionId").asString().equals(connectionId)) {
                return row;
            }
        }
        throw new AssertionError("connection " + connectionId + " is not listed: " + reply);
    }

    private Api.Reply update(String token, Map<String, ?> body) {
        return api.post(BASE + "updateServiceConnection", token, body);
    }

    private Api.Reply delete(String token, String connectionId) {
        return api.post(BASE + "deleteServiceConnection", token, Map.of("connectionId", connectionId));
    }

    private Api.Reply verify(String token, String connectionId, String repoUrl) {
        Map<String, Object> body = new HashMap<>();
        body.put("connectionId", connectionId);
        if (repoUrl != null) {
            body.put("repoUrl", repoUrl);
        }
        return api.post(BASE + "verifyServiceConnection", token, body);
    }

    static void assertOk(Api.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.code()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.msg()).as(reply.toString()).isEmpty();
    }

    static void assertFailure(Api.Reply reply, int status, int code, String msg) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.code()).as(reply.toString()).isEqualTo(code);
        assertThat(reply.msg()).as(reply.toString()).isEqualTo(msg);
        assertThat(reply.data().asString()).as(reply.toString()).isEmpty();
    }

    static void assertField(Api.Reply reply, String field) {
        List<String> fields = new ArrayList<>();
        if (reply.errors() != null) {
            reply.errors().forEach(e -> fields.add(e.get("field").asString()));
        }
        assertThat(fields).as(reply.toString()).contains(field);
    }

    /** A project of a new tenant, with that tenant's main account. */
    private record Setup(User tenant, String projectId) {}

    private Setup setup() {
        User tenant = fixtures.tenant();
        return new Setup(tenant, fixtures.project(tenant.token()));
    }

    /** A git repository under the temporary directory with branches main and develop and tags v1.0.0 and v1.1.0. */
    private Path repository(String name) throws Exception {
        Path repo = Files.createDirectories(temp.resolve(name));
        try (Git git =
                Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            PersonIdent who = new PersonIdent("MSAP test", "test@msap.invalid");
            Files.writeString(repo.resolve("pom.xml"), "<project/>\n");
            git.add().addFilepattern("pom.xml").call();
            git.commit().setMessage("first").setAuthor(who).setCommitter(who).call();
            git.tag()
                    .setName("v1.0.0")
                    .setTagger(who)
                    .setMessage("release 1.0.0")
                    .call();
            git.branchCreate().setName("develop").call();
            Files.writeString(repo.resolve("README.md"), "demo\n");
            git.add().addFilepattern("README.md").call();
            git.commit().setMessage("second").setAuthor(who).setCommitter(who).call();
            git.tag().setName("v1.1.0").setAnnotated(false).call();
        }
        return repo;
    }

    /** A port on which nothing listens. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * A stand-in git host that wants HTTP basic authentication: 401 with a Basic challenge unless the request carries
     * {@code user:password}, and then 404 (no such repository). Records the Authorization headers it saw.
     */
    private final class BasicAuthHost {
        final List<String> authorizations = new CopyOnWriteArrayList<>();
        final HttpServer server;

        BasicAuthHost(String user, String password) throws IOException {
            String expected = "Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                authorizations.add(String.valueOf(authorization));
                if (expected.equals(authorization)) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                    exchange.sendResponseHeaders(401, -1);
                }
                exchange.close();
            });
            server.start();
            open.add(() -> server.stop(0));
        }

        String base() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        /** The user names and passwords the host was sent. */
        List<String> credentialsSeen() {
            return authorizations.stream()
                    .filter(a -> a.startsWith("Basic "))
                    .map(a -> new String(Base64.getDecoder().decode(a.substring(6)), StandardCharsets.UTF_8))
                    .toList();
        }
    }

    private void registerUsageGuard() {
        if (!context.getBeanFactory().containsSingleton("testConnectionUsageGuard")) {
            ConnectionUsageGuard guard =
                    connectionId -> USED.contains(connectionId) ? Optional.of("应用 demo-app") : Optional.empty();
            context.getBeanFactory().registerSingleton("testConnectionUsageGuard", guard);
        }
    }

    // ---- list and create ------------------------------------------------------------------------------------------

    @Test
    void createdConnectionIsListedWithEveryFieldAndNoSecret() {
        Setup s = setup();
        Instant before = Instant.now().minusSeconds(5);
        Map<String, Object> body = tokenConnection(s.projectId(), "  GitHub main  ", "GITHUB", "https://github.com");
        body.put("token", "ghp_TopSecretToken123");
        Api.Reply created = create(s.tenant().token(), body);
        assertOk(created);
        assertThat(created.text()).doesNotContain("ghp_TopSecretToken123");
        String id = created.data().asString();

        Api.Reply list = list(s.tenant().token(), s.projectId());
        assertOk(list);
        assertThat(list.data().isArray()).isTrue();
        assertThat(list.data().size()).isEqualTo(1);
        assertThat(list.text()).doesNotContain("ghp_TopSecretToken123");
        JsonNode row = list.data().get(0);
        assertThat(row.propertyNames())
                .containsExactlyInAnyOrder(
                        "connectionId",
                        "connectionName",
                        "connectionType",
                        "connectionTypeName",
                        "createStaff",
                        "createTime",
                        "serverUrl",
                        "authType",
                        "userName");
        assertThat(row.get("connectionId").asString()).isEqualTo(id);
        assertThat(row.get("connectionName").asString()).isEqualTo("GitHub main");
        assertThat(row.get("connectionType").asString()).isEqualTo("GITHUB");
        assertThat(row.get("connectionTypeName").asString()).isEqualTo("GitHub");
        assertThat(row.get("createStaff").asString()).isEqualTo(s.tenant().userName());
        assertThat(row.get("createTime").asString()).matches(WIRE_TIME);
        assertThat(OffsetDateTime.parse(row.get("createTime").asString()).toInstant())
                .isBetween(before, Instant.now().plusSeconds(5));
        assertThat(row.get("serverUrl").asString()).isEqualTo("https://github.com");
        assertThat(row.get("authType").asString()).isEqualTo("TOKEN");
        assertThat(row.get("userName").isNull()).isTrue();
    }

    @Test
    void usernamePasswordConnectionsShowTheUserAndTypeNamesFollowTheLanguage() {
        Setup s = setup();
        User admin = fixtures.subAccount(s.tenant().token());
        fixtures.member(s.tenant().token(), s.projectId(), admin, Fixtures.PROJECT_ADMIN);
        String registry = createOk(
                admin.token(),
                Map.of(
                        "projectId", s.projectId(),
                        "connectionName", "harbor",
                        "connectionType", "DOCKER_REGISTRY",
                        "serverUrl", "https://harbor.example.com",
                        "authType", "USERNAME_PASSWORD",
                        "userName", "robot$ci",
                        "password", "harbor-Passw0rd"));
        String gitee = createOk(admin.token(), s.projectId(), "gitee", "GITEE", "https://gitee.com");
        String gitlab = createOk(admin.token(), s.projectId(), "gitlab", "GITLAB", "https://gitlab.example.com");

        JsonNode row = row(admin.token(), s.projectId(), registry);
        assertThat(row.get("connectionType").asString()).isEqualTo("DOCKER_REGISTRY");
        assertThat(row.get("connectionTypeName").asString()).isEqualTo("Docker 镜像仓库");
        assertThat(row.get("authType").asString()).isEqualTo("USERNAME_PASSWORD");
        assertThat(row.get("userName").asString()).isEqualTo("robot$ci");
        assertThat(row.get("createStaff").asString()).isEqualTo(admin.userName());
        assertThat(row(admin.token(), s.projectId(), gitee)
                        .get("connectionTypeName")
                        .asString())
                .isEqualTo("Gitee");
        assertThat(row(admin.token(), s.projectId(), gitlab)
                        .get("connectionTypeName")
                        .asString())
                .isEqualTo("GitLab");

        Api.Reply english = api.request("GET", BASE + "listServiceConnection")
                .token(admin.token())
                .english()
                .query("projectId", s.projectId(), "connectionType", "DOCKER_REGISTRY")
                .send();
        assertOk(english);
        assertThat(english.data().get(0).get("connectionTypeName").asString()).isEqualTo("Docker registry");
        assertThat(english.text()).doesNotContain("harbor-Passw0rd");
    }

    @Test
    void listFiltersByTypeAndByNameIgnoringCaseWithLiteralWildcardsNewestFirst() {
        Setup s = setup();
        String t = s.tenant().token();
        String first = createOk(t, s.projectId(), "Alpha_one", "GITEE", "https://gitee.com");
        String second = createOk(t, s.projectId(), "alpha%two", "GITHUB", "https://github.com");
        String third = createOk(t, s.projectId(), "beta", "GIT", "https://git.example.com");
        String fourth = createOk(t, s.projectId(), "alphaXthree", "GITHUB", "https://github.com");

        assertThat(ids(t, s.projectId())).containsExactly(fourth, third, second, first);
        assertThat(ids(t, s.projectId(), "connectionType", "GITHUB")).containsExactly(fourth, second);
        assertThat(ids(t, s.projectId(), "connectionName", "ALPHA")).containsExactly(fourth, second, first);
        assertThat(ids(t, s.projectId(), "connectionName", "a_o")).containsExactly(first);
        assertThat(ids(t, s.projectId(), "connectionName", "a%t")).containsExactly(second);
        assertThat(ids(t, s.projectId(), "connectionName", "%")).containsExactly(second);
        assertThat(ids(t, s.projectId(), "connectionName", "alpha", "connectionType", "GITEE"))
                .containsExactly(first);
        assertThat(ids(t, s.projectId(), "connectionType", "DOCKER_REGISTRY")).isEmpty();
        assertThat(ids(t, s.projectId(), "connectionName", "  ")).hasSize(4);

        // another project of the same tenant has its own list
        String other = fixtures.project(t);
        assertThat(ids(t, other)).isEmpty();
    }

    @Test
    void listValidatesItsParameters() {
        Setup s = setup();
        Api.Reply badType = list(s.tenant().token(), s.projectId(), "connectionType", "SVN");
        assertFailure(badType, 400, 500, "connectionType: " + ENUM_VALUES);
        assertField(badType, "connectionType");

        Api.Reply noProject = api.get(BASE + "listServiceConnection", s.tenant().token());
        assertFailure(noProject, 400, 500, "projectId: 此属性是必填项");

        Api.Reply longName = list(s.tenant().token(), s.projectId(), "connectionName", "x".repeat(65));
        assertFailure(longName, 400, 500, "connectionName: 长度不能超过 64 个字符");

        assertFailure(list(s.tenant().token(), UUID.randomUUID().toString()), 404, 500, PROJECT_NOT_FOUND);
        assertFailure(list(s.tenant().token(), "not-a-uuid"), 404, 500, PROJECT_NOT_FOUND);
        assertFailure(
                api.get(BASE + "listServiceConnection", null, "projectId", s.projectId()), 401, 401, "用户鉴权失败：未提供认证信息");
    }

    @ParameterizedTest
    @ValueSource(strings = {"projectId", "connectionName", "connectionType", "serverUrl", "authType"})
    void everyRequiredFieldIsRequired(String field) {
        Setup s = setup();
        Map<String, Object> body = tokenConnection(s.projectId(), "complete", "GITHUB", "https://github.com");
        body.remove(field);
        Api.Reply reply = create(s.tenant().token(), body);
        assertFailure(reply, 400, 500, field + ": 此属性是必填项");
        assertField(reply, field);
        assertThat(ids(s.tenant().token(), s.projectId())).isEmpty();
    }

    @Test
    void createValidatesTypesLengthsSecretsAndAddresses() throws IOException {
        Setup s = setup();
        String t = s.tenant().token();
        Map<String, Object> body;

        body = tokenConnection(s.projectId(), "svn", "SVN", "https://svn.example.com");
        assertFailure(create(t, body), 400, 500, "connectionType: " + ENUM_VALUES);
        body = tokenConnection(s.projectId(), "ldap", "GITHUB", "https://github.com");
        body.put("authType", "LDAP");
        assertFailure(create(t, body), 400, 500, "authType: 取值无效，可选值：TOKEN, USERNAME_PASSWORD");

        body = tokenConnection(s.projectId(), "x".repeat(65), "GITHUB", "https://github.com");
        assertFailure(create(t, body), 400, 500, "connectionName: 长度不能超过 64 个字符");
        body = tokenConnection(s.projectId(), "long-url", "GITHUB", "https://github.com/" + "a".repeat(494));
        assertFailure(create(t, body), 400, 500, "serverUrl: 长度不能超过 512 个字符");
        body = tokenConnection(s.projectId(), "long-token", "GITHUB", "https://github.com");
        body.put("token", "t".repeat(4097));
        assertFailure(create(t, body), 400, 500, "token: 长度不能超过 4096 个字符");
        body = tokenConnection(s.projectId(), "long-user", "GITHUB", "https://github.com");
        body.put("userName", "u".repeat(129));
        assertFailure(create(t, body), 400, 500, "userName: 长度不能超过 128 个字符");
        body = tokenConnection(s.projectId(), "   ", "GITHUB", "https://github.com");
        assertFailure(create(t, body), 400, 500, "connectionName: 此属性是必填项");

        body = tokenConnection(s.projectId(), "no-token", "GITHUB", "https://github.com");
        body.remove("token");
        assertFailure(create(t, body), 400, 500, "token: 认证方式为 TOKEN 时必须填写 token");
        body.put("token", "   ");
        assertFailure(create(t, body), 400, 500, "token: 认证方式为 TOKEN 时必须填写 token");
        body.put("token", "ok-token");
        body.put("password", "a-password");
        assertFailure(create(t, body), 400, 500, "password: 认证方式为 TOKEN 时不能填写密码");

        Map<String, Object> basic = new HashMap<>(Map.of(
                "projectId", s.projectId(),
                "connectionName", "basic",
                "connectionType", "GITLAB",
                "serverUrl", "https://gitlab.example.com",
                "authType", "USERNAME_PASSWORD"));
        assertFailure(create(t, basic), 400, 500, "userName: 认证方式为 USERNAME_PASSWORD 时必须填写用户名");
        basic.put("userName", "alice");
        assertFailure(create(t, basic), 400, 500, "password: 认证方式为 USERNAME_PASSWORD 时必须填写密码");
        basic.put("password", "pw");
        basic.put("token", "tok");
        assertFailure(create(t, basic), 400, 500, "token: 认证方式为 USERNAME_PASSWORD 时不能填写 token");

        String schemes = "serverUrl: 只支持 http:// 或 https:// 地址（不支持 ssh、git:// 和本地路径）";
        for (String url :
                List.of("ssh://git@github.com", "git@github.com:org/repo.git", "git://github.com", "/srv/git")) {
            Api.Reply refused = create(t, tokenConnection(s.projectId(), "bad-url", "GITHUB", url));
            assertFailure(refused, 400, 500, schemes);
            assertField(refused, "serverUrl");
        }
        Path local = Files.createDirectories(temp.resolve("local.git"));
        assertFailure(
                create(
                        t,
                        tokenConnection(
                                s.projectId(),
                                "file-hub",
                                "GITHUB",
                                local.toUri().toString())),
                400,
                500,
                schemes);
        assertFailure(
                create(
                        t,
                        tokenConnection(
                                s.projectId(),
                                "file-reg",
                                "DOCKER_REGISTRY",
                                local.toUri().toString())),
                400,
                500,
                schemes);
        assertFailure(
                create(t, tokenConnection(s.projectId(), "file-out", "GIT", "file:///var/lib/repos/demo.git")),
                400,
                500,
                "serverUrl: file:// 地址须位于允许的目录下：" + String.join(", ", allowedRoots()));
        assertFailure(
                create(t, tokenConnection(s.projectId(), "userinfo", "GITLAB", "https://bob:pw@gitlab.example.com")),
                400,
                500,
                "serverUrl: 地址中不能包含用户名或密码，请在服务连接中填写凭据");
        assertFailure(
                create(t, tokenConnection(s.projectId(), "dots", "GIT", "https://git.example.com/a/../b")),
                400,
                500,
                "serverUrl: 地址不能包含 .. 路径段");

        // field errors come before the project lookup
        assertFailure(
                create(t, tokenConnection(UUID.randomUUID().toString(), "x", "GITHUB", "ssh://github.com")),
                400,
                500,
                "serverUrl: 只支持 http:// 或 https:// 地址（不支持 ssh、git:// 和本地路径）");
        assertThat(ids(t, s.projectId())).isEmpty();
    }

    /** The roots file:// addresses must lie in by default, as the server reports them (real paths). */
    private List<String> allowedRoots() throws IOException {
        Path data = Path.of(context.getEnvironment().getRequiredProperty("msap.data-dir"));
        return List.of(
                Path.of(System.getProperty("java.io.tmpdir")).toRealPath().toString(),
                data.resolve("git").toRealPath().toString());
    }

    @Test
    void namesAreUniqueInAProjectIgnoringCase() {
        Setup s = setup();
        String t = s.tenant().token();
        String first = createOk(t, s.projectId(), "Shared", "GITHUB", "https://github.com");
        assertFailure(
                create(t, tokenConnection(s.projectId(), "SHARED", "GITEE", "https://gitee.com")),
                409,
                500,
                "服务连接名称 SHARED 已存在");
        assertFailure(
                create(t, tokenConnection(s.projectId(), " shared ", "GITEE", "https://gitee.com")),
                409,
                500,
                "服务连接名称 shared 已存在");
        assertThat(ids(t, s.projectId())).containsExactly(first);

        String otherProject = fixtures.project(t);
        createOk(t, otherProject, "shared", "GITHUB", "https://github.com");
        Setup other = setup();
        createOk(other.tenant().token(), other.projectId(), "Shared", "GITHUB", "https://github.com");

        String second = createOk(t, s.projectId(), "second", "GITHUB", "https://github.com");
        assertFailure(
                update(t, Map.of("connectionId", second, "connectionName", "sHaReD")), 409, 500, "服务连接名称 sHaReD 已存在");
        // renaming to itself in another case is fine
        assertOk(update(t, Map.of("connectionId", first, "connectionName", "SHARED")));
        assertThat(row(t, s.projectId(), first).get("connectionName").asString())
                .isEqualTo("SHARED");
        // a deleted connection's name is free again
        assertOk(delete(t, first));
        createOk(t, s.projectId(), "shared", "GITEE", "https://gitee.com");
    }

    // ---- update ---------------------------------------------------------------------------------------------------

    @Test
    void updateChangesWhatIsGivenAndKeepsTheRest() throws IOException {
        Setup s = setup();
        String t = s.tenant().token();
        BasicAuthHost host = new BasicAuthHost("oauth2", "right-token");
        Map<String, Object> body = tokenConnection(s.projectId(), "gitlab", "GITLAB", host.base());
        body.put("token", "wrong-token");
        String id = createOk(t, body);
        JsonNode before = row(t, s.projectId(), id);

        // the stored token is refused by the host
        assertFailure(
                verify(t, id, host.base() + "/team/demo.git"),
                400,
                500,
                "认证失败：" + host.base() + "/team/demo.git 拒绝了提供的凭据，请检查令牌或用户名、密码");
        assertThat(host.credentialsSeen()).contains("oauth2:wrong-token");

        // a new token replaces it; name and address change, the rest stays
        Api.Reply updated = update(
                t,
                Map.of(
                        "connectionId",
                        id,
                        "connectionName",
                        "gitlab renamed",
                        "serverUrl",
                        host.base() + "/team",
                        "token",
                        "right-token"));
        assertOk(updated);
        assertThat(updated.data().asBoolean()).isTrue();
        assertThat(updated.data().isBoolean()).isTrue();
        JsonNode after = row(t, s.projectId(), id);
        assertThat(after.get("connectionName").asString()).isEqualTo("gitlab renamed");
        assertThat(after.get("serverUrl").asString()).isEqualTo(host.base() + "/team");
        assertThat(after.get("connectionType").asString()).isEqualTo("GITLAB");
        assertThat(after.get("authType").asString()).isEqualTo("TOKEN");
        assertThat(after.get("createTime").asString())
                .isEqualTo(before.get("createTime").asString());
        assertThat(after.get("createStaff").asString())
                .isEqualTo(before.get("createStaff").asString());

        // the credentials are now accepted: the host answers that there is no such repository
        assertFailure(
                verify(t, id, host.base() + "/team/demo.git"),
                400,
                500,
                "repoUrl: 仓库不存在或无权访问：" + host.base() + "/team/demo.git");
        assertThat(host.credentialsSeen()).contains("oauth2:right-token");

        // a name alone keeps the secret
        assertOk(update(t, Map.of("connectionId", id, "connectionName", "gitlab again")));
        assertFailure(
                verify(t, id, host.base() + "/team/demo.git"),
                400,
                500,
                "repoUrl: 仓库不存在或无权访问：" + host.base() + "/team/demo.git");
    }

    @Test
    void changingTheAuthTypeNeedsTheNewCredentials() throws IOException {
        Setup s = setup();
        String t = s.tenant().token();
        BasicAuthHost host = new BasicAuthHost("alice", "alice-Passw0rd");
        String id = createOk(t, s.projectId(), "switch", "GIT", host.base());

        assertFailure(
                update(t, Map.of("connectionId", id, "authType", "USERNAME_PASSWORD")),
                400,
                500,
                "userName: 认证方式为 USERNAME_PASSWORD 时必须填写用户名");
        assertFailure(
                update(t, Map.of("connectionId", id, "authType", "USERNAME_PASSWORD", "userName", "alice")),
                400,
                500,
                "password: 认证方式为 USERNAME_PASSWORD 时必须填写密码");
        assertFailure(
                update(t, Map.of("connectionId", id, "password", "pw")), 400, 500, "password: 认证方式为 TOKEN 时不能填写密码");
        assertThat(row(t, s.projectId(), id).get("authType").asString()).isEqualTo("TOKEN");

        assertOk(update(
                t,
                Map.of(
                        "connectionId",
                        id,
                        "authType",
                        "USERNAME_PASSWORD",
                        "userName",
                        "alice",
                        "password",
                        "alice-Passw0rd")));
        JsonNode row = row(t, s.projectId(), id);
        assertThat(row.get("authType").asString()).isEqualTo("USERNAME_PASSWORD");
        assertThat(row.get("userName").asString()).isEqualTo("alice");
        assertFailure(verify(t, id, host.base() + "/x.git"), 400, 500, "repoUrl: 仓库不存在或无权访问：" + host.base() + "/x.git");
        assertThat(host.credentialsSeen()).containsOnly("alice:alice-Passw0rd");

        // a new password alone keeps the user name; a token does not fit this auth type
        assertOk(update(t, Map.of("connectionId", id, "password", "changed-Passw0rd")));
        assertThat(row(t, s.projectId(), id).get("userName").asString()).isEqualTo("alice");
        assertFailure(
                verify(t, id, host.base() + "/x.git"),
                400,
                500,
                "认证失败：" + host.base() + "/x.git 拒绝了提供的凭据，请检查令牌或用户名、密码");
        assertThat(host.credentialsSeen()).contains("alice:changed-Passw0rd");
        assertFailure(
                update(t, Map.of("connectionId", id, "token", "tok")),
                400,
                500,
                "token: 认证方式为 USERNAME_PASSWORD 时不能填写 token");
    }

    @Test
    void movingToAnotherServerNeedsTheSecretAgain() {
        Setup s = setup();
        String t = s.tenant().token();
        String id = createOk(t, s.projectId(), "moving", "GITHUB", "https://github.com");

        Api.Reply refused = update(t, Map.of("connectionId", id, "serverUrl", "https://github.evil.example"));
        assertFailure(refused, 400, 500, "token: 更换到其他服务器时须重新填写凭据");
        assertThat(row(t, s.projectId(), id).get("serverUrl").asString()).isEqualTo("https://github.com");

        // the same server with another path keeps the secret
        assertOk(update(t, Map.of("connectionId", id, "serverUrl", "https://GitHub.com/my-org")));
        assertThat(row(t, s.projectId(), id).get("serverUrl").asString()).isEqualTo("https://GitHub.com/my-org");

        assertOk(
                update(t, Map.of("connectionId", id, "serverUrl", "https://github.example.com", "token", "new-token")));
        assertThat(row(t, s.projectId(), id).get("serverUrl").asString()).isEqualTo("https://github.example.com");
    }

    @Test
    void updateValidatesItsFields() {
        Setup s = setup();
        String t = s.tenant().token();
        String id = createOk(t, s.projectId(), "valid", "GITEE", "https://gitee.com");
        assertFailure(update(t, Map.of("connectionName", "x")), 400, 500, "connectionId: 此属性是必填项");
        assertFailure(
                update(t, Map.of("connectionId", id, "connectionName", "  ")), 400, 500, "connectionName: 此属性是必填项");
        assertFailure(
                update(t, Map.of("connectionId", id, "connectionName", "n".repeat(65))),
                400,
                500,
                "connectionName: 长度不能超过 64 个字符");
        assertFailure(
                update(t, Map.of("connectionId", id, "serverUrl", "ssh://gitee.com")),
                400,
                500,
                "serverUrl: 只支持 http:// 或 https:// 地址（不支持 ssh、git:// 和本地路径）");
        assertFailure(
                update(t, Map.of("connectionId", id, "authType", "KERBEROS")),
                400,
                500,
                "authType: 取值无效，可选值：TOKEN, USERNAME_PASSWORD");
        assertFailure(
                update(t, Map.of("connectionId", id, "token", "x".repeat(4097))), 400, 500, "token: 长度不能超过 4096 个字符");
        assertThat(row(t, s.projectId(), id).get("connectionName").asString()).isEqualTo("valid");
    }

    // ---- delete ---------------------------------------------------------------------------------------------------

    @Test
    void deleteRemovesTheConnectionUnlessSomethingUsesIt() {
        registerUsageGuard();
        Setup s = setup();
        String t = s.tenant().token();
        String kept = createOk(t, s.projectId(), "kept", "GITHUB", "https://github.com");
        String used = createOk(t, s.projectId(), "used", "GITHUB", "https://github.com");
        String doomed = createOk(t, s.projectId(), "doomed", "GITEE", "https://gitee.com");
        USED.add(used);

        Api.Reply refused = delete(t, used);
        assertFailure(refused, 409, 500, "服务连接 used 正被使用：应用 demo-app");
        assertThat(ids(t, s.projectId())).containsExactly(doomed, used, kept);

        Api.Reply deleted = delete(t, doomed);
        assertOk(deleted);
        assertThat(deleted.data().isBoolean()).isTrue();
        assertThat(deleted.data().asBoolean()).isTrue();
        assertThat(ids(t, s.projectId())).containsExactly(used, kept);
        assertFailure(delete(t, doomed), 404, 500, NOT_FOUND);
        assertFailure(update(t, Map.of("connectionId", doomed, "connectionName", "back")), 404, 500, NOT_FOUND);

        USED.remove(used);
        assertOk(delete(t, used));
        assertThat(ids(t, s.projectId())).containsExactly(kept);
    }

    @Test
    void aProjectWithConnectionsCannotBeDeleted() {
        Setup s = setup();
        String t = s.tenant().token();
        String a = createOk(t, s.projectId(), "a", "GITHUB", "https://github.com");
        String b = createOk(t, s.projectId(), "b", "GITEE", "https://gitee.com");

        Api.Reply refused = api.post("/v1/project/deleteProject", t, Map.of("projectId", s.projectId()));
        assertFailure(refused, 409, 500, "项目中仍有 2 个服务连接，请先删除后再删除项目");
        Api.Reply english = api.request("POST", "/v1/project/deleteProject")
                .token(t)
                .english()
                .json(Map.of("projectId", s.projectId()))
                .send();
        assertThat(english.msg()).contains("2 service connections");

        assertOk(delete(t, a));
        assertOk(delete(t, b));
        assertOk(api.post("/v1/project/deleteProject", t, Map.of("projectId", s.projectId())));
    }

    // ---- scoping and roles ----------------------------------------------------------------------------------------

    @Test
    void unknownIdsAndOtherProjectsOrTenantsConnectionsAreNotFound() {
        Setup s = setup();
        String t = s.tenant().token();
        String mine = createOk(t, s.projectId(), "mine", "GITHUB", "https://github.com");
        Setup other = setup();
        String theirs = createOk(other.tenant().token(), other.projectId(), "theirs", "GITHUB", "https://github.com");

        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid", theirs)) {
            Api.Reply updated = update(t, Map.of("connectionId", id, "connectionName", "taken over"));
            assertFailure(updated, 404, 500, NOT_FOUND);
            assertField(updated, "connectionId");
            assertFailure(delete(t, id), 404, 500, NOT_FOUND);
            assertFailure(verify(t, id, "https://github.com/a/b.git"), 404, 500, NOT_FOUND);
        }
        assertFailure(list(t, other.projectId()), 404, 500, PROJECT_NOT_FOUND);
        assertFailure(
                create(t, tokenConnection(other.projectId(), "intruder", "GITHUB", "https://github.com")),
                404,
                500,
                PROJECT_NOT_FOUND);
        assertThat(ids(other.tenant().token(), other.projectId())).containsExactly(theirs);
        assertThat(row(other.tenant().token(), other.projectId(), theirs)
                        .get("connectionName")
                        .asString())
                .isEqualTo("theirs");

        // a member of one project does not reach another project's connections of the same tenant
        String secondProject = fixtures.project(t);
        String elsewhere = createOk(t, secondProject, "elsewhere", "GITEE", "https://gitee.com");
        User admin = fixtures.subAccount(t);
        fixtures.member(t, s.projectId(), admin, Fixtures.PROJECT_ADMIN);
        assertFailure(delete(admin.token(), elsewhere), 404, 500, NOT_FOUND);
        assertFailure(list(admin.token(), secondProject), 404, 500, PROJECT_NOT_FOUND);
        assertThat(ids(admin.token(), s.projectId())).containsExactly(mine);
        assertThat(ids(t, secondProject)).containsExactly(elsewhere);
    }

    @Test
    void onlyProjectAdminsManageWhileEveryMemberLists() {
        Setup s = setup();
        String t = s.tenant().token();
        User admin = fixtures.subAccount(t);
        fixtures.member(t, s.projectId(), admin, Fixtures.PROJECT_ADMIN);
        String id = createOk(admin.token(), s.projectId(), "managed", "GITHUB", "https://github.com");
        User outsider = fixtures.subAccount(t);

        for (int role : List.of(Fixtures.DEVELOPER, Fixtures.TESTER, Fixtures.OPERATOR, Fixtures.VIEWER)) {
            User member = fixtures.subAccount(t);
            fixtures.member(t, s.projectId(), member, role);
            assertThat(ids(member.token(), s.projectId()))
                    .as("role %d lists", role)
                    .containsExactly(id);
            assertFailure(
                    create(member.token(), tokenConnection(s.projectId(), "mine", "GITEE", "https://gitee.com")),
                    403,
                    401,
                    FORBIDDEN);
            assertFailure(
                    update(member.token(), Map.of("connectionId", id, "connectionName", "hijacked")),
                    403,
                    401,
                    FORBIDDEN);
            assertFailure(delete(member.token(), id), 403, 401, FORBIDDEN);
            assertFailure(verify(member.token(), id, "https://github.com/a/b.git"), 403, 401, FORBIDDEN);
        }
        assertFailure(list(outsider.token(), s.projectId()), 404, 500, PROJECT_NOT_FOUND);
        assertFailure(delete(outsider.token(), id), 404, 500, NOT_FOUND);
        assertFailure(
                create(outsider.token(), tokenConnection(s.projectId(), "x", "GITEE", "https://gitee.com")),
                404,
                500,
                PROJECT_NOT_FOUND);

        assertThat(ids(t, s.projectId())).containsExactly(id);
        assertThat(row(t, s.projectId(), id).get("connectionName").asString()).isEqualTo("managed");
        assertOk(update(admin.token(), Map.of("connectionId", id, "connectionName", "by admin")));
        assertOk(update(t, Map.of("connectionId", id, "connectionName", "by main account")));
        assertOk(delete(admin.token(), id));
    }

    @Test
    void secretsNeverAppearInAnswersOrTheAuditLog() throws Exception {
        Setup s = setup();
        String t = s.tenant().token();
        String token = "glpat-" + UUID.randomUUID();
        String password = "Pw-" + UUID.randomUUID();
        String newToken = "ghp-" + UUID.randomUUID();
        List<Api.Reply> replies = new ArrayList<>();

        Map<String, Object> body =
                tokenConnection(s.projectId(), "secretive", "GIT", temp.toUri().toString());
        body.put("token", token);
        Api.Reply created = create(t, body);
        replies.add(created);
        String id = created.data().asString();
        replies.add(create(t, body)); // duplicate: 409
        Map<String, Object> basic = new HashMap<>(Map.of(
                "projectId", s.projectId(),
                "connectionName", "basic",
                "connectionType", "DOCKER_REGISTRY",
                "serverUrl", "https://registry.example.com",
                "authType", "USERNAME_PASSWORD",
                "userName", "ci",
                "password", password));
        replies.add(create(t, basic));
        replies.add(update(t, Map.of("connectionId", id, "token", newToken)));
        replies.add(update(t, Map.of("connectionId", id, "password", password))); // 400
        Path repo = repository("audited");
        replies.add(verify(t, id, repo.toUri().toString()));
        replies.add(verify(t, id, "file:///var/lib/elsewhere.git")); // 400
        replies.add(list(t, s.projectId()));

        for (Api.Reply reply : replies) {
            assertThat(reply.text()).doesNotContain(token, password, newToken);
        }
        Api.Reply audit = api.get("/v1/audit/listAuditLogsPage", t, "projectId", s.projectId(), "pageSize", 100);
        assertOk(audit);
        assertThat(audit.text()).doesNotContain(token, password, newToken);
        List<JsonNode> records = new ArrayList<>();
        audit.data().get("list").forEach(records::add);
        assertThat(records.stream().map(r -> r.get("operation").asString()))
                .contains("createServiceConnection", "updateServiceConnection", "verifyServiceConnection");
        JsonNode updateRecord = records.stream()
                .filter(r -> r.get("operation").asString().equals("updateServiceConnection")
                        && r.get("result").asString().equals("SUCCESS"))
                .findFirst()
                .orElseThrow();
        assertThat(updateRecord.get("objectType").asString()).isEqualTo("SERVICE_CONNECTION");
        assertThat(updateRecord.get("objectId").asString()).isEqualTo(id);
        assertThat(updateRecord.get("projectId").asString()).isEqualTo(s.projectId());
    }

    // ---- verify ---------------------------------------------------------------------------------------------------

    @Test
    void verifyListsTheBranchesAndTagsOfALocalRepository() throws Exception {
        Setup s = setup();
        String t = s.tenant().token();
        Path repo = repository("demo");
        String id = createOk(t, s.projectId(), "local git", "GIT", temp.toUri().toString());

        Api.Reply verified = verify(t, id, repo.toUri().toString());
        assertOk(verified);
        JsonNode data = verified.data();
        assertThat(data.propertyNames())
                .containsExactlyInAnyOrder("reachable", "branches", "tags", "defaultBranch", "message");
        assertThat(data.get("reachable").isBoolean()).isTrue();
        assertThat(data.get("reachable").asBoolean()).isTrue();
        assertThat(strings(data.get("branches"))).containsExactly("develop", "main");
        assertThat(strings(data.get("tags"))).containsExactly("v1.0.0", "v1.1.0");
        assertThat(data.get("defaultBranch").asString()).isEqualTo("main");
        assertThat(data.get("message").asString()).isEqualTo("连接成功：2 个分支，2 个标签");

        Api.Reply english = api.request("POST", BASE + "verifyServiceConnection")
                .token(t)
                .english()
                .json(Map.of("connectionId", id, "repoUrl", repo.toUri().toString()))
                .send();
        assertOk(english);
        assertThat(english.data().get("message").asString()).isEqualTo("Connected: 2 branches, 2 tags");

        // a connection to one repository is verified without repoUrl
        String single =
                createOk(t, s.projectId(), "single repo", "GIT", repo.toUri().toString());
        Api.Reply alone = verify(t, single, null);
        assertOk(alone);
        assertThat(strings(alone.data().get("branches"))).containsExactly("develop", "main");

        Api.Reply missing = verify(t, id, temp.toUri() + "missing.git");
        assertFailure(
                missing, 400, 500, "repoUrl: 仓库不存在或无权访问：" + temp.toRealPath().resolve("missing.git"));
        assertField(missing, "repoUrl");
    }

    @Test
    void verifyRefusesAddressesOutsideTheRulesWithoutContactingThem() throws Exception {
        Setup s = setup();
        String t = s.tenant().token();
        String local = createOk(t, s.projectId(), "local", "GIT", temp.toUri().toString());
        BasicAuthHost elsewhere = new BasicAuthHost("oauth2", "x");
        String hub = createOk(t, s.projectId(), "hub", "GITHUB", "https://github.com");

        Api.Reply outside = verify(t, local, "file:///var/lib/repos/demo.git");
        assertFailure(outside, 400, 500, "repoUrl: file:// 地址须位于允许的目录下：" + String.join(", ", allowedRoots()));
        assertField(outside, "repoUrl");
        assertFailure(verify(t, local, temp.toUri() + "../../etc"), 400, 500, "repoUrl: 地址不能包含 .. 路径段");
        assertFailure(
                verify(t, hub, repository("not-for-hub").toUri().toString()),
                400,
                500,
                "repoUrl: 只支持 http:// 或 https:// 地址（不支持 ssh、git:// 和本地路径）");
        assertFailure(
                verify(t, hub, "ssh://git@github.com/a/b.git"),
                400,
                500,
                "repoUrl: 只支持 http:// 或 https:// 地址（不支持 ssh、git:// 和本地路径）");
        assertFailure(
                verify(t, hub, elsewhere.base() + "/steal.git"),
                400,
                500,
                "repoUrl: 仓库地址须位于服务连接的服务器上：https://github.com");
        assertThat(elsewhere.authorizations).isEmpty();

        String registry = createOk(t, s.projectId(), "registry", "DOCKER_REGISTRY", "https://registry.example.com");
        assertFailure(
                verify(t, registry, "https://registry.example.com/a.git"), 400, 500, "connectionId: 镜像仓库连接不能用 git 验证");
        assertFailure(verify(t, null, null), 400, 500, "connectionId: 此属性是必填项");
        assertFailure(verify(t, local, "file:///" + "a".repeat(512)), 400, 500, "repoUrl: 长度不能超过 512 个字符");
    }

    @Test
    void verifySaysWhenTheServerIsUnreachableWithinTheTimeout() throws Exception {
        Setup s = setup();
        String t = s.tenant().token();
        int port = closedPort();
        String base = "http://127.0.0.1:" + port;
        String id = createOk(t, s.projectId(), "closed", "GIT", base);

        long start = System.nanoTime();
        Api.Reply reply = verify(t, id, base + "/x.git");
        assertFailure(reply, 503, 500, "代码仓库服务器不可达：无法连接 " + base + "/x.git");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

        Api.Reply english = api.request("POST", BASE + "verifyServiceConnection")
                .token(t)
                .english()
                .json(Map.of("connectionId", id, "repoUrl", base + "/x.git"))
                .send();
        assertFailure(english, 503, 500, "Code repository server unreachable: cannot connect to " + base + "/x.git");
    }

    @Test
    void verifySaysWhenTheServerDoesNotAnswerInTime() throws Exception {
        Setup s = setup();
        String t = s.tenant().token();
        ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        open.add(silent);
        String base = "http://127.0.0.1:" + silent.getLocalPort();
        String id = createOk(t, s.projectId(), "silent", "GITLAB", base);

        long start = System.nanoTime();
        Api.Reply reply = verify(t, id, base + "/group/x.git");
        assertFailure(reply, 503, 500, "访问代码仓库超时：" + base + "/group/x.git 在 3 秒内没有应答");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void verifySaysWhenTheCredentialsAreRefused() throws Exception {
        Setup s = setup();
        String t = s.tenant().token();
        BasicAuthHost host = new BasicAuthHost("oauth2", "the-right-one");
        Map<String, Object> body = tokenConnection(s.projectId(), "gitee", "GITEE", host.base());
        body.put("token", "a-wrong-token");
        String id = createOk(t, body);

        Api.Reply reply = verify(t, id, host.base() + "/org/repo.git");
        assertFailure(reply, 400, 500, "认证失败：" + host.base() + "/org/repo.git 拒绝了提供的凭据，请检查令牌或用户名、密码");
        assertThat(host.credentialsSeen()).contains("oauth2:a-wrong-token");
        Api.Reply english = api.request("POST", BASE + "verifyServiceConnection")
                .token(t)
                .english()
                .json(Map.of("connectionId", id, "repoUrl", host.base() + "/org/repo.git"))
                .send();
        assertThat(english.msg()).startsWith("Authentication failed: ");

        // a token connection may name the user the host expects
        Map<String, Object> named = tokenConnection(s.projectId(), "named", "GITEE", host.base());
        named.put("userName", "someone");
        named.put("token", "the-right-one");
        String namedId = createOk(t, named);
        assertFailure(
                verify(t, namedId, host.base() + "/org/repo.git"),
                400,
                500,
                "认证失败：" + host.base() + "/org/repo.git 拒绝了提供的凭据，请检查令牌或用户名、密码");
        assertThat(host.credentialsSeen()).contains("someone:the-right-one");
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }
}
