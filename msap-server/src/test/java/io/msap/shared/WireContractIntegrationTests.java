package io.msap.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.msap.test.Api;
import io.msap.test.Fixtures;
import io.msap.test.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The wire contract of DESIGN.md section 2 and DECISIONS.md "HTTP", over HTTP: the envelope of every failure, its
 * status and code, readable messages in the caller's language naming the field, lenient numbers and booleans, the
 * body limit, request ids, the time format and the data of void and Boolean endpoints. Every failure provoked here is
 * also checked for leaked internals (stack traces, class names, SQL).
 */
class WireContractIntegrationTests extends IntegrationTest {

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String WIRE_TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+00:00";
    private static final List<String> LEAKS =
            List.of("Exception", "at io.", "org.springframework", "SQL", "jakarta", "tools.jackson", "java.lang");

    /** Every failure answer of the running test, checked again for leaks after it. */
    private final List<Api.Reply> failures = new ArrayList<>();

    @AfterEach
    void noFailureLeaksInternals() {
        assertThat(failures).allSatisfy(WireContractIntegrationTests::leakFree);
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static void leakFree(Api.Reply reply) {
        for (String leak : LEAKS) {
            assertThat(reply.text()).as("%s must not show %s", reply, leak).doesNotContain(leak);
        }
    }

    /** Checks a failure envelope: HTTP status, code, empty data, a readable msg; returns the reply. */
    private Api.Reply failure(Api.Reply reply, int status, int code) {
        failures.add(reply);
        leakFree(reply);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as(reply.toString()).startsWith("application/json");
        JsonNode json = reply.json();
        assertThat(json.get("code").isNumber()).as(reply.toString()).isTrue();
        assertThat(json.get("code").asInt()).as(reply.toString()).isEqualTo(code);
        assertThat(json.get("msg").isString()).as(reply.toString()).isTrue();
        assertThat(reply.msg()).as(reply.toString()).isNotBlank();
        assertThat(json.get("data").isString()).as(reply.toString()).isTrue();
        assertThat(json.get("data").asString()).as(reply.toString()).isEmpty();
        return reply;
    }

    private Api.Reply badRequest(Api.Reply reply) {
        return failure(reply, 400, 500);
    }

    /** A 400 naming {@code field} in errors[] and at the start of msg. */
    private Api.Reply badField(Api.Reply reply, String field) {
        badRequest(reply);
        assertThat(reply.errors()).as(reply.toString()).isNotNull();
        List<String> fields = new ArrayList<>();
        reply.errors().forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).as(reply.toString()).contains(field);
        assertThat(reply.msg()).as(reply.toString()).contains(field + ": ");
        return reply;
    }

    private static void ok(Api.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.code()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.msg()).as(reply.toString()).isEmpty();
    }

    private static Map<String, Object> project(String code) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("projectCode", code);
        body.put("projectName", "Project " + code);
        body.put("description", "wire contract test");
        return body;
    }

    private long projectsNamed(String code) {
        Api.Reply list = api.get("/v1/project/listProjectsPage", ADMIN_TOKEN, "projectName", code);
        ok(list);
        return list.data().get("total").asLong();
    }

    private Api.Reply createProject(Object body) {
        return api.post("/v1/project/createProject", ADMIN_TOKEN, body);
    }

    // ---- malformed and mistyped bodies ----------------------------------------------------------------------------

    @Test
    void malformedJsonIsRefusedWithAReadableMessage() {
        String code = unique("wire-");
        Api.Reply reply = badRequest(createProject("{\"projectCode\": \"" + code + "\", \"projectName\": "));
        assertThat(reply.msg()).isEqualTo("请求体不是合法的 JSON");

        Api.Reply english = badRequest(api.request("POST", "/v1/project/createProject")
                .token(ADMIN_TOKEN)
                .english()
                .json("{projectCode: '" + code + "'}")
                .send());
        assertThat(english.msg()).isEqualTo("The request body is not valid JSON");

        badRequest(createProject("{\"projectCode\": \"" + code + "\", \"projectName\": \"Project x\"} trailing"));
        badRequest(createProject("not json at all"));
        assertThat(projectsNamed(code)).isZero();
    }

    @Test
    void anObjectWhereAStringIsExpectedNamesTheField() {
        Map<String, Object> body = project(unique("wire-"));
        body.put("projectCode", Map.of("a", 1));
        Api.Reply reply = badField(createProject(body), "projectCode");
        assertThat(reply.errors()).hasSize(1);

        Map<String, Object> array = project(unique("wire-"));
        array.put("projectName", List.of("a", "b"));
        badField(createProject(array), "projectName");
    }

    @Test
    void aWordWhereAnIntegerIsExpectedNamesTheField() {
        Api.Reply reply = badField(
                api.post("/v1/account/createToken", ADMIN_TOKEN, Map.of("name", unique("tok-"), "expireDays", "abc")),
                "expireDays");
        assertThat(reply.msg()).isEqualTo("expireDays: 必须是整数");

        Api.Reply english = badField(
                api.request("POST", "/v1/account/createToken")
                        .token(ADMIN_TOKEN)
                        .english()
                        .json(Map.of("name", unique("tok-"), "expireDays", "abc"))
                        .send(),
                "expireDays");
        assertThat(english.msg()).isEqualTo("expireDays: must be an integer");
    }

    @Test
    void aFractionWhereAnIntegerIsExpectedIsRefused() {
        String name = unique("tok-");
        badField(
                api.post("/v1/account/createToken", ADMIN_TOKEN, "{\"name\":\"" + name + "\",\"expireDays\":30.5}"),
                "expireDays");
        badField(
                api.post("/v1/account/createToken", ADMIN_TOKEN, Map.of("name", name, "expireDays", "30.5")),
                "expireDays");
        Api.Reply tokens = api.get("/v1/account/listTokens", ADMIN_TOKEN);
        ok(tokens);
        tokens.data().forEach(t -> assertThat(t.get("name").asString()).isNotEqualTo(name));
    }

    @Test
    void aNumericStringIsAcceptedWhereAnIntegerIsExpected() {
        String name = unique("tok-");
        Api.Reply created = api.post("/v1/account/createToken", ADMIN_TOKEN, Map.of("name", name, "expireDays", "30"));
        ok(created);
        Instant expires = OffsetDateTime.parse(created.data().get("expireTime").asString())
                .toInstant();
        assertThat(expires).isCloseTo(Instant.now().plus(30, ChronoUnit.DAYS), within(5, ChronoUnit.MINUTES));
        assertThat(created.data().get("name").asString()).isEqualTo(name);

        // the issued token works
        Api.Reply whoami =
                api.get("/v1/account/whoami", created.data().get("token").asString());
        ok(whoami);
        assertThat(whoami.data().get("userName").asString()).isEqualTo("admin");
    }

    @Test
    void booleansAndIdsAcceptStringsInAuthorizeRole() {
        String projectId = fixtures.project();
        Fixtures.User user = fixtures.subAccount();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("projectId", projectId);
        body.put("roles", List.of("2"));
        body.put("uniformRole", "true");
        body.put(
                "userInfoVOList",
                List.of(Map.of(
                        "userId",
                        String.valueOf(user.userId()),
                        "userName",
                        user.userName(),
                        "userRoles",
                        List.of(Fixtures.TESTER))));
        Api.Reply reply = api.post("/v1/project/member/authorizeRole", ADMIN_TOKEN, body);
        ok(reply);
        assertThat(reply.data().isBoolean()).as(reply.toString()).isTrue();
        assertThat(reply.data().asBoolean()).isTrue();

        Api.Reply members = api.get("/v1/project/member/listSubAccountPage", ADMIN_TOKEN, "projectId", projectId);
        ok(members);
        JsonNode row = members.data().get("list").get(0);
        assertThat(row.get("userId").asLong()).isEqualTo(user.userId());
        // uniformRole "true" was read as true: the member got roles [2], not its own userRoles [3]
        List<Integer> roles = new ArrayList<>();
        row.get("roleId").forEach(r -> roles.add(r.asInt()));
        assertThat(roles).containsExactly(Fixtures.DEVELOPER);

        body.put("uniformRole", "maybe");
        badField(api.post("/v1/project/member/authorizeRole", ADMIN_TOKEN, body), "uniformRole");
    }

    // ---- lengths and sizes ----------------------------------------------------------------------------------------

    @Test
    void overLongStringsAreRefusedNamingTheField() {
        String code = unique("wire-");
        Map<String, Object> longName = project(code);
        longName.put("projectName", "n".repeat(31));
        Api.Reply reply = badField(createProject(longName), "projectName");
        assertThat(reply.msg()).isEqualTo("projectName: 长度必须在 3 到 30 个字符之间");

        Map<String, Object> longDescription = project(code);
        longDescription.put("description", "d".repeat(501));
        badField(createProject(longDescription), "description");

        Map<String, Object> longCode = project(code + "x".repeat(30));
        badField(createProject(longCode), "projectCode");

        badField(api.post("/v1/account/createToken", ADMIN_TOKEN, Map.of("name", "t".repeat(65))), "name");
        // query parameters too
        badField(api.get("/v1/project/listProjectsPage", ADMIN_TOKEN, "projectName", "q".repeat(31)), "projectName");
        assertThat(projectsNamed(code)).isZero();
    }

    @Test
    void aBodyOverOneMegabyteIsRefusedWith413AndChangesNothing() {
        String code = unique("wire-");
        Map<String, Object> body = project(code);
        body.put("description", "x".repeat(1_100_000));
        Api.Reply reply = failure(createProject(body), 413, 500);
        assertThat(reply.msg()).contains("请求体");

        Api.Reply english = failure(
                api.request("POST", "/v1/project/createProject")
                        .token(ADMIN_TOKEN)
                        .english()
                        .json(body)
                        .send(),
                413,
                500);
        assertThat(english.msg()).isEqualTo("The request body is larger than the 1 MB limit");
        assertThat(projectsNamed(code)).isZero();
    }

    @Test
    void aChunkedBodyOverOneMegabyteIsRefusedWith413() throws Exception {
        String code = unique("wire-");
        Map<String, Object> body = project(code);
        body.put("description", "x".repeat(1_300_000));
        byte[] bytes = Api.JSON.writeValueAsBytes(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.base() + "/v1/project/createProject"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                // an input-stream body has no known length, so it is sent chunked
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build();
        HttpResponse<byte[]> response =
                HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
        Api.Reply reply = new Api.Reply(response.statusCode(), response.body(), response.headers());
        failure(reply, 413, 500);
        assertThat(projectsNamed(code)).isZero();
    }

    @Test
    void aBodyJustUnderTheLimitIsRead() {
        // the limit is on the body, not a smaller hidden one: ~1000 KB is parsed and refused only for its description
        Map<String, Object> body = project(unique("wire-"));
        body.put("description", "x".repeat(1_000_000));
        badField(createProject(body), "description");
    }

    // ---- method, path, content type, empty body ------------------------------------------------------------------

    @Test
    void wrongMethodIs405() {
        Api.Reply get = failure(api.get("/v1/project/createProject", ADMIN_TOKEN), 405, 500);
        assertThat(get.msg()).contains("GET").contains("POST");

        Api.Reply post = failure(
                api.request("POST", "/v1/project/listProjectsPage")
                        .token(ADMIN_TOKEN)
                        .english()
                        .json(Map.of())
                        .send(),
                405,
                500);
        assertThat(post.msg()).isEqualTo("This endpoint does not support POST; use GET");

        failure(
                api.request("DELETE", "/v1/project/createProject")
                        .token(ADMIN_TOKEN)
                        .send(),
                405,
                500);
    }

    @Test
    void unknownPathIs404WithATokenAnd401Without() {
        Api.Reply known = failure(api.get("/v1/project/noSuchEndpoint", ADMIN_TOKEN), 404, 500);
        assertThat(known.msg()).isEqualTo("接口不存在");
        failure(api.post("/v1/nothing/here", ADMIN_TOKEN, Map.of()), 404, 500);

        Api.Reply anonymous = failure(api.get("/v1/project/noSuchEndpoint", null), 401, 401);
        assertThat(anonymous.msg()).startsWith("用户鉴权失败");
        failure(api.post("/v1/nothing/here", null, Map.of()), 401, 401);

        Api.Reply badToken = failure(api.get("/v1/project/noSuchEndpoint", "msap_nope_nope"), 401, 401);
        assertThat(badToken.msg()).startsWith("用户鉴权失败");

        // outside /v1 too, still in the envelope
        failure(api.get("/no/such/page", null), 404, 500);
    }

    @Test
    void wrongContentTypeIs415() {
        String code = unique("wire-");
        byte[] json = Api.JSON.writeValueAsBytes(project(code));
        Api.Reply plain = failure(
                api.request("POST", "/v1/project/createProject")
                        .token(ADMIN_TOKEN)
                        .body("text/plain", json)
                        .send(),
                415,
                500);
        assertThat(plain.msg()).contains("application/json");
        failure(
                api.request("POST", "/v1/project/createProject")
                        .token(ADMIN_TOKEN)
                        .body("application/x-www-form-urlencoded", ("projectCode=" + code).getBytes())
                        .send(),
                415,
                500);
        failure(
                api.request("POST", "/v1/project/createProject")
                        .token(ADMIN_TOKEN)
                        .body("application/xml", "<p/>".getBytes())
                        .send(),
                415,
                500);
        assertThat(projectsNamed(code)).isZero();
    }

    @Test
    void emptyPostBodyIs400() {
        Api.Reply reply = badRequest(api.request("POST", "/v1/project/createProject")
                .token(ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .send());
        assertThat(reply.msg()).isEqualTo("请求体不能为空");

        Api.Reply english = badRequest(api.request("POST", "/v1/project/updateProject")
                .token(ADMIN_TOKEN)
                .english()
                .header("Content-Type", "application/json")
                .send());
        assertThat(english.msg()).isEqualTo("The request body is required");

        // an empty object is parsed, and the required fields are named
        Api.Reply empty = badField(createProject(Map.of()), "projectCode");
        assertThat(empty.errors().size()).isEqualTo(2);
        assertThat(empty.msg()).isEqualTo("projectCode: 此属性是必填项; projectName: 此属性是必填项");
    }

    @Test
    void unknownIdsAre404NamingTheFieldAndDuplicatesAre409() {
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid", "' or 1=1 --", " " + UUID.randomUUID())) {
            Api.Reply reply = failure(
                    api.post(
                            "/v1/project/updateProject",
                            ADMIN_TOKEN,
                            Map.of("projectId", id, "projectName", "Whatever")),
                    404,
                    500);
            assertThat(reply.msg()).as(id).isEqualTo("项目不存在");
            assertThat(reply.errors().get(0).get("field").asString()).isEqualTo("projectId");
        }

        String code = unique("wire-");
        ok(createProject(project(code)));
        Api.Reply duplicate = failure(createProject(project(code)), 409, 500);
        assertThat(duplicate.msg()).isEqualTo("项目编码 " + code + " 已存在");
        Api.Reply english = failure(
                api.request("POST", "/v1/project/createProject")
                        .token(ADMIN_TOKEN)
                        .english()
                        .json(project(code))
                        .send(),
                409,
                500);
        assertThat(english.msg()).isEqualTo("The project code " + code + " is taken");
        assertThat(projectsNamed(code)).isEqualTo(1);
    }

    @Test
    void aRequestTheServerCannotParseIsStillAnsweredInTheEnvelope() throws Exception {
        // raw (not percent-encoded) UTF-8 in the query: refused by the HTTP server itself, before any filter
        byte[] request = ("GET /v1/project/listProjectsPage?projectName=开发 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: Bearer " + ADMIN_TOKEN + "\r\nConnection: close\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String answer;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).containsIgnoringCase("Content-Type: application/json");
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        JsonNode json = Api.JSON.readTree(body);
        assertThat(json.get("code").asInt()).isEqualTo(500);
        assertThat(json.get("data").asString()).isEmpty();
        assertThat(json.get("msg").asString()).contains("URL 编码");
        assertThat(body).doesNotContain("<html").doesNotContain("Tomcat");
    }

    // ---- language -------------------------------------------------------------------------------------------------

    @Test
    void messagesAreChineseByDefaultAndEnglishOnRequest() {
        Map<String, Object> body = Map.of("projectName", "Project zz");
        Api.Reply chinese = badField(createProject(body), "projectCode");
        assertThat(chinese.msg()).isEqualTo("projectCode: 此属性是必填项");
        assertThat(chinese.errors().get(0).get("message").asString()).isEqualTo("此属性是必填项");

        Api.Reply english = badField(
                api.request("POST", "/v1/project/createProject")
                        .token(ADMIN_TOKEN)
                        .english()
                        .json(body)
                        .send(),
                "projectCode");
        assertThat(english.msg()).isEqualTo("projectCode: This field is required");
        assertThat(english.errors().get(0).get("message").asString()).isEqualTo("This field is required");

        Api.Reply englishUs = badField(
                api.request("POST", "/v1/project/createProject")
                        .token(ADMIN_TOKEN)
                        .header("Accept-Language", "en-US,en;q=0.9")
                        .json(body)
                        .send(),
                "projectCode");
        assertThat(englishUs.msg()).isEqualTo("projectCode: This field is required");

        Api.Reply zh = badField(
                api.request("POST", "/v1/project/createProject")
                        .token(ADMIN_TOKEN)
                        .header("Accept-Language", "zh-CN")
                        .json(body)
                        .send(),
                "projectCode");
        assertThat(zh.msg()).isEqualTo("projectCode: 此属性是必填项");

        Api.Reply french = badField(
                api.request("POST", "/v1/project/createProject")
                        .token(ADMIN_TOKEN)
                        .header("Accept-Language", "fr")
                        .json(body)
                        .send(),
                "projectCode");
        assertThat(french.msg()).isEqualTo("projectCode: 此属性是必填项");

        // failures answered before any controller follow the language as well
        assertThat(failure(api.get("/v1/account/whoami", "msap_x_y"), 401, 401).msg())
                .isEqualTo("用户鉴权失败：令牌无效、已过期或已撤销");
        assertThat(failure(
                                api.request("GET", "/v1/account/whoami")
                                        .token("msap_x_y")
                                        .english()
                                        .send(),
                                401,
                                401)
                        .msg())
                .isEqualTo("Authentication failed: the token is invalid, expired or revoked");
        assertThat(failure(api.request("GET", "/v1/account/whoami").english().send(), 401, 401)
                        .msg())
                .isEqualTo("Authentication failed: no credentials were given");
        assertThat(failure(
                                api.request("GET", "/v1/nope")
                                        .token(ADMIN_TOKEN)
                                        .english()
                                        .send(),
                                404,
                                500)
                        .msg())
                .isEqualTo("No such endpoint");
    }

    // ---- paging over the wire -------------------------------------------------------------------------------------

    @Test
    void pagesHaveEveryPageHelperFieldAndValidatedParameters() {
        Api.Reply list = api.get("/v1/project/listProjectsPage", ADMIN_TOKEN, "pageSize", 1000);
        ok(list);
        JsonNode page = list.data();
        assertThat(page.propertyNames())
                .containsExactlyInAnyOrder(
                        "list",
                        "pageNum",
                        "pageSize",
                        "size",
                        "total",
                        "pages",
                        "startRow",
                        "endRow",
                        "prePage",
                        "nextPage",
                        "isFirstPage",
                        "isLastPage",
                        "hasPreviousPage",
                        "hasNextPage",
                        "navigatePages",
                        "navigatepageNums",
                        "navigateFirstPage",
                        "navigateLastPage");
        assertThat(page.get("pageNum").asInt()).isEqualTo(1);
        assertThat(page.get("pageSize").asInt()).isEqualTo(100);
        assertThat(page.get("navigatePages").asInt()).isEqualTo(8);
        assertThat(page.get("isFirstPage").isBoolean()).isTrue();
        assertThat(page.get("list").isArray()).isTrue();

        Api.Reply defaults = api.get("/v1/project/listProjectsPage", ADMIN_TOKEN);
        ok(defaults);
        assertThat(defaults.data().get("pageNum").asInt()).isEqualTo(1);
        assertThat(defaults.data().get("pageSize").asInt()).isEqualTo(10);

        Api.Reply pastTheEnd = api.get("/v1/project/listProjectsPage", ADMIN_TOKEN, "pageNum", 100000);
        ok(pastTheEnd);
        assertThat(pastTheEnd.data().get("list").size()).isZero();
        assertThat(pastTheEnd.data().get("total").asLong())
                .isEqualTo(defaults.data().get("total").asLong());

        badField(api.get("/v1/project/listProjectsPage", ADMIN_TOKEN, "pageNum", 0), "pageNum");
        badField(api.get("/v1/project/listProjectsPage", ADMIN_TOKEN, "pageSize", -1), "pageSize");
        badField(api.get("/v1/project/listProjectsPage", ADMIN_TOKEN, "pageSize", "ten"), "pageSize");
    }

    // ---- request ids ----------------------------------------------------------------------------------------------

    @Test
    void requestIdIsEchoedOrGenerated() {
        String given = "trace-" + UUID.randomUUID();
        Api.Reply echoed = api.request("GET", "/v1/account/whoami")
                .token(ADMIN_TOKEN)
                .header("X-Request-Id", given)
                .send();
        ok(echoed);
        assertThat(echoed.header("X-Request-Id")).isEqualTo(given);

        Api.Reply generated = api.get("/v1/account/whoami", ADMIN_TOKEN);
        ok(generated);
        assertThat(generated.header("X-Request-Id")).matches(UUID_PATTERN);
        Api.Reply another = api.get("/v1/account/whoami", ADMIN_TOKEN);
        assertThat(another.header("X-Request-Id")).matches(UUID_PATTERN).isNotEqualTo(generated.header("X-Request-Id"));

        // failures carry it too
        String failing = "fail-" + UUID.randomUUID();
        Api.Reply refused = failure(
                api.request("GET", "/v1/account/whoami")
                        .token("msap_bad_token")
                        .header("X-Request-Id", failing)
                        .send(),
                401,
                401);
        assertThat(refused.header("X-Request-Id")).isEqualTo(failing);
        Api.Reply notFound = failure(
                api.request("GET", "/v1/nowhere")
                        .header("X-Request-Id", failing)
                        .send(),
                401,
                401);
        assertThat(notFound.header("X-Request-Id")).isEqualTo(failing);

        // an id that is not a sane token is replaced by a fresh one rather than echoed
        Api.Reply insane = api.request("GET", "/v1/account/whoami")
                .token(ADMIN_TOKEN)
                .header("X-Request-Id", "x".repeat(65))
                .send();
        ok(insane);
        assertThat(insane.header("X-Request-Id")).matches(UUID_PATTERN);
        Api.Reply spaces = api.request("GET", "/v1/account/whoami")
                .token(ADMIN_TOKEN)
                .header("X-Request-Id", "a b<c>")
                .send();
        assertThat(spaces.header("X-Request-Id")).matches(UUID_PATTERN);
    }

    @Test
    void eopRequestIdTakesPrecedence() {
        String eop = "eop-" + UUID.randomUUID();
        Api.Reply reply = api.request("GET", "/v1/account/whoami")
                .token(ADMIN_TOKEN)
                .header("ctyun-eop-request-id", eop)
                .header("X-Request-Id", "other-" + UUID.randomUUID())
                .send();
        ok(reply);
        assertThat(reply.header("X-Request-Id")).isEqualTo(eop);
    }

    // ---- times and data -------------------------------------------------------------------------------------------

    @Test
    void timesAreIsoUtcWithMilliseconds() {
        Instant before = Instant.now().minusSeconds(5);
        Api.Reply created =
                api.post("/v1/account/createToken", ADMIN_TOKEN, Map.of("name", unique("tok-"), "expireDays", 1));
        ok(created);
        String expireTime = created.data().get("expireTime").asString();
        assertThat(expireTime).matches(WIRE_TIME);
        assertThat(OffsetDateTime.parse(expireTime).toInstant())
                .isCloseTo(Instant.now().plus(1, ChronoUnit.DAYS), within(5, ChronoUnit.MINUTES));

        Api.Reply tokens = api.get("/v1/account/listTokens", ADMIN_TOKEN);
        ok(tokens);
        JsonNode mine = null;
        for (JsonNode t : tokens.data()) {
            if (t.get("tokenId").asString().equals(created.data().get("tokenId").asString())) {
                mine = t;
            }
        }
        assertThat(mine).as(tokens.toString()).isNotNull();
        String createTime = mine.get("createTime").asString();
        assertThat(createTime).matches(WIRE_TIME);
        assertThat(OffsetDateTime.parse(createTime).toInstant())
                .isBetween(before, Instant.now().plusSeconds(5));
        assertThat(mine.get("expireTime").asString()).isEqualTo(expireTime);

        Api.Reply login = api.post("/v1/account/login", null, Map.of("userName", "admin", "password", ADMIN_PASSWORD));
        ok(login);
        assertThat(login.data().get("expireTime").asString()).matches(WIRE_TIME);
    }

    @Test
    void voidEndpointsAnswerAnEmptyStringAndBooleanEndpointsTrue() {
        String projectId = fixtures.project();
        Api.Reply updated = api.post(
                "/v1/project/updateProject",
                ADMIN_TOKEN,
                Map.of("projectId", projectId, "projectName", "Renamed", "description", "new"));
        ok(updated);
        assertThat(updated.data().isString()).as(updated.toString()).isTrue();
        assertThat(updated.data().asString()).isEmpty();
        assertThat(updated.text()).isEqualTo("{\"code\":200,\"data\":\"\",\"msg\":\"\"}");

        Fixtures.User user = fixtures.subAccount();
        fixtures.member(projectId, user, Fixtures.VIEWER);
        Api.Reply removed = api.post(
                "/v1/project/member/removeSub",
                ADMIN_TOKEN,
                Map.of(
                        "projectId",
                        projectId,
                        "userList",
                        List.of(Map.of("userId", user.userId(), "userName", user.userName()))));
        ok(removed);
        assertThat(removed.data().isBoolean()).as(removed.toString()).isTrue();
        assertThat(removed.data().asBoolean()).isTrue();
        assertThat(removed.text()).isEqualTo("{\"code\":200,\"data\":true,\"msg\":\"\"}");

        Api.Reply authorized = api.post(
                "/v1/project/member/authorizeRole",
                ADMIN_TOKEN,
                Map.of(
                        "projectId",
                        projectId,
                        "userInfoVOList",
                        List.of(Map.of(
                                "userId",
                                user.userId(),
                                "userName",
                                user.userName(),
                                "userRoles",
                                List.of(Fixtures.DEVELOPER)))));
        ok(authorized);
        assertThat(authorized.text()).isEqualTo("{\"code\":200,\"data\":true,\"msg\":\"\"}");
    }

    @Test
    void successEnvelopeHasNumericCodeAndEmptyMsg() {
        Api.Reply reply = api.get("/v1/account/whoami", ADMIN_TOKEN);
        ok(reply);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.json().get("code").isNumber()).isTrue();
        assertThat(reply.json().propertyNames()).containsExactly("code", "data", "msg");
    }
}
