package io.msap.release;

import static io.msap.test.Replies.assertDone;
import static io.msap.test.Replies.assertOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.msap.test.Api;
import io.msap.test.Fixtures.User;
import io.msap.test.IntegrationTest;
import io.msap.test.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

/**
 * What the release integration tests share: a kube-sim each test class registers and reads with its own client, a
 * tenant with a project and an environment importing a fresh namespace of it, request bodies for deploys, and a wait
 * for a change order to finish (polling getChangeOrderInfo with a deadline, as a user's script would).
 */
abstract class ReleaseTestBase extends IntegrationTest {

    static final String INST = "/v1/app/inst/";
    static final String BUSY = "应用正在变更中，请等待变更完成";
    static final String DEPLOYMENT_NOT_FOUND = "应用部署不存在";
    static final String ORDER_NOT_FOUND = "变更记录不存在";
    static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "ABORTED");
    static final Duration DEADLINE = Duration.ofSeconds(40);

    static TestCluster cluster;

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
    record Setup(
            TestCluster cluster,
            User tenant,
            String projectId,
            String envId,
            String envCode,
            String envName,
            String namespace) {

        String token() {
            return tenant.token();
        }
    }

    /** An application deployed once: its app, app deployment and the change order of the deploy. */
    record Deployed(String appId, String appDeployId, String changeOrderId, String name, String code) {}

    static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    Setup setup() {
        return setup(cluster);
    }

    /** A new tenant allowed on {@code on}'s pool, with a project and an environment importing a new namespace. */
    Setup setup(TestCluster on) {
        User tenant = fixtures.tenant();
        on.grantTo(api, ADMIN_TOKEN, tenant.userId());
        return setup(on, tenant, fixtures.project(tenant.token()));
    }

    /** Another environment of the tenant's project, importing a new namespace of {@code on}. */
    Setup setup(TestCluster on, User tenant, String projectId) {
        String namespace = "rel-" + suffix();
        assertDone(api.post(
                "/v1/env/createK8sNameSpace",
                tenant.token(),
                Map.of("instId", on.instId(), "namespaceName", namespace)));
        String envCode = "env-" + suffix();
        String envName = "发布环境 " + suffix();
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
                        on.poolCode()));
        assertOk(env);
        String envId = env.data().asString();
        assertDone(api.post(
                "/v1/env/importResource",
                tenant.token(),
                Map.of(
                        "envId",
                        envId,
                        "resourceList",
                        List.of(Map.of("instId", on.instId(), "k8sNameSpace", namespace)))));
        return new Setup(on, tenant, projectId, envId, envCode, envName, namespace);
    }

    /** A ConfigMap of the environment; returns its id. */
    String configMap(Setup s, String name, Map<String, String> data) {
        List<Map<String, String>> items = new ArrayList<>();
        data.forEach((k, v) -> items.add(Map.of("name", k, "value", v)));
        Api.Reply created = api.post(
                "/v1/configmap/createK8sConfigMap",
                s.token(),
                Map.of(
                        "deployEnvId",
                        s.envId(),
                        "clusterName",
                        s.cluster().resourceName(),
                        "namespace",
                        s.namespace(),
                        "configMapName",
                        name,
                        "items",
                        items));
        assertOk(created);
        return created.data().asString();
    }

    /** A register centre in the pool of {@code s}'s cluster (as the platform operator); returns its instId. */
    String registerCentre(Setup s, String type, String address) {
        Api.Reply registered = api.post(
                "/v1/admin/registerMse",
                ADMIN_TOKEN,
                Map.of(
                        "resPoolCode",
                        s.cluster().poolCode(),
                        "resourceName",
                        "mse-" + suffix(),
                        "spec",
                        "测试版",
                        "type",
                        type,
                        "address",
                        address));
        assertOk(registered);
        return registered.data().asString();
    }

    // ---- request bodies ----

    /** The body of createMicroserviceApplication for an IMAGE deploy of one pod. */
    static Map<String, Object> microservice(Setup s, String name, String image) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("projectId", s.projectId());
        body.put("name", name);
        body.put("category", "MICRO_SERVICE");
        body.put("clusterType", "KUBERNETES");
        body.put("type", "PACKAGE");
        body.put("language", "Java");
        body.put("origin", "IMAGE");
        body.put("description", "made by a release test");
        body.put("deployEnvId", s.envId());
        body.put("deploySource", "IMAGE");
        body.put("deployVer", "v1");
        body.put("packageVer", "1.0.0");
        body.put("podNum", 1);
        body.put(
                "podResourceSpec", Map.of("cpuRequest", 0.1, "cpuLimit", 0.2, "memoryRequest", 64, "memoryLimit", 128));
        body.put("runtimeEnvCode", "java");
        body.put("runtimeEnvVer", "17");
        body.put("imageUrl", image);
        body.put("timeout", 30);
        return body;
    }

    /** The body of deployK8sApplication for an IMAGE deploy of one pod. */
    static Map<String, Object> deploy(String appId, String envId, String image, String deployVer) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("appId", appId);
        body.put("deployEnvId", envId);
        body.put("deploySource", "IMAGE");
        body.put("deployVer", deployVer);
        body.put("packageVer", "1.0.0");
        body.put("podNum", 1);
        body.put("runtimeEnvCode", "java");
        body.put("runtimeEnvVer", "17");
        body.put("imageUrl", image);
        body.put("timeout", 30);
        return body;
    }

    static String image(String name, String tag) {
        return "registry.example.com/msap-it/" + name + ":" + tag;
    }

    // ---- calls ----

    /** createMicroserviceApplication, accepted: returns {appId, changeOrderId}. */
    JsonNode createMicroservice(String token, Map<String, Object> body) {
        Api.Reply created = api.post("/v1/app/createMicroserviceApplication", token, body);
        assertOk(created);
        assertThat(created.data().propertyNames()).containsExactlyInAnyOrder("appId", "changeOrderId");
        return created.data();
    }

    /** Creates a microservice app of one pod and waits until its first deploy succeeded. */
    Deployed deployed(Setup s, String image) {
        return deployed(s, microservice(s, "app" + suffix(), image));
    }

    Deployed deployed(Setup s, Map<String, Object> body) {
        JsonNode created = createMicroservice(s.token(), body);
        String changeOrderId = created.get("changeOrderId").asString();
        JsonNode info = awaitSucceeded(s.token(), changeOrderId);
        String name = (String) body.get("name");
        return new Deployed(
                created.get("appId").asString(),
                info.get("appDeployId").asString(),
                changeOrderId,
                name,
                name.toLowerCase(Locale.ROOT));
    }

    /** A POST of 5.3 that starts a change order: 200 with the new changeOrderId. */
    String change(String token, String operation, Map<String, Object> body) {
        Api.Reply reply = api.post(INST + operation, token, body);
        assertOk(reply);
        assertThat(reply.data().isString()).as(reply.toString()).isTrue();
        return reply.data().asString();
    }

    /** A deploy (deployK8sApplication) accepted: the new changeOrderId. */
    String deployChange(String token, Map<String, Object> body) {
        Api.Reply reply = api.post(INST + "deployK8sApplication", token, body);
        assertOk(reply);
        return reply.data().get("changeOrderId").asString();
    }

    JsonNode info(String token, String changeOrderId) {
        Api.Reply reply = api.get(INST + "getChangeOrderInfo", token, "changeOrderId", changeOrderId);
        assertOk(reply);
        return reply.data();
    }

    /** Polls getChangeOrderInfo until the change order has finished, within {@link #DEADLINE}. */
    JsonNode await(String token, String changeOrderId) {
        return await(token, changeOrderId, DEADLINE);
    }

    JsonNode await(String token, String changeOrderId, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        JsonNode info = info(token, changeOrderId);
        while (!TERMINAL.contains(info.get("executeStatus").asString())) {
            if (System.nanoTime() > end) {
                fail("change order " + changeOrderId + " did not finish within " + deadline + ": " + info);
            }
            sleep(150);
            info = info(token, changeOrderId);
        }
        return info;
    }

    JsonNode awaitSucceeded(String token, String changeOrderId) {
        JsonNode info = await(token, changeOrderId);
        assertThat(info.get("executeStatus").asString()).as(info.toString()).isEqualTo("SUCCEEDED");
        return info;
    }

    JsonNode awaitFailed(String token, String changeOrderId, Duration deadline) {
        JsonNode info = await(token, changeOrderId, deadline);
        assertThat(info.get("executeStatus").asString()).as(info.toString()).isEqualTo("FAILED");
        return info;
    }

    /** Runs an operation and waits until it succeeded; returns the change order's info. */
    JsonNode operate(String token, String operation, Map<String, Object> body) {
        return awaitSucceeded(token, change(token, operation, body));
    }

    JsonNode read(String token, String operation, Object... params) {
        Api.Reply reply = api.get(INST + operation, token, params);
        assertOk(reply);
        return reply.data();
    }

    JsonNode detail(String token, String appDeployId) {
        return read(token, "getK8sApplication", "appDeployId", appDeployId);
    }

    JsonNode recent(String token, String appDeployId, Object... paging) {
        Object[] params = new Object[paging.length + 2];
        params[0] = "appDeployId";
        params[1] = appDeployId;
        System.arraycopy(paging, 0, params, 2, paging.length);
        return read(token, "listRecentChangeOrder", params);
    }

    static List<String> ids(JsonNode rows, String field) {
        List<String> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.get(field).asString()));
        return ids;
    }

    // ---- the cluster ----

    static Deployment deploymentOn(Setup s, String code) {
        return s.cluster()
                .client()
                .apps()
                .deployments()
                .inNamespace(s.namespace())
                .withName(code)
                .get();
    }

    /** The app deployment's pods on the cluster, by name. */
    static List<Pod> podsOn(Setup s, String code) {
        return s
                .cluster()
                .client()
                .pods()
                .inNamespace(s.namespace())
                .withLabel("app.kubernetes.io/name", code)
                .list()
                .getItems()
                .stream()
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .toList();
    }

    static List<String> podNames(Setup s, String code) {
        return podsOn(s, code).stream().map(p -> p.getMetadata().getName()).toList();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
