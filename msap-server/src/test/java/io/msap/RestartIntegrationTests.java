package io.msap;

import static org.assertj.core.api.Assertions.assertThat;

import io.msap.test.Api;
import io.msap.test.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * First start and restart, as an operator lives them: the first start on an empty database creates tenant 1 and writes
 * the admin's token and password to {@code $MSAP_DATA_DIR}; a restart on the same data directory and database keeps
 * everything and does not bootstrap again. Starts the server itself (twice per test), so it does not share the
 * integration suite's server.
 */
class RestartIntegrationTests {

    private static final String TOKEN_FILE = "initial-admin-token";
    private static final String PASSWORD_FILE = "initial-admin-password";

    /** A running server: its context and a client for it. */
    private record Server(ConfigurableApplicationContext context, Api api) implements AutoCloseable {
        @Override
        public void close() {
            context.close();
        }

        long count(String table) throws Exception {
            try (Connection connection = context.getBean(DataSource.class).getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("select count(*) from " + table)) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /**
     * Starts the application on a random port with {@code properties}. They are given as command-line arguments, not
     * as {@code SpringApplicationBuilder.properties}: those are default properties, which application.yml's own
     * {@code msap.data-dir} and {@code msap.bootstrap.*} entries would override.
     */
    private static Server start(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.put("server.port", "0");
        all.putIfAbsent("msap.bootstrap.token", "");
        all.putIfAbsent("msap.bootstrap.password", "");
        List<String> args = new ArrayList<>();
        all.forEach((key, value) -> args.add("--" + key + "=" + value));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(MsapApplication.class)
                .properties("spring.main.banner-mode=off")
                .run(args.toArray(String[]::new));
        int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
        return new Server(context, new Api(port));
    }

    private static void ok(Api.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.code()).as(reply.toString()).isEqualTo(200);
    }

    private static String read(Path file) throws Exception {
        return Files.readString(file).trim();
    }

    private static String login(Api api, String userName, String password) {
        Api.Reply login = api.post("/v1/account/login", null, Map.of("userName", userName, "password", password));
        ok(login);
        return login.data().get("token").asString();
    }

    private static JsonNode whoami(Api api, String token) {
        Api.Reply whoami = api.get("/v1/account/whoami", token);
        ok(whoami);
        return whoami.data();
    }

    private static void assertAdmin(Api api, String token) {
        JsonNode me = whoami(api, token);
        assertThat(me.get("tenantId").asLong()).isEqualTo(1);
        assertThat(me.get("userId").asLong()).isEqualTo(1);
        assertThat(me.get("userName").asString()).isEqualTo("admin");
        assertThat(me.get("mainAccount").asBoolean()).isTrue();
    }

    @Test
    void firstStartWritesTheAdminSecretsAndARestartKeepsEverything(@TempDir Path dataDir) throws Exception {
        Map<String, String> properties = TestServers.properties(dataDir);
        Path tokenFile = dataDir.resolve(TOKEN_FILE);
        Path passwordFile = dataDir.resolve(PASSWORD_FILE);

        String token;
        String password;
        String projectId;
        String projectCode = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        String subName = "sub" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String subPassword = "Passw0rd-" + subName;
        long subId;
        String tokenFileBefore;
        FileTime tokenFileTime;
        String passwordFileBefore;

        try (Server first = start(properties)) {
            assertThat(tokenFile).exists();
            assertThat(passwordFile).exists();
            if (dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
                        .isEqualTo("rw-------");
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
                        .isEqualTo("rw-------");
            }
            token = read(tokenFile);
            password = read(passwordFile);
            assertThat(token).startsWith("msap_");
            assertThat(password).isNotBlank();
            tokenFileBefore = Files.readString(tokenFile);
            tokenFileTime = Files.getLastModifiedTime(tokenFile);
            passwordFileBefore = Files.readString(passwordFile);

            Api api = first.api();
            assertAdmin(api, token);
            assertAdmin(api, login(api, "admin", password));

            Api.Reply project = api.post(
                    "/v1/project/createProject",
                    token,
                    Map.of("projectCode", projectCode, "projectName", "Survives restarts"));
            ok(project);
            projectId = project.data().asString();
            Api.Reply sub = api.post(
                    "/v1/account/createSubAccount",
                    token,
                    Map.of("userName", subName, "realName", "Sub Account", "orgName", "Ops", "password", subPassword));
            ok(sub);
            subId = sub.data().asLong();
            ok(api.post(
                    "/v1/project/member/authorizeRole",
                    token,
                    Map.of(
                            "projectId",
                            projectId,
                            "userInfoVOList",
                            List.of(Map.of("userId", subId, "userName", subName, "userRoles", List.of(1, 4))))));
            assertThat(first.count("tenant")).isEqualTo(1);
        }

        try (Server second = start(properties)) {
            Api api = second.api();
            // the bootstrap did not run again
            assertThat(Files.readString(tokenFile)).isEqualTo(tokenFileBefore);
            assertThat(Files.getLastModifiedTime(tokenFile)).isEqualTo(tokenFileTime);
            assertThat(Files.readString(passwordFile)).isEqualTo(passwordFileBefore);
            assertThat(second.count("tenant")).isEqualTo(1);
            assertThat(second.count("account_user")).isEqualTo(2);

            // the token and password still work, for the same admin
            assertAdmin(api, token);
            assertAdmin(api, login(api, "admin", password));

            Api.Reply projects = api.get("/v1/project/listProjectsPage", token);
            ok(projects);
            assertThat(projects.data().get("total").asInt()).isEqualTo(1);
            JsonNode row = projects.data().get("list").get(0);
            assertThat(row.get("projectId").asString()).isEqualTo(projectId);
            assertThat(row.get("projectCode").asString()).isEqualTo(projectCode);
            assertThat(row.get("projectName").asString()).isEqualTo("Survives restarts");

            Api.Reply subs = api.get("/v1/account/listSubAccountsPage", token);
            ok(subs);
            assertThat(subs.data().get("total").asInt()).isEqualTo(1);
            assertThat(subs.data().get("list").get(0).get("userId").asLong()).isEqualTo(subId);
            assertThat(subs.data().get("list").get(0).get("userName").asString())
                    .isEqualTo(subName);

            Api.Reply members = api.get("/v1/project/member/listSubAccountPage", token, "projectId", projectId);
            ok(members);
            assertThat(members.data().get("total").asInt()).isEqualTo(1);
            JsonNode member = members.data().get("list").get(0);
            assertThat(member.get("userId").asLong()).isEqualTo(subId);
            List<Integer> roles = new ArrayList<>();
            member.get("roleId").forEach(r -> roles.add(r.asInt()));
            assertThat(roles).containsExactlyInAnyOrder(1, 4);

            // the sub-account's password survived, and it still sees its project
            String subToken = login(api, subName, subPassword);
            JsonNode me = whoami(api, subToken);
            assertThat(me.get("userId").asLong()).isEqualTo(subId);
            assertThat(me.get("mainAccount").asBoolean()).isFalse();
            Api.Reply visible = api.get("/v1/project/listProjectsPage", subToken);
            ok(visible);
            assertThat(visible.data().get("total").asInt()).isEqualTo(1);

            // and so did the audit trail of the first run
            Api.Reply audit =
                    api.get("/v1/audit/listAuditLogsPage", token, "operation", "createProject", "objectId", projectId);
            ok(audit);
            assertThat(audit.data().get("total").asInt()).isEqualTo(1);

            // a new project after the restart gets a new id and lives beside the old one
            ok(api.post(
                    "/v1/project/createProject",
                    token,
                    Map.of("projectCode", projectCode + "-2", "projectName", "After restart")));
            Api.Reply both = api.get("/v1/project/listProjectsPage", token);
            assertThat(both.data().get("total").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aConfiguredBootstrapTokenIsUsedAndNotWrittenDown(@TempDir Path dataDir) throws Exception {
        Map<String, String> properties = new HashMap<>(TestServers.properties(dataDir));
        String configured = "configured-" + UUID.randomUUID();
        properties.put("msap.bootstrap.token", configured);

        Consumer<Server> check = server -> {
            assertAdmin(server.api(), configured);
            assertThat(dataDir.resolve(TOKEN_FILE)).doesNotExist();
        };
        String password;
        try (Server server = start(properties)) {
            check.accept(server);
            // no password was configured, so that one is generated and written down
            assertThat(dataDir.resolve(PASSWORD_FILE)).exists();
            password = read(dataDir.resolve(PASSWORD_FILE));
            assertAdmin(server.api(), login(server.api(), "admin", password));
            Api.Reply wrong = server.api().get("/v1/account/whoami", configured + "x");
            assertThat(wrong.status()).isEqualTo(401);
        }
        try (Server server = start(properties)) {
            check.accept(server);
            assertThat(read(dataDir.resolve(PASSWORD_FILE))).isEqualTo(password);
            assertThat(server.count("tenant")).isEqualTo(1);
        }
    }

    @Test
    void aConfiguredPasswordIsUsedAndNotWrittenDown(@TempDir Path dataDir) throws Exception {
        Map<String, String> properties = new HashMap<>(TestServers.properties(dataDir));
        String password = "Configured-Passw0rd-" + UUID.randomUUID();
        properties.put("msap.bootstrap.password", password);
        try (Server server = start(properties)) {
            assertThat(dataDir.resolve(PASSWORD_FILE)).doesNotExist();
            assertThat(dataDir.resolve(TOKEN_FILE)).exists();
            assertAdmin(server.api(), login(server.api(), "admin", password));
            assertAdmin(server.api(), read(dataDir.resolve(TOKEN_FILE)));
        }
    }
}
