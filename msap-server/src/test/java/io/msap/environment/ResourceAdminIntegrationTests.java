package io.msap.environment;

import static io.msap.test.Replies.assertDone;
import static io.msap.test.Replies.assertFailure;
import static io.msap.test.Replies.assertFailureStartingWith;
import static io.msap.test.Replies.assertField;
import static io.msap.test.Replies.assertOk;
import static io.msap.test.Replies.assertTrue;
import static io.msap.test.Replies.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.msap.test.Api;
import io.msap.test.Fixtures.User;
import io.msap.test.IntegrationTest;
import io.msap.test.TestCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Platform resources over HTTP (beyond the manual, platform operator only): resource pools and their grants, clusters
 * registered by kubeconfig (checked live against a kube-sim the test starts), register centres; and what tenants see
 * of them through listRegions, getK8sCluster and getMseList (manual 5.4.6, 5.4.12, 5.4.14).
 */
class ResourceAdminIntegrationTests extends IntegrationTest {

    private static final String OPERATOR_ONLY = "没有权限：缺少“平台管理（仅平台管理员）”权限";
    private static final String UNREADABLE =
            "kubeconfig: 无法解析 kubeconfig，请提供包含 clusters、users 和 contexts 的 kubeconfig 文件内容";
    private static final String RUNNING = "运行中";
    private static final String UNREACHABLE = "不可达";

    private final List<TestCluster> clusters = new ArrayList<>();

    @AfterEach
    void stopClusters() {
        clusters.forEach(TestCluster::close);
        clusters.clear();
    }

    // ---- createResourcePool -----------------------------------------------------------------------------------

    @Test
    void createResourcePoolCreatesTheAreaWhenNewAndListsNumericIds() {
        String suffix = suffix();
        String areaCode = "hb-" + suffix;
        Api.Reply first = createPool(areaCode, "华北 " + suffix, "dev-" + suffix, "开发资源池");
        assertOk(first);
        assertThat(first.data().isString()).as(first.toString()).isTrue();
        String firstId = first.data().asString();
        assertThat(firstId).matches("[1-9][0-9]{17}");

        Api.Reply second = createPool(areaCode, "another name for the same area", "test-" + suffix, "测试资源池");
        assertOk(second);
        String secondId = second.data().asString();
        assertThat(secondId).matches("[1-9][0-9]{17}").isNotEqualTo(firstId);

        JsonNode area = area(regions(ADMIN_TOKEN), areaCode);
        assertThat(area.propertyNames()).containsExactlyInAnyOrder("areaCode", "areaId", "areaName", "resPools");
        assertThat(area.get("areaId").isString()).isTrue();
        assertThat(area.get("areaId").asString()).matches("[1-9][0-9]{17}");
        assertThat(area.get("areaName").asString()).isEqualTo("华北 " + suffix);
        JsonNode pools = area.get("resPools");
        assertThat(pools.size()).isEqualTo(2);
        for (JsonNode pool : pools) {
            assertThat(pool.propertyNames()).containsExactlyInAnyOrder("resPoolCode", "resPoolId", "resPoolName");
            assertThat(pool.get("resPoolId").isString()).isTrue();
        }
        assertThat(rows(pools, "resPoolCode", "resPoolId", "resPoolName"))
                .containsExactly(
                        "dev-" + suffix + " " + firstId + " 开发资源池", "test-" + suffix + " " + secondId + " 测试资源池");

        // another area code makes another area
        Api.Reply elsewhere = createPool("hn-" + suffix, "华南", "south-" + suffix, "华南资源池");
        assertOk(elsewhere);
        JsonNode south = area(regions(ADMIN_TOKEN), "hn-" + suffix);
        assertThat(south.get("areaId").asString())
                .isNotEqualTo(area.get("areaId").asString());
        assertThat(rows(south.get("resPools"), "resPoolCode")).containsExactly("south-" + suffix);
    }

    @Test
    void duplicatePoolCodeIsRefusedWith409() {
        String code = "dup-" + suffix();
        assertOk(createPool("area-" + code, "区域", code, "第一个"));
        Api.Reply duplicate = createPool("other-" + code, "其他区域", code, "第二个");
        assertFailure(duplicate, 409, "资源池 " + code + " 已存在");
        assertThat(poolCodes(regions(ADMIN_TOKEN))).containsOnlyOnce(code);
        assertThat(areaCodes(regions(ADMIN_TOKEN))).doesNotContain("other-" + code);
    }

    @Test
    void createResourcePoolValidatesEveryField() {
        Api.Reply empty = api.post("/v1/admin/createResourcePool", ADMIN_TOKEN, Map.of());
        assertThat(empty.status()).as(empty.toString()).isEqualTo(400);
        assertThat(empty.code()).isEqualTo(500);
        assertThat(io.msap.test.Replies.fields(empty))
                .containsExactlyInAnyOrder("areaCode", "areaName", "resPoolCode", "resPoolName");
        assertThat(empty.msg()).contains("resPoolCode: 此属性是必填项");

        String suffix = suffix();
        for (String code : List.of("1pool", "-pool", "pool code", "池子", "pool.code")) {
            Api.Reply bad = createPool("area-" + suffix, "区域", code, "名称");
            assertFailure(bad, 400, "resPoolCode: 须以字母开头，只能包含字母、数字、_ 和 -");
            assertField(bad, "resPoolCode");
        }
        Api.Reply badArea = createPool("1area", "区域", "p-" + suffix, "名称");
        assertFailure(badArea, 400, "areaCode: 须以字母开头，只能包含字母、数字、_ 和 -");
        Api.Reply tooLong = createPool("area-" + suffix, "区域", "p" + "x".repeat(32), "名称");
        assertFailure(tooLong, 400, "resPoolCode: 长度不能超过 32 个字符");
        assertThat(areaCodes(regions(ADMIN_TOKEN))).doesNotContain("area-" + suffix, "1area");
    }

    @Test
    void onlyThePlatformOperatorAdministersResources() {
        User tenant = fixtures.tenant();
        User tenantSub = fixtures.subAccount(tenant.token());
        User operatorSub = fixtures.subAccount();
        TestCluster cluster = cluster();
        String suffix = suffix();
        for (User user : List.of(tenant, tenantSub, operatorSub)) {
            String token = user.token();
            assertFailure(
                    api.post(
                            "/v1/admin/createResourcePool",
                            token,
                            Map.of(
                                    "areaCode",
                                    "a-" + suffix,
                                    "areaName",
                                    "区域",
                                    "resPoolCode",
                                    "p-" + suffix,
                                    "resPoolName",
                                    "名称")),
                    403,
                    OPERATOR_ONLY);
            assertFailure(
                    api.post(
                            "/v1/admin/grantResourcePool",
                            token,
                            Map.of("resPoolCode", cluster.poolCode(), "tenantId", tenant.userId())),
                    403,
                    OPERATOR_ONLY);
            assertFailure(
                    api.post("/v1/admin/deleteResourcePool", token, Map.of("resPoolCode", cluster.poolCode())),
                    403,
                    OPERATOR_ONLY);
            assertFailure(
                    api.post(
                            "/v1/admin/registerK8sCluster",
                            token,
                            Map.of(
                                    "resPoolCode",
                                    cluster.poolCode(),
                                    "resourceName",
                                    "c-" + suffix,
                                    "kubeconfig",
                                    cluster.kubeconfig())),
                    403,
                    OPERATOR_ONLY);
            assertFailure(
                    api.post("/v1/admin/unregisterK8sCluster", token, Map.of("instId", cluster.instId())),
                    403,
                    OPERATOR_ONLY);
            assertFailure(
                    api.post(
                            "/v1/admin/registerMse",
                            token,
                            Map.of(
                                    "resPoolCode",
                                    cluster.poolCode(),
                                    "resourceName",
                                    "m-" + suffix,
                                    "type",
                                    "NACOS",
                                    "address",
                                    "127.0.0.1:8848")),
                    403,
                    OPERATOR_ONLY);
            assertFailure(
                    api.post("/v1/admin/unregisterMse", token, Map.of("instId", "123456789012345678")),
                    403,
                    OPERATOR_ONLY);
        }
        // nothing changed: no pool, the cluster still registered, no register centre, no grant
        assertThat(poolCodes(regions(ADMIN_TOKEN))).doesNotContain("p-" + suffix);
        assertThat(instIds(clustersOf(ADMIN_TOKEN, cluster.poolCode()))).containsExactly(cluster.instId());
        assertThat(mses(ADMIN_TOKEN, cluster.poolCode()).size()).isZero();
        assertThat(poolCodes(regions(tenant.token()))).doesNotContain(cluster.poolCode());
    }

    // ---- grantResourcePool and listRegions ----------------------------------------------------------------------

    @Test
    void grantedPoolBecomesVisibleToThatTenantOnly() {
        TestCluster cluster = cluster();
        User tenant = fixtures.tenant();
        User tenantSub = fixtures.subAccount(tenant.token());
        User other = fixtures.tenant();

        assertThat(poolCodes(regions(tenant.token()))).doesNotContain(cluster.poolCode());
        Api.Reply hidden = api.get("/v1/env/getK8sCluster", tenant.token(), "resPoolId", cluster.poolCode());
        assertFailure(hidden, 404, "资源池不存在");
        assertField(hidden, "resPoolId");
        assertFailure(api.get("/v1/env/listK8sNameSpace", tenant.token(), "instId", cluster.instId()), 404, "集群不存在");

        Api.Reply granted = api.post(
                "/v1/admin/grantResourcePool",
                ADMIN_TOKEN,
                Map.of("resPoolCode", cluster.poolCode(), "tenantId", String.valueOf(tenant.userId())));
        assertTrue(granted);
        // granting again changes nothing
        assertTrue(api.post(
                "/v1/admin/grantResourcePool",
                ADMIN_TOKEN,
                Map.of("resPoolCode", cluster.poolCode(), "tenantId", tenant.userId())));

        for (User user : List.of(tenant, tenantSub)) {
            JsonNode regions = regions(user.token());
            JsonNode area = area(regions, cluster.areaCode());
            assertThat(rows(area.get("resPools"), "resPoolCode", "resPoolId", "resPoolName"))
                    .containsExactly(cluster.poolCode() + " " + cluster.poolId() + " " + cluster.poolName());
            assertThat(instIds(clustersOf(user.token(), cluster.poolCode()))).containsExactly(cluster.instId());
        }
        assertThat(poolCodes(regions(other.token()))).doesNotContain(cluster.poolCode());
        assertFailure(api.get("/v1/env/getK8sCluster", other.token(), "resPoolId", cluster.poolCode()), 404, "资源池不存在");
    }

    @Test
    void grantNamesAnUnknownPoolOrTenant() {
        TestCluster cluster = cluster();
        Api.Reply noPool = api.post(
                "/v1/admin/grantResourcePool",
                ADMIN_TOKEN,
                Map.of("resPoolCode", "no-such-pool-" + suffix(), "tenantId", 1));
        assertFailure(noPool, 404, "资源池不存在");
        assertField(noPool, "resPoolCode");

        Api.Reply noTenant = api.post(
                "/v1/admin/grantResourcePool",
                ADMIN_TOKEN,
                Map.of("resPoolCode", cluster.poolCode(), "tenantId", 987_654_321));
        assertFailure(noTenant, 404, "租户不存在");
        assertField(noTenant, "tenantId");

        Api.Reply notNumber = api.post(
                "/v1/admin/grantResourcePool",
                ADMIN_TOKEN,
                Map.of("resPoolCode", cluster.poolCode(), "tenantId", "abc"));
        assertFailure(notNumber, 400, "tenantId: 必须是整数");
    }

    @Test
    void theEmbeddedLocalPoolIsUsableByEveryTenant() {
        User tenant = fixtures.tenant();
        User sub = fixtures.subAccount(tenant.token());
        for (String token : List.of(tenant.token(), sub.token(), ADMIN_TOKEN)) {
            JsonNode local = area(regions(token), "local");
            assertThat(local.get("areaName").asString()).isEqualTo("local");
            assertThat(rows(local.get("resPools"), "resPoolCode", "resPoolName"))
                    .containsExactly("local local");
            assertThat(local.get("resPools").get(0).get("resPoolId").asString()).matches("[1-9][0-9]{17}");

            JsonNode rows = clustersOf(token, "local");
            assertThat(rows.size()).as(rows.toString()).isEqualTo(1);
            JsonNode row = rows.get(0);
            assertThat(row.get("resourceName").asString()).isEqualTo("local");
            assertThat(row.get("spec").asString()).isEqualTo("kube-sim");
            assertThat(row.get("statusCd").asString()).isEqualTo(RUNNING);
            assertThat(row.get("subCategory").asString()).isEqualTo("dcos");
            assertThat(strings(row.get("namespaceList"))).contains("default", "kube-system");
            assertThat(row.get("instId").asString()).matches("[1-9][0-9]{17}");

            Api.Reply namespaces = api.get(
                    "/v1/env/listK8sNameSpace",
                    token,
                    "instId",
                    row.get("instId").asString());
            assertOk(namespaces);
            assertThat(strings(namespaces.data())).isEqualTo(strings(row.get("namespaceList")));
        }
        // a tenant without any grant sees the local pool only
        assertThat(poolCodes(regions(tenant.token()))).containsExactly("local");
    }

    // ---- deleteResourcePool -------------------------------------------------------------------------------------

    @Test
    void deleteResourcePoolIsRefusedWhileClustersRegisterCentresOrEnvironmentsUseIt() {
        TestCluster cluster = cluster();
        User tenant = fixtures.tenant();
        cluster.grantTo(api, ADMIN_TOKEN, tenant.userId());
        String mseId = registerMse(cluster.poolCode(), "mse-" + suffix(), "NACOS", "127.0.0.1:8848");
        String projectId = fixtures.project(tenant.token());
        String envId = createEnv(tenant.token(), projectId, cluster.poolCode());

        assertFailure(deletePool(cluster.poolCode()), 409, "资源池仍被使用：1 个集群、1 个注册中心、1 个环境");
        assertTrue(api.post("/v1/admin/unregisterK8sCluster", ADMIN_TOKEN, Map.of("instId", cluster.instId())));
        assertFailure(deletePool(cluster.poolCode()), 409, "资源池仍被使用：1 个注册中心、1 个环境");
        assertTrue(api.post("/v1/admin/unregisterMse", ADMIN_TOKEN, Map.of("instId", mseId)));
        assertFailure(deletePool(cluster.poolCode()), 409, "资源池仍被使用：1 个环境");
        assertThat(poolCodes(regions(tenant.token()))).contains(cluster.poolCode());

        // a deleted environment no longer holds the pool
        assertDone(api.post("/v1/env/deleteEnv", tenant.token(), Map.of("envId", envId)));
        assertTrue(deletePool(cluster.poolCode()));

        assertThat(poolCodes(regions(ADMIN_TOKEN))).doesNotContain(cluster.poolCode());
        assertThat(poolCodes(regions(tenant.token()))).doesNotContain(cluster.poolCode());
        assertFailure(api.get("/v1/env/getK8sCluster", ADMIN_TOKEN, "resPoolId", cluster.poolCode()), 404, "资源池不存在");
        Api.Reply again = deletePool(cluster.poolCode());
        assertFailure(again, 404, "资源池不存在");
        assertField(again, "resPoolCode");
        // its code is free again
        assertOk(createPool(cluster.areaCode(), "区域", cluster.poolCode(), "重建的资源池"));
    }

    @Test
    void anUnusedGrantedPoolIsDeleted() {
        String code = "unused-" + suffix();
        assertOk(createPool("area-" + code, "区域", code, "空资源池"));
        User tenant = fixtures.tenant();
        assertTrue(api.post(
                "/v1/admin/grantResourcePool", ADMIN_TOKEN, Map.of("resPoolCode", code, "tenantId", tenant.userId())));
        assertThat(poolCodes(regions(tenant.token()))).contains(code);

        assertTrue(deletePool(code));
        assertThat(poolCodes(regions(tenant.token()))).doesNotContain(code);
        assertThat(poolCodes(regions(ADMIN_TOKEN))).doesNotContain(code);
        assertFailure(
                api.post("/v1/admin/grantResourcePool", ADMIN_TOKEN, Map.of("resPoolCode", code, "tenantId", 1)),
                404,
                "资源池不存在");
    }

    // ---- registerK8sCluster, getK8sCluster ---------------------------------------------------------------------

    @Test
    void registeredClusterIsListedWithEveryFieldAndItsNamespacesReadLive() {
        String suffix = suffix();
        String code = "reg-" + suffix;
        assertOk(createPool("area-" + code, "区域", code, "注册资源池"));
        TestCluster sim = cluster();
        Instant before = Instant.now().minusSeconds(5);
        Api.Reply registered = api.post(
                "/v1/admin/registerK8sCluster",
                ADMIN_TOKEN,
                Map.of(
                        "resPoolCode",
                        code,
                        "resourceName",
                        "cluster-" + suffix,
                        "kubeconfig",
                        sim.kubeconfig(),
                        "spec",
                        "8核16G-单节点-单机版"));
        assertOk(registered);
        assertThat(registered.data().isString()).isTrue();
        String instId = registered.data().asString();
        assertThat(instId).matches("[1-9][0-9]{17}");

        JsonNode rows = clustersOf(ADMIN_TOKEN, code);
        assertThat(rows.isArray()).isTrue();
        assertThat(rows.size()).isEqualTo(1);
        JsonNode row = rows.get(0);
        assertThat(row.propertyNames())
                .contains(
                        "instId",
                        "namespaceList",
                        "orderTime",
                        "resourceName",
                        "spec",
                        "spuName",
                        "statusCd",
                        "subCategory");
        assertThat(row.get("instId").asString()).isEqualTo(instId);
        assertThat(row.get("resourceName").asString()).isEqualTo("cluster-" + suffix);
        assertThat(row.get("spec").asString()).isEqualTo("8核16G-单节点-单机版");
        assertThat(row.get("spuName").asString()).isEqualTo("容器管理框架(CCSE)");
        assertThat(row.get("statusCd").asString()).isEqualTo(RUNNING);
        assertThat(row.get("subCategory").asString()).isEqualTo("dcos");
        Instant orderTime =
                OffsetDateTime.parse(row.get("orderTime").asString()).toInstant();
        assertThat(orderTime).isBetween(before, Instant.now().plusSeconds(5));
        List<String> namespaces = strings(row.get("namespaceList"));
        assertThat(namespaces)
                .contains("default", "kube-system")
                .doesNotHaveDuplicates()
                .isSorted();
        assertThat(namespaces).allMatch(n -> !n.contains(","));

        // a namespace made on the cluster directly shows up at once: the list is read live
        String made = "outside-" + suffix;
        sim.client()
                .namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(made)
                        .endMetadata()
                        .build())
                .create();
        assertThat(strings(clustersOf(ADMIN_TOKEN, code).get(0).get("namespaceList")))
                .contains(made);
        Api.Reply listed = api.get("/v1/env/listK8sNameSpace", ADMIN_TOKEN, "instId", instId);
        assertOk(listed);
        assertThat(strings(listed.data())).contains(made, "default");
    }

    @Test
    void specDefaultsToTheClustersVersion() {
        TestCluster sim = cluster();
        String version = sim.client().getKubernetesVersion().getGitVersion();
        String code = "spec-" + suffix();
        assertOk(createPool("area-" + code, "区域", code, "版本资源池"));
        assertOk(registerCluster(code, "nospec-" + code, sim.kubeconfig(), null));
        assertThat(clustersOf(ADMIN_TOKEN, code).get(0).get("spec").asString()).isEqualTo(version);
    }

    @Test
    void registerK8sClusterIsRefusedWith503WhenTheClusterDoesNotAnswerAndStoresNothing() throws IOException {
        String code = "down-" + suffix();
        assertOk(createPool("area-" + code, "区域", code, "不可达资源池"));
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String name = "gone-" + code;
        long start = System.nanoTime();
        Api.Reply refused = registerCluster(code, name, kubeconfig("http://127.0.0.1:" + closedPort), "x");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertFailureStartingWith(refused, 503, "集群不可达");
        assertThat(clustersOf(ADMIN_TOKEN, code).size()).isZero();

        // the name was not taken by the refused registration
        TestCluster sim = cluster();
        assertOk(registerCluster(code, name, sim.kubeconfig(), "x"));
        assertThat(clustersOf(ADMIN_TOKEN, code).size()).isEqualTo(1);
    }

    @Test
    void registerK8sClusterGivesUpOnASilentServerWithinTheTimeout() throws IOException {
        String code = "silent-" + suffix();
        assertOk(createPool("area-" + code, "区域", code, "无响应资源池"));
        // accepts connections (in the backlog) but never answers
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            Api.Reply refused = registerCluster(
                    code, "silent-" + code, kubeconfig("http://127.0.0.1:" + silent.getLocalPort()), "x");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertFailureStartingWith(refused, 503, "集群不可达");
            // DECISIONS: the reachability check times out after 5 s
            assertThat(took).isLessThan(Duration.ofSeconds(8));
        }
        assertThat(clustersOf(ADMIN_TOKEN, code).size()).isZero();
    }

    @Test
    void kubeconfigsThatWouldRunCommandsOrReadFilesAreRefused() throws IOException {
        String code = "unsafe-" + suffix();
        assertOk(createPool("area-" + code, "区域", code, "不安全资源池"));
        Path marker = Files.createTempDirectory("msap-exec-").resolve("ran");
        String server = "http://127.0.0.1:1";

        String exec = kubeconfig(server, """
                    exec:
                      apiVersion: client.authentication.k8s.io/v1
                      command: /bin/sh
                      args: ["-c", "touch %s"]
                """.formatted(marker));
        Api.Reply execRefused = registerCluster(code, "exec-" + code, exec, null);
        assertFailure(execRefused, 400, "kubeconfig: kubeconfig 不能使用 exec 或 auth-provider，请使用令牌或客户端证书等内联凭据");
        assertField(execRefused, "kubeconfig");
        assertThat(marker).doesNotExist();

        String authProvider = kubeconfig(server, """
                    auth-provider:
                      name: oidc
                      config:
                        client-id: msap
                """);
        assertFailure(
                registerCluster(code, "authp-" + code, authProvider, null),
                400,
                "kubeconfig: kubeconfig 不能使用 exec 或 auth-provider，请使用令牌或客户端证书等内联凭据");

        for (String key : List.of("client-certificate", "client-key", "tokenFile")) {
            String withFile = kubeconfig(server, "    %s: /etc/passwd\n".formatted(key));
            assertFailure(
                    registerCluster(code, "file-" + code, withFile, null),
                    400,
                    "kubeconfig: kubeconfig 不能引用文件（" + key + "），请使用 *-data 形式的内联内容");
        }
        String caFile = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster:
                    server: https://127.0.0.1:1
                    certificate-authority: /etc/ssl/certs/ca-certificates.crt
                contexts:
                - name: c
                  context: {cluster: c, user: u}
                current-context: c
                users:
                - name: u
                  user: {}
                """;
        assertFailure(
                registerCluster(code, "ca-" + code, caFile, null),
                400,
                "kubeconfig: kubeconfig 不能引用文件（certificate-authority），请使用 *-data 形式的内联内容");
        assertThat(clustersOf(ADMIN_TOKEN, code).size()).isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "clusters: [unclosed",
                "just some text",
                "apiVersion: v1\nkind: Config\nclusters: []\n",
                "- a\n- b\n"
            })
    void unreadableKubeconfigIsRefusedWith400(String kubeconfig) {
        String code = "bad-" + suffix();
        assertOk(createPool("area-" + code, "区域", code, "资源池"));
        Api.Reply refused = registerCluster(code, "bad-" + code, kubeconfig, null);
        assertFailure(refused, 400, UNREADABLE);
        assertField(refused, "kubeconfig");
        assertThat(clustersOf(ADMIN_TOKEN, code).size()).isZero();
    }

    @Test
    void registerK8sClusterValidatesItsFieldsAndNamesAnUnknownPool() {
        TestCluster sim = cluster();
        Api.Reply empty = api.post("/v1/admin/registerK8sCluster", ADMIN_TOKEN, Map.of());
        assertThat(empty.status()).isEqualTo(400);
        assertThat(io.msap.test.Replies.fields(empty))
                .containsExactlyInAnyOrder("resPoolCode", "resourceName", "kubeconfig");

        assertFailure(
                registerCluster(sim.poolCode(), "bad name", sim.kubeconfig(), null),
                400,
                "resourceName: 须以字母或数字开头，只能包含字母、数字、. _ 和 -");
        Api.Reply noPool = registerCluster("no-pool-" + suffix(), "c-" + suffix(), sim.kubeconfig(), null);
        assertFailure(noPool, 404, "资源池不存在");
        assertField(noPool, "resPoolCode");
    }

    @Test
    void duplicateResourceNameIsRefusedWith409EvenInAnotherPool() {
        TestCluster first = cluster();
        String code = "dupc-" + suffix();
        assertOk(createPool("area-" + code, "区域", code, "另一个资源池"));
        Api.Reply duplicate = registerCluster(code, first.resourceName(), first.kubeconfig(), null);
        assertFailure(duplicate, 409, "集群 " + first.resourceName() + " 已注册");
        assertThat(clustersOf(ADMIN_TOKEN, code).size()).isZero();
        assertThat(instIds(clustersOf(ADMIN_TOKEN, first.poolCode()))).containsExactly(first.instId());
    }

    @Test
    void theKubeconfigIsNeverReturned() {
        TestCluster sim = cluster();
        String secret = "s3cr3t-" + UUID.randomUUID();
        String withToken = sim.kubeconfig().replace("user: {}", "user:\n    token: " + secret);
        assertThat(withToken).contains(secret);
        String code = "secret-" + suffix();
        assertOk(createPool("area-" + code, "区域", code, "保密资源池"));
        User tenant = fixtures.tenant();
        assertTrue(api.post(
                "/v1/admin/grantResourcePool", ADMIN_TOKEN, Map.of("resPoolCode", code, "tenantId", tenant.userId())));

        Api.Reply registered = registerCluster(code, "secret-" + code, withToken, null);
        assertOk(registered);
        String instId = registered.data().asString();
        String projectId = fixtures.project(tenant.token());
        String envId = createEnv(tenant.token(), projectId, code);
        assertDone(api.post(
                "/v1/env/importResource",
                tenant.token(),
                Map.of("envId", envId, "resourceList", List.of(Map.of("instId", instId, "k8sNameSpace", "default")))));

        List<Api.Reply> answers = List.of(
                registered,
                api.get("/v1/env/getK8sCluster", ADMIN_TOKEN, "resPoolId", code),
                api.get("/v1/env/getK8sCluster", tenant.token(), "resPoolId", code),
                api.get("/v1/env/listRegions", tenant.token()),
                api.get("/v1/env/listEvnK8s", tenant.token(), "envId", envId),
                api.get("/v1/env/listK8sNameSpace", tenant.token(), "instId", instId),
                api.get("/v1/audit/listAuditLogsPage", ADMIN_TOKEN, "pageSize", 100),
                api.get("/v1/audit/listAuditLogsPage", ADMIN_TOKEN, "objectId", instId));
        for (Api.Reply answer : answers) {
            assertOk(answer);
            assertThat(answer.text())
                    .doesNotContain(secret)
                    .doesNotContain("current-context")
                    .doesNotContain(sim.kubeconfig());
        }
        assertThat(answers.get(7).data().get("total").asInt()).isPositive();
    }

    @Test
    void getK8sClusterShowsAClusterThatStoppedAnsweringAsUnreachableWithoutWaiting() {
        TestCluster sim = cluster();
        JsonNode before = clustersOf(ADMIN_TOKEN, sim.poolCode()).get(0);
        assertThat(before.get("statusCd").asString()).isEqualTo(RUNNING);

        sim.stop();
        long start = System.nanoTime();
        JsonNode rows = clustersOf(ADMIN_TOKEN, sim.poolCode());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(rows.size()).isEqualTo(1);
        JsonNode row = rows.get(0);
        assertThat(row.get("instId").asString()).isEqualTo(sim.instId());
        assertThat(row.get("statusCd").asString()).isEqualTo(UNREACHABLE);
        assertThat(row.get("namespaceList").isArray()).isTrue();
        assertThat(row.get("namespaceList").size()).isZero();
        assertThat(row.get("resourceName").asString()).isEqualTo(sim.resourceName());

        start = System.nanoTime();
        Api.Reply namespaces = api.get("/v1/env/listK8sNameSpace", ADMIN_TOKEN, "instId", sim.instId());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertFailureStartingWith(namespaces, 503, "集群不可达");
    }

    @Test
    void getK8sClusterNeedsAKnownPool() {
        Api.Reply missing = api.get("/v1/env/getK8sCluster", ADMIN_TOKEN);
        assertFailure(missing, 400, "resPoolId: 此属性是必填项");
        Api.Reply unknown = api.get("/v1/env/getK8sCluster", ADMIN_TOKEN, "resPoolId", "nope-" + suffix());
        assertFailure(unknown, 404, "资源池不存在");
        assertField(unknown, "resPoolId");
        Api.Reply noMse = api.get("/v1/env/getMseList", ADMIN_TOKEN, "resPoolId", "nope-" + suffix());
        assertFailure(noMse, 404, "资源池不存在");
        assertFailure(api.get("/v1/env/listK8sNameSpace", ADMIN_TOKEN, "instId", "123456789012345678"), 404, "集群不存在");
    }

    // ---- unregisterK8sCluster ---------------------------------------------------------------------------------------

    @Test
    void unregisterK8sClusterIsRefusedWhileAnEnvironmentImportsIt() {
        TestCluster sim = cluster();
        User tenant = fixtures.tenant();
        sim.grantTo(api, ADMIN_TOKEN, tenant.userId());
        String projectId = fixtures.project(tenant.token());
        String envName = "导入环境 " + suffix();
        String envId = createEnv(tenant.token(), projectId, sim.poolCode(), envName);
        assertDone(api.post(
                "/v1/env/importResource",
                tenant.token(),
                Map.of(
                        "envId",
                        envId,
                        "resourceList",
                        List.of(Map.of("instId", sim.instId(), "k8sNameSpace", "default")))));

        Api.Reply refused = api.post("/v1/admin/unregisterK8sCluster", ADMIN_TOKEN, Map.of("instId", sim.instId()));
        assertFailure(refused, 409, "集群已导入环境，请先从这些环境中删除：" + envName);
        assertThat(instIds(clustersOf(ADMIN_TOKEN, sim.poolCode()))).containsExactly(sim.instId());

        assertDone(api.post(
                "/v1/env/deleteResource", tenant.token(), Map.of("envId", envId, "instIdList", List.of(sim.instId()))));
        assertTrue(api.post("/v1/admin/unregisterK8sCluster", ADMIN_TOKEN, Map.of("instId", sim.instId())));
        assertThat(clustersOf(ADMIN_TOKEN, sim.poolCode()).size()).isZero();
        assertFailure(api.get("/v1/env/listK8sNameSpace", tenant.token(), "instId", sim.instId()), 404, "集群不存在");
        Api.Reply again = api.post("/v1/admin/unregisterK8sCluster", ADMIN_TOKEN, Map.of("instId", sim.instId()));
        assertFailure(again, 404, "集群不存在");
        assertField(again, "instId");
        // the cluster itself is untouched
        assertThat(sim.client().namespaces().withName("default").get()).isNotNull();
    }

    @Test
    void aClusterWithNamespacesMadeThroughMsapCanBeUnregistered() {
        TestCluster sim = cluster();
        User tenant = fixtures.tenant();
        sim.grantTo(api, ADMIN_TOKEN, tenant.userId());
        fixtures.project(tenant.token());
        String namespace = "made-" + suffix();
        assertDone(api.post(
                "/v1/env/createK8sNameSpace",
                tenant.token(),
                Map.of("instId", sim.instId(), "namespaceName", namespace)));
        assertTrue(api.post("/v1/admin/unregisterK8sCluster", ADMIN_TOKEN, Map.of("instId", sim.instId())));
        assertThat(clustersOf(ADMIN_TOKEN, sim.poolCode()).size()).isZero();
        assertThat(sim.client().namespaces().withName(namespace).get()).isNotNull();
    }

    // ---- register centres --------------------------------------------------------------------------------------

    @Test
    void registerCentresAreListedWithEveryFieldAndUnregistered() {
        TestCluster sim = cluster();
        User tenant = fixtures.tenant();
        sim.grantTo(api, ADMIN_TOKEN, tenant.userId());
        String suffix = suffix();
        Instant before = Instant.now().minusSeconds(5);
        Api.Reply nacos = api.post(
                "/v1/admin/registerMse",
                ADMIN_TOKEN,
                Map.of(
                        "resPoolCode",
                        sim.poolCode(),
                        "resourceName",
                        "nacos-" + suffix,
                        "spec",
                        "高可用版",
                        "type",
                        "NACOS",
                        "address",
                        "nacos.example:8848"));
        assertOk(nacos);
        String nacosId = nacos.data().asString();
        assertThat(nacosId).matches("[1-9][0-9]{17}");
        String eurekaId = registerMse(sim.poolCode(), "eureka-" + suffix, "EUREKA", "http://eureka.example/eureka");
        String zkId = registerMse(sim.poolCode(), "zk-" + suffix, "ZOOKEEPER", "zk1:2181,zk2:2181");

        JsonNode rows = mses(tenant.token(), sim.poolCode());
        assertThat(rows.size()).isEqualTo(3);
        Map<String, JsonNode> byId = new HashMap<>();
        rows.forEach(r -> byId.put(r.get("instId").asString(), r));
        assertThat(byId).containsOnlyKeys(nacosId, eurekaId, zkId);
        JsonNode row = byId.get(nacosId);
        assertThat(row.propertyNames())
                .contains(
                        "instId",
                        "namespaceList",
                        "orderTime",
                        "resourceName",
                        "spec",
                        "spuName",
                        "statusCd",
                        "subCategory");
        assertThat(row.get("resourceName").asString()).isEqualTo("nacos-" + suffix);
        assertThat(row.get("spec").asString()).isEqualTo("高可用版");
        assertThat(row.get("spuName").asString()).isEqualTo("注册中心");
        assertThat(row.get("statusCd").asString()).isEqualTo("1");
        assertThat(row.get("subCategory").asString()).isEqualTo("msercm");
        assertThat(row.get("namespaceList").isNull()).isTrue();
        assertThat(row.get("type").asString()).isEqualTo("NACOS");
        assertThat(row.get("address").asString()).isEqualTo("nacos.example:8848");
        assertThat(OffsetDateTime.parse(row.get("orderTime").asString()).toInstant())
                .isBetween(before, Instant.now().plusSeconds(5));
        assertThat(byId.get(eurekaId).get("type").asString()).isEqualTo("EUREKA");
        assertThat(byId.get(eurekaId).get("address").asString()).isEqualTo("http://eureka.example/eureka");
        assertThat(byId.get(zkId).get("type").asString()).isEqualTo("ZOOKEEPER");
        assertThat(byId.get(zkId).get("spec").isNull()).isTrue();

        // register centres are not clusters
        assertThat(instIds(clustersOf(tenant.token(), sim.poolCode()))).containsExactly(sim.instId());
        // other tenants do not see the pool
        User other = fixtures.tenant();
        assertFailure(api.get("/v1/env/getMseList", other.token(), "resPoolId", sim.poolCode()), 404, "资源池不存在");

        assertTrue(api.post("/v1/admin/unregisterMse", ADMIN_TOKEN, Map.of("instId", nacosId)));
        List<String> left = new ArrayList<>();
        mses(tenant.token(), sim.poolCode())
                .forEach(r -> left.add(r.get("instId").asString()));
        assertThat(left).containsExactlyInAnyOrder(eurekaId, zkId);
        Api.Reply again = api.post("/v1/admin/unregisterMse", ADMIN_TOKEN, Map.of("instId", nacosId));
        assertFailure(again, 404, "注册中心不存在");
        assertField(again, "instId");
    }

    @Test
    void registerMseValidatesTypeAddressNameAndPool() {
        TestCluster sim = cluster();
        String suffix = suffix();
        Api.Reply badType = api.post(
                "/v1/admin/registerMse",
                ADMIN_TOKEN,
                Map.of(
                        "resPoolCode",
                        sim.poolCode(),
                        "resourceName",
                        "m-" + suffix,
                        "type",
                        "CONSUL",
                        "address",
                        "x:1"));
        assertFailure(badType, 400, "type: 取值无效，可选值：NACOS, EUREKA, ZOOKEEPER");
        Api.Reply badAddress = api.post(
                "/v1/admin/registerMse",
                ADMIN_TOKEN,
                Map.of(
                        "resPoolCode",
                        sim.poolCode(),
                        "resourceName",
                        "m-" + suffix,
                        "type",
                        "NACOS",
                        "address",
                        "a b:1"));
        assertFailure(badAddress, 400, "address: 地址不能包含空白字符");
        Api.Reply noPool = api.post(
                "/v1/admin/registerMse",
                ADMIN_TOKEN,
                Map.of(
                        "resPoolCode",
                        "nope-" + suffix,
                        "resourceName",
                        "m-" + suffix,
                        "type",
                        "NACOS",
                        "address",
                        "x:1"));
        assertFailure(noPool, 404, "资源池不存在");
        assertField(noPool, "resPoolCode");

        registerMse(sim.poolCode(), "m-" + suffix, "NACOS", "x:1");
        assertFailure(
                api.post(
                        "/v1/admin/registerMse",
                        ADMIN_TOKEN,
                        Map.of(
                                "resPoolCode",
                                sim.poolCode(),
                                "resourceName",
                                "m-" + suffix,
                                "type",
                                "EUREKA",
                                "address",
                                "y:1")),
                409,
                "注册中心 m-" + suffix + " 已注册");
        assertThat(mses(ADMIN_TOKEN, sim.poolCode()).size()).isEqualTo(1);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private TestCluster cluster() {
        TestCluster cluster = TestCluster.register(api, ADMIN_TOKEN);
        clusters.add(cluster);
        return cluster;
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    private Api.Reply createPool(String areaCode, String areaName, String poolCode, String poolName) {
        return api.post(
                "/v1/admin/createResourcePool",
                ADMIN_TOKEN,
                Map.of("areaCode", areaCode, "areaName", areaName, "resPoolCode", poolCode, "resPoolName", poolName));
    }

    private Api.Reply deletePool(String poolCode) {
        return api.post("/v1/admin/deleteResourcePool", ADMIN_TOKEN, Map.of("resPoolCode", poolCode));
    }

    private Api.Reply registerCluster(String poolCode, String name, String kubeconfig, String spec) {
        Map<String, Object> body = new HashMap<>();
        body.put("resPoolCode", poolCode);
        body.put("resourceName", name);
        body.put("kubeconfig", kubeconfig);
        if (spec != null) {
            body.put("spec", spec);
        }
        return api.post("/v1/admin/registerK8sCluster", ADMIN_TOKEN, body);
    }

    private String registerMse(String poolCode, String name, String type, String address) {
        Api.Reply reply = api.post(
                "/v1/admin/registerMse",
                ADMIN_TOKEN,
                Map.of("resPoolCode", poolCode, "resourceName", name, "type", type, "address", address));
        assertOk(reply);
        return reply.data().asString();
    }

    private String createEnv(String token, String projectId, String poolCode) {
        return createEnv(token, projectId, poolCode, "环境 " + suffix());
    }

    private String createEnv(String token, String projectId, String poolCode, String envName) {
        Api.Reply created = api.post(
                "/v1/env/createEnv",
                token,
                Map.of(
                        "projectId",
                        projectId,
                        "envCode",
                        "env-" + suffix(),
                        "envName",
                        envName,
                        "envType",
                        "TEST",
                        "resPoolId",
                        poolCode));
        assertOk(created);
        return created.data().asString();
    }

    private JsonNode regions(String token) {
        Api.Reply reply = api.get("/v1/env/listRegions", token);
        assertOk(reply);
        assertThat(reply.data().isArray()).as(reply.toString()).isTrue();
        return reply.data();
    }

    private JsonNode clustersOf(String token, String poolCode) {
        Api.Reply reply = api.get("/v1/env/getK8sCluster", token, "resPoolId", poolCode);
        assertOk(reply);
        assertThat(reply.data().isArray()).as(reply.toString()).isTrue();
        return reply.data();
    }

    private JsonNode mses(String token, String poolCode) {
        Api.Reply reply = api.get("/v1/env/getMseList", token, "resPoolId", poolCode);
        assertOk(reply);
        assertThat(reply.data().isArray()).as(reply.toString()).isTrue();
        return reply.data();
    }

    private static JsonNode area(JsonNode regions, String areaCode) {
        for (JsonNode area : regions) {
            if (area.get("areaCode").asString().equals(areaCode)) {
                return area;
            }
        }
        throw new AssertionError("no area " + areaCode + " in " + regions);
    }

    private static List<String> areaCodes(JsonNode regions) {
        List<String> codes = new ArrayList<>();
        regions.forEach(a -> codes.add(a.get("areaCode").asString()));
        return codes;
    }

    private static List<String> poolCodes(JsonNode regions) {
        List<String> codes = new ArrayList<>();
        regions.forEach(a ->
                a.get("resPools").forEach(p -> codes.add(p.get("resPoolCode").asString())));
        return codes;
    }

    private static List<String> instIds(JsonNode rows) {
        List<String> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.get("instId").asString()));
        return ids;
    }

    private static List<String> rows(JsonNode array, String... fields) {
        List<String> rows = new ArrayList<>();
        for (JsonNode node : array) {
            List<String> values = new ArrayList<>();
            for (String field : fields) {
                values.add(node.get(field).asString());
            }
            rows.add(String.join(" ", values));
        }
        return rows;
    }

    /** A kubeconfig for {@code server} without credentials. */
    private static String kubeconfig(String server) {
        return kubeconfig(server, "    {}\n").replace("  user:\n    {}\n", "  user: {}\n");
    }

    /** A kubeconfig for {@code server} whose user section is {@code userLines} (indented by four spaces). */
    private static String kubeconfig(String server, String userLines) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster:
                    server: %s
                contexts:
                - name: c
                  context:
                    cluster: c
                    user: u
                current-context: c
                users:
                - name: u
                  user:
                %s""".formatted(server, userLines);
    }
}
