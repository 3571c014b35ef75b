package io.msap.configmap;

import static io.msap.test.Fixtures.DEVELOPER;
import static io.msap.test.Fixtures.OPERATOR;
import static io.msap.test.Fixtures.PROJECT_ADMIN;
import static io.msap.test.Fixtures.TESTER;
import static io.msap.test.Fixtures.VIEWER;
import static io.msap.test.Replies.assertDone;
import static io.msap.test.Replies.assertFailure;
import static io.msap.test.Replies.assertFailureStartingWith;
import static io.msap.test.Replies.assertField;
import static io.msap.test.Replies.assertOk;
import static io.msap.test.Replies.assertTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.msap.test.Api;
import io.msap.test.Fixtures.User;
import io.msap.test.IntegrationTest;
import io.msap.test.TestCluster;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Manual 5.10 over HTTP: createK8sConfigMap, updateK8sConfigMap, deleteK8sConfigMap and listK8sConfigMaps, checked
 * field by field in the answers and against the ConfigMaps on a kube-sim the test registered and reads with its own
 * client.
 */
class ConfigMapIntegrationTests extends IntegrationTest {

    private static final String MANAGE_REFUSED = "没有权限：缺少“管理配置项（项目管理员或运维人员）”权限";
    private static final String NOT_FOUND = "配置项不存在";
    private static final String KEY_RULE = "键只能包含字母、数字、- _ 和 .，且不能是 . 或 ..";
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

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

    /** A tenant with a project and an environment that imports a fresh namespace of a cluster. */
    private record Setup(
            User tenant, String projectId, String envId, String envCode, String envName, String namespace) {}

    // ---- createK8sConfigMap ------------------------------------------------------------------------------------

    @Test
    void createdConfigMapIsOnTheClusterWithItsDataAndLabelsAndListed() {
        Setup s = setup();
        Instant before = Instant.now().minusSeconds(5);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("application.properties", "server.port=8080\nspring.application.name=demo\n");
        data.put("LOG_LEVEL", "info");
        data.put("empty", "");
        Api.Reply created = create(s, "app-config", data);
        assertOk(created);
        assertThat(created.data().isString()).isTrue();
        String configMapId = created.data().asString();
        assertThat(configMapId).matches(UUID_PATTERN);

        ConfigMap onCluster = onCluster(s, "app-config");
        assertThat(onCluster).isNotNull();
        assertThat(onCluster.getData()).isEqualTo(data);
        assertThat(onCluster.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "msap")
                .containsEntry("msap.io/project-id", s.projectId())
                .containsEntry("msap.io/env-id", s.envId())
                .containsEntry("msap.io/configmap-id", configMapId);
        List<String> managers = new ArrayList<>();
        for (ManagedFieldsEntry entry : onCluster.getMetadata().getManagedFields()) {
            managers.add(entry.getManager() + " " + entry.getOperation());
        }
        assertThat(managers).contains("msap Apply");

        JsonNode page = list(s.tenant().token());
        assertThat(page.get("total").asInt()).isEqualTo(1);
        JsonNode row = page.get("list").get(0);
        assertThat(row.propertyNames())
                .contains(
                        "configMapId",
                        "configMapName",
                        "deployEnvId",
                        "deployEnvCode",
                        "deployEnvName",
                        "clusterName",
                        "namespace",
                        "items",
                        "createTime");
        assertThat(row.get("configMapId").asString()).isEqualTo(configMapId);
        assertThat(row.get("configMapName").asString()).isEqualTo("app-config");
        assertThat(row.get("deployEnvId").isString()).isTrue();
        assertThat(row.get("deployEnvId").asString()).isEqualTo(s.envId());
        assertThat(row.get("deployEnvCode").asString()).isEqualTo(s.envCode());
        assertThat(row.get("deployEnvName").asString()).isEqualTo(s.envName());
        assertThat(row.get("clusterName").asString()).isEqualTo(cluster.resourceName());
        assertThat(row.get("namespace").asString()).isEqualTo(s.namespace());
        assertThat(OffsetDateTime.parse(row.get("createTime").asString()).toInstant())
                .isBetween(before, Instant.now().plusSeconds(5));
        JsonNode items = row.get("items");
        assertThat(items.size()).isEqualTo(3);
        for (JsonNode item : items) {
            assertThat(item.propertyNames()).containsExactlyInAnyOrder("name", "value", "storagePath");
        }
        assertThat(itemRows(items))
                .containsExactly(
                        "application.properties=server.port=8080\nspring.application.name=demo\n"
                                + " @application.properties",
                        "LOG_LEVEL=info @LOG_LEVEL",
                        "empty= @empty");
    }

    @Test
    void createNeedsTheEnvironmentsImportedClusterAndNamespace() {
        Setup s = setup();
        Api.Reply wrongCluster = api.post(
                "/v1/configmap/createK8sConfigMap",
                s.tenant().token(),
                body(s.envId(), "local", s.namespace(), "cm", Map.of("k", "v")));
        assertFailure(wrongCluster, 400, "clusterName: 须为环境导入的集群 " + cluster.resourceName());
        assertField(wrongCluster, "clusterName");

        Api.Reply wrongNamespace = api.post(
                "/v1/configmap/createK8sConfigMap",
                s.tenant().token(),
                body(s.envId(), cluster.resourceName(), "default", "cm", Map.of("k", "v")));
        assertFailure(wrongNamespace, 400, "namespace: 须为环境导入的命名空间 " + s.namespace());
        assertField(wrongNamespace, "namespace");

        // an environment without an imported namespace has nowhere to put it
        Api.Reply bare = api.post(
                "/v1/env/createEnv",
                s.tenant().token(),
                Map.of(
                        "projectId",
                        s.projectId(),
                        "envCode",
                        "bare",
                        "envName",
                        "空的环境",
                        "envType",
                        "TEST",
                        "resPoolId",
                        cluster.poolCode()));
        assertOk(bare);
        assertFailure(
                api.post(
                        "/v1/configmap/createK8sConfigMap",
                        s.tenant().token(),
                        body(bare.data().asString(), cluster.resourceName(), s.namespace(), "cm", Map.of("k", "v"))),
                409,
                "环境“空的环境”尚未导入集群命名空间");

        Api.Reply unknownEnv = api.post(
                "/v1/configmap/createK8sConfigMap",
                s.tenant().token(),
                body(UUID.randomUUID().toString(), cluster.resourceName(), s.namespace(), "cm", Map.of("k", "v")));
        assertFailure(unknownEnv, 404, "环境不存在");
        assertField(unknownEnv, "deployEnvId");

        assertThat(list(s.tenant().token()).get("total").asInt()).isZero();
        assertThat(cluster.client()
                        .configMaps()
                        .inNamespace(s.namespace())
                        .withName("cm")
                        .get())
                .isNull();
    }

    @Test
    void configMapNameFollowsTheManualsPattern() {
        Setup s = setup();
        for (String name : List.of("Upper", "a_b", "a.b.c", "-a", "a-", "a..b", "名字", "a b")) {
            Api.Reply refused = create(s, name, Map.of("k", "v"));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.code()).isEqualTo(500);
            assertThat(refused.msg()).startsWith("configMapName: 须符合规则 [a-z0-9]");
            assertField(refused, "configMapName");
        }
        for (String name : List.of("a", "1abc", "app-config", "app.config", "a-1.b-2")) {
            assertOk(create(s, name, Map.of("k", "v")));
            assertThat(onCluster(s, name)).isNotNull();
        }
        assertThat(list(s.tenant().token()).get("total").asInt()).isEqualTo(5);
    }

    @Test
    void keysFollowKubernetesConfigMapKeyRulesAndAreUnique() {
        Setup s = setup();
        for (String key : List.of("a b", "a/b", "键", "a:b", ".", "..")) {
            Api.Reply refused = create(s, "keys", Map.of(key, "v"));
            assertFailure(refused, 400, "items[0].name: " + KEY_RULE);
            assertField(refused, "items[0].name");
        }
        Api.Reply blank = create(s, "keys", Map.of("", "v"));
        assertThat(blank.status()).isEqualTo(400);
        assertField(blank, "items[0].name");

        Api.Reply duplicate = api.post(
                "/v1/configmap/createK8sConfigMap",
                s.tenant().token(),
                Map.of(
                        "deployEnvId",
                        s.envId(),
                        "clusterName",
                        cluster.resourceName(),
                        "namespace",
                        s.namespace(),
                        "configMapName",
                        "keys",
                        "items",
                        List.of(
                                Map.of("name", "same", "value", "1"),
                                Map.of("name", "other", "value", "2"),
                                Map.of("name", "same", "value", "3"))));
        assertFailure(duplicate, 400, "items[2].name: 键 same 重复");
        Api.Reply noItems = create(s, "keys", Map.of());
        assertFailure(noItems, 400, "items: 此属性是必填项");
        assertThat(list(s.tenant().token()).get("total").asInt()).isZero();
        assertThat(onCluster(s, "keys")).isNull();

        assertOk(create(s, "keys", Map.of("-._aZ09", "v", "a.b-c_d", "w")));
        assertThat(onCluster(s, "keys").getData()).containsOnlyKeys("-._aZ09", "a.b-c_d");
    }

    @Test
    void aNameTakenInTheNamespaceIsRefusedWith409() {
        Setup s = setup();
        String first = create(s, "taken", Map.of("k", "first")).data().asString();
        assertFailure(create(s, "taken", Map.of("k", "second")), 409, "命名空间 " + s.namespace() + " 中已存在配置项 taken");
        assertThat(onCluster(s, "taken").getData()).containsEntry("k", "first");

        // one made on the cluster without MSAP is not overwritten
        cluster.client()
                .configMaps()
                .inNamespace(s.namespace())
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("foreign")
                        .withNamespace(s.namespace())
                        .endMetadata()
                        .withData(Map.of("owner", "someone else"))
                        .build())
                .create();
        assertFailure(
                create(s, "foreign", Map.of("owner", "msap")),
                409,
                "集群的命名空间 " + s.namespace() + " 中已存在不由 MSAP 管理的配置项 foreign");
        ConfigMap foreign = onCluster(s, "foreign");
        assertThat(foreign.getData()).containsExactlyEntriesOf(Map.of("owner", "someone else"));
        assertThat(foreign.getMetadata().getLabels()).isNullOrEmpty();

        List<String> ids = new ArrayList<>();
        list(s.tenant().token())
                .get("list")
                .forEach(r -> ids.add(r.get("configMapId").asString()));
        assertThat(ids).containsExactly(first);
    }

    // ---- updateK8sConfigMap, deleteK8sConfigMap -------------------------------------------------------------------

    @Test
    void updateReplacesTheItemsOnTheClusterAndInTheList() {
        Setup s = setup();
        String id = create(s, "replaced", Map.of("a", "1", "b", "2")).data().asString();

        Api.Reply updated = update(s.tenant().token(), id, Map.of("b", "3", "c", "4"));
        assertTrue(updated);
        ConfigMap onCluster = onCluster(s, "replaced");
        assertThat(onCluster.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("b", "3", "c", "4"));
        assertThat(onCluster.getMetadata().getLabels()).containsEntry("msap.io/configmap-id", id);
        JsonNode row = list(s.tenant().token()).get("list").get(0);
        assertThat(itemRows(row.get("items"))).containsExactlyInAnyOrder("b=3 @b", "c=4 @c");

        // repeating the same call is harmless
        assertTrue(update(s.tenant().token(), id, Map.of("b", "3", "c", "4")));
        assertThat(onCluster(s, "replaced").getData()).containsExactlyInAnyOrderEntriesOf(Map.of("b", "3", "c", "4"));

        assertFailure(update(s.tenant().token(), id, Map.of("bad key", "x")), 400, "items[0].name: " + KEY_RULE);
        assertFailure(update(s.tenant().token(), id, Map.of()), 400, "items: 此属性是必填项");
        for (String unknown : List.of(UUID.randomUUID().toString(), "not-an-id")) {
            Api.Reply missing = update(s.tenant().token(), unknown, Map.of("k", "v"));
            assertFailure(missing, 404, NOT_FOUND);
            assertField(missing, "configMapId");
        }
        assertThat(onCluster(s, "replaced").getData()).containsExactlyInAnyOrderEntriesOf(Map.of("b", "3", "c", "4"));
    }

    @Test
    void deleteRemovesTheConfigMapFromTheClusterAndTheList() {
        Setup s = setup();
        String doomed = create(s, "doomed", Map.of("k", "v")).data().asString();
        String kept = create(s, "kept", Map.of("k", "v")).data().asString();

        assertTrue(delete(s.tenant().token(), doomed));
        assertThat(onCluster(s, "doomed")).isNull();
        assertThat(onCluster(s, "kept")).isNotNull();
        List<String> ids = new ArrayList<>();
        list(s.tenant().token())
                .get("list")
                .forEach(r -> ids.add(r.get("configMapId").asString()));
        assertThat(ids).containsExactly(kept);

        Api.Reply again = delete(s.tenant().token(), doomed);
        assertFailure(again, 404, NOT_FOUND);
        assertField(again, "configMapId");
        assertFailure(update(s.tenant().token(), doomed, Map.of("k", "v")), 404, NOT_FOUND);
        assertFailure(delete(s.tenant().token(), UUID.randomUUID().toString()), 404, NOT_FOUND);

        // the name is free again
        assertOk(create(s, "doomed", Map.of("k", "again")));
        assertThat(onCluster(s, "doomed").getData()).containsEntry("k", "again");
    }

    // ---- listK8sConfigMaps --------------------------------------------------------------------------------------

    @Test
    void listFiltersByNameAndEnvironmentNameFuzzilyAndPages() {
        Setup s = setup();
        String otherNamespace = "cm-other-" + suffix();
        assertDone(api.post(
                "/v1/env/createK8sNameSpace",
                s.tenant().token(),
                Map.of("instId", cluster.instId(), "namespaceName", otherNamespace)));
        Api.Reply otherEnv = api.post(
                "/v1/env/createEnv",
                s.tenant().token(),
                Map.of(
                        "projectId",
                        s.projectId(),
                        "envCode",
                        "prod",
                        "envName",
                        "Production 生产",
                        "envType",
                        "ONLINE",
                        "resPoolId",
                        cluster.poolCode()));
        assertOk(otherEnv);
        String prodEnv = otherEnv.data().asString();
        assertDone(api.post(
                "/v1/env/importResource",
                s.tenant().token(),
                Map.of(
                        "envId",
                        prodEnv,
                        "resourceList",
                        List.of(Map.of("instId", cluster.instId(), "k8sNameSpace", otherNamespace)))));

        List<String> testIds = new ArrayList<>();
        for (String name : List.of("orders-config", "payments-config", "gateway-routes")) {
            testIds.add(create(s, name, Map.of("k", name)).data().asString());
        }
        Api.Reply prodCreated = api.post(
                "/v1/configmap/createK8sConfigMap",
                s.tenant().token(),
                body(prodEnv, cluster.resourceName(), otherNamespace, "orders-config", Map.of("k", "prod")));
        assertOk(prodCreated);
        String prodId = prodCreated.data().asString();
        String token = s.tenant().token();

        // newest first
        assertThat(ids(list(token))).containsExactly(prodId, testIds.get(2), testIds.get(1), testIds.get(0));
        assertThat(ids(list(token, "configMapName", "CONFIG"))).containsExactly(prodId, testIds.get(1), testIds.get(0));
        assertThat(ids(list(token, "configMapName", "orders"))).containsExactly(prodId, testIds.get(0));
        assertThat(ids(list(token, "deployEnvName", "production"))).containsExactly(prodId);
        assertThat(ids(list(token, "deployEnvName", "生产"))).containsExactly(prodId);
        assertThat(ids(list(token, "deployEnvName", s.envName().substring(2))))
                .containsExactly(testIds.get(2), testIds.get(1), testIds.get(0));
        assertThat(ids(list(token, "deployEnvName", "Production", "configMapName", "routes")))
                .isEmpty();
        assertThat(ids(list(token, "configMapName", "%"))).isEmpty();
        assertThat(ids(list(token, "configMapName", "_"))).isEmpty();
        assertThat(ids(list(token, "deployEnvName", "no such environment"))).isEmpty();
        JsonNode prodRow =
                list(token, "deployEnvName", "production").get("list").get(0);
        assertThat(prodRow.get("deployEnvCode").asString()).isEqualTo("prod");
        assertThat(prodRow.get("deployEnvName").asString()).isEqualTo("Production 生产");
        assertThat(prodRow.get("namespace").asString()).isEqualTo(otherNamespace);

        JsonNode first = list(token, "pageNum", 1, "pageSize", 3);
        assertThat(ids(first)).containsExactly(prodId, testIds.get(2), testIds.get(1));
        assertThat(first.get("total").asInt()).isEqualTo(4);
        assertThat(first.get("pages").asInt()).isEqualTo(2);
        assertThat(first.get("pageNum").asInt()).isEqualTo(1);
        assertThat(first.get("pageSize").asInt()).isEqualTo(3);
        assertThat(first.get("size").asInt()).isEqualTo(3);
        assertThat(first.get("hasNextPage").asBoolean()).isTrue();
        assertThat(first.get("isFirstPage").asBoolean()).isTrue();
        JsonNode second = list(token, "pageNum", "2", "pageSize", "3");
        assertThat(ids(second)).containsExactly(testIds.get(0));
        assertThat(second.get("isLastPage").asBoolean()).isTrue();
        assertThat(second.get("hasPreviousPage").asBoolean()).isTrue();
        assertThat(second.get("startRow").asInt()).isEqualTo(4);
        assertThat(second.get("endRow").asInt()).isEqualTo(4);
        JsonNode past = list(token, "pageNum", 5, "pageSize", 3);
        assertThat(ids(past)).isEmpty();
        assertThat(past.get("total").asInt()).isEqualTo(4);
        assertThat(list(token).get("pageSize").asInt()).isEqualTo(10);
        assertFailure(api.get("/v1/configmap/listK8sConfigMaps", token, "pageNum", 0), 400, "pageNum: 必须大于等于 1");
    }

    @Test
    void listShowsOnlyTheProjectsTheCallerCanSee() {
        Setup s = setup();
        String mine = create(s, "visible", Map.of("k", "v")).data().asString();
        Setup otherProject = setup(s.tenant());
        String hidden = create(otherProject, "hidden", Map.of("k", "v")).data().asString();

        assertThat(ids(list(s.tenant().token()))).containsExactlyInAnyOrder(mine, hidden);
        User member = fixtures.subAccount(s.tenant().token());
        fixtures.member(s.tenant().token(), s.projectId(), member, VIEWER);
        assertThat(ids(list(member.token()))).containsExactly(mine);
        User nobody = fixtures.subAccount(s.tenant().token());
        JsonNode none = list(nobody.token());
        assertThat(ids(none)).isEmpty();
        assertThat(none.get("total").asInt()).isZero();

        User stranger = fixtures.tenant();
        assertThat(ids(list(stranger.token()))).isEmpty();
        // nor can they touch it
        assertFailure(update(member.token(), hidden, Map.of("k", "x")), 404, NOT_FOUND);
        assertFailure(delete(stranger.token(), mine), 404, NOT_FOUND);
        assertFailure(update(stranger.token(), mine, Map.of("k", "x")), 404, NOT_FOUND);
        Api.Reply create = api.post(
                "/v1/configmap/createK8sConfigMap",
                stranger.token(),
                body(s.envId(), cluster.resourceName(), s.namespace(), "intruder", Map.of("k", "v")));
        assertFailure(create, 404, "环境不存在");
        assertField(create, "deployEnvId");
        assertThat(onCluster(s, "intruder")).isNull();
        assertThat(onCluster(s, "visible").getData()).containsEntry("k", "v");
    }

    // ---- roles ----------------------------------------------------------------------------------------------------

    @Test
    void developersTestersAndViewersListButOnlyProjectAdminsAndOperatorsChange() {
        Setup s = setup();
        String id = create(s, "guarded", Map.of("k", "v")).data().asString();
        for (int role : List.of(DEVELOPER, TESTER, VIEWER)) {
            User user = fixtures.subAccount(s.tenant().token());
            fixtures.member(s.tenant().token(), s.projectId(), user, role);
            String token = user.token();
            assertThat(ids(list(token))).containsExactly(id);
            String name = "by-role-" + role;
            assertFailure(
                    api.post(
                            "/v1/configmap/createK8sConfigMap",
                            token,
                            body(s.envId(), cluster.resourceName(), s.namespace(), name, Map.of("k", "v"))),
                    403,
                    MANAGE_REFUSED);
            assertThat(onCluster(s, name)).isNull();
            assertFailure(update(token, id, Map.of("k", "changed")), 403, MANAGE_REFUSED);
            assertFailure(delete(token, id), 403, MANAGE_REFUSED);
        }
        assertThat(onCluster(s, "guarded").getData()).containsExactlyEntriesOf(Map.of("k", "v"));
        assertThat(ids(list(s.tenant().token()))).containsExactly(id);

        for (int role : List.of(PROJECT_ADMIN, OPERATOR)) {
            User user = fixtures.subAccount(s.tenant().token());
            fixtures.member(s.tenant().token(), s.projectId(), user, role);
            String token = user.token();
            String name = "by-role-" + role;
            if (role == OPERATOR) {
                // an operator changes an environment's ConfigMaps only with the environment's data permission
                assertFailure(
                        api.post(
                                "/v1/configmap/createK8sConfigMap",
                                token,
                                body(s.envId(), cluster.resourceName(), s.namespace(), name, Map.of("k", "v"))),
                        403,
                        "没有权限：需要该环境的数据权限才能管理配置项（项目管理员或运维人员），请联系项目管理员授权");
                assertOk(api.post(
                        "/v1/data/authorize/authorizeEnv",
                        s.tenant().token(),
                        Map.of("envId", s.envId(), "projectId", s.projectId(), "userIds", List.of(user.userId()))));
            }
            Api.Reply created = api.post(
                    "/v1/configmap/createK8sConfigMap",
                    token,
                    body(s.envId(), cluster.resourceName(), s.namespace(), name, Map.of("k", "v")));
            assertOk(created);
            assertTrue(update(token, created.data().asString(), Map.of("k", "changed")));
            assertThat(onCluster(s, name).getData()).containsEntry("k", "changed");
            assertTrue(delete(token, created.data().asString()));
            assertThat(onCluster(s, name)).isNull();
        }
    }

    @Test
    void keyRulesComeBeforeNotFoundAndPermission() {
        Setup s = setup();
        String id = create(s, "ordered", Map.of("k", "v")).data().asString();
        User viewer = fixtures.subAccount(s.tenant().token());
        fixtures.member(s.tenant().token(), s.projectId(), viewer, VIEWER);
        User stranger = fixtures.tenant();
        Map<String, Object> duplicateKeys = Map.of(
                "deployEnvId",
                s.envId(),
                "clusterName",
                cluster.resourceName(),
                "namespace",
                s.namespace(),
                "configMapName",
                "ordered-too",
                "items",
                List.of(Map.of("name", "same", "value", "1"), Map.of("name", "same", "value", "2")));
        for (User user : List.of(viewer, stranger)) {
            assertFailure(
                    api.post("/v1/configmap/createK8sConfigMap", user.token(), duplicateKeys),
                    400,
                    "items[1].name: 键 same 重复");
            assertFailure(update(user.token(), id, Map.of(".", "v")), 400, "items[0].name: " + KEY_RULE);
            assertFailure(
                    update(user.token(), UUID.randomUUID().toString(), Map.of("..", "v")),
                    400,
                    "items[0].name: " + KEY_RULE);
        }
        assertThat(onCluster(s, "ordered").getData()).containsExactlyEntriesOf(Map.of("k", "v"));
        assertThat(onCluster(s, "ordered-too")).isNull();
    }

    // ---- an unreachable cluster ------------------------------------------------------------------------------------

    @Test
    void anUnreachableClusterGives503AndLeavesTheRecordsUnchanged() {
        try (TestCluster doomed = TestCluster.register(api, ADMIN_TOKEN)) {
            User tenant = fixtures.tenant();
            doomed.grantTo(api, ADMIN_TOKEN, tenant.userId());
            String projectId = fixtures.project(tenant.token());
            String namespace = "down-" + suffix();
            assertDone(api.post(
                    "/v1/env/createK8sNameSpace",
                    tenant.token(),
                    Map.of("instId", doomed.instId(), "namespaceName", namespace)));
            Api.Reply env = api.post(
                    "/v1/env/createEnv",
                    tenant.token(),
                    Map.of(
                            "projectId",
                            projectId,
                            "envCode",
                            "down",
                            "envName",
                            "断开的环境",
                            "envType",
                            "TEST",
                            "resPoolId",
                            doomed.poolCode()));
            assertOk(env);
            String envId = env.data().asString();
            assertDone(api.post(
                    "/v1/env/importResource",
                    tenant.token(),
                    Map.of(
                            "envId",
                            envId,
                            "resourceList",
                            List.of(Map.of("instId", doomed.instId(), "k8sNameSpace", namespace)))));
            Api.Reply created = api.post(
                    "/v1/configmap/createK8sConfigMap",
                    tenant.token(),
                    body(envId, doomed.resourceName(), namespace, "settings", Map.of("k", "before")));
            assertOk(created);
            String id = created.data().asString();

            doomed.stop();

            long start = System.nanoTime();
            assertFailureStartingWith(
                    api.post(
                            "/v1/configmap/createK8sConfigMap",
                            tenant.token(),
                            body(envId, doomed.resourceName(), namespace, "more", Map.of("k", "v"))),
                    503,
                    "集群不可达");
            assertFailureStartingWith(update(tenant.token(), id, Map.of("k", "after")), 503, "集群不可达");
            assertFailureStartingWith(delete(tenant.token(), id), 503, "集群不可达");
            assertThat(System.nanoTime() - start)
                    .isLessThan(java.time.Duration.ofSeconds(30).toNanos());

            JsonNode page = list(tenant.token());
            assertThat(ids(page)).containsExactly(id);
            assertThat(itemRows(page.get("list").get(0).get("items"))).containsExactly("k=before @k");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    private Setup setup() {
        User tenant = fixtures.tenant();
        cluster.grantTo(api, ADMIN_TOKEN, tenant.userId());
        return setup(tenant);
    }

    /** A new project of the tenant with an environment importing a new namespace of the class's cluster. */
    private Setup setup(User tenant) {
        String projectId = fixtures.project(tenant.token());
        String namespace = "cm-" + suffix();
        assertDone(api.post(
                "/v1/env/createK8sNameSpace",
                tenant.token(),
                Map.of("instId", cluster.instId(), "namespaceName", namespace)));
        String envCode = "env-" + suffix();
        String envName = "测试环境 " + suffix();
        Api.Reply env = api.post(
                "/v1/env/createEnv",
                tenant.token(),
                Map.of(
                        "projectId",
                        projectId,
                        "envCode",
                        envCode,
                        "envName",
                        envName,
                        "envType",
                        "TEST",
                        "resPoolId",
                        cluster.poolCode()));
        assertOk(env);
        String envId = env.data().asString();
        assertDone(api.post(
                "/v1/env/importResource",
                tenant.token(),
                Map.of(
                        "envId",
                        envId,
                        "resourceList",
                        List.of(Map.of("instId", cluster.instId(), "k8sNameSpace", namespace)))));
        return new Setup(tenant, projectId, envId, envCode, envName, namespace);
    }

    private static Map<String, Object> body(
            String envId, String clusterName, String namespace, String name, Map<String, String> data) {
        List<Map<String, String>> items = new ArrayList<>();
        data.forEach((k, v) -> items.add(Map.of("name", k, "value", v)));
        return Map.of(
                "deployEnvId",
                envId,
                "clusterName",
                clusterName,
                "namespace",
                namespace,
                "configMapName",
                name,
                "items",
                items);
    }

    private Api.Reply create(Setup s, String name, Map<String, String> data) {
        return api.post(
                "/v1/configmap/createK8sConfigMap",
                s.tenant().token(),
                body(s.envId(), cluster.resourceName(), s.namespace(), name, data));
    }

    private Api.Reply update(String token, String configMapId, Map<String, String> data) {
        List<Map<String, String>> items = new ArrayList<>();
        data.forEach((k, v) -> items.add(Map.of("name", k, "value", v)));
        return api.post("/v1/configmap/updateK8sConfigMap", token, Map.of("configMapId", configMapId, "items", items));
    }

    private Api.Reply delete(String token, String configMapId) {
        return api.post("/v1/configmap/deleteK8sConfigMap", token, Map.of("configMapId", configMapId));
    }

    private JsonNode list(String token, Object... params) {
        Api.Reply reply = api.get("/v1/configmap/listK8sConfigMaps", token, params);
        assertOk(reply);
        return reply.data();
    }

    private static ConfigMap onCluster(Setup s, String name) {
        return cluster.client()
                .configMaps()
                .inNamespace(s.namespace())
                .withName(name)
                .get();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("list").forEach(r -> ids.add(r.get("configMapId").asString()));
        return ids;
    }

    private static List<String> itemRows(JsonNode items) {
        List<String> rows = new ArrayList<>();
        items.forEach(i -> rows.add(i.get("name").asString() + "="
                + i.get("value").asString() + " @" + i.get("storagePath").asString()));
        return rows;
    }
}
