package io.msap.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.msap.test.Api;
import io.msap.test.Fixtures;
import io.msap.test.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The account endpoints beyond the manual, driven over HTTP as a user's script would: login, tokens, keys, users. */
class AccountIntegrationTests extends IntegrationTest {

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String WIRE_TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+00:00";
    private static final String FORBIDDEN_SUB_ACCOUNTS = "没有权限：缺少“管理子账号（仅主账号）”权限";

    // ---------------------------------------------------------------- login and logout

    @Test
    void loginReturnsAWorkingTokenThatExpiresAfterTwelveHours() {
        String userName = unique("login");
        String password = "Passw0rd-" + userName;
        long userId = createSubAccount(userName, "登录用户", password).data().asLong();

        Api.Reply login = login(userName, password);

        assertOk(login);
        String token = login.data().get("token").asString();
        assertThat(token).matches("msap_" + UUID_PATTERN + "_[0-9a-f]{64}");
        assertThat(login.data().get("expireTime").asString()).matches(WIRE_TIME);
        Instant expireTime = time(login.data().get("expireTime"));
        assertThat(expireTime).isCloseTo(clock.instant().plus(Duration.ofHours(12)), within(1, ChronoUnit.MINUTES));
        Api.Reply whoami = api.get("/v1/account/whoami", token);
        assertOk(whoami);
        assertThat(whoami.data().get("userId").asLong()).isEqualTo(userId);

        clock.advance(Duration.ofHours(11).plusMinutes(58));
        assertOk(api.get("/v1/account/whoami", token));
        clock.advance(Duration.ofMinutes(3));
        assertUnauthenticated(api.get("/v1/account/whoami", token), "用户鉴权失败：令牌无效、已过期或已撤销");
    }

    @Test
    void loginIgnoresTheCaseOfTheUserName() {
        String userName = unique("Case");
        String password = "Passw0rd-" + userName;
        long userId = createSubAccount(userName, "大小写", password).data().asLong();

        Api.Reply login = login(userName.toUpperCase(), password);

        assertOk(login);
        Api.Reply whoami =
                api.get("/v1/account/whoami", login.data().get("token").asString());
        assertThat(whoami.data().get("userId").asLong()).isEqualTo(userId);
        assertThat(whoami.data().get("userName").asString()).isEqualTo(userName);
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameRefusal() {
        Fixtures.User user = fixtures.subAccount();

        Api.Reply wrongPassword = login(user.userName(), user.password() + "x");
        Api.Reply unknownUser = login(unique("nobody"), user.password());

        assertUnauthenticated(wrongPassword, "用户名或密码错误");
        assertUnauthenticated(unknownUser, "用户名或密码错误");
        assertThat(wrongPassword.data().asString()).isEmpty();
        assertThat(unknownUser.text()).doesNotContain("token");
    }

    @Test
    void loginNeedsUserNameAndPassword() {
        Api.Reply reply = api.post("/v1/account/login", null, Map.of("userName", " "));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo(500);
        assertThat(fieldErrors(reply)).containsOnlyKeys("userName", "password");
        assertThat(fieldErrors(reply).get("password")).isEqualTo("此属性是必填项");
        assertThat(reply.msg()).contains("password: 此属性是必填项").contains("userName: 此属性是必填项");
    }

    @Test
    void fiveFailedLoginsLockTheAccountForFifteenMinutes() {
        Fixtures.User user = fixtures.subAccount();

        for (int i = 1; i <= 4; i++) {
            assertUnauthenticated(login(user.userName(), "wrong-" + i), "用户名或密码错误");
        }
        Api.Reply fifth = login(user.userName(), "wrong-5");
        assertUnauthenticated(fifth, "连续登录失败次数过多，账号已锁定，请 15 分钟后再试");

        Api.Reply rightPassword = login(user.userName(), user.password());
        assertUnauthenticated(rightPassword, "连续登录失败次数过多，账号已锁定，请 15 分钟后再试");
        assertThat(rightPassword.text()).doesNotContain("msap_");
        // a token issued before the lock keeps working: the lock is about logging in
        assertOk(api.get("/v1/account/whoami", user.token()));

        clock.advance(Duration.ofMinutes(14));
        assertUnauthenticated(login(user.userName(), user.password()), "账号已锁定");

        clock.advance(Duration.ofMinutes(2));
        Api.Reply unlocked = login(user.userName(), user.password());
        assertOk(unlocked);
        assertOk(api.get("/v1/account/whoami", unlocked.data().get("token").asString()));
    }

    @Test
    void aSuccessfulLoginResetsTheFailureCount() {
        Fixtures.User user = fixtures.subAccount();

        for (int i = 0; i < 4; i++) {
            assertUnauthenticated(login(user.userName(), "wrong"), "用户名或密码错误");
        }
        assertOk(login(user.userName(), user.password()));
        for (int i = 0; i < 4; i++) {
            assertUnauthenticated(login(user.userName(), "wrong"), "用户名或密码错误");
        }

        assertOk(login(user.userName(), user.password()));
    }

    @Test
    void logoutRevokesOnlyTheTokenItWasCalledWith() {
        Fixtures.User user = fixtures.subAccount();
        String other = fixtures.login(user.userName(), user.password());

        Api.Reply logout = api.post("/v1/account/logout", user.token(), Map.of());

        assertOk(logout);
        assertThat(logout.data().asBoolean()).isTrue();
        assertUnauthenticated(api.get("/v1/account/whoami", user.token()), "用户鉴权失败：令牌无效、已过期或已撤销");
        assertUnauthenticated(api.post("/v1/account/logout", user.token(), Map.of()), "令牌无效");
        assertOk(api.get("/v1/account/whoami", other));
    }

    // ---------------------------------------------------------------- whoami

    @Test
    void whoamiDescribesTheMainAccount() {
        Api.Reply reply = api.get("/v1/account/whoami", ADMIN_TOKEN);

        assertOk(reply);
        JsonNode me = reply.data();
        assertThat(me.get("tenantId").asLong()).isEqualTo(1);
        assertThat(me.get("userId").isIntegralNumber()).isTrue();
        assertThat(me.get("userName").asString()).isEqualTo("admin");
        assertThat(me.get("realName").asString()).isEqualTo("Administrator");
        assertThat(me.get("mainAccount").isBoolean()).isTrue();
        assertThat(me.get("mainAccount").asBoolean()).isTrue();
        assertThat(me.propertyNames())
                .containsExactlyInAnyOrder("tenantId", "userId", "userName", "realName", "mainAccount");
    }

    @Test
    void whoamiDescribesASubAccount() {
        String userName = unique("who");
        Api.Reply created = createSubAccount(userName, "张三", "Passw0rd-" + userName);
        String token = fixtures.login(userName, "Passw0rd-" + userName);

        JsonNode me = api.get("/v1/account/whoami", token).data();

        assertThat(me.get("tenantId").asLong()).isEqualTo(1);
        assertThat(me.get("userId").asLong()).isEqualTo(created.data().asLong());
        assertThat(me.get("userName").asString()).isEqualTo(userName);
        assertThat(me.get("realName").asString()).isEqualTo("张三");
        assertThat(me.get("mainAccount").asBoolean()).isFalse();
    }

    // ---------------------------------------------------------------- createSubAccount

    @Test
    void createSubAccountReturnsTheIntegerUserIdOfAListedUser() {
        String userName = unique("new");

        Api.Reply created = api.post(
                "/v1/account/createSubAccount",
                ADMIN_TOKEN,
                Map.of("userName", userName, "realName", " 李四 ", "orgName", "研发部", "password", "Passw0rd-1"));

        assertOk(created);
        assertThat(created.data().isIntegralNumber()).as(created.toString()).isTrue();
        long userId = created.data().asLong();
        JsonNode row = onlyRow(api.get("/v1/account/listSubAccountsPage", ADMIN_TOKEN, "keyword", userName));
        assertThat(row.get("userId").asLong()).isEqualTo(userId);
        assertThat(row.get("userName").asString()).isEqualTo(userName);
        assertThat(row.get("realName").asString()).isEqualTo("李四");
        assertThat(row.get("orgName").asString()).isEqualTo("研发部");
        assertThat(row.get("createTime").asString()).matches(WIRE_TIME);
        assertThat(time(row.get("createTime"))).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
        assertThat(row.has("password")).isFalse();
        assertThat(row.has("passwordHash")).isFalse();
        assertOk(login(userName, "Passw0rd-1"));
    }

    @Test
    void createSubAccountWithoutOrgNameWorks() {
        String userName = unique("noorg");

        Api.Reply created = api.post(
                "/v1/account/createSubAccount",
                ADMIN_TOKEN,
                Map.of("userName", userName, "realName", "无部门", "password", "Passw0rd-1"));

        assertOk(created);
        JsonNode row = onlyRow(api.get("/v1/account/listSubAccountsPage", ADMIN_TOKEN, "keyword", userName));
        assertThat(row.get("orgName").isNull()).isTrue();
    }

    @Test
    void aTakenUserNameIsRefusedIgnoringCase() {
        String userName = unique("dup");
        createSubAccount(userName, "First", "Passw0rd-1");

        Api.Reply again = api.post(
                "/v1/account/createSubAccount",
                ADMIN_TOKEN,
                Map.of("userName", userName.toUpperCase(), "realName", "Second", "password", "Passw0rd-2"));
        Api.Reply admin = api.post(
                "/v1/account/createSubAccount",
                ADMIN_TOKEN,
                Map.of("userName", "ADMIN", "realName", "Second", "password", "Passw0rd-2"));

        assertFailure(again, 409, 500, "用户名 " + userName.toUpperCase() + " 已存在");
        assertFailure(admin, 409, 500, "用户名 ADMIN 已存在");
        assertThat(api.get("/v1/account/listSubAccountsPage", ADMIN_TOKEN, "keyword", userName)
                        .data()
                        .get("total")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void createSubAccountNamesEveryMissingField() {
        Api.Reply reply = api.post("/v1/account/createSubAccount", ADMIN_TOKEN, Map.of("orgName", "x"));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo(500);
        assertThat(reply.data().asString()).isEmpty();
        Map<String, String> errors = fieldErrors(reply);
        assertThat(errors).containsOnlyKeys("userName", "realName", "password");
        assertThat(errors.values()).containsOnly("此属性是必填项");
        assertThat(reply.msg()).isEqualTo("password: 此属性是必填项; realName: 此属性是必填项; userName: 此属性是必填项");
    }

    @Test
    void createSubAccountChecksLengthsAndTheUserNamePattern() {
        Map<String, Object> body = subAccountBody(unique("len"));

        Api.Reply shortName = createSubAccount(with(body, "userName", "ab"));
        assertFailure(shortName, 400, 500, "userName: 长度必须在 3 到 64 个字符之间");
        assertThat(fieldErrors(shortName)).containsOnlyKeys("userName");

        Api.Reply longName = createSubAccount(with(body, "userName", "u" + "x".repeat(64)));
        assertFailure(longName, 400, 500, "userName: 长度必须在 3 到 64 个字符之间");

        for (String bad : List.of("-abc", "a b c", "名字abc", "abc/def", ".abc")) {
            Api.Reply badPattern = createSubAccount(with(body, "userName", bad));
            assertFailure(badPattern, 400, 500, "userName: 只能包含字母、数字和 _ . @ -，且以字母或数字开头");
            assertThat(fieldErrors(badPattern)).as(bad).containsOnlyKeys("userName");
        }

        Api.Reply shortPassword = createSubAccount(with(body, "password", "1234567"));
        assertFailure(shortPassword, 400, 500, "password: 长度必须在 8 到 128 个字符之间");
        assertThat(fieldErrors(shortPassword)).containsOnlyKeys("password");

        Api.Reply longPassword = createSubAccount(with(body, "password", "p".repeat(129)));
        assertFailure(longPassword, 400, 500, "password: 长度必须在 8 到 128 个字符之间");

        Api.Reply longRealName = createSubAccount(with(body, "realName", "名".repeat(65)));
        assertFailure(longRealName, 400, 500, "realName: 长度不能超过 64 个字符");

        Api.Reply longOrgName = createSubAccount(with(body, "orgName", "o".repeat(65)));
        assertFailure(longOrgName, 400, 500, "orgName: 长度不能超过 64 个字符");

        Api.Reply wrongType = createSubAccount(with(body, "realName", List.of("a")));
        assertThat(wrongType.status()).as(wrongType.toString()).isEqualTo(400);
        assertThat(fieldErrors(wrongType)).containsOnlyKeys("realName");

        // nothing of the above was created; the longest allowed values are
        assertThat(api.get("/v1/account/listSubAccountsPage", ADMIN_TOKEN, "keyword", body.get("userName"))
                        .data()
                        .get("total")
                        .asInt())
                .isZero();
        String longest = (String) body.get("userName") + "x".repeat(64 - ((String) body.get("userName")).length());
        assertOk(createSubAccount(with(
                with(with(with(body, "userName", longest), "realName", "名".repeat(64)), "orgName", "o".repeat(64)),
                "password",
                "p".repeat(128))));
        assertOk(login(longest, "p".repeat(128)));
    }

    @Test
    void createSubAccountRefusesMalformedJson() {
        Api.Reply reply = api.request("POST", "/v1/account/createSubAccount")
                .token(ADMIN_TOKEN)
                .json("{\"userName\": ")
                .send();

        assertFailure(reply, 400, 500, "请求体不是合法的 JSON");
    }

    @Test
    void aSubAccountMayNotManageSubAccounts() {
        Fixtures.User user = fixtures.subAccount();
        Fixtures.User other = fixtures.subAccount();

        assertForbidden(createSubAccount(user.token(), subAccountBody(unique("sub"))), FORBIDDEN_SUB_ACCOUNTS);
        assertForbidden(api.get("/v1/account/listSubAccountsPage", user.token()), FORBIDDEN_SUB_ACCOUNTS);
        assertForbidden(
                api.post("/v1/account/deleteSubAccount", user.token(), Map.of("userId", other.userId())),
                FORBIDDEN_SUB_ACCOUNTS);
        assertForbidden(
                api.post(
                        "/v1/account/resetSubAccountPassword",
                        user.token(),
                        Map.of("userId", other.userId(), "newPassword", "Hijacked-1")),
                FORBIDDEN_SUB_ACCOUNTS);

        // the other user is untouched
        assertOk(login(other.userName(), other.password()));
        assertUnauthenticated(login(other.userName(), "Hijacked-1"), "用户名或密码错误");
    }

    @Test
    void accountEndpointsNeedCredentials() {
        assertUnauthenticated(
                api.post("/v1/account/createSubAccount", null, subAccountBody(unique("anon"))), "用户鉴权失败：未提供认证信息");
        assertUnauthenticated(api.get("/v1/account/whoami", null), "用户鉴权失败：未提供认证信息");
        assertUnauthenticated(api.get("/v1/account/listTokens", null), "用户鉴权失败：未提供认证信息");
    }

    // ---------------------------------------------------------------- listSubAccountsPage

    @Test
    void listSubAccountsPageFiltersByUserNameOrRealNameNewestFirst() {
        String marker = unique("mk");
        long first = createSubAccount(marker + "-alpha", "Real One", "Passw0rd-1")
                .data()
                .asLong();
        long second = createSubAccount(unique("plain"), "Has " + marker.toUpperCase() + " inside", "Passw0rd-1")
                .data()
                .asLong();
        long third = createSubAccount(marker + "-gamma", "Real Three", "Passw0rd-1")
                .data()
                .asLong();
        createSubAccount(unique("unrelated"), "Someone Else", "Passw0rd-1");

        Api.Reply all = api.get("/v1/account/listSubAccountsPage", ADMIN_TOKEN, "keyword", marker);
        assertOk(all);
        assertThat(userIds(all)).containsExactly(third, second, first);
        assertThat(all.data().get("total").asLong()).isEqualTo(3);

        Api.Reply byRealName = api.get(
                "/v1/account/listSubAccountsPage", ADMIN_TOKEN, "keyword", "HAS " + marker.toLowerCase() + " INS");
        assertThat(userIds(byRealName)).containsExactly(second);

        Api.Reply byUserName =
                api.get("/v1/account/listSubAccountsPage", ADMIN_TOKEN, "keyword", marker.toUpperCase() + "-GAM");
        assertThat(userIds(byUserName)).containsExactly(third);

        Api.Reply literalPercent = api.get("/v1/account/listSubAccountsPage", ADMIN_TOKEN, "keyword", marker + "%");
        assertThat(literalPercent.data().get("total").asLong()).isZero();
        assertThat(literalPercent.data().get("list")).isEmpty();
    }

    @Test
    void listSubAccountsPageHasThePageFields() {
        String marker = unique("pg");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(
                    0,
                    createSubAccount(marker + i, "Pager " + i, "Passw0rd-1")
                            .data()
                            .asLong());
        }

        JsonNode page1 = api.get(
                        "/v1/account/listSubAccountsPage", ADMIN_TOKEN, "keyword", marker, "pageNum", 1, "pageSize", 2)
                .data();
        assertThat(userIds(page1)).containsExactly(ids.get(0), ids.get(1));
        assertThat(page1.get("pageNum").asInt()).isEqualTo(1);
        assertThat(page1.get("pageSize").asInt()).isEqualTo(2);
        assertThat(page1.get("size").asInt()).isEqualTo(2);
        assertThat(page1.get("total").asLong()).isEqualTo(3);
        assertThat(page1.get("pages").asInt()).isEqualTo(2);
        assertThat(page1.get("startRow").asLong()).isEqualTo(1);
        assertThat(page1.get("endRow").asLong()).isEqualTo(2);
        assertThat(page1.get("prePage").asInt()).isZero();
        assertThat(page1.get("nextPage").asInt()).isEqualTo(2);
        assertThat(page1.get("isFirstPage").asBoolean()).isTrue();
        assertThat(page1.get("isLastPage").asBoolean()).isFalse();
        assertThat(page1.get("hasPreviousPage").asBoolean()).isFalse();
        assertThat(page1.get("hasNextPage").asBoolean()).isTrue();
        assertThat(numbers(page1.get("navigatepageNums"))).containsExactly(1L, 2L);

        JsonNode page2 = api.get(
                        "/v1/account/listSubAccountsPage", ADMIN_TOKEN, "keyword", marker, "pageNum", 2, "pageSize", 2)
                .data();
        assertThat(userIds(page2)).containsExactly(ids.get(2));
        assertThat(page2.get("size").asInt()).isEqualTo(1);
        assertThat(page2.get("startRow").asLong()).isEqualTo(3);
        assertThat(page2.get("endRow").asLong()).isEqualTo(3);
        assertThat(page2.get("prePage").asInt()).isEqualTo(1);
        assertThat(page2.get("nextPage").asInt()).isZero();
        assertThat(page2.get("isLastPage").asBoolean()).isTrue();
        assertThat(page2.get("hasPreviousPage").asBoolean()).isTrue();

        JsonNode pastTheEnd = api.get(
                        "/v1/account/listSubAccountsPage", ADMIN_TOKEN, "keyword", marker, "pageNum", 5, "pageSize", 2)
                .data();
        assertThat(pastTheEnd.get("list")).isEmpty();
        assertThat(pastTheEnd.get("total").asLong()).isEqualTo(3);

        JsonNode defaults = api.get("/v1/account/listSubAccountsPage", ADMIN_TOKEN, "keyword", marker)
                .data();
        assertThat(defaults.get("pageNum").asInt()).isEqualTo(1);
        assertThat(defaults.get("pageSize").asInt()).isEqualTo(10);

        JsonNode clamped = api.get("/v1/account/listSubAccountsPage", ADMIN_TOKEN, "keyword", marker, "pageSize", 500)
                .data();
        assertThat(clamped.get("pageSize").asInt()).isEqualTo(100);

        Api.Reply zero = api.get("/v1/account/listSubAccountsPage", ADMIN_TOKEN, "pageNum", 0);
        assertFailure(zero, 400, 500, "pageNum: 必须大于等于 1");
    }

    @Test
    void listSubAccountsPageShowsNeitherTheMainAccountNorOtherTenants() {
        Fixtures.User tenant = fixtures.tenant();
        String mine = fixtures.subAccount().userName();
        String theirs = fixtures.subAccount(tenant.token()).userName();

        List<String> tenant1 = userNames(api.get("/v1/account/listSubAccountsPage", ADMIN_TOKEN, "pageSize", 100));
        JsonNode tenant2 =
                api.get("/v1/account/listSubAccountsPage", tenant.token()).data();

        assertThat(tenant1).contains(mine).doesNotContain(theirs, "admin");
        assertThat(userNames(tenant2)).containsExactly(theirs);
        assertThat(tenant2.get("total").asLong()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- deleteSubAccount

    @Test
    void aDeletedSubAccountLosesItsTokensLeavesTheListAndFreesItsName() {
        Fixtures.User user = fixtures.subAccount();
        Api.Reply personal = api.post("/v1/account/createToken", user.token(), Map.of("name", "ci"));
        String personalToken = personal.data().get("token").asString();
        String projectId = fixtures.project();
        fixtures.member(projectId, user, Fixtures.DEVELOPER);

        Api.Reply deleted = api.post("/v1/account/deleteSubAccount", ADMIN_TOKEN, Map.of("userId", user.userId()));

        assertOk(deleted);
        assertThat(deleted.data().asBoolean()).isTrue();
        assertUnauthenticated(api.get("/v1/account/whoami", user.token()), "令牌无效");
        assertUnauthenticated(api.get("/v1/account/whoami", personalToken), "令牌无效");
        assertUnauthenticated(login(user.userName(), user.password()), "用户名或密码错误");
        assertThat(api.get("/v1/account/listSubAccountsPage", ADMIN_TOKEN, "keyword", user.userName())
                        .data()
                        .get("total")
                        .asLong())
                .isZero();
        Api.Reply members = api.get("/v1/project/member/listSubAccountPage", ADMIN_TOKEN, "projectId", projectId);
        assertOk(members);
        assertThat(members.data().get("total").asLong()).isZero();

        Api.Reply again = api.post(
                "/v1/account/createSubAccount",
                ADMIN_TOKEN,
                Map.of("userName", user.userName(), "realName", "Reborn", "password", "Another-Passw0rd"));
        assertOk(again);
        assertThat(again.data().asLong()).isNotEqualTo(user.userId());
        String newToken = fixtures.login(user.userName(), "Another-Passw0rd");
        assertThat(api.get("/v1/account/whoami", newToken)
                        .data()
                        .get("realName")
                        .asString())
                .isEqualTo("Reborn");
        // the new user inherits nothing of the old one
        assertFailure(
                api.get("/v1/project/member/listSubAccountPage", newToken, "projectId", projectId), 404, 500, "项目不存在");

        Api.Reply deletedTwice = api.post("/v1/account/deleteSubAccount", ADMIN_TOKEN, Map.of("userId", user.userId()));
        assertFailure(deletedTwice, 404, 500, "用户不存在");
    }

    @Test
    void deleteSubAccountOfAnUnknownOrForeignUserIs404() {
        Fixtures.User tenant = fixtures.tenant();
        Fixtures.User foreign = fixtures.subAccount(tenant.token());
        long adminId =
                api.get("/v1/account/whoami", ADMIN_TOKEN).data().get("userId").asLong();

        Api.Reply unknown = api.post("/v1/account/deleteSubAccount", ADMIN_TOKEN, Map.of("userId", 987654321L));
        Api.Reply ofAnotherTenant =
                api.post("/v1/account/deleteSubAccount", ADMIN_TOKEN, Map.of("userId", foreign.userId()));
        Api.Reply mainAccount = api.post("/v1/account/deleteSubAccount", ADMIN_TOKEN, Map.of("userId", adminId));
        Api.Reply missing = api.post("/v1/account/deleteSubAccount", ADMIN_TOKEN, Map.of());
        Api.Reply notANumber = api.post("/v1/account/deleteSubAccount", ADMIN_TOKEN, Map.of("userId", "abc"));

        assertFailure(unknown, 404, 500, "用户不存在");
        assertThat(fieldErrors(unknown)).containsOnlyKeys("userId");
        assertFailure(ofAnotherTenant, 404, 500, "用户不存在");
        assertFailure(mainAccount, 404, 500, "用户不存在");
        assertFailure(missing, 400, 500, "userId: 此属性是必填项");
        assertFailure(notANumber, 400, 500, "userId");
        assertOk(api.get("/v1/account/whoami", foreign.token()));
        assertOk(api.get("/v1/account/whoami", ADMIN_TOKEN));
    }

    @Test
    void theOnlyAdminOfAProjectCannotBeDeleted() {
        Fixtures.User admin = fixtures.subAccount();
        String projectCode = unique("lone-");
        Api.Reply project = api.post(
                "/v1/project/createProject",
                ADMIN_TOKEN,
                Map.of("projectCode", projectCode, "projectName", "唯一管理员" + projectCode));
        String projectId = project.data().asString();
        fixtures.member(projectId, admin, Fixtures.PROJECT_ADMIN);

        Api.Reply refused = api.post("/v1/account/deleteSubAccount", ADMIN_TOKEN, Map.of("userId", admin.userId()));

        assertFailure(refused, 409, 500, "该用户是项目“唯一管理员" + projectCode + "”唯一的项目管理员");
        assertOk(api.get("/v1/account/whoami", admin.token()));
        assertThat(userNames(api.get("/v1/project/member/listSubAccountPage", ADMIN_TOKEN, "projectId", projectId)))
                .containsExactly(admin.userName());

        Fixtures.User second = fixtures.subAccount();
        fixtures.member(projectId, second, Fixtures.PROJECT_ADMIN);
        assertOk(api.post("/v1/account/deleteSubAccount", ADMIN_TOKEN, Map.of("userId", admin.userId())));
        assertThat(userNames(api.get("/v1/project/member/listSubAccountPage", ADMIN_TOKEN, "projectId", projectId)))
                .containsExactly(second.userName());
    }

    // ---------------------------------------------------------------- passwords

    @Test
    void changePasswordNeedsTheOldPasswordAndReplacesIt() {
        Fixtures.User user = fixtures.subAccount();

        Api.Reply wrongOld = api.post(
                "/v1/account/changePassword",
                user.token(),
                Map.of("oldPassword", "not-it", "newPassword", "Brand-new-1"));
        assertFailure(wrongOld, 400, 500, "oldPassword: 原密码错误");
        assertThat(fieldErrors(wrongOld)).containsOnlyKeys("oldPassword");
        assertUnauthenticated(login(user.userName(), "Brand-new-1"), "用户名或密码错误");

        Api.Reply tooShort = api.post(
                "/v1/account/changePassword",
                user.token(),
                Map.of("oldPassword", user.password(), "newPassword", "short"));
        assertFailure(tooShort, 400, 500, "newPassword: 长度必须在 8 到 128 个字符之间");

        Api.Reply changed = api.post(
                "/v1/account/changePassword",
                user.token(),
                Map.of("oldPassword", user.password(), "newPassword", "Brand-new-1"));
        assertOk(changed);
        assertThat(changed.data().asBoolean()).isTrue();
        assertUnauthenticated(login(user.userName(), user.password()), "用户名或密码错误");
        assertOk(login(user.userName(), "Brand-new-1"));
    }

    @Test
    void theMainAccountResetsASubAccountPassword() {
        Fixtures.User user = fixtures.subAccount();

        Api.Reply reset = api.post(
                "/v1/account/resetSubAccountPassword",
                ADMIN_TOKEN,
                Map.of("userId", user.userId(), "newPassword", "Reset-Passw0rd"));

        assertOk(reset);
        assertThat(reset.data().asBoolean()).isTrue();
        assertUnauthenticated(login(user.userName(), user.password()), "用户名或密码错误");
        assertOk(login(user.userName(), "Reset-Passw0rd"));

        assertFailure(
                api.post(
                        "/v1/account/resetSubAccountPassword",
                        ADMIN_TOKEN,
                        Map.of("userId", 987654321L, "newPassword", "Reset-Passw0rd")),
                404,
                500,
                "用户不存在");
        assertFailure(
                api.post(
                        "/v1/account/resetSubAccountPassword",
                        ADMIN_TOKEN,
                        Map.of("userId", user.userId(), "newPassword", "short")),
                400,
                500,
                "newPassword: 长度必须在 8 到 128 个字符之间");
        Fixtures.User tenant = fixtures.tenant();
        assertFailure(
                api.post(
                        "/v1/account/resetSubAccountPassword",
                        tenant.token(),
                        Map.of("userId", user.userId(), "newPassword", "Foreign-Passw0rd")),
                404,
                500,
                "用户不存在");
        assertOk(login(user.userName(), "Reset-Passw0rd"));
    }

    @Test
    void changingAPasswordEndsTheOtherLoginSessionsButKeepsPersonalTokens() {
        Fixtures.User user = fixtures.subAccount();
        String otherSession = fixtures.login(user.userName(), user.password());
        String personal = api.post("/v1/account/createToken", user.token(), Map.of("name", "ci"))
                .data()
                .get("token")
                .asString();

        assertOk(api.post(
                "/v1/account/changePassword",
                user.token(),
                Map.of("oldPassword", user.password(), "newPassword", "Brand-new-2")));

        assertOk(api.get("/v1/account/whoami", user.token()));
        assertUnauthenticated(api.get("/v1/account/whoami", otherSession), "令牌无效");
        assertOk(api.get("/v1/account/whoami", personal));
    }

    @Test
    void resettingAPasswordEndsTheUsersLoginSessionsButKeepsPersonalTokens() {
        Fixtures.User user = fixtures.subAccount();
        String personal = api.post("/v1/account/createToken", user.token(), Map.of("name", "ci"))
                .data()
                .get("token")
                .asString();

        assertOk(api.post(
                "/v1/account/resetSubAccountPassword",
                ADMIN_TOKEN,
                Map.of("userId", user.userId(), "newPassword", "Reset-Passw0rd-2")));

        assertUnauthenticated(api.get("/v1/account/whoami", user.token()), "令牌无效");
        assertOk(api.get("/v1/account/whoami", personal));
    }

    @Test
    void resettingAPasswordUnlocksTheAccount() {
        Fixtures.User user = fixtures.subAccount();
        for (int i = 0; i < 5; i++) {
            login(user.userName(), "wrong");
        }
        assertUnauthenticated(login(user.userName(), user.password()), "账号已锁定");

        assertOk(api.post(
                "/v1/account/resetSubAccountPassword",
                ADMIN_TOKEN,
                Map.of("userId", user.userId(), "newPassword", "Unlocked-Passw0rd")));

        assertOk(login(user.userName(), "Unlocked-Passw0rd"));
    }

    // ---------------------------------------------------------------- tokens

    @Test
    void createTokenShowsTheTokenOnceAndListTokensNeverShowsIt() {
        Fixtures.User user = fixtures.subAccount();

        Api.Reply created = api.post("/v1/account/createToken", user.token(), Map.of("name", " deploy-bot "));

        assertOk(created);
        JsonNode issued = created.data();
        assertThat(issued.propertyNames()).containsExactlyInAnyOrder("tokenId", "token", "name", "expireTime");
        String tokenId = issued.get("tokenId").asString();
        String token = issued.get("token").asString();
        assertThat(tokenId).matches(UUID_PATTERN);
        assertThat(token).matches("msap_" + tokenId + "_[0-9a-f]{64}");
        assertThat(issued.get("name").asString()).isEqualTo("deploy-bot");
        assertThat(time(issued.get("expireTime")))
                .isCloseTo(clock.instant().plus(Duration.ofDays(90)), within(1, ChronoUnit.MINUTES));

        Api.Reply whoami = api.get("/v1/account/whoami", token);
        assertOk(whoami);
        assertThat(whoami.data().get("userId").asLong()).isEqualTo(user.userId());

        Api.Reply list = api.get("/v1/account/listTokens", user.token());
        assertOk(list);
        assertThat(list.text()).doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('_') + 1));
        JsonNode row = StreamSupport.stream(list.data().spliterator(), false)
                .filter(r -> r.get("tokenId").asString().equals(tokenId))
                .findFirst()
                .orElseThrow();
        assertThat(row.propertyNames())
                .containsExactlyInAnyOrder("tokenId", "name", "createTime", "expireTime", "lastUsedTime");
        assertThat(row.get("name").asString()).isEqualTo("deploy-bot");
        assertThat(time(row.get("createTime"))).isCloseTo(clock.instant(), within(1, ChronoUnit.MINUTES));
        assertThat(time(row.get("expireTime"))).isEqualTo(time(issued.get("expireTime")));
        assertThat(time(row.get("lastUsedTime"))).isCloseTo(clock.instant(), within(1, ChronoUnit.MINUTES));
        // the login token of the fixture is listed as well, newest first
        assertThat(list.data().size()).isEqualTo(2);
        assertThat(list.data().get(0).get("tokenId").asString()).isEqualTo(tokenId);
        assertThat(list.data().get(1).get("name").asString()).isEqualTo("login");
    }

    @Test
    void aFreshTokenHasNoLastUsedTime() {
        Fixtures.User user = fixtures.subAccount();
        String tokenId = api.post("/v1/account/createToken", user.token(), Map.of("name", "unused"))
                .data()
                .get("tokenId")
                .asString();

        JsonNode row = api.get("/v1/account/listTokens", user.token()).data().get(0);

        assertThat(row.get("tokenId").asString()).isEqualTo(tokenId);
        assertThat(row.get("lastUsedTime").isNull()).isTrue();
    }

    @Test
    void expireDaysMustBeBetweenOneAndThreeHundredSixtyFive() {
        Fixtures.User user = fixtures.subAccount();

        Api.Reply zero = api.post("/v1/account/createToken", user.token(), Map.of("name", "t", "expireDays", 0));
        Api.Reply tooMany = api.post("/v1/account/createToken", user.token(), Map.of("name", "t", "expireDays", 366));
        Api.Reply fraction = api.post("/v1/account/createToken", user.token(), Map.of("name", "t", "expireDays", 1.5));
        Api.Reply noName = api.post("/v1/account/createToken", user.token(), Map.of("expireDays", 10));
        Api.Reply longName =
                api.post("/v1/account/createToken", user.token(), Map.of("name", "n".repeat(65), "expireDays", 10));

        assertFailure(zero, 400, 500, "expireDays: 不能小于 1");
        assertThat(fieldErrors(zero)).containsOnlyKeys("expireDays");
        assertFailure(tooMany, 400, 500, "expireDays: 不能大于 365");
        assertFailure(fraction, 400, 500, "expireDays: 必须是整数");
        assertFailure(noName, 400, 500, "name: 此属性是必填项");
        assertFailure(longName, 400, 500, "name: 长度不能超过 64 个字符");
        // nothing was created: only the login token is listed
        assertThat(api.get("/v1/account/listTokens", user.token()).data().size())
                .isEqualTo(1);

        Api.Reply one = api.post("/v1/account/createToken", user.token(), Map.of("name", "t1", "expireDays", 1));
        Api.Reply max = api.post("/v1/account/createToken", user.token(), Map.of("name", "t365", "expireDays", "365"));
        assertOk(one);
        assertOk(max);
        assertThat(time(one.data().get("expireTime")))
                .isCloseTo(clock.instant().plus(Duration.ofDays(1)), within(1, ChronoUnit.MINUTES));
        assertThat(time(max.data().get("expireTime")))
                .isCloseTo(clock.instant().plus(Duration.ofDays(365)), within(1, ChronoUnit.MINUTES));
    }

    @Test
    void aTokenStopsWorkingWhenItExpires() {
        Fixtures.User user = fixtures.subAccount();
        Api.Reply created =
                api.post("/v1/account/createToken", user.token(), Map.of("name", "short-lived", "expireDays", 2));
        String token = created.data().get("token").asString();
        String tokenId = created.data().get("tokenId").asString();

        clock.advance(Duration.ofDays(2).minusMinutes(5));
        assertOk(api.get("/v1/account/whoami", token));

        clock.advance(Duration.ofMinutes(6));
        assertUnauthenticated(api.get("/v1/account/whoami", token), "用户鉴权失败：令牌无效、已过期或已撤销");
        String freshLogin = fixtures.login(user.userName(), user.password());
        assertThat(api.get("/v1/account/listTokens", freshLogin).text()).doesNotContain(tokenId);
    }

    @Test
    void aRevokedTokenStopsWorking() {
        Fixtures.User user = fixtures.subAccount();
        Api.Reply created = api.post("/v1/account/createToken", user.token(), Map.of("name", "to-revoke"));
        String token = created.data().get("token").asString();
        String tokenId = created.data().get("tokenId").asString();
        assertOk(api.get("/v1/account/whoami", token));

        Api.Reply revoked = api.post("/v1/account/revokeToken", user.token(), Map.of("tokenId", tokenId));

        assertOk(revoked);
        assertThat(revoked.data().asBoolean()).isTrue();
        assertUnauthenticated(api.get("/v1/account/whoami", token), "用户鉴权失败：令牌无效、已过期或已撤销");
        assertThat(api.get("/v1/account/listTokens", user.token()).text()).doesNotContain(tokenId);
        Api.Reply twice = api.post("/v1/account/revokeToken", user.token(), Map.of("tokenId", tokenId));
        assertFailure(twice, 404, 500, "令牌不存在");
        assertThat(fieldErrors(twice)).containsOnlyKeys("tokenId");
        assertOk(api.get("/v1/account/whoami", user.token()));
    }

    @Test
    void nobodyRevokesAnotherUsersToken() {
        Fixtures.User owner = fixtures.subAccount();
        Fixtures.User other = fixtures.subAccount();
        Api.Reply created = api.post("/v1/account/createToken", owner.token(), Map.of("name", "mine"));
        String token = created.data().get("token").asString();
        String tokenId = created.data().get("tokenId").asString();

        Api.Reply byOther = api.post("/v1/account/revokeToken", other.token(), Map.of("tokenId", tokenId));
        Api.Reply byMain = api.post("/v1/account/revokeToken", ADMIN_TOKEN, Map.of("tokenId", tokenId));
        Api.Reply unknown = api.post(
                "/v1/account/revokeToken", owner.token(), Map.of("tokenId", "00000000-0000-0000-0000-000000000000"));

        assertFailure(byOther, 404, 500, "令牌不存在");
        assertFailure(byMain, 404, 500, "令牌不存在");
        assertFailure(unknown, 404, 500, "令牌不存在");
        assertOk(api.get("/v1/account/whoami", token));
        assertThat(api.get("/v1/account/listTokens", other.token()).text()).doesNotContain(tokenId);
    }

    // ---------------------------------------------------------------- access keys

    @Test
    void createAccessKeyShowsTheSecretOnceAndListAccessKeysNeverShowsIt() {
        Fixtures.User user = fixtures.subAccount();

        Api.Reply created = api.post("/v1/account/createAccessKey", user.token(), Map.of());

        assertOk(created);
        assertThat(created.data().propertyNames()).containsExactlyInAnyOrder("accessKey", "secretKey");
        String accessKey = created.data().get("accessKey").asString();
        String secretKey = created.data().get("secretKey").asString();
        assertThat(accessKey).matches("[0-9a-f]{32}");
        assertThat(secretKey).matches("[0-9a-f]{32}").isNotEqualTo(accessKey);

        Api.Reply list = api.get("/v1/account/listAccessKeys", user.token());
        assertOk(list);
        assertThat(list.text()).doesNotContain(secretKey);
        assertThat(list.data().size()).isEqualTo(1);
        JsonNode row = list.data().get(0);
        assertThat(row.propertyNames()).containsExactlyInAnyOrder("accessKey", "createTime", "lastUsedTime");
        assertThat(row.get("accessKey").asString()).isEqualTo(accessKey);
        assertThat(time(row.get("createTime"))).isCloseTo(clock.instant(), within(1, ChronoUnit.MINUTES));
        assertThat(row.get("lastUsedTime").isNull()).isTrue();

        // keys are personal
        Fixtures.User other = fixtures.subAccount();
        assertThat(api.get("/v1/account/listAccessKeys", other.token()).data()).isEmpty();
        assertThat(api.get("/v1/account/listAccessKeys", ADMIN_TOKEN).text()).doesNotContain(accessKey);
    }

    @Test
    void aUserHoldsAtMostFiveAccessKeys() {
        Fixtures.User user = fixtures.subAccount();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Api.Reply created = api.post("/v1/account/createAccessKey", user.token(), Map.of());
            assertOk(created);
            keys.add(created.data().get("accessKey").asString());
        }

        Api.Reply sixth = api.post("/v1/account/createAccessKey", user.token(), Map.of());

        assertFailure(sixth, 409, 500, "每个用户最多拥有 5 个 AccessKey");
        List<String> listed = new ArrayList<>();
        api.get("/v1/account/listAccessKeys", user.token())
                .data()
                .forEach(r -> listed.add(r.get("accessKey").asString()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(keys);

        assertOk(api.post("/v1/account/deleteAccessKey", user.token(), Map.of("accessKey", keys.get(0))));
        assertOk(api.post("/v1/account/createAccessKey", user.token(), Map.of()));
    }

    @Test
    void deleteAccessKeyRemovesOnlyTheCallersOwnKey() {
        Fixtures.User user = fixtures.subAccount();
        Fixtures.User other = fixtures.subAccount();
        String accessKey = api.post("/v1/account/createAccessKey", user.token(), Map.of())
                .data()
                .get("accessKey")
                .asString();

        Api.Reply byOther = api.post("/v1/account/deleteAccessKey", other.token(), Map.of("accessKey", accessKey));
        assertFailure(byOther, 404, 500, "AccessKey 不存在");
        assertThat(fieldErrors(byOther)).containsOnlyKeys("accessKey");
        assertThat(api.get("/v1/account/listAccessKeys", user.token()).data().size())
                .isEqualTo(1);

        Api.Reply deleted = api.post("/v1/account/deleteAccessKey", user.token(), Map.of("accessKey", accessKey));
        assertOk(deleted);
        assertThat(deleted.data().asBoolean()).isTrue();
        assertThat(api.get("/v1/account/listAccessKeys", user.token()).data()).isEmpty();
        assertFailure(
                api.post("/v1/account/deleteAccessKey", user.token(), Map.of("accessKey", accessKey)),
                404,
                500,
                "AccessKey 不存在");
        assertFailure(api.post("/v1/account/deleteAccessKey", user.token(), Map.of()), 400, 500, "accessKey: 此属性是必填项");
    }

    // ---------------------------------------------------------------- tenants

    @Test
    void theOperatorCreatesATenantWhoseAdminSeesNothingOfTenantOne() {
        String tenant1Project = fixtures.project();
        Fixtures.User tenant1User = fixtures.subAccount();
        String name = unique("tenant");

        Api.Reply created = api.post(
                "/v1/admin/createTenant",
                ADMIN_TOKEN,
                Map.of("tenantName", name, "adminUserName", name + "-admin", "adminPassword", "Tenant-Passw0rd"));

        assertOk(created);
        assertThat(created.data().isIntegralNumber()).isTrue();
        long tenantId = created.data().asLong();
        assertThat(tenantId).isGreaterThan(1);
        String token = fixtures.login(name + "-admin", "Tenant-Passw0rd");
        JsonNode me = api.get("/v1/account/whoami", token).data();
        assertThat(me.get("tenantId").asLong()).isEqualTo(tenantId);
        assertThat(me.get("userName").asString()).isEqualTo(name + "-admin");
        assertThat(me.get("realName").asString()).isEqualTo(name);
        assertThat(me.get("mainAccount").asBoolean()).isTrue();

        Api.Reply projects = api.get("/v1/project/listProjectsPage", token);
        assertOk(projects);
        assertThat(projects.data().get("total").asLong()).isZero();
        assertThat(api.get("/v1/account/listSubAccountsPage", token)
                        .data()
                        .get("total")
                        .asLong())
                .isZero();
        assertFailure(
                api.get("/v1/project/member/listSubAccountPage", token, "projectId", tenant1Project),
                404,
                500,
                "项目不存在");
        assertFailure(
                api.post(
                        "/v1/project/updateProject",
                        token,
                        Map.of("projectId", tenant1Project, "projectName", "hijacked")),
                404,
                500,
                "项目不存在");
        assertFailure(
                api.post("/v1/project/deleteProject", token, Map.of("projectId", tenant1Project)), 404, 500, "项目不存在");
        assertFailure(
                api.post("/v1/account/deleteSubAccount", token, Map.of("userId", tenant1User.userId())),
                404,
                500,
                "用户不存在");
        assertOk(api.get("/v1/account/whoami", tenant1User.token()));
        assertThat(api.get("/v1/project/member/listSubAccountPage", ADMIN_TOKEN, "projectId", tenant1Project)
                        .status())
                .isEqualTo(200);

        // the new tenant works on its own
        String ownProject = fixtures.project(token);
        assertThat(api.get("/v1/project/listProjectsPage", token)
                        .data()
                        .get("total")
                        .asLong())
                .isEqualTo(1);
        assertFailure(
                api.get("/v1/project/member/listSubAccountPage", ADMIN_TOKEN, "projectId", ownProject),
                404,
                500,
                "项目不存在");
    }

    @Test
    void onlyTheOperatorCreatesTenants() {
        Fixtures.User sub = fixtures.subAccount();
        Fixtures.User otherTenant = fixtures.tenant();
        String name = unique("nope");
        Map<String, Object> body =
                Map.of("tenantName", name, "adminUserName", name, "adminPassword", "Tenant-Passw0rd");

        Api.Reply bySub = api.post("/v1/admin/createTenant", sub.token(), body);
        Api.Reply byOtherMain = api.post("/v1/admin/createTenant", otherTenant.token(), body);

        assertForbidden(bySub, "平台管理（仅平台管理员）");
        assertForbidden(byOtherMain, "平台管理（仅平台管理员）");
        assertUnauthenticated(login(name, "Tenant-Passw0rd"), "用户名或密码错误");
    }

    @Test
    void createTenantRefusesATakenTenantOrUserNameAndBadInput() {
        Fixtures.User existing = fixtures.tenant();
        String taken = existing.userName(); // Fixtures.tenant() names the tenant and its admin alike
        String name = unique("fresh");

        Api.Reply sameTenant = api.post(
                "/v1/admin/createTenant",
                ADMIN_TOKEN,
                Map.of("tenantName", taken, "adminUserName", name, "adminPassword", "Tenant-Passw0rd"));
        Api.Reply sameUser = api.post(
                "/v1/admin/createTenant",
                ADMIN_TOKEN,
                Map.of(
                        "tenantName",
                        name,
                        "adminUserName",
                        existing.userName().toUpperCase(),
                        "adminPassword",
                        "Tenant-Passw0rd"));
        Api.Reply missing = api.post("/v1/admin/createTenant", ADMIN_TOKEN, Map.of());
        Api.Reply badName = api.post(
                "/v1/admin/createTenant",
                ADMIN_TOKEN,
                Map.of("tenantName", name, "adminUserName", "bad name", "adminPassword", "short"));

        assertFailure(sameTenant, 409, 500, "租户 " + taken + " 已存在");
        assertFailure(sameUser, 409, 500, "用户名 " + existing.userName().toUpperCase() + " 已存在");
        assertFailure(missing, 400, 500, "adminPassword: 此属性是必填项");
        assertThat(fieldErrors(missing)).containsOnlyKeys("tenantName", "adminUserName", "adminPassword");
        assertThat(fieldErrors(badName)).containsOnlyKeys("adminUserName", "adminPassword");
        // the refused tenant name is still free: nothing was half-created
        assertOk(api.post(
                "/v1/admin/createTenant",
                ADMIN_TOKEN,
                Map.of("tenantName", name, "adminUserName", name, "adminPassword", "Tenant-Passw0rd")));
    }

    // ---------------------------------------------------------------- language

    @Test
    void acceptLanguageEnglishGivesEnglishMessages() {
        Fixtures.User user = fixtures.subAccount();

        Api.Reply badLogin = api.request("POST", "/v1/account/login")
                .english()
                .json(Map.of("userName", user.userName(), "password", "wrong"))
                .send();
        Api.Reply missing = api.request("POST", "/v1/account/createSubAccount")
                .english()
                .token(ADMIN_TOKEN)
                .json(Map.of("userName", "ab", "realName", "x", "password", "Passw0rd-1"))
                .send();
        Api.Reply forbidden = api.request("GET", "/v1/account/listSubAccountsPage")
                .english()
                .token(user.token())
                .send();
        Api.Reply noToken = api.request("GET", "/v1/account/whoami").english().send();
        Api.Reply duplicate = api.request("POST", "/v1/account/createSubAccount")
                .english()
                .token(ADMIN_TOKEN)
                .json(subAccountBody(user.userName()))
                .send();

        assertUnauthenticated(badLogin, "Wrong user name or password");
        assertFailure(missing, 400, 500, "userName: must be 3 to 64 characters long");
        assertForbidden(forbidden, "Forbidden: the permission \"manage sub-accounts (main account only)\" is missing");
        assertUnauthenticated(noToken, "Authentication failed: no credentials were given");
        assertFailure(duplicate, 409, 500, "The user name " + user.userName() + " is taken");

        Api.Reply chinese = api.request("POST", "/v1/account/login")
                .header("Accept-Language", "zh-CN")
                .json(Map.of("userName", user.userName(), "password", "wrong"))
                .send();
        assertUnauthenticated(chinese, "用户名或密码错误");
    }

    // ---------------------------------------------------------------- helpers

    private Api.Reply login(String userName, String password) {
        return api.post("/v1/account/login", null, Map.of("userName", userName, "password", password));
    }

    private Api.Reply createSubAccount(String userName, String realName, String password) {
        Api.Reply reply = api.post(
                "/v1/account/createSubAccount",
                ADMIN_TOKEN,
                Map.of("userName", userName, "realName", realName, "password", password));
        assertOk(reply);
        return reply;
    }

    private Api.Reply createSubAccount(Map<String, Object> body) {
        return createSubAccount(ADMIN_TOKEN, body);
    }

    private Api.Reply createSubAccount(String token, Map<String, Object> body) {
        return api.post("/v1/account/createSubAccount", token, body);
    }

    private static Map<String, Object> subAccountBody(String userName) {
        return Map.of("userName", userName, "realName", "Real " + userName, "orgName", "Ops", "password", "Passw0rd-1");
    }

    private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(body);
        copy.put(key, value);
        return copy;
    }

    private static Instant time(JsonNode node) {
        return OffsetDateTime.parse(node.asString()).toInstant();
    }

    private static JsonNode onlyRow(Api.Reply page) {
        assertOk(page);
        assertThat(page.data().get("total").asLong()).as(page.toString()).isEqualTo(1);
        return page.data().get("list").get(0);
    }

    private static List<Long> userIds(Api.Reply page) {
        assertOk(page);
        return userIds(page.data());
    }

    private static List<Long> userIds(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("list").forEach(r -> ids.add(r.get("userId").asLong()));
        return ids;
    }

    private static List<String> userNames(Api.Reply page) {
        assertOk(page);
        return userNames(page.data());
    }

    private static List<String> userNames(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("list").forEach(r -> names.add(r.get("userName").asString()));
        return names;
    }

    private static List<Long> numbers(JsonNode array) {
        List<Long> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asLong()));
        return values;
    }

    private static Map<String, String> fieldErrors(Api.Reply reply) {
        Map<String, String> errors = new HashMap<>();
        JsonNode list = reply.errors();
        if (list != null) {
            list.forEach(
                    e -> errors.put(e.get("field").asString(), e.get("message").asString()));
        }
        return errors;
    }

    private static void assertOk(Api.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.code()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.msg()).as(reply.toString()).isEmpty();
    }

    private static void assertFailure(Api.Reply reply, int status, int code, String msgPart) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.code()).as(reply.toString()).isEqualTo(code);
        assertThat(reply.msg()).as(reply.toString()).contains(msgPart);
        assertThat(reply.data().asString()).as(reply.toString()).isEmpty();
    }

    private static void assertUnauthenticated(Api.Reply reply, String msgPart) {
        assertFailure(reply, 401, 401, msgPart);
    }

    private static void assertForbidden(Api.Reply reply, String msgPart) {
        assertFailure(reply, 403, 401, msgPart);
    }
}
