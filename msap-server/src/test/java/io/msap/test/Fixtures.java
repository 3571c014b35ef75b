package io.msap.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Common setup steps over the API: sub-accounts with tokens, tenants, projects and members. */
public final class Fixtures {

    public static final int PROJECT_ADMIN = 1;
    public static final int DEVELOPER = 2;
    public static final int TESTER = 3;
    public static final int OPERATOR = 4;
    public static final int VIEWER = 5;

    private final Api api;
    private final String adminToken;

    public Fixtures(Api api, String adminToken) {
        this.api = api;
        this.adminToken = adminToken;
    }

    /** A user that can call the API: its id, name, password and a login token. */
    public record User(long userId, String userName, String password, String token) {}

    /** A new sub-account of the tenant whose main account holds {@code mainToken}, logged in. */
    public User subAccount(String mainToken) {
        String userName = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String password = "Passw0rd-" + userName;
        Api.Reply created = api.post(
                "/v1/account/createSubAccount",
                mainToken,
                Map.of("userName", userName, "realName", "Real " + userName, "orgName", "Ops", "password", password));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return new User(created.data().asLong(), userName, password, login(userName, password));
    }

    public User subAccount() {
        return subAccount(adminToken);
    }

    public String login(String userName, String password) {
        Api.Reply login = api.post("/v1/account/login", null, Map.of("userName", userName, "password", password));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return login.data().get("token").asString();
    }

    /** A new tenant; returns its main account logged in (userId is the tenant id here, not the user id). */
    public User tenant() {
        String name = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String password = "Passw0rd-" + name;
        Api.Reply created = api.post(
                "/v1/admin/createTenant",
                adminToken,
                Map.of("tenantName", name, "adminUserName", name, "adminPassword", password));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return new User(created.data().asLong(), name, password, login(name, password));
    }

    /** A new project of the caller's tenant; returns its id. */
    public String project(String mainToken) {
        String code = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Api.Reply created = api.post(
                "/v1/project/createProject",
                mainToken,
                Map.of("projectCode", code, "projectName", "Project " + code, "description", "made by a test"));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.data().asString();
    }

    public String project() {
        return project(adminToken);
    }

    /** Makes {@code user} a member of the project with {@code roles}, as the main account. */
    public void member(String projectId, User user, Integer... roles) {
        member(adminToken, projectId, user, roles);
    }

    public void member(String token, String projectId, User user, Integer... roles) {
        Api.Reply reply = api.post(
                "/v1/project/member/authorizeRole",
                token,
                Map.of(
                        "projectId",
                        projectId,
                        "userInfoVOList",
                        List.of(Map.of(
                                "userId", user.userId(), "userName", user.userName(), "userRoles", List.of(roles)))));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }
}
