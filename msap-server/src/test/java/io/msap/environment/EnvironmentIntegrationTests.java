package io.msap.environment;

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
import static io.msap.test.Replies.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.msap.test.Api;
import io.msap.test.Fixtures.User;
import io.msap.test.IntegrationTest;
import io.msap.test.TestCluster;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Manual 5.4 over HTTP: environments (createEnv, updateEnv, deleteEnv, listEnvs, listEnvTypes), namespaces on the live
 * cluster (createK8sNameSpace, listK8sNameSpace, deleteK8sNamespaces, checked with the test's own client on a kube-sim
 * it registered), the cluster namespace imported into an environment (importResource, listEvnK8s, deleteResource) and
 * who may do what.
 */
class EnvironmentIntegrationTests extends IntegrationTest {

    private static final String ENV_NOT_FOUND = "环境不存在";
    private static final String PROJECT_NOT_FOUND = "项目不存在";
    private static final String ENV_MANAGE_REFUSED = "没有权限：缺少“管理环境（项目管理员或运维人员）”权限";
    private static final String ENV_CREATE_REFUSED = "没有权限：缺少“创建环境（项目管理员或运维人员）”权限";
    private static final String NAMESPACE_MANAGE_REFUSED = "没有权限：缺少“管理命名空间（项目管理员或运维人员）”权限";
    private static final String CODE_PATTERN = "envCode: 须以小写字母开头，只能包含小写字母、数字和中划线";
    private static final String DNS_RULE = "namespaceName: 须符合 DNS-1123 标签规则：小写字母、数字和中划线，以字母或数字开头和结尾，最长 63 个字符";
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String TIME_PATTERN = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+00:00";

    /** The kube-sim of this class, registered into a pool of its own; each test grants it to its tenants. */
    private static TestCluster cluster;

    @BeforeEach
    void registerCluster() {
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

    // ---- createEnv and listEnvs --------------------------------------------------------------------------------

    @Test
    void createdEnvironmentIsListedWithEveryField() {
        User tenant = tenant();
        String code = "proj-" + suffix();
        Api.Reply project = api.post(
                "/v1/project/createProject", tenant.token(), Map.of("projectCode", code, "projectName", "项目 " + code));
        assertOk(project);
        String projectId = project.data().asString();
        Instant before = Instant.now().minusSeconds(5);

        Api.Reply created = createEnv(
                tenant.token(),
                Map.of(
                        "envCode",
                        "test-env",
                        "envName",
                        "  测试环境  ",
                        "envType",
                        "TEST",
                        "projectId",
                        projectId,
                        "resPoolId",
                        cluster.poolCode()));
        assertOk(created);
        assertThat(created.data().isString()).isTrue();
        String envId = created.data().asString();
        assertThat(envId).matches(UUID_PATTERN);
        String second = env(tenant.token(), projectId, "online", "生产环境", "ONLINE");

        JsonNode rows = envs(tenant.token(), projectId);
        assertThat(ids(rows)).containsExactly(second, envId);
        JsonNode row = rows.get(1);
        assertThat(row.propertyNames())
                .containsExactlyInAnyOrder(
                        "envId",
                        "tenantId",
                        "envCode",
                        "envName",
                        "envType",
                        "resPoolId",
                        "resPoolCode",
                        "resPoolName",
                        "projectId",
                        "projectCode",
                        "projectName",
                        "createTime");
        assertThat(row.get("envId").asString()).isEqualTo(envId);
        assertThat(row.get("tenantId").isIntegralNumber()).isTrue();
        assertThat(row.get("tenantId").asLong()).isEqualTo(tenant.userId());
        assertThat(row.get("envCode").asString()).isEqualTo("test-env");
        assertThat(row.get("envName").asString()).isEqualTo("测试环境");
        assertThat(row.get("envType").asString()).isEqualTo("TEST");
        assertThat(row.get("resPoolId").asString()).isEqualTo(cluster.poolId());
        assertThat(row.get("resPoolCode").asString()).isEqualTo(cluster.poolCode());
        assertThat(row.get("resPoolName").asString()).isEqualTo(cluster.poolName());
        assertThat(row.get("projectId").asString()).isEqualTo(projectId);
        assertThat(row.get("projectCode").asString()).isEqualTo(code);
        assertThat(row.get("projectName").asString()).isEqualTo("项目 " + code);
        assertThat(row.get("createTime").asString()).matches(TIME_PATTERN);
        assertThat(OffsetDateTime.parse(row.get("createTime").asString()).toInstant())
                .isBetween(before, Instant.now().plusSeconds(5));
        assertThat(rows.get(0).get("envType").asString()).isEqualTo("ONLINE");

        // the embedded local pool serves as well
        String local = env(tenant.token(), projectId, "local-env", "本地环境", "DEVELOP", "local");
        JsonNode localRow = rowOf(envs(tenant.token(), projectId), local);
        assertThat(localRow.get("resPoolCode").asString()).isEqualTo("local");
        assertThat(localRow.get("resPoolId").asString()).matches("[1-9][0-9]{17}");
    }

    @Test
    void envCodeFollowsTheManualsRule() {
        User tenant = tenant();
        String projectId = fixtures.project(tenant.token());
        List<String> accepted = List.of("abc", "a-1", "dev-2-x", "a--", "abcdefghijklmnopqrstuvwxyz1234");
        for (String code : accepted) {
            env(tenant.token(), projectId, code, "环境 " + code.length(), "DEVELOP");
        }
        for (String code : List.of("Abc", "1abc", "-abc", "ab_c", "ab c", "ab.c", "环境编码", "abC")) {
            Api.Reply refused = createEnv(tenant.token(), body(projectId, code, "名称正常", "TEST"));
            assertFailure(refused, 400, CODE_PATTERN);
            assertField(refused, "envCode");
        }
        for (String code : List.of("ab", "abcdefghijklmnopqrstuvwxyz12345")) {
            Api.Reply refused = createEnv(tenant.token(), body(projectId, code, "名称正常", "TEST"));
            assertFailure(refused, 400, "envCode: 长度必须在 3 到 30 个字符之间");
        }
        List<String> codes = new ArrayList<>();
        envs(tenant.token(), projectId).forEach(r -> codes.add(r.get("envCode").asString()));
        assertThat(codes).containsExactlyInAnyOrderElementsOf(accepted);
    }

    @Test
    void envCodeIsUniqueInTheProjectOnlyAndFreeAgainAfterDelete() {
        User tenant = tenant();
        String projectId = fixtures.project(tenant.token());
        String first = env(tenant.token(), projectId, "shared", "第一个环境", "TEST");

        assertFailure(createEnv(tenant.token(), body(projectId, "shared", "第二个环境", "ONLINE")), 409, "环境编码 shared 已存在");
        assertThat(ids(envs(tenant.token(), projectId))).containsExactly(first);

        String otherProject = fixtures.project(tenant.token());
        String elsewhere = env(tenant.token(), otherProject, "shared", "另一个项目", "TEST");
        assertThat(ids(envs(tenant.token(), otherProject))).containsExactly(elsewhere);

        assertDone(api.post("/v1/env/deleteEnv", tenant.token(), Map.of("envId", first)));
        String again = env(tenant.token(), projectId, "shared", "重建的环境", "TEST");
        assertThat(again).isNotEqualTo(first);
        assertThat(ids(envs(tenant.token(), projectId))).containsExactly(again);
    }

    @Test
    void envTypeMustBeOneOfTheFourTypes() {
        User tenant = tenant();
        String projectId = fixtures.project(tenant.token());
        for (String type : List.of("devops", "test", "PRODUCTION", "")) {
            Api.Reply refused = createEnv(tenant.token(), body(projectId, "typed", "类型环境", type));
            assertFailure(refused, 400, "envType: 取值无效，可选值：DEVELOP, TEST, PRE_ONLINE, ONLINE");
            assertField(refused, "envType");
        }
        Map<String, Object> noType = new java.util.HashMap<>(body(projectId, "typed", "类型环境", "TEST"));
        noType.remove("envType");
        assertFailure(createEnv(tenant.token(), noType), 400, "envType: 此属性是必填项");
        for (String type : List.of("DEVELOP", "TEST", "PRE_ONLINE", "ONLINE")) {
            env(tenant.token(), projectId, "t-" + type.toLowerCase().replace('_', '-'), "环境 " + type, type);
        }
        List<String> types = new ArrayList<>();
        envs(tenant.token(), projectId).forEach(r -> types.add(r.get("envType").asString()));
        assertThat(types).containsExactlyInAnyOrder("DEVELOP", "TEST", "PRE_ONLINE", "ONLINE");
    }

    @Test
    void envNameHasThreeToThirtyCharactersOnceTrimmed() {
        User tenant = tenant();
        String projectId = fixtures.project(tenant.token());
        assertFailure(
                createEnv(tenant.token(), body(projectId, "named", "ab", "TEST")), 400, "envName: 长度必须在 3 到 30 个字符之间");
        assertFailure(
                createEnv(tenant.token(), body(projectId, "named", "   ab   ", "TEST")),
                400,
                "envName: 环境名称长度为 3~30 个字符");
        assertFailure(
                createEnv(tenant.token(), body(projectId, "named", "一".repeat(31), "TEST")),
                400,
                "envName: 长度必须在 3 到 30 个字符之间");
        env(tenant.token(), projectId, "named", "一".repeat(30), "TEST");
        assertThat(envs(tenant.token(), projectId).size()).isEqualTo(1);
    }

    @Test
    void resPoolIdTakesAPoolCodeTheTenantMayUse() {
        User tenant = tenant();
        String projectId = fixtures.project(tenant.token());

        Map<String, Object> byNumericId = new java.util.HashMap<>(body(projectId, "by-id", "按编号", "TEST"));
        byNumericId.put("resPoolId", cluster.poolId());
        Api.Reply numeric = createEnv(tenant.token(), byNumericId);
        assertFailure(numeric, 404, "资源池不存在");
        assertField(numeric, "resPoolId");

        Map<String, Object> unknown = new java.util.HashMap<>(body(projectId, "unknown", "未知资源池", "TEST"));
        unknown.put("resPoolId", "no-such-pool");
        assertFailure(createEnv(tenant.token(), unknown), 404, "资源池不存在");

        String ungranted = "ungranted-" + suffix();
        assertOk(api.post(
                "/v1/admin/createResourcePool",
                ADMIN_TOKEN,
                Map.of(
                        "areaCode",
                        "a-" + ungranted,
                        "areaName",
                        "区域",
                        "resPoolCode",
                        ungranted,
                        "resPoolName",
                        "未授权")));
        Map<String, Object> notGranted = new java.util.HashMap<>(body(projectId, "ungranted", "未授权资源池", "TEST"));
        notGranted.put("resPoolId", ungranted);
        Api.Reply refused = createEnv(tenant.token(), notGranted);
        assertFailure(refused, 404, "资源池不存在");
        assertField(refused, "resPoolId");
        assertThat(envs(tenant.token(), projectId).size()).isZero();
    }

    // ---- listEnvTypes, updateEnv ------------------------------------------------------------------------------

    @Test
    void listEnvTypesGivesTheFourTypesInTheCallersLanguage() {
        User tenant = tenant();
        String projectId = fixtures.project(tenant.token());
        Api.Reply chinese = api.get("/v1/env/listEnvTypes", tenant.token(), "projectId", projectId);
        assertOk(chinese);
        assertThat(typeRows(chinese.data()))
                .containsExactly("DEVELOP 开发环境", "TEST 测试环境", "PRE_ONLINE 预发布环境", "ONLINE 生产环境");
        chinese.data().forEach(t -> assertThat(t.propertyNames()).containsExactlyInAnyOrder("code", "name"));

        Api.Reply english = api.request("GET", "/v1/env/listEnvTypes")
                .token(tenant.token())
                .english()
                .query("projectId", projectId)
                .send();
        assertOk(english);
        assertThat(typeRows(english.data()))
                .containsExactly("DEVELOP Development", "TEST Test", "PRE_ONLINE Pre-release", "ONLINE Production");

        assertFailure(api.get("/v1/env/listEnvTypes", tenant.token()), 400, "projectId: 此属性是必填项");
        assertFailure(
                api.get("/v1/env/listEnvTypes", tenant.token(), "projectId", UUID.randomUUID()),
                404,
                PROJECT_NOT_FOUND);
    }

    @Test
    void updateEnvChangesNameAndTypeAndKeepsWhatIsLeftOut() {
        User tenant = tenant();
        String projectId = fixtures.project(tenant.token());
        String envId = env(tenant.token(), projectId, "upd", "原来的名字", "DEVELOP");

        assertDone(update(tenant.token(), Map.of("envId", envId, "envName", " 新的名字 ", "envType", "PRE_ONLINE")));
        JsonNode row = rowOf(envs(tenant.token(), projectId), envId);
        assertThat(row.get("envName").asString()).isEqualTo("新的名字");
        assertThat(row.get("envType").asString()).isEqualTo("PRE_ONLINE");
        assertThat(row.get("envCode").asString()).isEqualTo("upd");

        assertDone(update(tenant.token(), Map.of("envId", envId, "envType", "ONLINE")));
        row = rowOf(envs(tenant.token(), projectId), envId);
        assertThat(row.get("envName").asString()).isEqualTo("新的名字");
        assertThat(row.get("envType").asString()).isEqualTo("ONLINE");

        assertDone(update(tenant.token(), Map.of("envId", envId, "envName", "只改名字")));
        row = rowOf(envs(tenant.token(), projectId), envId);
        assertThat(row.get("envName").asString()).isEqualTo("只改名字");
        assertThat(row.get("envType").asString()).isEqualTo("ONLINE");

        assertFailure(
                update(tenant.token(), Map.of("envId", envId, "envType", "devops")),
                400,
                "envType: 取值无效，可选值：DEVELOP, TEST, PRE_ONLINE, ONLINE");
        assertFailure(
                update(tenant.token(), Map.of("envId", envId, "envName", "   ab   ")),
                400,
                "envName: 环境名称长度为 3~30 个字符");
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
            Api.Reply unknown = update(tenant.token(), Map.of("envId", id, "envName", "随便什么"));
            assertFailure(unknown, 404, ENV_NOT_FOUND);
            assertField(unknown, "envId");
        }
        row = rowOf(envs(tenant.token(), projectId), envId);
        assertThat(row.get("envName").asString()).isEqualTo("只改名字");
    }

    // ---- namespaces on the live cluster --------------------------------------------------------------------------

    @Test
    void createK8sNameSpaceMakesTheNamespaceOnTheCluster() {
        User tenant = tenant();
        fixtures.project(tenant.token());
        String namespace = "ns-" + suffix();
        assertDone(createNamespace(tenant.token(), namespace));

        Namespace made = cluster.client().namespaces().withName(namespace).get();
        assertThat(made).isNotNull();
        assertThat(made.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "msap")
                .containsEntry("msap.io/tenant-id", String.valueOf(tenant.userId()));
        assertThat(namespaces(tenant.token())).contains(namespace, "default");

        Api.Reply again = createNamespace(tenant.token(), namespace);
        assertFailure(again, 409, "命名空间已存在：" + namespace);
        String outside = "outside-" + suffix();
        cluster.client().namespaces().resource(namespace(outside)).create();
        assertFailure(createNamespace(tenant.token(), outside), 409, "命名空间已存在：" + outside);
    }

    @Test
    void namespaceNamesFollowDns1123LabelRules() {
        User tenant = tenant();
        fixtures.project(tenant.token());
        List<String> before = namespaces(tenant.token());
        for (String name : List.of("Upper", "-ns", "ns-", "ns_1", "ns.x", "命名空间", "ns x")) {
            Api.Reply refused = createNamespace(tenant.token(), name);
            assertFailure(refused, 400, DNS_RULE);
            assertField(refused, "namespaceName");
        }
        assertFailure(createNamespace(tenant.token(), "a".repeat(64)), 400, "namespaceName: 长度不能超过 63 个字符");
        assertThat(namespaces(tenant.token())).isEqualTo(before);
        String longest = "a".repeat(55) + suffix();
        assertDone(createNamespace(tenant.token(), longest));
        assertThat(cluster.client().namespaces().withName(longest).get()).isNotNull();
    }

    @Test
    void namespaceCallsNameAnUnknownOrUngrantedCluster() {
        User tenant = tenant();
        fixtures.project(tenant.token());
        Api.Reply unknown = createNamespace(tenant.token(), "123456789012345678", "ns-" + suffix());
        assertFailure(unknown, 404, "集群不存在");
        assertField(unknown, "instId");

        User stranger = fixtures.tenant();
        fixtures.project(stranger.token());
        String namespace = "ns-" + suffix();
        assertFailure(createNamespace(stranger.token(), namespace), 404, "集群不存在");
        assertFailure(api.get("/v1/env/listK8sNameSpace", stranger.token(), "instId", cluster.instId()), 404, "集群不存在");
        assertThat(cluster.client().namespaces().withName(namespace).get()).isNull();
        assertFailure(api.get("/v1/env/listK8sNameSpace", tenant.token()), 400, "instId: 此属性是必填项");
    }

    @Test
    void deleteK8sNamespacesRemovesOnlyNamespacesTheTenantMadeThroughMsap() {
        User tenant = tenant();
        fixtures.project(tenant.token());
        String namespace = "gone-" + suffix();
        assertDone(createNamespace(tenant.token(), namespace));
        assertDone(deleteNamespace(tenant.token(), namespace));
        awaitNamespaceGone(namespace);
        assertThat(namespaces(tenant.token())).doesNotContain(namespace);

        Api.Reply missing = deleteNamespace(tenant.token(), namespace);
        assertFailure(missing, 404, "命名空间不存在：" + namespace);
        assertField(missing, "namespaceName");

        String outside = "outside-" + suffix();
        cluster.client().namespaces().resource(namespace(outside)).create();
        assertFailure(deleteNamespace(tenant.token(), outside), 403, "只能删除本租户通过 MSAP 创建的命名空间：" + outside);
        assertFailure(deleteNamespace(tenant.token(), "default"), 403, "只能删除本租户通过 MSAP 创建的命名空间：default");
        assertThat(cluster.client().namespaces().withName(outside).get()).isNotNull();

        User other = tenant();
        fixtures.project(other.token());
        String theirs = "theirs-" + suffix();
        assertDone(createNamespace(other.token(), theirs));
        assertFailure(deleteNamespace(tenant.token(), theirs), 403, "只能删除本租户通过 MSAP 创建的命名空间：" + theirs);
        Namespace kept = cluster.client().namespaces().withName(theirs).get();
        assertThat(kept).isNotNull();
        assertThat(kept.getStatus() == null ? null : kept.getStatus().getPhase())
                .isNotEqualTo("Terminating");
    }

    @Test
    void anImportedNamespaceCannotBeDeleted() {
        User tenant = tenant();
        String projectId = fixtures.project(tenant.token());
        String namespace = "imp-" + suffix();
        assertDone(createNamespace(tenant.token(), namespace));
        String envId = env(tenant.token(), projectId, "holder", "占用环境", "TEST");
        assertDone(importNamespace(tenant.token(), envId, cluster.instId(), namespace));

        assertFailure(deleteNamespace(tenant.token(), namespace), 409, "命名空间 " + namespace + " 已导入环境“占用环境”，请先删除导入的资源");
        assertThat(cluster.client().namespaces().withName(namespace).get()).isNotNull();

        assertDone(deleteResource(tenant.token(), envId, cluster.instId()));
        assertDone(deleteNamespace(tenant.token(), namespace));
        awaitNamespaceGone(namespace);
    }

    @Test
    void onlyProjectAdminsAndOperatorsManageNamespaces() {
        User tenant = tenant();
        String projectId = fixtures.project(tenant.token());
        for (int role : List.of(DEVELOPER, TESTER, VIEWER)) {
            User user = fixtures.subAccount(tenant.token());
            fixtures.member(tenant.token(), projectId, user, role);
            String namespace = "role-" + role + "-" + suffix();
            assertFailure(createNamespace(user.token(), namespace), 403, NAMESPACE_MANAGE_REFUSED);
            assertThat(cluster.client().namespaces().withName(namespace).get()).isNull();
            assertDone(createNamespace(tenant.token(), namespace));
            assertFailure(deleteNamespace(user.token(), namespace), 403, NAMESPACE_MANAGE_REFUSED);
            assertThat(cluster.client().namespaces().withName(namespace).get()).isNotNull();
            // listing is open to them
            assertThat(namespaces(user.token())).contains(namespace);
        }
        User noProject = fixtures.subAccount(tenant.token());
        assertFailure(createNamespace(noProject.token(), "lonely-" + suffix()), 403, NAMESPACE_MANAGE_REFUSED);

        for (int role : List.of(PROJECT_ADMIN, OPERATOR)) {
            User user = fixtures.subAccount(tenant.token());
            fixtures.member(tenant.token(), projectId, user, role);
            String namespace = "may-" + role + "-" + suffix();
            assertDone(createNamespace(user.token(), namespace));
            assertThat(cluster.client().namespaces().withName(namespace).get()).isNotNull();
            assertDone(deleteNamespace(user.token(), namespace));
            awaitNamespaceGone(namespace);
        }
    }

    // ---- importResource, listEvnK8s, deleteResource -------------------------------------------------------------

    @Test
    void importedNamespaceIsListedWithEveryFieldOnBothPaths() {
        User tenant = tenant();
        String projectId = fixtures.project(tenant.token());
        String namespace = "listed-" + suffix();
        assertDone(createNamespace(tenant.token(), namespace));
        String envId = env(tenant.token(), projectId, "listed", "列出环境", "TEST");
        assertThat(envResources(tenant.token(), envId).size()).isZero();

        Instant before = Instant.now().minusSeconds(5);
        assertDone(importNamespace(tenant.token(), envId, cluster.instId(), " " + namespace + " "));

        JsonNode clusterRow = clusterRow(tenant.token());
        for (String path : List.of("/v1/env/listEvnK8s", "/v1/env/listEnvK8s")) {
            Api.Reply reply = api.get(path, tenant.token(), "envId", envId);
            assertOk(reply);
            JsonNode rows = reply.data();
            assertThat(rows.isArray()).isTrue();
            assertThat(rows.size()).isEqualTo(1);
            JsonNode row = rows.get(0);
            assertThat(row.propertyNames())
                    .containsExactlyInAnyOrder(
                            "createStaff",
                            "createTime",
                            "envId",
                            "instId",
                            "ip",
                            "namespace",
                            "orderTime",
                            "port",
                            "resourceName",
                            "resourcePoolCode",
                            "resourcePoolId",
                            "spec",
                            "spuName",
                            "statusCd",
                            "subCategory",
                            "tenantId",
                            "updateStaff",
                            "updateTime");
            assertThat(row.get("envId").asString()).isEqualTo(envId);
            assertThat(row.get("tenantId").isIntegralNumber()).isTrue();
            assertThat(row.get("tenantId").asLong()).isEqualTo(tenant.userId());
            assertThat(row.get("instId").asString()).isEqualTo(cluster.instId());
            assertThat(row.get("resourceName").asString()).isEqualTo(cluster.resourceName());
            assertThat(row.get("resourcePoolId").asString()).isEqualTo(cluster.poolId());
            assertThat(row.get("resourcePoolCode").asString()).isEqualTo(cluster.poolCode());
            assertThat(row.get("namespace").asString()).isEqualTo(namespace);
            assertThat(row.get("spuName").asString()).isEqualTo("容器管理框架(CCSE)");
            assertThat(row.get("spec").asString()).isEqualTo("kube-sim 3 节点");
            assertThat(row.get("statusCd").isString()).isTrue();
            assertThat(row.get("statusCd").asString()).isEqualTo("1");
            assertThat(row.get("subCategory").asString()).isEqualTo("dcos");
            assertThat(row.get("orderTime").asString())
                    .isEqualTo(clusterRow.get("orderTime").asString());
            assertThat(row.get("createStaff").asString()).isEqualTo(tenant.userName());
            assertThat(row.get("updateStaff").asString()).isEqualTo(tenant.userName());
            assertThat(row.get("createTime").asString()).matches(TIME_PATTERN);
            assertThat(OffsetDateTime.parse(row.get("createTime").asString()).toInstant())
                    .isBetween(before, Instant.now().plusSeconds(5));
            assertThat(row.get("updateTime").asString())
                    .isEqualTo(row.get("createTime").asString());
            assertThat(row.get("ip").isNull()).isTrue();
            assertThat(row.get("port").isNull()).isTrue();
        }

        assertFailure(api.get("/v1/env/listEvnK8s", tenant.token()), 400, "envId: 此属性是必填项");
        Api.Reply unknown = api.get("/v1/env/listEvnK8s", tenant.token(), "envId", UUID.randomUUID());
        assertFailure(unknown, 404, ENV_NOT_FOUND);
        assertField(unknown, "envId");
    }

    @Test
    void importResourceChecksPoolNamespaceAndOneImportPerEnvironmentAndPerNamespace() {
        User tenant = tenant();
        String projectId = fixtures.project(tenant.token());
        String first = "first-" + suffix();
        String second = "second-" + suffix();
        assertDone(createNamespace(tenant.token(), first));
        assertDone(createNamespace(tenant.token(), second));
        String envId = env(tenant.token(), projectId, "target", "目标环境", "TEST");
        String otherEnv = env(tenant.token(), projectId, "other", "另一个环境", "TEST");

        // the embedded cluster is in pool 'local', not in the environment's pool
        String localInstId = api.get("/v1/env/getK8sCluster", tenant.token(), "resPoolId", "local")
                .data()
                .get(0)
                .get("instId")
                .asString();
        Api.Reply otherPool = importNamespace(tenant.token(), envId, localInstId, "default");
        assertFailure(otherPool, 400, "resourceList[0].instId: 集群不属于该环境的资源池");
        assertField(otherPool, "resourceList[0].instId");

        Api.Reply missing = importNamespace(tenant.token(), envId, cluster.instId(), "absent-" + suffix());
        assertThat(missing.status()).as(missing.toString()).isEqualTo(404);
        assertThat(missing.msg()).startsWith("命名空间不存在：absent-");
        assertField(missing, "resourceList[0].k8sNameSpace");

        assertFailure(importNamespace(tenant.token(), envId, "123456789012345678", first), 404, "集群不存在");

        Api.Reply two = api.post(
                "/v1/env/importResource",
                tenant.token(),
                Map.of(
                        "envId",
                        envId,
                        "resourceList",
                        List.of(
                                Map.of("instId", cluster.instId(), "k8sNameSpace", first),
                                Map.of("instId", cluster.instId(), "k8sNameSpace", second))));
        assertFailure(two, 400, "resourceList: 一个环境只能导入一个集群命名空间");
        Api.Reply noNamespace = api.post(
                "/v1/env/importResource",
                tenant.token(),
                Map.of("envId", envId, "resourceList", List.of(Map.of("instId", cluster.instId()))));
        assertFailure(noNamespace, 400, "resourceList[0].k8sNameSpace: 此属性是必填项");
        assertFailure(
                api.post("/v1/env/importResource", tenant.token(), Map.of("envId", envId, "resourceList", List.of())),
                400,
                "resourceList: 此属性是必填项");
        assertThat(envResources(tenant.token(), envId).size()).isZero();

        assertDone(importNamespace(tenant.token(), envId, cluster.instId(), first));
        assertFailure(
                importNamespace(tenant.token(), envId, cluster.instId(), second),
                409,
                "环境已导入命名空间 " + first + "，请先删除已导入的资源");
        assertFailure(
                importNamespace(tenant.token(), otherEnv, cluster.instId(), first),
                409,
                "命名空间 " + first + " 已导入环境“目标环境”");

        // another tenant using the same pool learns that the namespace is taken, not by whom
        User other = tenant();
        String theirProject = fixtures.project(other.token());
        String theirEnv = env(other.token(), theirProject, "theirs", "他们的环境", "TEST");
        assertFailure(
                importNamespace(other.token(), theirEnv, cluster.instId(), first),
                409,
                "命名空间 " + first + " 已导入其他租户的环境");

        List<String> imported = new ArrayList<>();
        envResources(tenant.token(), envId)
                .forEach(r -> imported.add(r.get("namespace").asString()));
        assertThat(imported).containsExactly(first);
        assertThat(envResources(tenant.token(), otherEnv).size()).isZero();
        assertThat(envResources(other.token(), theirEnv).size()).isZero();
    }

    @Test
    void deleteResourceReleasesTheNamespaceButKeepsItOnTheCluster() {
        User tenant = tenant();
        String projectId = fixtures.project(tenant.token());
        String namespace = "kept-" + suffix();
        assertDone(createNamespace(tenant.token(), namespace));
        String envId = env(tenant.token(), projectId, "release", "释放环境", "TEST");
        assertDone(importNamespace(tenant.token(), envId, cluster.instId(), namespace));
        String configMapId = configMap(tenant.token(), envId, namespace, "app-config");

        assertFailure(deleteResource(tenant.token(), envId, cluster.instId()), 409, "环境中仍有 1 个配置项，不能删除导入的资源");
        assertThat(envResources(tenant.token(), envId).size()).isEqualTo(1);

        Api.Reply wrongInst = deleteResource(tenant.token(), envId, "123456789012345678");
        assertFailure(wrongInst, 404, "资源不存在");
        assertField(wrongInst, "instIdList");

        assertTrue(api.post("/v1/configmap/deleteK8sConfigMap", tenant.token(), Map.of("configMapId", configMapId)));
        assertDone(deleteResource(tenant.token(), envId, cluster.instId()));
        assertThat(envResources(tenant.token(), envId).size()).isZero();
        Namespace kept = cluster.client().namespaces().withName(namespace).get();
        assertThat(kept).isNotNull();
        assertThat(kept.getStatus() == null ? null : kept.getStatus().getPhase())
                .isNotEqualTo("Terminating");
        assertFailure(deleteResource(tenant.token(), envId, cluster.instId()), 404, "资源不存在");

        // the namespace can now go into another environment
        String next = env(tenant.token(), projectId, "next", "下一个环境", "TEST");
        assertDone(importNamespace(tenant.token(), next, cluster.instId(), namespace));
        assertThat(envResources(tenant.token(), next).get(0).get("namespace").asString())
                .isEqualTo(namespace);
    }

    // ---- deleteEnv ----------------------------------------------------------------------------------------------

    @Test
    void deleteEnvIsRefusedWhileAConfigMapRemainsAndThenTheEnvironmentIsGone() {
        User tenant = tenant();
        String projectId = fixtures.project(tenant.token());
        String namespace = "del-" + suffix();
        assertDone(createNamespace(tenant.token(), namespace));
        String envId = env(tenant.token(), projectId, "doomed", "将删除的环境", "TEST");
        assertDone(importNamespace(tenant.token(), envId, cluster.instId(), namespace));
        String configMapId = configMap(tenant.token(), envId, namespace, "remaining");

        assertFailure(
                api.post("/v1/env/deleteEnv", tenant.token(), Map.of("envId", envId)), 409, "环境中仍有 1 个配置项，请先删除后再删除环境");
        assertThat(ids(envs(tenant.token(), projectId))).containsExactly(envId);

        assertTrue(api.post("/v1/configmap/deleteK8sConfigMap", tenant.token(), Map.of("configMapId", configMapId)));
        assertDone(api.post("/v1/env/deleteEnv", tenant.token(), Map.of("envId", envId)));

        assertThat(envs(tenant.token(), projectId).size()).isZero();
        assertFailure(api.post("/v1/env/deleteEnv", tenant.token(), Map.of("envId", envId)), 404, ENV_NOT_FOUND);
        assertFailure(update(tenant.token(), Map.of("envId", envId, "envName", "复活的环境")), 404, ENV_NOT_FOUND);
        assertFailure(api.get("/v1/env/listEvnK8s", tenant.token(), "envId", envId), 404, ENV_NOT_FOUND);
        Api.Reply noImport = importNamespace(tenant.token(), envId, cluster.instId(), namespace);
        assertFailure(noImport, 404, ENV_NOT_FOUND);
        assertField(noImport, "envId");

        // the namespace stays on the cluster and is free for another environment
        assertThat(cluster.client().namespaces().withName(namespace).get()).isNotNull();
        String next = env(tenant.token(), projectId, "doomed", "接替的环境", "TEST");
        assertDone(importNamespace(tenant.token(), next, cluster.instId(), namespace));
    }

    @Test
    void deleteProjectIsRefusedWhileEnvironmentsRemain() {
        User tenant = tenant();
        String projectId = fixtures.project(tenant.token());
        String first = env(tenant.token(), projectId, "one", "第一个环境", "TEST");
        String second = env(tenant.token(), projectId, "two", "第二个环境", "TEST");

        Api.Reply refused = api.post("/v1/project/deleteProject", tenant.token(), Map.of("projectId", projectId));
        assertFailure(refused, 409, "项目中仍有 2 个环境，请先删除后再删除项目");
        assertDone(api.post("/v1/env/deleteEnv", tenant.token(), Map.of("envId", first)));
        assertFailure(
                api.post("/v1/project/deleteProject", tenant.token(), Map.of("projectId", projectId)),
                409,
                "项目中仍有 1 个环境，请先删除后再删除项目");
        assertDone(api.post("/v1/env/deleteEnv", tenant.token(), Map.of("envId", second)));
        assertOk(api.post("/v1/project/deleteProject", tenant.token(), Map.of("projectId", projectId)));
        assertFailure(api.get("/v1/env/listEnvs", tenant.token(), "projectId", projectId), 404, PROJECT_NOT_FOUND);
    }

    // ---- permissions --------------------------------------------------------------------------------------------

    @Test
    void everyMemberSeesEnvironmentsAndOnlyProjectAdminsAndOperatorsManageThem() {
        User tenant = tenant();
        String projectId = fixtures.project(tenant.token());
        String envId = env(tenant.token(), projectId, "shown", "可见环境", "TEST");
        String shared = "shared-" + suffix();
        assertDone(createNamespace(tenant.token(), shared));
        assertDone(importNamespace(tenant.token(), envId, cluster.instId(), shared));

        for (int role : List.of(DEVELOPER, TESTER, VIEWER)) {
            User user = fixtures.subAccount(tenant.token());
            fixtures.member(tenant.token(), projectId, user, role);
            String token = user.token();
            assertThat(ids(envs(token, projectId))).containsExactlyElementsOf(ids(envs(tenant.token(), projectId)));
            assertThat(ids(envs(token, projectId))).contains(envId);
            assertOk(api.get("/v1/env/listEnvTypes", token, "projectId", projectId));
            assertThat(envResources(token, envId).get(0).get("namespace").asString())
                    .isEqualTo(shared);

            String namespace = "r" + role + "-" + suffix();
            assertDone(createNamespace(tenant.token(), namespace));
            assertFailure(createEnv(token, body(projectId, "by-" + role, "角色环境", "TEST")), 403, ENV_CREATE_REFUSED);
            assertFailure(update(token, Map.of("envId", envId, "envName", "被改名")), 403, ENV_MANAGE_REFUSED);
            assertFailure(deleteResource(token, envId, cluster.instId()), 403, ENV_MANAGE_REFUSED);
            assertFailure(api.post("/v1/env/deleteEnv", token, Map.of("envId", envId)), 403, ENV_MANAGE_REFUSED);
            String bare = env(tenant.token(), projectId, "bare-" + role, "空环境 " + role, "TEST");
            assertFailure(importNamespace(token, bare, cluster.instId(), namespace), 403, ENV_MANAGE_REFUSED);
            assertThat(envResources(tenant.token(), bare).size()).isZero();
        }
        JsonNode row = rowOf(envs(tenant.token(), projectId), envId);
        assertThat(row.get("envName").asString()).isEqualTo("可见环境");
        assertThat(envResources(tenant.token(), envId).size()).isEqualTo(1);

        for (int role : List.of(PROJECT_ADMIN, OPERATOR)) {
            User user = fixtures.subAccount(tenant.token());
            fixtures.member(tenant.token(), projectId, user, role);
            String token = user.token();
            String mine = env(token, projectId, "mine-" + role, "我的环境 " + role, "DEVELOP");
            assertDone(update(token, Map.of("envId", mine, "envType", "TEST")));
            String namespace = "m" + role + "-" + suffix();
            assertDone(createNamespace(token, namespace));
            assertDone(importNamespace(token, mine, cluster.instId(), namespace));
            assertThat(envResources(token, mine).get(0).get("createStaff").asString())
                    .isEqualTo(user.userName());
            assertDone(deleteResource(token, mine, cluster.instId()));
            assertDone(api.post("/v1/env/deleteEnv", token, Map.of("envId", mine)));
            assertThat(ids(envs(token, projectId))).doesNotContain(mine);
        }
    }

    @Test
    void nonMembersAndOtherTenantsSeeNoEnvironment() {
        User tenant = tenant();
        String projectId = fixtures.project(tenant.token());
        String envId = env(tenant.token(), projectId, "private", "私有环境", "TEST");
        String otherProject = fixtures.project(tenant.token());
        User outsider = fixtures.subAccount(tenant.token());
        fixtures.member(tenant.token(), otherProject, outsider, PROJECT_ADMIN);
        User stranger = tenant();

        for (User user : List.of(outsider, stranger)) {
            String token = user.token();
            assertFailure(api.get("/v1/env/listEnvs", token, "projectId", projectId), 404, PROJECT_NOT_FOUND);
            assertFailure(api.get("/v1/env/listEnvTypes", token, "projectId", projectId), 404, PROJECT_NOT_FOUND);
            Api.Reply create = createEnv(token, body(projectId, "intruder", "入侵环境", "TEST"));
            assertFailure(create, 404, PROJECT_NOT_FOUND);
            assertField(create, "projectId");
            assertFailure(api.get("/v1/env/listEvnK8s", token, "envId", envId), 404, ENV_NOT_FOUND);
            assertFailure(update(token, Map.of("envId", envId, "envName", "被改名")), 404, ENV_NOT_FOUND);
            assertFailure(api.post("/v1/env/deleteEnv", token, Map.of("envId", envId)), 404, ENV_NOT_FOUND);
            assertFailure(importNamespace(token, envId, cluster.instId(), "default"), 404, ENV_NOT_FOUND);
            assertFailure(deleteResource(token, envId, cluster.instId()), 404, ENV_NOT_FOUND);
        }
        assertThat(ids(envs(tenant.token(), projectId))).containsExactly(envId);
        assertThat(rowOf(envs(tenant.token(), projectId), envId).get("envName").asString())
                .isEqualTo("私有环境");
    }

    @Test
    void fieldRulesComeBeforeNotFoundAndPermission() {
        User tenant = tenant();
        String projectId = fixtures.project(tenant.token());
        String envId = env(tenant.token(), projectId, "ordered", "顺序环境", "TEST");
        User viewer = fixtures.subAccount(tenant.token());
        fixtures.member(tenant.token(), projectId, viewer, VIEWER);
        User stranger = tenant();
        String shortName = "envName: 环境名称长度为 3~30 个字符";
        List<Map<String, String>> two = List.of(
                Map.of("instId", cluster.instId(), "k8sNameSpace", "default"),
                Map.of("instId", cluster.instId(), "k8sNameSpace", "kube-system"));
        for (User user : List.of(viewer, stranger)) {
            String token = user.token();
            assertFailure(createEnv(token, body(projectId, "order", "   ab   ", "TEST")), 400, shortName);
            assertFailure(update(token, Map.of("envId", envId, "envName", "   ab   ")), 400, shortName);
            assertFailure(
                    update(token, Map.of("envId", UUID.randomUUID().toString(), "envName", "   ab   ")),
                    400,
                    shortName);
            assertFailure(
                    api.post("/v1/env/importResource", token, Map.of("envId", envId, "resourceList", two)),
                    400,
                    "resourceList: 一个环境只能导入一个集群命名空间");
        }
        // and before uniqueness
        assertFailure(createEnv(tenant.token(), body(projectId, "ordered", "   ab   ", "TEST")), 400, shortName);
        assertThat(ids(envs(tenant.token(), projectId))).containsExactly(envId);
        assertThat(rowOf(envs(tenant.token(), projectId), envId).get("envName").asString())
                .isEqualTo("顺序环境");
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    /** A new tenant allowed to use this class's cluster pool. */
    private User tenant() {
        User tenant = fixtures.tenant();
        cluster.grantTo(api, ADMIN_TOKEN, tenant.userId());
        return tenant;
    }

    private static Map<String, Object> body(String projectId, String code, String name, String type) {
        return Map.of(
                "projectId",
                projectId,
                "envCode",
                code,
                "envName",
                name,
                "envType",
                type,
                "resPoolId",
                cluster.poolCode());
    }

    private Api.Reply createEnv(String token, Map<String, ?> body) {
        return api.post("/v1/env/createEnv", token, body);
    }

    private String env(String token, String projectId, String code, String name, String type) {
        return env(token, projectId, code, name, type, cluster.poolCode());
    }

    private String env(String token, String projectId, String code, String name, String type, String poolCode) {
        Api.Reply created = createEnv(
                token,
                Map.of(
                        "projectId",
                        projectId,
                        "envCode",
                        code,
                        "envName",
                        name,
                        "envType",
                        type,
                        "resPoolId",
                        poolCode));
        assertOk(created);
        return created.data().asString();
    }

    private Api.Reply update(String token, Map<String, ?> body) {
        return api.post("/v1/env/updateEnv", token, body);
    }

    private JsonNode envs(String token, String projectId) {
        Api.Reply reply = api.get("/v1/env/listEnvs", token, "projectId", projectId);
        assertOk(reply);
        assertThat(reply.data().isArray()).isTrue();
        return reply.data();
    }

    private JsonNode envResources(String token, String envId) {
        Api.Reply reply = api.get("/v1/env/listEvnK8s", token, "envId", envId);
        assertOk(reply);
        assertThat(reply.data().isArray()).isTrue();
        return reply.data();
    }

    private JsonNode clusterRow(String token) {
        Api.Reply reply = api.get("/v1/env/getK8sCluster", token, "resPoolId", cluster.poolCode());
        assertOk(reply);
        return reply.data().get(0);
    }

    private Api.Reply createNamespace(String token, String namespace) {
        return createNamespace(token, cluster.instId(), namespace);
    }

    private Api.Reply createNamespace(String token, String instId, String namespace) {
        return api.post("/v1/env/createK8sNameSpace", token, Map.of("instId", instId, "namespaceName", namespace));
    }

    private Api.Reply deleteNamespace(String token, String namespace) {
        return api.post(
                "/v1/env/deleteK8sNamespaces", token, Map.of("instId", cluster.instId(), "namespaceName", namespace));
    }

    private List<String> namespaces(String token) {
        Api.Reply reply = api.get("/v1/env/listK8sNameSpace", token, "instId", cluster.instId());
        assertOk(reply);
        return strings(reply.data());
    }

    private Api.Reply importNamespace(String token, String envId, String instId, String namespace) {
        return api.post(
                "/v1/env/importResource",
                token,
                Map.of("envId", envId, "resourceList", List.of(Map.of("instId", instId, "k8sNameSpace", namespace))));
    }

    private Api.Reply deleteResource(String token, String envId, String instId) {
        return api.post("/v1/env/deleteResource", token, Map.of("envId", envId, "instIdList", List.of(instId)));
    }

    private String configMap(String token, String envId, String namespace, String name) {
        Api.Reply created = api.post(
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
                        List.of(Map.of("name", "key", "value", "value"))));
        assertOk(created);
        return created.data().asString();
    }

    private static Namespace namespace(String name) {
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .build();
    }

    /** Waits until the namespace has left the cluster (kube-sim removes a Terminating namespace shortly). */
    private static void awaitNamespaceGone(String namespace) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (cluster.client().namespaces().withName(namespace).get() != null) {
            assertThat(System.nanoTime())
                    .as("namespace %s still on the cluster", namespace)
                    .isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static List<String> ids(JsonNode rows) {
        List<String> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.get("envId").asString()));
        return ids;
    }

    private static JsonNode rowOf(JsonNode rows, String envId) {
        for (JsonNode row : rows) {
            if (row.get("envId").asString().equals(envId)) {
                return row;
            }
        }
        throw new AssertionError("no environment " + envId + " in " + rows);
    }

    private static List<String> typeRows(JsonNode types) {
        List<String> rows = new ArrayList<>();
        types.forEach(
                t -> rows.add(t.get("code").asString() + " " + t.get("name").asString()));
        return rows;
    }
}
