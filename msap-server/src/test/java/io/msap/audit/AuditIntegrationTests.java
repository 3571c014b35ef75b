package io.msap.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.msap.test.Api;
import io.msap.test.Fixtures;
import io.msap.test.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The audit log over HTTP: every mutation and every refused request leaves a record naming who, when, what, which
 * object, the result, the reason and the request id; no secret is ever recorded; listAuditLogsPage filters and scopes
 * the records. Tests that count records work in a fresh tenant of their own.
 */
class AuditIntegrationTests extends IntegrationTest {

    private static final String AUDIT = "/v1/audit/listAuditLogsPage";
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String WIRE_TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+00:00";

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static void ok(Api.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.code()).as(reply.toString()).isEqualTo(200);
    }

    /** The audit page {@code token} sees with filters given as name, value pairs. */
    private JsonNode audit(String token, Object... filters) {
        Object[] params = new Object[filters.length + 2];
        System.arraycopy(filters, 0, params, 0, filters.length);
        params[filters.length] = "pageSize";
        params[filters.length + 1] = 100;
        Api.Reply reply = api.get(AUDIT, token, params);
        ok(reply);
        return reply.data();
    }

    private List<JsonNode> rows(String token, Object... filters) {
        List<JsonNode> rows = new ArrayList<>();
        audit(token, filters).get("list").forEach(rows::add);
        return rows;
    }

    /** The one record of the request sent with {@code requestId}, among those {@code token} sees with the filters. */
    private JsonNode recordOf(String requestId, String token, Object... filters) {
        List<JsonNode> found = rows(token, filters).stream()
                .filter(r -> requestId.equals(text(r, "requestId")))
                .toList();
        assertThat(found).as("the audit record of request %s", requestId).hasSize(1);
        return found.get(0);
    }

    private static String text(JsonNode row, String field) {
        JsonNode value = row.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static String requestId() {
        return "audit-" + UUID.randomUUID();
    }

    private Api.Reply post(String path, String token, String requestId, Object body) {
        return api.request("POST", path)
                .token(token)
                .header("X-Request-Id", requestId)
                .json(body)
                .send();
    }

    private String createProject(String token, String code, String requestId) {
        Api.Reply created = post(
                "/v1/project/createProject",
                token,
                requestId,
                Map.of("projectCode", code, "projectName", "Project " + code));
        ok(created);
        return created.data().asString();
    }

    private long userIdOf(String token) {
        Api.Reply whoami = api.get("/v1/account/whoami", token);
        ok(whoami);
        return whoami.data().get("userId").asLong();
    }

    private static Map<String, Object> authorize(String projectId, Fixtures.User user, int role) {
        return Map.of(
                "projectId",
                projectId,
                "userInfoVOList",
                List.of(Map.of("userId", user.userId(), "userName", user.userName(), "userRoles", List.of(role))));
    }

    private static void fieldsOf(JsonNode row) {
        assertThat(row.propertyNames())
                .contains(
                        "auditId",
                        "time",
                        "projectId",
                        "userId",
                        "userName",
                        "operation",
                        "objectType",
                        "objectId",
                        "result",
                        "reason",
                        "requestId",
                        "clientIp");
    }

    // ---- what is recorded -----------------------------------------------------------------------------------------

    @Test
    void createProjectIsRecordedWithEveryField() {
        Fixtures.User tenant = fixtures.tenant();
        long adminId = userIdOf(tenant.token());
        String requestId = requestId();
        Instant before = Instant.now().minusSeconds(2);
        String projectId = createProject(tenant.token(), unique("aud-"), requestId);

        // the tenant's log holds its admin's login (made by the fixture) and the createProject
        assertThat(rows(tenant.token()))
                .extracting(r -> text(r, "operation"))
                .containsExactly("createProject", "login");
        JsonNode page = audit(tenant.token(), "operation", "createProject");
        assertThat(page.get("total").asInt()).isEqualTo(1);
        JsonNode row = page.get("list").get(0);
        fieldsOf(row);
        assertThat(text(row, "auditId")).matches(UUID_PATTERN);
        assertThat(text(row, "time")).matches(WIRE_TIME);
        assertThat(OffsetDateTime.parse(text(row, "time")).toInstant())
                .isBetween(before, Instant.now().plusSeconds(2));
        assertThat(text(row, "projectId")).isEqualTo(projectId);
        assertThat(row.get("userId").asLong()).isEqualTo(adminId);
        assertThat(text(row, "userName")).isEqualTo(tenant.userName());
        assertThat(text(row, "operation")).isEqualTo("createProject");
        assertThat(text(row, "objectType")).isEqualTo("PROJECT");
        assertThat(text(row, "objectId")).isEqualTo(projectId);
        assertThat(text(row, "result")).isEqualTo("SUCCESS");
        assertThat(text(row, "reason")).isNull();
        assertThat(text(row, "requestId")).isEqualTo(requestId);
        assertThat(text(row, "clientIp")).isEqualTo("127.0.0.1");
        assertThat(row.get("tenantId").asLong()).isEqualTo(tenant.userId());
    }

    @Test
    void authorizeRoleIsRecordedAgainstTheProject() {
        Fixtures.User tenant = fixtures.tenant();
        String projectId = createProject(tenant.token(), unique("aud-"), requestId());
        Fixtures.User user = fixtures.subAccount(tenant.token());
        String requestId = requestId();
        Api.Reply reply =
                post("/v1/project/member/authorizeRole", tenant.token(), requestId, authorize(projectId, user, 2));
        ok(reply);

        List<JsonNode> rows = rows(tenant.token(), "operation", "authorizeRole");
        assertThat(rows).hasSize(1);
        JsonNode row = rows.get(0);
        assertThat(text(row, "requestId")).isEqualTo(requestId);
        assertThat(text(row, "projectId")).isEqualTo(projectId);
        assertThat(text(row, "objectType")).isEqualTo("MEMBER");
        assertThat(text(row, "objectId")).isEqualTo(String.valueOf(user.userId()));
        assertThat(text(row, "result")).isEqualTo("SUCCESS");
        assertThat(text(row, "userName")).isEqualTo(tenant.userName());
        assertThat(text(row, "clientIp")).isEqualTo("127.0.0.1");
    }

    @Test
    void readsAreNotRecorded() {
        Fixtures.User tenant = fixtures.tenant();
        api.get("/v1/project/listProjectsPage", tenant.token());
        api.get("/v1/account/whoami", tenant.token());
        audit(tenant.token());
        // only the admin's login (made by the fixture) is in the tenant's log
        assertThat(rows(tenant.token())).extracting(r -> text(r, "operation")).containsExactly("login");
    }

    @Test
    void aFailedMutationIsRecordedWithTheReasonTheCallerWasGiven() {
        Fixtures.User tenant = fixtures.tenant();
        String code = unique("aud-");
        createProject(tenant.token(), code, requestId());
        String requestId = requestId();
        Api.Reply duplicate = post(
                "/v1/project/createProject",
                tenant.token(),
                requestId,
                Map.of("projectCode", code, "projectName", "Again " + code));
        assertThat(duplicate.status()).as(duplicate.toString()).isEqualTo(409);

        List<JsonNode> failures = rows(tenant.token(), "result", "FAILURE");
        assertThat(failures).hasSize(1);
        JsonNode row = failures.get(0);
        assertThat(text(row, "operation")).isEqualTo("createProject");
        assertThat(text(row, "result")).isEqualTo("FAILURE");
        assertThat(text(row, "reason")).isEqualTo(duplicate.msg()).contains(code);
        assertThat(text(row, "requestId")).isEqualTo(requestId);
        assertThat(row.get("httpStatus").asInt()).isEqualTo(409);
        assertThat(text(row, "userName")).isEqualTo(tenant.userName());

        // a refused body (400) is a failed mutation too, with the field message as reason
        String invalid = requestId();
        Api.Reply bad = post("/v1/project/createProject", tenant.token(), invalid, Map.of("projectName", "No code"));
        assertThat(bad.status()).isEqualTo(400);
        JsonNode badRow = recordOf(invalid, tenant.token(), "result", "FAILURE");
        assertThat(text(badRow, "reason")).isEqualTo(bad.msg());
        assertThat(badRow.get("httpStatus").asInt()).isEqualTo(400);
    }

    @Test
    void anUnauthenticatedCallIsRecordedForTheOperator() {
        Fixtures.User tenant = fixtures.tenant();
        String requestId = requestId();
        Api.Reply refused = api.request("POST", "/v1/project/createProject")
                .token("msap_forged_" + UUID.randomUUID())
                .header("X-Request-Id", requestId)
                .json(Map.of("projectCode", unique("aud-"), "projectName", "Forged"))
                .send();
        assertThat(refused.status()).isEqualTo(401);

        JsonNode row = recordOf(requestId, ADMIN_TOKEN, "operation", "createProject", "result", "FAILURE");
        assertThat(text(row, "result")).isEqualTo("FAILURE");
        assertThat(row.get("httpStatus").asInt()).isEqualTo(401);
        assertThat(text(row, "reason")).isEqualTo(refused.msg());
        assertThat(row.get("userId").isNull()).isTrue();
        assertThat(text(row, "clientIp")).isEqualTo("127.0.0.1");

        // a read without any credentials is recorded too
        String anonymous = requestId();
        Api.Reply noToken = api.request("GET", "/v1/project/listProjectsPage")
                .header("X-Request-Id", anonymous)
                .send();
        assertThat(noToken.status()).isEqualTo(401);
        JsonNode anonymousRow = recordOf(anonymous, ADMIN_TOKEN, "operation", "listProjectsPage", "result", "FAILURE");
        assertThat(text(anonymousRow, "reason")).isEqualTo(noToken.msg());

        // a failed login names the user name tried
        String login = requestId();
        String userName = unique("nobody");
        Api.Reply wrong = api.request("POST", "/v1/account/login")
                .header("X-Request-Id", login)
                .json(Map.of("userName", userName, "password", "Wrong-Passw0rd"))
                .send();
        assertThat(wrong.status()).isEqualTo(401);
        JsonNode loginRow = recordOf(login, ADMIN_TOKEN, "userName", userName);
        assertThat(text(loginRow, "operation")).isEqualTo("login");
        assertThat(text(loginRow, "result")).isEqualTo("FAILURE");

        // no tenant can be told from them, so another tenant's main account does not see them (only its own login)
        assertThat(rows(tenant.token())).extracting(r -> text(r, "operation")).containsExactly("login");
    }

    @Test
    void aForbiddenCallIsRecorded() {
        Fixtures.User tenant = fixtures.tenant();
        String projectId = createProject(tenant.token(), unique("aud-"), requestId());
        Fixtures.User developer = fixtures.subAccount(tenant.token());
        fixtures.member(tenant.token(), projectId, developer, Fixtures.DEVELOPER);

        String requestId = requestId();
        Api.Reply refused = post(
                "/v1/project/updateProject",
                developer.token(),
                requestId,
                Map.of("projectId", projectId, "projectName", "Not allowed"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo(401);

        JsonNode row = recordOf(requestId, tenant.token(), "userName", developer.userName());
        assertThat(text(row, "operation")).isEqualTo("updateProject");
        assertThat(text(row, "result")).isEqualTo("FAILURE");
        assertThat(row.get("httpStatus").asInt()).isEqualTo(403);
        assertThat(row.get("userId").asLong()).isEqualTo(developer.userId());
        assertThat(text(row, "reason")).isEqualTo(refused.msg()).contains("修改项目");
        // recorded against the project, so its admins see refused attempts in the project's log
        assertThat(text(row, "projectId")).isEqualTo(projectId);
        assertThat(rows(tenant.token(), "projectId", projectId))
                .extracting(r -> text(r, "requestId"))
                .contains(requestId);

        // a refused read is recorded as well
        String read = requestId();
        Api.Reply refusedRead = api.request("GET", AUDIT)
                .token(developer.token())
                .header("X-Request-Id", read)
                .query("projectId", projectId)
                .send();
        assertThat(refusedRead.status()).isEqualTo(403);
        JsonNode readRow = recordOf(read, tenant.token(), "userName", developer.userName());
        assertThat(text(readRow, "operation")).isEqualTo("listAuditLogsPage");
        assertThat(readRow.get("httpStatus").asInt()).isEqualTo(403);
    }

    @Test
    void theRecordIsWrittenBeforeTheAnswerArrives() {
        // a client holding an answer finds its record, stamped no later than the client's next request: right after
        // each answer the server clock jumps an hour, and the record must still carry the time before the jump
        for (int i = 0; i < 5; i++) {
            Instant sent = clock.instant();
            String projectId = createProject(ADMIN_TOKEN, unique("aud-"), requestId());
            clock.advance(Duration.ofHours(1));
            List<JsonNode> created = rows(ADMIN_TOKEN, "objectId", projectId, "operation", "createProject");
            assertThat(created).hasSize(1);
            assertThat(OffsetDateTime.parse(text(created.get(0), "time")).toInstant())
                    .isBefore(sent.plus(Duration.ofMinutes(30)));

            sent = clock.instant();
            String refusedId = requestId();
            Api.Reply refused = api.request("GET", "/v1/project/listProjectsPage")
                    .token("msap_forged_" + UUID.randomUUID())
                    .header("X-Request-Id", refusedId)
                    .send();
            assertThat(refused.status()).isEqualTo(401);
            clock.advance(Duration.ofHours(1));
            JsonNode row = recordOf(refusedId, ADMIN_TOKEN, "operation", "listProjectsPage", "result", "FAILURE");
            assertThat(OffsetDateTime.parse(text(row, "time")).toInstant()).isBefore(sent.plus(Duration.ofMinutes(30)));
        }
    }

    // ---- secrets --------------------------------------------------------------------------------------------------

    @Test
    void noSecretIsEverRecorded() {
        Fixtures.User tenant = fixtures.tenant();
        List<String> secrets = new ArrayList<>();
        secrets.add(tenant.password());
        secrets.add(tenant.token());

        Api.Reply token =
                post("/v1/account/createToken", tenant.token(), requestId(), Map.of("name", "ci", "expireDays", 7));
        ok(token);
        String tokenText = token.data().get("token").asString();
        secrets.add(tokenText);
        secrets.add(tokenText.substring(tokenText.lastIndexOf('_') + 1));

        Api.Reply key = post("/v1/account/createAccessKey", tenant.token(), requestId(), Map.of());
        ok(key);
        secrets.add(key.data().get("secretKey").asString());

        Fixtures.User sub = fixtures.subAccount(tenant.token());
        secrets.add(sub.password());
        secrets.add(sub.token());
        String reset = "Reset-Passw0rd-" + UUID.randomUUID();
        ok(post(
                "/v1/account/resetSubAccountPassword",
                tenant.token(),
                requestId(),
                Map.of("userId", sub.userId(), "newPassword", reset)));
        secrets.add(reset);
        String changed = "Changed-Passw0rd-" + UUID.randomUUID();
        String subToken = fixtures.login(sub.userName(), reset);
        secrets.add(subToken);
        ok(post(
                "/v1/account/changePassword",
                subToken,
                requestId(),
                Map.of("oldPassword", reset, "newPassword", changed)));
        secrets.add(changed);
        String wrong = "Wrong-Passw0rd-" + UUID.randomUUID();
        secrets.add(wrong);
        Api.Reply failedLogin =
                api.post("/v1/account/login", null, Map.of("userName", sub.userName(), "password", wrong));
        assertThat(failedLogin.status()).isEqualTo(401);
        // a token in a bad Authorization header is not recorded either
        String forged = "msap_" + UUID.randomUUID() + "_" + UUID.randomUUID();
        secrets.add(forged);
        assertThat(api.post("/v1/account/createToken", forged, Map.of("name", "x"))
                        .status())
                .isEqualTo(401);

        Api.Reply tenantView = api.get(AUDIT, tenant.token(), "pageSize", 100);
        ok(tenantView);
        assertThat(rows(tenant.token()).stream().map(r -> text(r, "operation")))
                .contains(
                        "createToken",
                        "createAccessKey",
                        "createSubAccount",
                        "resetSubAccountPassword",
                        "changePassword");
        Api.Reply operatorView = api.get(AUDIT, ADMIN_TOKEN, "userName", sub.userName(), "pageSize", 100);
        ok(operatorView);
        // a login of a known user, failed or not, is recorded in the user's tenant
        assertThat(rows(tenant.token(), "userName", sub.userName()).stream()
                        .filter(r -> "login".equals(text(r, "operation")))
                        .map(r -> text(r, "result")))
                .contains("SUCCESS", "FAILURE");
        Api.Reply operatorAll = api.get(AUDIT, ADMIN_TOKEN, "pageSize", 100);
        ok(operatorAll);

        for (Api.Reply view : List.of(tenantView, operatorView, operatorAll)) {
            for (String secret : secrets) {
                assertThat(view.text())
                        .as("audit records must not hold a secret")
                        .doesNotContain(secret);
            }
        }
    }

    // ---- filters --------------------------------------------------------------------------------------------------

    @Test
    void filtersNarrowTheRecords() {
        Fixtures.User tenant = fixtures.tenant();
        String codeA = unique("aud-");
        String a = createProject(tenant.token(), codeA, requestId());
        String b = createProject(tenant.token(), unique("aud-"), requestId());
        Fixtures.User admin = fixtures.subAccount(tenant.token());
        ok(api.post("/v1/project/member/authorizeRole", tenant.token(), authorize(b, admin, Fixtures.PROJECT_ADMIN)));
        ok(api.post("/v1/project/updateProject", tenant.token(), Map.of("projectId", a, "description", "one")));
        ok(api.post("/v1/project/updateProject", admin.token(), Map.of("projectId", b, "description", "two")));
        Api.Reply duplicate = api.post(
                "/v1/project/createProject", tenant.token(), Map.of("projectCode", codeA, "projectName", "Again"));
        assertThat(duplicate.status()).isEqualTo(409);
        // the admin's login, createProject a, b, createSubAccount, the sub-account's login, authorizeRole b,
        // updateProject a, updateProject b, failed createProject
        assertThat(audit(tenant.token()).get("total").asInt()).isEqualTo(9);

        assertThat(rows(tenant.token(), "projectId", a))
                .extracting(r -> text(r, "operation"))
                .containsExactly("updateProject", "createProject");
        assertThat(rows(tenant.token(), "projectId", b))
                .extracting(r -> text(r, "operation"))
                .containsExactly("updateProject", "authorizeRole", "createProject");
        assertThat(rows(tenant.token(), "projectId", b))
                .allSatisfy(r -> assertThat(text(r, "projectId")).isEqualTo(b));

        assertThat(rows(tenant.token(), "userName", admin.userName()))
                .extracting(r -> text(r, "operation"))
                .containsExactly("updateProject", "login");
        assertThat(rows(tenant.token(), "userName", admin.userName().toUpperCase()))
                .hasSize(2);
        assertThat(rows(tenant.token(), "userName", tenant.userName())).hasSize(7);

        assertThat(rows(tenant.token(), "operation", "createProject")).hasSize(3);
        assertThat(rows(tenant.token(), "operation", "updateProject")).hasSize(2);
        assertThat(rows(tenant.token(), "operation", "noSuchOperation")).isEmpty();

        assertThat(rows(tenant.token(), "objectType", "PROJECT")).hasSize(4);
        assertThat(rows(tenant.token(), "objectType", "MEMBER"))
                .singleElement()
                .satisfies(r -> assertThat(text(r, "objectId")).isEqualTo(String.valueOf(admin.userId())));
        assertThat(rows(tenant.token(), "objectType", "USER", "operation", "createSubAccount"))
                .singleElement()
                .satisfies(r -> assertThat(text(r, "objectId")).isEqualTo(String.valueOf(admin.userId())));
        // logins are recorded against the user who logged in
        assertThat(rows(tenant.token(), "objectType", "USER", "operation", "login"))
                .extracting(r -> text(r, "objectId"))
                .containsExactlyInAnyOrder(String.valueOf(admin.userId()), String.valueOf(userIdOf(tenant.token())));

        assertThat(rows(tenant.token(), "objectId", b))
                .extracting(r -> text(r, "operation"))
                .containsExactly("updateProject", "createProject");

        assertThat(rows(tenant.token(), "result", "FAILURE"))
                .singleElement()
                .satisfies(r -> assertThat(text(r, "operation")).isEqualTo("createProject"));
        assertThat(rows(tenant.token(), "result", "success")).hasSize(8);
        assertThat(rows(tenant.token(), "operation", "createProject", "result", "SUCCESS", "projectId", a))
                .hasSize(1);

        Api.Reply badResult = api.get(AUDIT, tenant.token(), "result", "MAYBE");
        assertThat(badResult.status()).isEqualTo(400);
        assertThat(badResult.msg()).startsWith("result: ").contains("SUCCESS").contains("FAILURE");
    }

    @Test
    void timeFiltersAcceptIsoBeijingLocalTimeAndEpochMillis() {
        Fixtures.User tenant = fixtures.tenant();
        String first = createProject(tenant.token(), unique("aud-"), requestId());
        Instant start = clock.instant();
        clock.advance(Duration.ofHours(2));
        String second = createProject(tenant.token(), unique("aud-"), requestId());
        clock.advance(Duration.ofHours(2));
        String third = createProject(tenant.token(), unique("aud-"), requestId());

        Instant afterFirst = start.plus(Duration.ofHours(1));
        Instant afterSecond = start.plus(Duration.ofHours(3));
        DateTimeFormatter beijing =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Asia/Shanghai"));
        List<Object[]> formats = List.of(
                new Object[] {afterFirst.toString(), afterSecond.toString()},
                new Object[] {
                    OffsetDateTime.ofInstant(afterFirst, ZoneId.of("+08:00")).toString(),
                    OffsetDateTime.ofInstant(afterSecond, ZoneId.of("+08:00")).toString()
                },
                new Object[] {beijing.format(afterFirst), beijing.format(afterSecond)},
                new Object[] {afterFirst.toEpochMilli(), afterSecond.toEpochMilli()});
        for (Object[] times : formats) {
            assertThat(rows(tenant.token(), "operation", "createProject", "startTime", times[0]))
                    .as("startTime %s", times[0])
                    .extracting(r -> text(r, "objectId"))
                    .containsExactly(third, second);
            assertThat(rows(tenant.token(), "operation", "createProject", "endTime", times[1]))
                    .as("endTime %s", times[1])
                    .extracting(r -> text(r, "objectId"))
                    .containsExactly(second, first);
            assertThat(rows(tenant.token(), "operation", "createProject", "startTime", times[0], "endTime", times[1]))
                    .as("between %s and %s", times[0], times[1])
                    .extracting(r -> text(r, "objectId"))
                    .containsExactly(second);
        }

        // the record time is the server clock's; startTime is inclusive and endTime exclusive
        JsonNode secondRow = rows(tenant.token(), "objectId", second).get(0);
        Instant secondTime = OffsetDateTime.parse(text(secondRow, "time")).toInstant();
        assertThat(secondTime).isCloseTo(start.plus(Duration.ofHours(2)), within(1, ChronoUnit.MINUTES));
        assertThat(rows(tenant.token(), "startTime", text(secondRow, "time"), "objectId", second))
                .hasSize(1);
        assertThat(rows(tenant.token(), "endTime", text(secondRow, "time"), "objectId", second))
                .isEmpty();

        Api.Reply badTime = api.get(AUDIT, tenant.token(), "startTime", "yesterday");
        assertThat(badTime.status()).isEqualTo(400);
        assertThat(badTime.msg()).startsWith("startTime: ");
        assertThat(api.get(AUDIT, tenant.token(), "endTime", "2024-13-45 99:00:00")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void newestFirstAndPaged() {
        Fixtures.User tenant = fixtures.tenant();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(createProject(tenant.token(), unique("aud-"), requestId()));
            clock.advance(Duration.ofSeconds(1));
        }
        List<JsonNode> rows = rows(tenant.token(), "operation", "createProject");
        assertThat(rows)
                .extracting(r -> text(r, "objectId"))
                .containsExactly(created.get(2), created.get(1), created.get(0));
        List<Instant> times = rows.stream()
                .map(r -> OffsetDateTime.parse(text(r, "time")).toInstant())
                .toList();
        assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        Api.Reply firstPage = api.get(AUDIT, tenant.token(), "operation", "createProject", "pageNum", 1, "pageSize", 2);
        ok(firstPage);
        assertThat(firstPage.data().get("total").asInt()).isEqualTo(3);
        assertThat(firstPage.data().get("pages").asInt()).isEqualTo(2);
        assertThat(firstPage.data().get("list").size()).isEqualTo(2);
        assertThat(text(firstPage.data().get("list").get(0), "objectId")).isEqualTo(created.get(2));
        Api.Reply secondPage =
                api.get(AUDIT, tenant.token(), "operation", "createProject", "pageNum", 2, "pageSize", 2);
        ok(secondPage);
        assertThat(secondPage.data().get("list").size()).isEqualTo(1);
        assertThat(text(secondPage.data().get("list").get(0), "objectId")).isEqualTo(created.get(0));
    }

    // ---- who may read ---------------------------------------------------------------------------------------------

    @Test
    void aProjectAdminSeesItsProjectOnly() {
        Fixtures.User tenant = fixtures.tenant();
        String mine = createProject(tenant.token(), unique("aud-"), requestId());
        String other = createProject(tenant.token(), unique("aud-"), requestId());
        Fixtures.User admin = fixtures.subAccount(tenant.token());
        Fixtures.User developer = fixtures.subAccount(tenant.token());
        fixtures.member(tenant.token(), mine, admin, Fixtures.PROJECT_ADMIN);
        fixtures.member(tenant.token(), mine, developer, Fixtures.DEVELOPER);
        fixtures.member(tenant.token(), other, developer, Fixtures.DEVELOPER);
        ok(api.post("/v1/project/updateProject", tenant.token(), Map.of("projectId", other, "description", "x")));

        List<JsonNode> rows = rows(admin.token(), "projectId", mine);
        // createProject and the two authorizeRole calls on this project
        assertThat(rows).hasSize(3);
        assertThat(rows).allSatisfy(r -> assertThat(text(r, "projectId")).isEqualTo(mine));
        assertThat(rows)
                .extracting(r -> text(r, "operation"))
                .containsExactly("authorizeRole", "authorizeRole", "createProject");

        Api.Reply noProject =
                api.request("GET", AUDIT).token(admin.token()).english().send();
        assertThat(noProject.status()).as(noProject.toString()).isEqualTo(400);
        assertThat(noProject.code()).isEqualTo(500);
        assertThat(noProject.msg()).startsWith("projectId: ");
        assertThat(noProject.errors().get(0).get("field").asString()).isEqualTo("projectId");

        Api.Reply notMine = api.get(AUDIT, admin.token(), "projectId", other);
        assertThat(notMine.status()).as(notMine.toString()).isEqualTo(404);
        assertThat(notMine.code()).isEqualTo(500);
        assertThat(notMine.msg()).isEqualTo("项目不存在");
        assertThat(notMine.text()).doesNotContain(other.substring(0, 8) + "\"");

        Api.Reply unknown =
                api.get(AUDIT, admin.token(), "projectId", UUID.randomUUID().toString());
        assertThat(unknown.status()).isEqualTo(404);

        Api.Reply developerRead = api.get(AUDIT, developer.token(), "projectId", mine);
        assertThat(developerRead.status()).as(developerRead.toString()).isEqualTo(403);
        assertThat(developerRead.code()).isEqualTo(401);
        assertThat(developerRead.msg()).contains("查看审计日志");
        Api.Reply developerAll = api.get(AUDIT, developer.token());
        assertThat(developerAll.status()).isEqualTo(400);

        // the main account sees everything of its tenant, and can narrow it to one project
        assertThat(audit(tenant.token(), "projectId", other).get("total").asInt())
                .isEqualTo(3);
    }

    @Test
    void anotherTenantsRecordsAndProjectsStayHidden() {
        Fixtures.User one = fixtures.tenant();
        Fixtures.User two = fixtures.tenant();
        String project = createProject(one.token(), unique("aud-"), requestId());
        assertThat(rows(two.token())).extracting(r -> text(r, "operation")).containsExactly("login");
        Api.Reply foreign = api.get(AUDIT, two.token(), "projectId", project);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(rows(one.token())).extracting(r -> text(r, "operation")).containsExactly("createProject", "login");
        // the platform operator sees another tenant's project records only by asking for its own tenant
        assertThat(rows(ADMIN_TOKEN, "objectId", project)).isEmpty();
    }
}
