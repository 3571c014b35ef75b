package io.msap.project;

import static org.assertj.core.api.Assertions.assertThat;

import io.msap.test.Api;
import io.msap.test.Fixtures;
import io.msap.test.Fixtures.User;
import io.msap.test.IntegrationTest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Manual 5.8: createProject, deleteProject, listProjectsPage and updateProject over HTTP. */
class ProjectIntegrationTests extends IntegrationTest {

    private static final String NOT_FOUND = "项目不存在";

    @Test
    void createdProjectIsListedWithEveryDocumentedField() {
        String code = unique("demo-");
        Instant before = Instant.now().minusSeconds(5);
        Api.Reply created = api.post(
                "/v1/project/createProject",
                ADMIN_TOKEN,
                Map.of("projectCode", code, "projectName", "测试项目 " + code, "description", "测试项目"));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.code()).isEqualTo(200);
        assertThat(created.msg()).isEmpty();
        String projectId = created.data().asString();
        assertThat(projectId).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

        Api.Reply list = api.get("/v1/project/listProjectsPage", ADMIN_TOKEN, "projectName", code.toUpperCase());
        assertThat(list.status()).isEqualTo(200);
        JsonNode page = list.data();
        assertThat(page.get("total").asInt()).isEqualTo(1);
        JsonNode row = page.get("list").get(0);
        assertThat(row.propertyNames())
                .containsExactlyInAnyOrder(
                        "projectId", "projectCode", "projectName", "description", "tenantId", "createTime");
        assertThat(row.get("projectId").asString()).isEqualTo(projectId);
        assertThat(row.get("projectCode").asString()).isEqualTo(code);
        assertThat(row.get("projectName").asString()).isEqualTo("测试项目 " + code);
        assertThat(row.get("description").asString()).isEqualTo("测试项目");
        assertThat(row.get("tenantId").isIntegralNumber()).isTrue();
        assertThat(row.get("tenantId").asLong()).isEqualTo(1);
        assertThat(row.get("createTime").asString())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+00:00");
        Instant createTime =
                OffsetDateTime.parse(row.get("createTime").asString()).toInstant();
        assertThat(createTime).isBetween(before, Instant.now().plusSeconds(5));
    }

    @Test
    void projectOfAnotherTenantCarriesThatTenantsId() {
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        JsonNode row = onlyRow(list(tenant.token()), projectId);
        assertThat(row.get("tenantId").asLong()).isEqualTo(tenant.userId());
    }

    @Test
    void descriptionIsOptionalAndNamesAreTrimmed() {
        User tenant = fixtures.tenant();
        Api.Reply created = create(tenant.token(), Map.of("projectCode", "no-description", "projectName", "  Plain  "));
        assertOk(created);
        JsonNode row = onlyRow(list(tenant.token()), created.data().asString());
        assertThat(row.get("projectName").asString()).isEqualTo("Plain");
        assertThat(row.get("description").isNull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "a-1", "a1b2c3", "abc-def-123", "a--", "abcdefghijklmnopqrstuvwxyz1234"})
    void acceptsProjectCodesOfTheDocumentedForm(String code) {
        User tenant = fixtures.tenant();
        Api.Reply created = create(tenant.token(), Map.of("projectCode", code, "projectName", "Code form"));
        assertOk(created);
        assertThat(onlyRow(list(tenant.token()), created.data().asString())
                        .get("projectCode")
                        .asString())
                .isEqualTo(code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "a", "abcdefghijklmnopqrstuvwxyz12345"})
    void refusesProjectCodesOfTheWrongLength(String code) {
        User tenant = fixtures.tenant();
        Api.Reply created = create(tenant.token(), Map.of("projectCode", code, "projectName", "Some name"));
        assertFailure(created, 400, 500, "projectCode: 长度必须在 3 到 30 个字符之间");
        assertField(created, "projectCode");
        assertThat(list(tenant.token()).get("total").asInt()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Abc", "ABC", "1abc", "-abc", "ab_c", "ab c", "ab.c", "项目编码", "abc!"})
    void refusesProjectCodesOutsideThePattern(String code) {
        User tenant = fixtures.tenant();
        Api.Reply created = create(tenant.token(), Map.of("projectCode", code, "projectName", "Some name"));
        assertFailure(created, 400, 500, "projectCode: 须以小写字母开头，只能包含小写字母、数字和中划线");
        assertField(created, "projectCode");
        assertThat(list(tenant.token()).get("total").asInt()).isZero();
    }

    @Test
    void projectCodeIsUniqueInTheTenantOnly() {
        User tenant = fixtures.tenant();
        String first = createOk(tenant.token(), "shared-code", "First project");

        Api.Reply duplicate = create(tenant.token(), Map.of("projectCode", "shared-code", "projectName", "Second"));
        assertFailure(duplicate, 409, 500, "项目编码 shared-code 已存在");
        assertThat(ids(list(tenant.token()))).containsExactly(first);

        User other = fixtures.tenant();
        String elsewhere = createOk(other.token(), "shared-code", "Same code elsewhere");
        assertThat(elsewhere).isNotEqualTo(first);
        assertThat(ids(list(other.token()))).containsExactly(elsewhere);
        assertThat(ids(list(tenant.token()))).containsExactly(first);
    }

    @Test
    void projectCodeIsFreeAgainAfterTheProjectIsDeleted() {
        User tenant = fixtures.tenant();
        String first = createOk(tenant.token(), "reused-code", "First project");
        assertOk(api.post("/v1/project/deleteProject", tenant.token(), Map.of("projectId", first)));

        String second = createOk(tenant.token(), "reused-code", "Second project");
        assertThat(second).isNotEqualTo(first);
        JsonNode row = onlyRow(list(tenant.token()), second);
        assertThat(row.get("projectName").asString()).isEqualTo("Second project");

        assertFailure(
                create(tenant.token(), Map.of("projectCode", "reused-code", "projectName", "Third project")),
                409,
                500,
                "项目编码 reused-code 已存在");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "三个字", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十", "012345678901234567890123456789"})
    void acceptsProjectNamesOfThreeToThirtyCharacters(String name) {
        User tenant = fixtures.tenant();
        Api.Reply created = create(tenant.token(), Map.of("projectCode", "named", "projectName", name));
        assertOk(created);
        assertThat(onlyRow(list(tenant.token()), created.data().asString())
                        .get("projectName")
                        .asString())
                .isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "两字", "0123456789012345678901234567890", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一"})
    void refusesProjectNamesOfTheWrongLength(String name) {
        User tenant = fixtures.tenant();
        Api.Reply created = create(tenant.token(), Map.of("projectCode", "named", "projectName", name));
        assertFailure(created, 400, 500, "projectName: 长度必须在 3 到 30 个字符之间");
        assertField(created, "projectName");
        assertThat(list(tenant.token()).get("total").asInt()).isZero();
    }

    @Test
    void projectNameThatIsTooShortOnceTrimmedIsRefused() {
        User tenant = fixtures.tenant();
        Api.Reply created = create(tenant.token(), Map.of("projectCode", "named", "projectName", "   ab   "));
        assertFailure(created, 400, 500, "projectName: 项目名称长度为 3~30 个字符");
        assertThat(list(tenant.token()).get("total").asInt()).isZero();
    }

    @Test
    void fieldErrorsComeBeforeNotFoundPermissionAndUniqueness() {
        User tenant = fixtures.tenant();
        User viewer = fixtures.subAccount(tenant.token());
        String projectId = createOk(tenant.token(), "taken", "Taken project");
        fixtures.member(tenant.token(), projectId, viewer, Fixtures.VIEWER);
        String shortName = "projectName: 项目名称长度为 3~30 个字符";

        assertFailure(
                create(viewer.token(), Map.of("projectCode", "taken", "projectName", "ab")),
                400,
                500,
                "projectName: 长度必须在 3 到 30 个字符之间");
        assertFailure(
                create(tenant.token(), Map.of("projectCode", "taken", "projectName", "   ab   ")), 400, 500, shortName);
        assertFailure(
                create(viewer.token(), Map.of("projectCode", "fresh", "projectName", "   ab   ")), 400, 500, shortName);
        assertFailure(
                update(tenant.token(), Map.of("projectId", UUID.randomUUID().toString(), "projectName", "   ab   ")),
                400,
                500,
                shortName);
        assertFailure(
                update(viewer.token(), Map.of("projectId", projectId, "projectName", "   ab   ")), 400, 500, shortName);
        assertThat(ids(list(tenant.token()))).containsExactly(projectId);
    }

    @Test
    void missingFieldsAreNamedInChineseAndInEnglish() {
        Api.Reply chinese = create(ADMIN_TOKEN, Map.of("description", "only a description"));
        assertFailure(chinese, 400, 500, "projectCode: 此属性是必填项; projectName: 此属性是必填项");
        assertField(chinese, "projectCode");
        assertField(chinese, "projectName");

        Api.Reply english = api.request("POST", "/v1/project/createProject")
                .token(ADMIN_TOKEN)
                .english()
                .json(Map.of("description", "only a description"))
                .send();
        assertFailure(english, 400, 500, "projectCode: This field is required; projectName: This field is required");

        Api.Reply blank = create(ADMIN_TOKEN, Map.of("projectCode", "  ", "projectName", "Fine name"));
        assertThat(blank.status()).as(blank.toString()).isEqualTo(400);
        assertThat(blank.msg()).contains("projectCode: 此属性是必填项");
    }

    @Test
    void emptyOrMalformedBodyIsRefused() {
        Api.Reply empty = api.request("POST", "/v1/project/createProject")
                .token(ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .send();
        assertFailure(empty, 400, 500, "请求体不能为空");

        Api.Reply malformed = api.post("/v1/project/createProject", ADMIN_TOKEN, "{\"projectCode\": ");
        assertFailure(malformed, 400, 500, "请求体不是合法的 JSON");
    }

    @Test
    void subAccountCannotCreateProjects() {
        User tenant = fixtures.tenant();
        User sub = fixtures.subAccount(tenant.token());
        String projectId = fixtures.project(tenant.token());
        fixtures.member(tenant.token(), projectId, sub, Fixtures.PROJECT_ADMIN);

        Api.Reply refused = create(sub.token(), Map.of("projectCode", "by-sub", "projectName", "By a sub-account"));
        assertFailure(refused, 403, 401, "没有权限：缺少“创建项目（仅主账号）”权限");
        assertThat(ids(list(tenant.token()))).containsExactly(projectId);

        Api.Reply english = api.request("POST", "/v1/project/createProject")
                .token(sub.token())
                .english()
                .json(Map.of("projectCode", "by-sub", "projectName", "By a sub-account"))
                .send();
        assertFailure(
                english, 403, 401, "Forbidden: the permission \"create projects (main account only)\" is missing");
    }

    @Test
    void unauthenticatedCallsAreRefused() {
        Api.Reply create = create(null, Map.of("projectCode", "anon", "projectName", "Anonymous"));
        assertThat(create.status()).isEqualTo(401);
        assertThat(create.code()).isEqualTo(401);
        Api.Reply list = api.get("/v1/project/listProjectsPage", "not-a-token");
        assertThat(list.status()).isEqualTo(401);
        assertThat(list.code()).isEqualTo(401);
    }

    @Test
    void nameFilterIsCaseInsensitiveSubstringWithLiteralWildcards() {
        User tenant = fixtures.tenant();
        String percent = createOk(tenant.token(), "p-percent", "Alpha 100% done");
        String hundred = createOk(tenant.token(), "p-hundred", "ALPHA 1000 done");
        String underscore = createOk(tenant.token(), "p-underscore", "beta_one");
        String letter = createOk(tenant.token(), "p-letter", "betaXone");
        String chinese = createOk(tenant.token(), "p-chinese", "支付中心项目");
        String backslash = createOk(tenant.token(), "p-backslash", "path\\to");

        assertThat(ids(list(tenant.token(), "projectName", "alpha"))).containsExactlyInAnyOrder(percent, hundred);
        assertThat(ids(list(tenant.token(), "projectName", "aLpHa 100"))).containsExactlyInAnyOrder(percent, hundred);
        assertThat(ids(list(tenant.token(), "projectName", "100%"))).containsExactly(percent);
        assertThat(ids(list(tenant.token(), "projectName", "%"))).containsExactly(percent);
        assertThat(ids(list(tenant.token(), "projectName", "a_o"))).containsExactly(underscore);
        assertThat(ids(list(tenant.token(), "projectName", "_"))).containsExactly(underscore);
        assertThat(ids(list(tenant.token(), "projectName", "BETA"))).containsExactlyInAnyOrder(underscore, letter);
        assertThat(ids(list(tenant.token(), "projectName", "中心"))).containsExactly(chinese);
        assertThat(ids(list(tenant.token(), "projectName", "\\"))).containsExactly(backslash);
        assertThat(ids(list(tenant.token(), "projectName", "h\\t"))).containsExactly(backslash);
        assertThat(ids(list(tenant.token(), "projectName", "  betaX  "))).containsExactly(letter);

        JsonNode none = list(tenant.token(), "projectName", "gamma");
        assertThat(none.get("total").asInt()).isZero();
        assertThat(none.get("list")).isEmpty();

        assertThat(list(tenant.token(), "projectName", "").get("total").asInt()).isEqualTo(6);
        assertThat(list(tenant.token(), "projectName", "   ").get("total").asInt())
                .isEqualTo(6);
    }

    @Test
    void listIsNewestFirst() {
        User tenant = fixtures.tenant();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(fixtures.project(tenant.token()));
        }
        Collections.reverse(created);
        assertThat(ids(list(tenant.token()))).containsExactlyElementsOf(created);
    }

    @Test
    void pagesAreComputedAsPageHelperDoes() {
        User tenant = fixtures.tenant();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            created.add(fixtures.project(tenant.token()));
        }
        Collections.reverse(created);

        JsonNode first = list(tenant.token());
        assertPage(first, 1, 10, 10, 23, 3, 1, 10, 0, 2, List.of(1, 2, 3));
        assertThat(first.get("isFirstPage").asBoolean()).isTrue();
        assertThat(first.get("isLastPage").asBoolean()).isFalse();
        assertThat(first.get("hasPreviousPage").asBoolean()).isFalse();
        assertThat(first.get("hasNextPage").asBoolean()).isTrue();

        JsonNode second = list(tenant.token(), "pageNum", 2, "pageSize", 10);
        assertPage(second, 2, 10, 10, 23, 3, 11, 20, 1, 3, List.of(1, 2, 3));
        assertThat(second.get("isFirstPage").asBoolean()).isFalse();
        assertThat(second.get("isLastPage").asBoolean()).isFalse();
        assertThat(second.get("hasPreviousPage").asBoolean()).isTrue();
        assertThat(second.get("hasNextPage").asBoolean()).isTrue();
        assertThat(second.get("navigatePages").asInt()).isEqualTo(8);
        assertThat(second.get("navigateFirstPage").asInt()).isEqualTo(1);
        assertThat(second.get("navigateLastPage").asInt()).isEqualTo(3);

        JsonNode third = list(tenant.token(), "pageNum", 3, "pageSize", 10);
        assertPage(third, 3, 10, 3, 23, 3, 21, 23, 2, 0, List.of(1, 2, 3));
        assertThat(third.get("isFirstPage").asBoolean()).isFalse();
        assertThat(third.get("isLastPage").asBoolean()).isTrue();
        assertThat(third.get("hasPreviousPage").asBoolean()).isTrue();
        assertThat(third.get("hasNextPage").asBoolean()).isFalse();

        List<String> paged = new ArrayList<>();
        paged.addAll(ids(first));
        paged.addAll(ids(second));
        paged.addAll(ids(third));
        assertThat(paged).containsExactlyElementsOf(created);

        JsonNode past = list(tenant.token(), "pageNum", 4, "pageSize", 10);
        assertThat(past.get("list")).isEmpty();
        assertThat(past.get("total").asInt()).isEqualTo(23);
        assertThat(past.get("pages").asInt()).isEqualTo(3);
        assertThat(past.get("pageNum").asInt()).isEqualTo(4);
        assertThat(past.get("size").asInt()).isZero();
        assertThat(past.get("startRow").asInt()).isZero();
        assertThat(past.get("endRow").asInt()).isZero();
        assertThat(past.get("hasNextPage").asBoolean()).isFalse();
        assertThat(past.get("isLastPage").asBoolean()).isFalse();

        JsonNode all = list(tenant.token(), "pageSize", 500);
        assertThat(all.get("pageSize").asInt()).isEqualTo(100);
        assertThat(all.get("size").asInt()).isEqualTo(23);
        assertThat(all.get("pages").asInt()).isEqualTo(1);
        assertThat(all.get("isLastPage").asBoolean()).isTrue();
        assertThat(ids(all)).containsExactlyElementsOf(created);

        JsonNode sevens = list(tenant.token(), "pageNum", 2, "pageSize", 7);
        assertPage(sevens, 2, 7, 7, 23, 4, 8, 14, 1, 3, List.of(1, 2, 3, 4));
        assertThat(ids(sevens)).containsExactlyElementsOf(created.subList(7, 14));
    }

    @Test
    void navigationShowsEightPagesAroundTheCurrentOne() {
        User tenant = fixtures.tenant();
        for (int i = 0; i < 12; i++) {
            fixtures.project(tenant.token());
        }
        assertThat(numbers(list(tenant.token(), "pageNum", 1, "pageSize", 1).get("navigatepageNums")))
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(numbers(list(tenant.token(), "pageNum", 7, "pageSize", 1).get("navigatepageNums")))
                .containsExactly(3, 4, 5, 6, 7, 8, 9, 10);
        JsonNode last = list(tenant.token(), "pageNum", 12, "pageSize", 1);
        assertThat(numbers(last.get("navigatepageNums"))).containsExactly(5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(last.get("navigateFirstPage").asInt()).isEqualTo(5);
        assertThat(last.get("navigateLastPage").asInt()).isEqualTo(12);
    }

    @Test
    void emptyListHasZeroPages() {
        User tenant = fixtures.tenant();
        JsonNode empty = list(tenant.token());
        assertPage(empty, 1, 10, 0, 0, 0, 0, 0, 0, 0, List.of());
        assertThat(empty.get("isFirstPage").asBoolean()).isTrue();
        assertThat(empty.get("isLastPage").asBoolean()).isTrue();
        assertThat(empty.get("hasPreviousPage").asBoolean()).isFalse();
        assertThat(empty.get("hasNextPage").asBoolean()).isFalse();
    }

    @Test
    void invalidPagingParametersAreRefused() {
        assertFailure(
                api.get("/v1/project/listProjectsPage", ADMIN_TOKEN, "pageNum", 0), 400, 500, "pageNum: 必须大于等于 1");
        assertFailure(
                api.get("/v1/project/listProjectsPage", ADMIN_TOKEN, "pageNum", -3), 400, 500, "pageNum: 必须大于等于 1");
        assertFailure(
                api.get("/v1/project/listProjectsPage", ADMIN_TOKEN, "pageSize", 0), 400, 500, "pageSize: 必须大于等于 1");
        assertFailure(
                api.get("/v1/project/listProjectsPage", ADMIN_TOKEN, "pageNum", "two"), 400, 500, "pageNum: 必须是整数");
        Api.Reply english = api.request("GET", "/v1/project/listProjectsPage")
                .token(ADMIN_TOKEN)
                .english()
                .query("pageNum", 0)
                .send();
        assertFailure(english, 400, 500, "pageNum: must be 1 or more");
    }

    @Test
    void subAccountSeesOnlyTheProjectsItIsAMemberOf() {
        User tenant = fixtures.tenant();
        User sub = fixtures.subAccount(tenant.token());
        User outsider = fixtures.subAccount(tenant.token());
        String viewerOf = fixtures.project(tenant.token());
        String adminOf = fixtures.project(tenant.token());
        String notMember = fixtures.project(tenant.token());
        fixtures.member(tenant.token(), viewerOf, sub, Fixtures.VIEWER);
        fixtures.member(tenant.token(), adminOf, sub, Fixtures.PROJECT_ADMIN);

        JsonNode seen = list(sub.token());
        assertThat(seen.get("total").asInt()).isEqualTo(2);
        assertThat(ids(seen)).containsExactly(adminOf, viewerOf);
        assertThat(ids(list(outsider.token()))).isEmpty();
        assertThat(ids(list(tenant.token()))).containsExactly(notMember, adminOf, viewerOf);

        User otherTenant = fixtures.tenant();
        assertThat(ids(list(otherTenant.token()))).isEmpty();
    }

    @Test
    void mainAccountUpdatesNameAndDescription() {
        User tenant = fixtures.tenant();
        String projectId = createOk(tenant.token(), "to-update", "Before");

        Api.Reply updated = update(
                tenant.token(), Map.of("projectId", projectId, "projectName", "After", "description", "new words"));
        assertOk(updated);
        assertThat(updated.data().asString()).isEmpty();
        JsonNode row = onlyRow(list(tenant.token()), projectId);
        assertThat(row.get("projectName").asString()).isEqualTo("After");
        assertThat(row.get("description").asString()).isEqualTo("new words");
        assertThat(row.get("projectCode").asString()).isEqualTo("to-update");

        assertOk(update(tenant.token(), Map.of("projectId", projectId, "projectName", "Only the name")));
        row = onlyRow(list(tenant.token()), projectId);
        assertThat(row.get("projectName").asString()).isEqualTo("Only the name");
        assertThat(row.get("description").asString()).isEqualTo("new words");

        assertOk(update(tenant.token(), Map.of("projectId", projectId, "description", "only the description")));
        row = onlyRow(list(tenant.token()), projectId);
        assertThat(row.get("projectName").asString()).isEqualTo("Only the name");
        assertThat(row.get("description").asString()).isEqualTo("only the description");

        assertThat(ids(list(tenant.token(), "projectName", "before"))).isEmpty();
        assertThat(ids(list(tenant.token(), "projectName", "the NAME"))).containsExactly(projectId);
    }

    @Test
    void updateRefusesBadNames() {
        User tenant = fixtures.tenant();
        String projectId = createOk(tenant.token(), "bad-names", "Unchanged");
        assertFailure(
                update(tenant.token(), Map.of("projectId", projectId, "projectName", "ab")),
                400,
                500,
                "projectName: 长度必须在 3 到 30 个字符之间");
        assertFailure(
                update(tenant.token(), Map.of("projectId", projectId, "projectName", "x".repeat(31))),
                400,
                500,
                "projectName: 长度必须在 3 到 30 个字符之间");
        assertThat(onlyRow(list(tenant.token()), projectId).get("projectName").asString())
                .isEqualTo("Unchanged");
    }

    @Test
    void projectAdminMayUpdateTheProject() {
        User tenant = fixtures.tenant();
        User admin = fixtures.subAccount(tenant.token());
        String projectId = createOk(tenant.token(), "admin-updates", "Before");
        fixtures.member(tenant.token(), projectId, admin, Fixtures.PROJECT_ADMIN);

        assertOk(update(admin.token(), Map.of("projectId", projectId, "projectName", "By the admin")));
        assertThat(onlyRow(list(admin.token()), projectId).get("projectName").asString())
                .isEqualTo("By the admin");
    }

    @ParameterizedTest
    @ValueSource(ints = {Fixtures.DEVELOPER, Fixtures.TESTER, Fixtures.OPERATOR, Fixtures.VIEWER})
    void otherRolesMayNotUpdateTheProject(int role) {
        User tenant = fixtures.tenant();
        User member = fixtures.subAccount(tenant.token());
        String projectId = createOk(tenant.token(), "role-" + role, "Before");
        fixtures.member(tenant.token(), projectId, member, role);

        Api.Reply refused = update(
                member.token(), Map.of("projectId", projectId, "projectName", "Changed", "description", "changed"));
        assertFailure(refused, 403, 401, "没有权限：缺少“修改项目（项目管理员）”权限");
        JsonNode row = onlyRow(list(member.token()), projectId);
        assertThat(row.get("projectName").asString()).isEqualTo("Before");
        assertThat(row.get("description").isNull()).isTrue();
    }

    @Test
    void updateOfAProjectTheCallerCannotSeeIsNotFound() {
        User tenant = fixtures.tenant();
        String projectId = createOk(tenant.token(), "hidden", "Hidden project");
        User nonMember = fixtures.subAccount(tenant.token());
        User otherTenant = fixtures.tenant();

        assertFailure(
                update(tenant.token(), Map.of("projectId", UUID.randomUUID().toString(), "projectName", "Whatever")),
                404,
                500,
                NOT_FOUND);
        assertFailure(
                update(tenant.token(), Map.of("projectId", "not-a-uuid", "projectName", "Whatever")),
                404,
                500,
                NOT_FOUND);
        assertFailure(
                update(otherTenant.token(), Map.of("projectId", projectId, "projectName", "Stolen")),
                404,
                500,
                NOT_FOUND);
        assertFailure(
                update(nonMember.token(), Map.of("projectId", projectId, "projectName", "Stolen")),
                404,
                500,
                NOT_FOUND);
        assertThat(onlyRow(list(tenant.token()), projectId).get("projectName").asString())
                .isEqualTo("Hidden project");
    }

    @Test
    void updateNeedsTheProjectId() {
        Api.Reply missing = update(ADMIN_TOKEN, Map.of("projectName", "No id"));
        assertFailure(missing, 400, 500, "projectId: 此属性是必填项");
        assertField(missing, "projectId");
        assertFailure(
                update(ADMIN_TOKEN, Map.of("projectId", " ", "projectName", "No id")), 400, 500, "projectId: 此属性是必填项");
    }

    @Test
    void mainAccountDeletesAProject() {
        User tenant = fixtures.tenant();
        User member = fixtures.subAccount(tenant.token());
        String kept = createOk(tenant.token(), "kept", "Kept project");
        String projectId = createOk(tenant.token(), "doomed", "Doomed project");
        fixtures.member(tenant.token(), projectId, member, Fixtures.PROJECT_ADMIN);

        Api.Reply deleted = api.post("/v1/project/deleteProject", tenant.token(), Map.of("projectId", projectId));
        assertOk(deleted);
        assertThat(deleted.data().asString()).isEmpty();

        assertThat(ids(list(tenant.token()))).containsExactly(kept);
        assertThat(ids(list(tenant.token(), "projectName", "doomed"))).isEmpty();
        assertThat(ids(list(member.token()))).isEmpty();
        assertFailure(
                update(tenant.token(), Map.of("projectId", projectId, "projectName", "Revived")), 404, 500, NOT_FOUND);
        assertFailure(
                api.post("/v1/project/deleteProject", tenant.token(), Map.of("projectId", projectId)),
                404,
                500,
                NOT_FOUND);
        assertFailure(
                api.get("/v1/project/member/listSubAccountPage", tenant.token(), "projectId", projectId),
                404,
                500,
                NOT_FOUND);
        String again = createOk(tenant.token(), "doomed", "Doomed again");
        assertThat(again).isNotEqualTo(projectId);
        assertThat(ids(list(tenant.token()))).containsExactly(again, kept);
    }

    @Test
    void onlyTheMainAccountDeletesProjects() {
        User tenant = fixtures.tenant();
        User admin = fixtures.subAccount(tenant.token());
        User developer = fixtures.subAccount(tenant.token());
        String projectId = createOk(tenant.token(), "protected", "Protected project");
        fixtures.member(tenant.token(), projectId, admin, Fixtures.PROJECT_ADMIN);
        fixtures.member(tenant.token(), projectId, developer, Fixtures.DEVELOPER);

        assertFailure(
                api.post("/v1/project/deleteProject", admin.token(), Map.of("projectId", projectId)),
                403,
                401,
                "没有权限：缺少“删除项目（仅主账号）”权限");
        assertFailure(
                api.post("/v1/project/deleteProject", developer.token(), Map.of("projectId", projectId)),
                403,
                401,
                "没有权限：缺少“删除项目（仅主账号）”权限");
        assertThat(ids(list(tenant.token()))).containsExactly(projectId);
        assertThat(ids(list(admin.token()))).containsExactly(projectId);
    }

    @Test
    void deleteOfAProjectTheCallerCannotSeeIsNotFound() {
        User tenant = fixtures.tenant();
        String projectId = createOk(tenant.token(), "not-yours", "Not yours");
        User nonMember = fixtures.subAccount(tenant.token());
        User otherTenant = fixtures.tenant();

        assertFailure(
                api.post(
                        "/v1/project/deleteProject",
                        tenant.token(),
                        Map.of("projectId", UUID.randomUUID().toString())),
                404,
                500,
                NOT_FOUND);
        assertFailure(
                api.post("/v1/project/deleteProject", tenant.token(), Map.of("projectId", "12345")),
                404,
                500,
                NOT_FOUND);
        assertFailure(
                api.post("/v1/project/deleteProject", otherTenant.token(), Map.of("projectId", projectId)),
                404,
                500,
                NOT_FOUND);
        assertFailure(
                api.post("/v1/project/deleteProject", nonMember.token(), Map.of("projectId", projectId)),
                404,
                500,
                NOT_FOUND);
        assertFailure(api.post("/v1/project/deleteProject", tenant.token(), Map.of()), 400, 500, "projectId: 此属性是必填项");
        assertThat(ids(list(tenant.token()))).containsExactly(projectId);
    }

    @Test
    void projectEndpointsAnswerOnlyTheirMethod() {
        Api.Reply wrong = api.get("/v1/project/createProject", ADMIN_TOKEN);
        assertThat(wrong.status()).as(wrong.toString()).isEqualTo(405);
        assertThat(wrong.code()).isEqualTo(500);
        Api.Reply listByPost = api.post("/v1/project/listProjectsPage", ADMIN_TOKEN, Map.of());
        assertThat(listByPost.status()).as(listByPost.toString()).isEqualTo(405);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private Api.Reply create(String token, Map<String, ?> body) {
        return api.post("/v1/project/createProject", token, body);
    }

    private Api.Reply update(String token, Map<String, ?> body) {
        return api.post("/v1/project/updateProject", token, body);
    }

    private String createOk(String token, String code, String name) {
        Api.Reply created = create(token, Map.of("projectCode", code, "projectName", name));
        assertOk(created);
        return created.data().asString();
    }

    private JsonNode list(String token, Object... params) {
        Api.Reply reply = api.get("/v1/project/listProjectsPage", token, params);
        assertOk(reply);
        return reply.data();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("list").forEach(row -> ids.add(row.get("projectId").asString()));
        return ids;
    }

    private static List<Integer> numbers(JsonNode array) {
        List<Integer> numbers = new ArrayList<>();
        array.forEach(n -> numbers.add(n.asInt()));
        return numbers;
    }

    private static JsonNode onlyRow(JsonNode page, String projectId) {
        Map<String, JsonNode> byId = new HashMap<>();
        page.get("list").forEach(row -> byId.put(row.get("projectId").asString(), row));
        assertThat(byId).as(page.toString()).containsKey(projectId);
        return byId.get(projectId);
    }

    private static void assertPage(
            JsonNode page,
            int pageNum,
            int pageSize,
            int size,
            int total,
            int pages,
            int startRow,
            int endRow,
            int prePage,
            int nextPage,
            List<Integer> navigatepageNums) {
        assertThat(page.get("pageNum").asInt()).as("pageNum").isEqualTo(pageNum);
        assertThat(page.get("pageSize").asInt()).as("pageSize").isEqualTo(pageSize);
        assertThat(page.get("size").asInt()).as("size").isEqualTo(size);
        assertThat(page.get("list").size()).as("list").isEqualTo(size);
        assertThat(page.get("total").asInt()).as("total").isEqualTo(total);
        assertThat(page.get("pages").asInt()).as("pages").isEqualTo(pages);
        assertThat(page.get("startRow").asInt()).as("startRow").isEqualTo(startRow);
        assertThat(page.get("endRow").asInt()).as("endRow").isEqualTo(endRow);
        assertThat(page.get("prePage").asInt()).as("prePage").isEqualTo(prePage);
        assertThat(page.get("nextPage").asInt()).as("nextPage").isEqualTo(nextPage);
        assertThat(numbers(page.get("navigatepageNums")))
                .as("navigatepageNums")
                .containsExactlyElementsOf(navigatepageNums);
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
}
