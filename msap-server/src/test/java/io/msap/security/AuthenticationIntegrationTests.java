package io.msap.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.msap.test.Api;
import io.msap.test.Fixtures;
import io.msap.test.IntegrationTest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Both ways of authenticating over HTTP: bearer tokens and EOP AK/SK signatures made by {@link EopClient}, a client
 * written from the description rather than from the server's code. Also request-id idempotency of POSTs.
 */
class AuthenticationIntegrationTests extends IntegrationTest {

    /** What must never appear in an answer: stack frames, exception or class names, SQL. */
    private static final Pattern LEAK = Pattern.compile(
            "Exception|\\bat [a-z]+\\.|java\\.|jakarta\\.|io\\.msap|org\\.springframework|org\\.hibernate|"
                    + "\\bselect\\b|\\binsert\\b|SQL",
            Pattern.CASE_INSENSITIVE);

    private final List<Api.Reply> refusals = new ArrayList<>();

    // ---------------------------------------------------------------- bearer tokens

    @Test
    void aRequestWithoutCredentialsIsRefused() {
        Api.Reply reply = api.get("/v1/account/whoami", null);

        assertUnauthenticated(reply, "用户鉴权失败：未提供认证信息");
        assertUnauthenticated(
                api.post("/v1/project/createProject", null, Map.of("projectCode", unique("p"))), "用户鉴权失败：未提供认证信息");
        assertNoLeaks();
    }

    @Test
    void anUnknownTokenIsRefused() {
        String forged = "msap_" + UUID.randomUUID() + "_" + "0".repeat(64);

        assertUnauthenticated(api.get("/v1/account/whoami", forged), "用户鉴权失败：令牌无效、已过期或已撤销");
        assertUnauthenticated(api.get("/v1/account/whoami", "garbage"), "用户鉴权失败：令牌无效、已过期或已撤销");
        // a real token with one character changed
        String almost = ADMIN_TOKEN.substring(0, ADMIN_TOKEN.length() - 1) + (ADMIN_TOKEN.endsWith("0") ? "1" : "0");
        assertUnauthenticated(api.get("/v1/account/whoami", almost), "令牌无效");
        assertNoLeaks();
    }

    @Test
    void aWrongAuthorizationSchemeIsRefused() {
        Api.Reply basic = api.request("GET", "/v1/account/whoami")
                .header("Authorization", "Basic YWRtaW46YWRtaW4=")
                .send();
        Api.Reply bare = api.request("GET", "/v1/account/whoami")
                .header("Authorization", ADMIN_TOKEN)
                .send();
        Api.Reply empty = api.request("GET", "/v1/account/whoami")
                .header("Authorization", "Bearer ")
                .send();

        assertUnauthenticated(basic, "用户鉴权失败：Authorization 头应为 Bearer <token>");
        assertUnauthenticated(bare, "用户鉴权失败：Authorization 头应为 Bearer <token>");
        assertUnauthenticated(empty, "Authorization 头应为 Bearer <token>");
        assertNoLeaks();
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() {
        Api.Reply reply = api.request("GET", "/v1/account/whoami")
                .header("Authorization", "bearer " + ADMIN_TOKEN)
                .send();

        assertOk(reply);
        assertThat(reply.data().get("userName").asString()).isEqualTo("admin");
    }

    @Test
    void refusalsAreInEnglishOnRequest() {
        Api.Reply reply = api.request("GET", "/v1/account/whoami")
                .english()
                .header("Authorization", "Bearer nope")
                .send();

        assertUnauthenticated(reply, "Authentication failed: the token is invalid, expired or revoked");
        assertNoLeaks();
    }

    @Test
    void loginAndOpenEndpointsNeedNoCredentials() {
        Fixtures.User user = fixtures.subAccount();

        Api.Reply login =
                api.post("/v1/account/login", null, Map.of("userName", user.userName(), "password", user.password()));
        Api.Reply health = api.get("/actuator/health", null);

        assertOk(login);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text()).contains("UP");
    }

    // ---------------------------------------------------------------- EOP signatures

    @Test
    void theTestClientReproducesTheCheckVectors() {
        EopClient client = new EopClient("0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210", clock);
        String requestId = "27cfe4dc-e640-45f6-92ca-492ca73e8680";

        assertThat(client.signature(
                        requestId,
                        "20220525T160752Z",
                        EopClient.queryOf("/x?bb=2&aa=1"),
                        "{\"projectId\":\"p1\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("Ube8ydD9rJ0GZdZbr4y1EF1HJwRMBUASXbgp0CPUAgI=");
        assertThat(client.signature(requestId, "20220525T160752Z", EopClient.queryOf("/x"), new byte[0]))
                .isEqualTo("emgysjvWYMGkdUE7YbJXAmURQbj44GayWFc79OlWKaU=");
        assertThat(EopClient.queryOf("/x?b=a%20b~c&a=%E6%B5%8B*")).isEqualTo("a=%E6%B5%8B%2A&b=a%20b~c");
    }

    @Test
    void aSignedGetAuthenticatesAsTheKeysOwner() {
        Fixtures.User user = fixtures.subAccount();
        EopClient eop = accessKey(user.token());

        Api.Reply whoami = eop.send(api.request("GET", "/v1/account/whoami"));

        assertOk(whoami);
        assertThat(whoami.data().get("userId").asLong()).isEqualTo(user.userId());
        assertThat(whoami.data().get("userName").asString()).isEqualTo(user.userName());
        assertThat(whoami.data().get("mainAccount").asBoolean()).isFalse();
        JsonNode key =
                api.get("/v1/account/listAccessKeys", user.token()).data().get(0);
        assertThat(key.get("accessKey").asString()).isEqualTo(eop.accessKey);
        assertThat(key.get("lastUsedTime").isNull()).as(key.toString()).isFalse();
    }

    @Test
    void aSignedGetWithQueryParametersNeedingEncodingWorks() {
        Fixtures.User user = fixtures.subAccount();
        String projectName = "EOP a~b " + unique("");
        String projectId = createProject(ADMIN_TOKEN, unique("eop-"), projectName);
        fixtures.member(projectId, user, Fixtures.VIEWER);
        fixtures.member(fixtures.project(), user, Fixtures.VIEWER);
        EopClient eop = accessKey(user.token());

        // parameters deliberately out of order: the signature sorts them
        Api.Reply page = eop.send(api.request("GET", "/v1/project/listProjectsPage")
                .query("pageSize", 5, "projectName", projectName, "pageNum", 1));

        assertOk(page);
        assertThat(page.data().get("total").asLong()).isEqualTo(1);
        assertThat(page.data().get("pageSize").asInt()).isEqualTo(5);
        assertThat(page.data().get("list").get(0).get("projectId").asString()).isEqualTo(projectId);

        Api.Reply all = eop.send(api.request("GET", "/v1/project/listProjectsPage"));
        assertOk(all);
        assertThat(all.data().get("total").asLong()).isEqualTo(2);
    }

    @Test
    void aSignedPostWithAJsonBodyWorks() {
        Fixtures.User tenant = fixtures.tenant();
        EopClient eop = accessKey(tenant.token());
        String code = unique("eop-");

        Api.Reply created = eop.send(api.request("POST", "/v1/project/createProject")
                .json(Map.of("projectCode", code, "projectName", "签名项目 " + code, "description", "EOP")));

        assertOk(created);
        String projectId = created.data().asString();
        assertThat(created.header(IdempotencyFilter.REPLAYED)).isNull();
        JsonNode row = api.get("/v1/project/listProjectsPage", tenant.token())
                .data()
                .get("list")
                .get(0);
        assertThat(row.get("projectId").asString()).isEqualTo(projectId);
        assertThat(row.get("projectCode").asString()).isEqualTo(code);
        assertThat(row.get("projectName").asString()).isEqualTo("签名项目 " + code);
    }

    @Test
    void aTamperedRequestIsRefused() {
        Fixtures.User tenant = fixtures.tenant();
        EopClient eop = accessKey(tenant.token());
        String code = unique("tamper-");
        String signedBody = "{\"projectCode\":\"" + code + "\",\"projectName\":\"Signed " + code + "\"}";
        String otherBody = "{\"projectCode\":\"" + code + "\",\"projectName\":\"Evil!! " + code + "\"}";

        Api.Reply body = eop.sendSignedAs(
                api.request("POST", "/v1/project/createProject").json(signedBody),
                api.request("POST", "/v1/project/createProject").json(otherBody),
                UnaryOperator.identity());
        Api.Reply query = eop.sendSignedAs(
                api.request("GET", "/v1/project/listProjectsPage").query("projectName", "abc"),
                api.request("GET", "/v1/project/listProjectsPage").query("projectName", "abd"),
                UnaryOperator.identity());
        Api.Reply addedParameter = eop.sendSignedAs(
                api.request("GET", "/v1/project/listProjectsPage").query("projectName", "abc"),
                api.request("GET", "/v1/project/listProjectsPage").query("projectName", "abc", "pageSize", 1),
                UnaryOperator.identity());
        Api.Reply signature = eop.sendSignedAs(
                api.request("GET", "/v1/account/whoami"),
                api.request("GET", "/v1/account/whoami"),
                sig -> (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1));
        Api.Call untouched = api.request("GET", "/v1/account/whoami");
        Api.Reply control = eop.sendSignedAs(untouched, untouched, UnaryOperator.identity());
        Api.Reply wrongSecret =
                new EopClient(eop.accessKey, "0".repeat(32), clock).send(api.request("GET", "/v1/account/whoami"));

        assertUnauthenticated(body, "用户鉴权失败：签名不匹配");
        assertUnauthenticated(query, "用户鉴权失败：签名不匹配");
        assertUnauthenticated(addedParameter, "用户鉴权失败：签名不匹配");
        assertUnauthenticated(signature, "用户鉴权失败：签名不匹配");
        assertUnauthenticated(wrongSecret, "用户鉴权失败：签名不匹配");
        assertOk(control);
        assertThat(api.get("/v1/project/listProjectsPage", tenant.token())
                        .data()
                        .get("total")
                        .asLong())
                .isZero();
        assertNoLeaks();
    }

    @Test
    void aDateMoreThanFifteenMinutesOffIsRefused() {
        Fixtures.User user = fixtures.subAccount();
        EopClient eop = accessKey(user.token());
        Instant now = clock.instant();

        Api.Reply old = eop.send(api.request("GET", "/v1/account/whoami"), uuid(), now.minus(Duration.ofMinutes(16)));
        Api.Reply future = eop.send(api.request("GET", "/v1/account/whoami"), uuid(), now.plus(Duration.ofMinutes(16)));
        Api.Reply slightlyOld =
                eop.send(api.request("GET", "/v1/account/whoami"), uuid(), now.minus(Duration.ofMinutes(14)));
        Api.Reply slightlyAhead =
                eop.send(api.request("GET", "/v1/account/whoami"), uuid(), now.plus(Duration.ofMinutes(14)));

        assertUnauthenticated(old, "用户鉴权失败：Eop-date 与服务器时间相差超过 15 分钟");
        assertUnauthenticated(future, "用户鉴权失败：Eop-date 与服务器时间相差超过 15 分钟");
        assertOk(slightlyOld);
        assertOk(slightlyAhead);

        // the server's clock moving on is the same as an old date
        Api.Call late = api.request("GET", "/v1/account/whoami");
        eop.sign(late, uuid(), clock.instant());
        clock.advance(Duration.ofMinutes(16));
        assertUnauthenticated(late.send(), "Eop-date 与服务器时间相差超过 15 分钟");
        assertNoLeaks();
    }

    @Test
    void eopDateIsBeijingTimeDespiteItsZ() {
        Fixtures.User user = fixtures.subAccount();
        EopClient eop = accessKey(user.token());
        Api.Call call = api.request("GET", "/v1/account/whoami");
        String requestId = uuid();
        // UTC wall-clock time with a Z, as a client that took the Z literally would send: eight hours off
        String utcDate =
                LocalDateTime.ofInstant(clock.instant(), ZoneId.of("UTC")).format(EopClient.DATE_FORMAT);
        eop.signWithDate(call, requestId, utcDate);

        assertUnauthenticated(call.send(), "Eop-date 与服务器时间相差超过 15 分钟");
    }

    @Test
    void malformedEopHeadersAreRefused() {
        Fixtures.User user = fixtures.subAccount();
        EopClient eop = accessKey(user.token());

        Api.Reply unknownKey =
                new EopClient("f".repeat(32), eop.secretKey, clock).send(api.request("GET", "/v1/account/whoami"));
        Api.Reply noRequestId = api.request("GET", "/v1/account/whoami")
                .header("Eop-Authorization", eop.accessKey + " Headers=ctyun-eop-request-id;eop-date Signature=abc")
                .header("Eop-date", EopClient.date(clock.instant()))
                .send();
        Api.Reply noSignature = api.request("GET", "/v1/account/whoami")
                .header("Eop-Authorization", eop.accessKey)
                .header("ctyun-eop-request-id", uuid())
                .header("Eop-date", EopClient.date(clock.instant()))
                .send();
        Api.Reply badDate = api.request("GET", "/v1/account/whoami")
                .header("Eop-Authorization", eop.accessKey + " Headers=ctyun-eop-request-id;eop-date Signature=abc")
                .header("ctyun-eop-request-id", uuid())
                .header("Eop-date", "2022-05-25 16:07:52")
                .send();

        assertUnauthenticated(unknownKey, "用户鉴权失败：AccessKey 不存在");
        assertUnauthenticated(noRequestId, "用户鉴权失败：EOP 签名缺少 ctyun-eop-request-id 或 Eop-date 请求头");
        assertUnauthenticated(noSignature, "用户鉴权失败：Eop-Authorization 应为");
        assertUnauthenticated(badDate, "用户鉴权失败：Eop-date 格式应为 yyyyMMddTHHmmssZ（北京时间）");
        assertNoLeaks();
    }

    @Test
    void aReusedRequestIdOnAGetIsAReplay() {
        Fixtures.User user = fixtures.subAccount();
        EopClient eop = accessKey(user.token());
        String requestId = uuid();
        Instant date = clock.instant();

        Api.Reply first = eop.send(api.request("GET", "/v1/account/whoami"), requestId, date);
        Api.Reply replay = eop.send(api.request("GET", "/v1/account/whoami"), requestId, date);
        Api.Reply sameIdOtherPath = eop.send(api.request("GET", "/v1/account/listTokens"), requestId, clock.instant());

        assertOk(first);
        assertUnauthenticated(replay, "用户鉴权失败：该请求 ID 已使用过");
        assertUnauthenticated(sameIdOtherPath, "用户鉴权失败：该请求 ID 已使用过");
        // a fresh id goes through
        assertOk(eop.send(api.request("GET", "/v1/account/whoami")));
        assertNoLeaks();
    }

    @Test
    void anOverlongRequestIdIsRefusedClearly() {
        Fixtures.User tenant = fixtures.tenant();
        EopClient eop = accessKey(tenant.token());

        Api.Reply longest = eop.send(api.request("GET", "/v1/account/whoami"), "r".repeat(64), clock.instant());
        Api.Reply get = eop.send(api.request("GET", "/v1/account/whoami"), "g".repeat(65), clock.instant());
        Api.Reply post = eop.send(
                api.request("POST", "/v1/project/createProject")
                        .json(Map.of("projectCode", unique("long-"), "projectName", "Long request id")),
                "p".repeat(100),
                clock.instant());

        assertOk(longest);
        assertUnauthenticated(get, "用户鉴权失败：ctyun-eop-request-id 不能超过 64 个字符");
        assertUnauthenticated(post, "用户鉴权失败：ctyun-eop-request-id 不能超过 64 个字符");
        assertThat(api.get("/v1/project/listProjectsPage", tenant.token())
                        .data()
                        .get("total")
                        .asLong())
                .isZero();
        assertNoLeaks();
    }

    @Test
    void requestIdsAreSeenPerAccessKey() {
        Fixtures.User user = fixtures.subAccount();
        EopClient first = accessKey(user.token());
        EopClient second = accessKey(user.token());
        String requestId = uuid();

        assertOk(first.send(api.request("GET", "/v1/account/whoami"), requestId, clock.instant()));
        assertOk(second.send(api.request("GET", "/v1/account/whoami"), requestId, clock.instant()));
    }

    @Test
    void resendingAnIdenticalSignedPostGetsTheStoredAnswer() {
        Fixtures.User tenant = fixtures.tenant();
        EopClient eop = accessKey(tenant.token());
        String code = unique("idem-");
        Api.Call call = api.request("POST", "/v1/project/createProject")
                .json(Map.of("projectCode", code, "projectName", "Idempotent " + code));
        eop.sign(call, uuid(), clock.instant());

        Api.Reply first = call.send();
        Api.Reply second = call.send();

        assertOk(first);
        assertOk(second);
        assertThat(first.header(IdempotencyFilter.REPLAYED)).isNull();
        assertThat(second.header(IdempotencyFilter.REPLAYED)).isEqualTo("true");
        assertThat(second.data().asString()).isEqualTo(first.data().asString());
        assertThat(second.text()).isEqualTo(first.text());
        JsonNode projects =
                api.get("/v1/project/listProjectsPage", tenant.token()).data();
        assertThat(projects.get("total").asLong()).isEqualTo(1);
        assertThat(projects.get("list").get(0).get("projectId").asString())
                .isEqualTo(first.data().asString());
    }

    @Test
    void aStoredFailureIsReplayedToo() {
        Fixtures.User tenant = fixtures.tenant();
        EopClient eop = accessKey(tenant.token());
        Api.Call call = api.request("POST", "/v1/project/createProject").json(Map.of("projectCode", "x"));
        eop.sign(call, uuid(), clock.instant());

        Api.Reply first = call.send();
        Api.Reply second = call.send();

        assertThat(first.status()).as(first.toString()).isEqualTo(400);
        assertThat(second.status()).isEqualTo(400);
        assertThat(second.text()).isEqualTo(first.text());
        assertThat(second.header(IdempotencyFilter.REPLAYED)).isEqualTo("true");
    }

    @Test
    void theSameRequestIdWithAnotherBodyIsAConflict() {
        Fixtures.User tenant = fixtures.tenant();
        EopClient eop = accessKey(tenant.token());
        String requestId = uuid();
        String code = unique("first-");
        Api.Reply first = eop.send(
                api.request("POST", "/v1/project/createProject")
                        .json(Map.of("projectCode", code, "projectName", "First " + code)),
                requestId,
                clock.instant());

        Api.Reply other = eop.send(
                api.request("POST", "/v1/project/createProject")
                        .json(Map.of("projectCode", code + "b", "projectName", "Second " + code)),
                requestId,
                clock.instant());

        assertOk(first);
        assertThat(other.status()).as(other.toString()).isEqualTo(409);
        assertThat(other.code()).isEqualTo(500);
        assertThat(other.msg()).isEqualTo("该请求 ID 已用于另一个不同的请求");
        JsonNode projects =
                api.get("/v1/project/listProjectsPage", tenant.token()).data();
        assertThat(projects.get("total").asLong()).isEqualTo(1);
        assertThat(projects.get("list").get(0).get("projectCode").asString()).isEqualTo(code);
    }

    @Test
    void aDeletedAccessKeyNoLongerAuthenticates() {
        Fixtures.User user = fixtures.subAccount();
        EopClient eop = accessKey(user.token());
        assertOk(eop.send(api.request("GET", "/v1/account/whoami")));

        assertOk(api.post("/v1/account/deleteAccessKey", user.token(), Map.of("accessKey", eop.accessKey)));

        assertUnauthenticated(eop.send(api.request("GET", "/v1/account/whoami")), "用户鉴权失败：AccessKey 不存在");
        assertNoLeaks();
    }

    @Test
    void theKeysOfADeletedUserNoLongerAuthenticate() {
        Fixtures.User user = fixtures.subAccount();
        EopClient eop = accessKey(user.token());
        assertOk(eop.send(api.request("GET", "/v1/account/whoami")));

        assertOk(api.post("/v1/account/deleteSubAccount", ADMIN_TOKEN, Map.of("userId", user.userId())));

        assertUnauthenticated(eop.send(api.request("GET", "/v1/account/whoami")), "AccessKey 不存在");
    }

    @Test
    void aSignedRequestDoesAsMuchAsItsOwnerMay() {
        Fixtures.User user = fixtures.subAccount();
        EopClient eop = accessKey(user.token());

        Api.Reply reply = eop.send(api.request("POST", "/v1/project/createProject")
                .json(Map.of("projectCode", unique("nope-"), "projectName", "Not allowed")));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(403);
        assertThat(reply.code()).isEqualTo(401);
        assertThat(reply.msg()).contains("创建项目（仅主账号）");
    }

    // ---------------------------------------------------------------- bearer idempotency

    @Test
    void anIdempotencyKeyMakesABearerPostRunOnce() {
        Fixtures.User tenant = fixtures.tenant();
        String key = uuid();
        String code = unique("key-");
        Map<String, String> body = Map.of("projectCode", code, "projectName", "Keyed " + code);

        Api.Reply first = post(tenant.token(), "/v1/project/createProject", body, "Idempotency-Key", key);
        Api.Reply second = post(tenant.token(), "/v1/project/createProject", body, "Idempotency-Key", key);
        Api.Reply different = post(
                tenant.token(),
                "/v1/project/createProject",
                Map.of("projectCode", code + "x", "projectName", "Other " + code),
                "Idempotency-Key",
                key);

        assertOk(first);
        assertThat(first.header(IdempotencyFilter.REPLAYED)).isNull();
        assertOk(second);
        assertThat(second.header(IdempotencyFilter.REPLAYED)).isEqualTo("true");
        assertThat(second.data().asString()).isEqualTo(first.data().asString());
        assertThat(different.status()).as(different.toString()).isEqualTo(409);
        assertThat(different.code()).isEqualTo(500);
        assertThat(different.msg()).isEqualTo("该请求 ID 已用于另一个不同的请求");
        assertThat(api.get("/v1/project/listProjectsPage", tenant.token())
                        .data()
                        .get("total")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void anXRequestIdWorksLikeAnIdempotencyKey() {
        Fixtures.User user = fixtures.subAccount();
        String requestId = uuid();

        Api.Reply first =
                post(user.token(), "/v1/account/createToken", Map.of("name", "ci"), "X-Request-Id", requestId);
        Api.Reply second =
                post(user.token(), "/v1/account/createToken", Map.of("name", "ci"), "X-Request-Id", requestId);
        Api.Reply different =
                post(user.token(), "/v1/account/createToken", Map.of("name", "cd"), "X-Request-Id", requestId);

        assertOk(first);
        assertThat(second.header(IdempotencyFilter.REPLAYED)).isEqualTo("true");
        // the secret shown once is shown again to the retry of the same request, and only one token exists
        assertThat(second.data().get("token").asString())
                .isEqualTo(first.data().get("token").asString());
        assertThat(different.status()).as(different.toString()).isEqualTo(409);
        assertThat(tokenNames(user.token())).containsExactly("ci", "login");
    }

    @Test
    void withoutAKeyEveryPostRunsAgain() {
        Fixtures.User tenant = fixtures.tenant();
        String code = unique("twice-");
        Map<String, String> body = Map.of("projectCode", code, "projectName", "Twice " + code);

        Api.Reply firstToken = api.post("/v1/account/createToken", tenant.token(), Map.of("name", "same"));
        Api.Reply secondToken = api.post("/v1/account/createToken", tenant.token(), Map.of("name", "same"));
        Api.Reply firstProject = api.post("/v1/project/createProject", tenant.token(), body);
        Api.Reply secondProject = api.post("/v1/project/createProject", tenant.token(), body);

        assertOk(firstToken);
        assertOk(secondToken);
        assertThat(secondToken.header(IdempotencyFilter.REPLAYED)).isNull();
        assertThat(secondToken.data().get("tokenId").asString())
                .isNotEqualTo(firstToken.data().get("tokenId").asString());
        assertThat(tokenNames(tenant.token())).containsExactly("same", "same", "login");
        assertOk(firstProject);
        // the second create ran again and met the first project's code
        assertThat(secondProject.status()).as(secondProject.toString()).isEqualTo(409);
        assertThat(secondProject.header(IdempotencyFilter.REPLAYED)).isNull();
        assertThat(secondProject.msg()).contains(code);
    }

    @Test
    void idempotencyKeysBelongToOneCaller() {
        Fixtures.User first = fixtures.subAccount();
        Fixtures.User second = fixtures.subAccount();
        String key = uuid();

        Api.Reply a = post(first.token(), "/v1/account/createToken", Map.of("name", "shared"), "Idempotency-Key", key);
        Api.Reply b = post(second.token(), "/v1/account/createToken", Map.of("name", "shared"), "Idempotency-Key", key);

        assertOk(a);
        assertOk(b);
        assertThat(b.header(IdempotencyFilter.REPLAYED)).isNull();
        assertThat(b.data().get("tokenId").asString())
                .isNotEqualTo(a.data().get("tokenId").asString());
        Api.Reply whoami = api.get("/v1/account/whoami", b.data().get("token").asString());
        assertThat(whoami.data().get("userId").asLong()).isEqualTo(second.userId());
    }

    @Test
    void anOverlongIdempotencyKeyIsRefused() {
        Fixtures.User user = fixtures.subAccount();

        Api.Reply reply =
                post(user.token(), "/v1/account/createToken", Map.of("name", "x"), "Idempotency-Key", "k".repeat(129));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo(500);
        assertThat(reply.msg()).isEqualTo("请求 ID 不能超过 128 个字符");
        assertThat(tokenNames(user.token())).containsExactly("login");
    }

    // ---------------------------------------------------------------- helpers

    private EopClient accessKey(String token) {
        Api.Reply created = api.post("/v1/account/createAccessKey", token, Map.of());
        assertOk(created);
        return new EopClient(
                created.data().get("accessKey").asString(),
                created.data().get("secretKey").asString(),
                clock);
    }

    private String createProject(String token, String code, String name) {
        Api.Reply created =
                api.post("/v1/project/createProject", token, Map.of("projectCode", code, "projectName", name));
        assertOk(created);
        return created.data().asString();
    }

    private Api.Reply post(String token, String path, Object body, String header, String value) {
        return api.request("POST", path)
                .token(token)
                .header(header, value)
                .json(body)
                .send();
    }

    private List<String> tokenNames(String token) {
        List<String> names = new ArrayList<>();
        api.get("/v1/account/listTokens", token)
                .data()
                .forEach(t -> names.add(t.get("name").asString()));
        return names;
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }

    private static void assertOk(Api.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.code()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.msg()).as(reply.toString()).isEmpty();
    }

    private void assertUnauthenticated(Api.Reply reply, String msgPart) {
        refusals.add(reply);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(401);
        assertThat(reply.code()).as(reply.toString()).isEqualTo(401);
        assertThat(reply.msg()).as(reply.toString()).contains(msgPart);
        assertThat(reply.data().asString()).as(reply.toString()).isEmpty();
        assertThat(reply.header("Content-Type")).startsWith("application/json");
    }

    /** None of the refusals this test saw carries a stack trace, a class name or SQL. */
    private void assertNoLeaks() {
        assertThat(refusals).isNotEmpty();
        for (Api.Reply reply : refusals) {
            assertThat(reply.text()).as(reply.toString()).doesNotContainPattern(LEAK);
            assertThat(reply.json().propertyNames()).isSubsetOf("code", "data", "msg", "errors");
        }
    }

    /**
     * An EOP client as China Telecom Cloud's SDKs sign requests, written from the description: the string to
     * sign holds the two signed headers, an empty line, the query sorted by key with RFC 3986-encoded values and the
     * hex SHA-256 of the body; the key is derived from the secret, the date, the access key and the day.
     */
    static final class EopClient {

        static final DateTimeFormatter DATE_FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
        static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

        final String accessKey;
        final String secretKey;
        private final Clock clock;

        EopClient(String accessKey, String secretKey, Clock clock) {
            this.accessKey = accessKey;
            this.secretKey = secretKey;
            this.clock = clock;
        }

        static String date(Instant instant) {
            return LocalDateTime.ofInstant(instant, BEIJING).format(DATE_FORMAT);
        }

        /** Signs with a new request id and the current time, and sends. */
        Api.Reply send(Api.Call call) {
            return send(call, UUID.randomUUID().toString(), clock.instant());
        }

        Api.Reply send(Api.Call call, String requestId, Instant at) {
            sign(call, requestId, at);
            return call.send();
        }

        void sign(Api.Call call, String requestId, Instant at) {
            signWithDate(call, requestId, date(at));
        }

        void signWithDate(Api.Call call, String requestId, String eopDate) {
            String signature = signature(requestId, eopDate, queryOf(call.path()), call.bodyBytes());
            headers(call, requestId, eopDate, signature);
        }

        /**
         * Signs {@code signed} (its path and body) but sends {@code sent} with that signature, changed by
         * {@code alter}: what a man in the middle would do.
         */
        Api.Reply sendSignedAs(Api.Call signed, Api.Call sent, UnaryOperator<String> alter) {
            String requestId = UUID.randomUUID().toString();
            String eopDate = date(clock.instant());
            String signature = signature(requestId, eopDate, queryOf(signed.path()), signed.bodyBytes());
            headers(sent, requestId, eopDate, alter.apply(signature));
            return sent.send();
        }

        private void headers(Api.Call call, String requestId, String eopDate, String signature) {
            call.header("ctyun-eop-request-id", requestId)
                    .header("Eop-date", eopDate)
                    .header(
                            "Eop-Authorization",
                            accessKey + " Headers=ctyun-eop-request-id;eop-date Signature=" + signature);
        }

        String signature(String requestId, String eopDate, String canonicalQuery, byte[] body) {
            String stringToSign = "ctyun-eop-request-id:" + requestId + "\n" + "eop-date:" + eopDate + "\n" + "\n"
                    + canonicalQuery + "\n" + sha256Hex(body);
            byte[] ktime = hmac(secretKey.getBytes(StandardCharsets.UTF_8), eopDate);
            byte[] kak = hmac(ktime, accessKey);
            byte[] kdate = hmac(kak, eopDate.substring(0, 8));
            return Base64.getEncoder().encodeToString(hmac(kdate, stringToSign));
        }

        /** The query of a request path as signed: decoded, sorted by key (stably), values RFC 3986-encoded. */
        static String queryOf(String path) {
            int question = path.indexOf('?');
            if (question < 0 || question == path.length() - 1) {
                return "";
            }
            List<String[]> pairs = new ArrayList<>();
            for (String pair : path.substring(question + 1).split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                pairs.add(new String[] {URLDecoder.decode(key, StandardCharsets.UTF_8), value});
            }
            pairs.sort(Comparator.comparing(p -> p[0]));
            List<String> parts = new ArrayList<>();
            for (String[] p : pairs) {
                parts.add(p[0] + "=" + percentEncode(p[1]));
            }
            return String.join("&", parts);
        }

        /** RFC 3986: unreserved characters as they are, every other UTF-8 byte as %XX in upper case. */
        static String percentEncode(String value) {
            StringBuilder out = new StringBuilder();
            for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if ((c >= 'A' && c <= 'Z')
                        || (c >= 'a' && c <= 'z')
                        || (c >= '0' && c <= '9')
                        || "-_.~".indexOf(c) >= 0) {
                    out.append(c);
                } else {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            }
            return out.toString();
        }

        private static String sha256Hex(byte[] bytes) {
            try {
                return HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private static byte[] hmac(byte[] key, String message) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
