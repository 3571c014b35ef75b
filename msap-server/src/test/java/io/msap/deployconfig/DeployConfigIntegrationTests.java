package io.msap.deployconfig;

import static io.msap.test.Fixtures.DEVELOPER;
import static io.msap.test.Fixtures.OPERATOR;
import static io.msap.test.Fixtures.PROJECT_ADMIN;
import static io.msap.test.Fixtures.TESTER;
import static io.msap.test.Fixtures.VIEWER;
import static io.msap.test.Replies.assertFailure;
import static io.msap.test.Replies.assertField;
import static io.msap.test.Replies.assertOk;
import static io.msap.test.Replies.assertTrue;
import static io.msap.test.Replies.fields;
import static io.msap.test.Replies.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msap.shared.Failure;
import io.msap.shared.MsapException;
import io.msap.test.Api;
import io.msap.test.Fixtures.User;
import io.msap.test.IntegrationTest;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * Manual 5.5 over HTTP: createDeployConfig, deleteDeployConfig, getDeployConfig, listDeployConfig, updateEnvVariable
 * and updatePodResourceSpec, field by field; every validation rule; names unique per application and environment;
 * general applications only; ids of other projects and tenants; roles with and without data grants; audit records.
 * Also the public API the release module uses, {@link DeployConfigService#defaultsFor}, and deleting an application.
 */
class DeployConfigIntegrationTests extends IntegrationTest {

    private static final String BASE = "/v1/image/deploy/configs/";
    private static final String NOT_FOUND = "部署配置不存在";
    private static final String APP_NOT_FOUND = "应用不存在";
    private static final String ENV_NOT_FOUND = "环境不存在";
    private static final String REQUIRED = "此属性是必填项";
    private static final String NO_APP_OPERATE = "没有权限：缺少“操作应用”权限";
    private static final String NO_APP_GRANT = "没有权限：需要该应用的数据权限才能操作应用，请联系项目管理员授权";
    private static final String NO_ENV_GRANT = "没有权限：需要该环境的数据权限才能部署到环境，请联系项目管理员授权";
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String WIRE_TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+00:00";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    @Autowired
    private DeployConfigService service;

    // ---- setup over the API ---------------------------------------------------------------------------------------

    /** A project with a GITHUB connection, a general application and an environment on pool {@code local}. */
    private record Setup(String projectId, String connectionId, String appId, String envId, String envName) {}

    private Setup setup() {
        return setup(ADMIN_TOKEN);
    }

    private Setup setup(String mainToken) {
        String projectId = fixtures.project(mainToken);
        String connectionId = connection(mainToken, projectId);
        String appId = app(mainToken, projectId, connectionId);
        String envName = "开发 " + unique("env");
        String envId = env(mainToken, projectId, envName);
        return new Setup(projectId, connectionId, appId, envId, envName);
    }

    private String connection(String token, String projectId) {
        Api.Reply created = api.post(
                "/v1/service/connection/createServiceConnection",
                token,
                Map.of(
                        "projectId", projectId,
                        "connectionName", unique("github"),
                        "connectionType", "GITHUB",
                        "serverUrl", "https://github.com",
                        "authType", "TOKEN",
                        "token", "tok-secret"));
        assertOk(created);
        return created.data().asString();
    }

    /** A general application (createApplication always makes GENERAL_APP); returns its appId. */
    private String app(String token, String projectId, String connectionId) {
        String name = unique("app");
        Api.Reply created = api.post(
                "/v1/app/createApplication",
                token,
                Map.of(
                        "projectId", projectId,
                        "name", name,
                        "origin", "GITHUB",
                        "codeReposAddress", "https://github.com/msap/" + name + ".git",
                        "connectionId", connectionId));
        assertOk(created);
        return created.data().asString();
    }

    private String env(String token, String projectId, String envName) {
        Api.Reply created = api.post(
                "/v1/env/createEnv",
                token,
                Map.of(
                        "projectId",
                        projectId,
                        "envCode",
                        unique("e"),
                        "envName",
                        envName,
                        "envType",
                        "DEVELOP",
                        "resPoolId",
                        "local"));
        assertOk(created);
        return created.data().asString();
    }

    /**
     * A MICRO_SERVICE application of the project, made as a user makes one: createMicroserviceApplication into an
     * environment that imports a namespace of the embedded cluster.
     */
    private String microserviceApp(String projectId) {
        Api.Reply clusters = api.get("/v1/env/getK8sCluster", ADMIN_TOKEN, "resPoolId", "local");
        assertOk(clusters);
        String instId = clusters.data().get(0).get("instId").asString();
        String namespace = unique("dc-ms-");
        assertOk(api.post(
                "/v1/env/createK8sNameSpace", ADMIN_TOKEN, Map.of("instId", instId, "namespaceName", namespace)));
        String envId = env(ADMIN_TOKEN, projectId, "微服务 " + unique("env"));
        assertOk(api.post(
                "/v1/env/importResource",
                ADMIN_TOKEN,
                Map.of("envId", envId, "resourceList", List.of(Map.of("instId", instId, "k8sNameSpace", namespace)))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("projectId", projectId);
        body.put("name", unique("ms"));
        body.put("category", "MICRO_SERVICE");
        body.put("clusterType", "KUBERNETES");
        body.put("type", "PACKAGE");
        body.put("language", "Java");
        body.put("origin", "IMAGE");
        body.put("deployEnvId", envId);
        body.put("deploySource", "IMAGE");
        body.put("deployVer", "1.0.0");
        body.put("packageVer", "1.0.0");
        body.put("podNum", 0);
        body.put("podResourceSpec", Map.of("cpuLimit", 1, "cpuRequest", 0.5, "memoryLimit", 512, "memoryRequest", 256));
        body.put("runtimeEnvCode", "java");
        body.put("runtimeEnvVer", "17");
        body.put("imageUrl", "registry.example.com/demo/ms:1.0.0");
        Api.Reply created = api.post("/v1/app/createMicroserviceApplication", ADMIN_TOKEN, body);
        assertOk(created);
        return created.data().get("appId").asString();
    }

    private void grantApp(String projectId, String appId, User user) {
        assertTrue(api.post(
                "/v1/data/authorize/authorizeApplication",
                ADMIN_TOKEN,
                Map.of("projectId", projectId, "appId", appId, "userIds", List.of(user.userId()))));
    }

    private void grantEnv(String projectId, String envId, User user) {
        assertTrue(api.post(
                "/v1/data/authorize/authorizeEnv",
                ADMIN_TOKEN,
                Map.of("projectId", projectId, "envId", envId, "userIds", List.of(user.userId()))));
    }

    /** A member of the project with these roles. */
    private User member(String projectId, Integer... roles) {
        User user = fixtures.subAccount();
        fixtures.member(projectId, user, roles);
        return user;
    }

    // ---- bodies and calls -----------------------------------------------------------------------------------------

    /** A body with every documented field set; a deep, mutable copy each time. */
    private static Map<String, Object> fullBody(String appId, String envId, String name) {
        Map<String, Object> liveness = new LinkedHashMap<>();
        liveness.put("enabled", true);
        liveness.put("mode", "HTTP_GET");
        liveness.put("exec", Map.of("command", List.of("cat", "/tmp/healthy")));
        liveness.put(
                "httpGet",
                Map.of(
                        "host", "127.0.0.1",
                        "path", "/actuator/health/liveness",
                        "port", 8080,
                        "scheme", "HTTPS",
                        "headerList", List.of(Map.of("name", "X-Probe", "value", "liveness"))));
        liveness.put("tcpSocket", Map.of("host", "127.0.0.2", "port", 8081));
        liveness.put("initialDelaySeconds", 30);
        liveness.put("periodSeconds", 10);
        liveness.put("timeoutSeconds", 3);
        liveness.put("successThreshold", 1);
        liveness.put("failureThreshold", 5);
        Map<String, Object> readiness = new LinkedHashMap<>();
        readiness.put("enabled", true);
        readiness.put("mode", "TCP_SOCKET");
        readiness.put("tcpSocket", Map.of("port", 9090));
        readiness.put("initialDelaySeconds", 5);
        readiness.put("periodSeconds", 7);
        readiness.put("timeoutSeconds", 2);
        readiness.put("successThreshold", 2);
        readiness.put("failureThreshold", 4);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("appId", appId);
        body.put("deployEnvId", envId);
        body.put("name", name);
        body.put(
                "podResourceSpec",
                Map.of("cpuLimit", 2, "cpuRequest", 0.25, "memoryLimit", 2048, "memoryRequest", 512));
        body.put(
                "startCommand",
                Map.of("command", "java", "args", List.of("-jar", "/app/app.jar", "--server.port=8080")));
        body.put(
                "envVariableList",
                List.of(
                        Map.of("name", "SPRING_PROFILES_ACTIVE", "type", "CUSTOM", "value", "dev"),
                        Map.of("name", "JAVA_OPTS", "type", "CUSTOM", "value", "-Xmx512m")));
        body.put("lifeCycleMgt", Map.of("liveness", liveness, "readiness", readiness));
        return copy(body);
    }

    /** The smallest valid body: the three required fields. */
    private static Map<String, Object> minimalBody(String appId, String envId, String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("appId", appId);
        body.put("deployEnvId", envId);
        body.put("name", name);
        return body;
    }

    private static Map<String, Object> copy(Map<String, Object> body) {
        return Api.JSON.readValue(Api.JSON.writeValueAsString(body), MAP);
    }

    /** A copy of {@code body} with the value at a dotted path replaced (null removes it). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> with(Map<String, Object> body, String path, Object value) {
        Map<String, Object> result = copy(body);
        String[] parts = path.split("\\.");
        Map<String, Object> node = result;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
        }
        if (value == null) {
            node.remove(parts[parts.length - 1]);
        } else {
            node.put(parts[parts.length - 1], value);
        }
        return result;
    }

    private Api.Reply create(String token, Map<String, ?> body) {
        return api.post(BASE + "createDeployConfig", token, body);
    }

    private String createOk(String token, Map<String, ?> body) {
        Api.Reply created = create(token, body);
        assertOk(created);
        String id = created.data().asString();
        assertThat(id).matches(UUID_PATTERN);
        return id;
    }

    private Api.Reply get(String token, String id) {
        return api.get(BASE + "getDeployConfig", token, "deployConfigId", id);
    }

    private JsonNode getOk(String token, String id) {
        Api.Reply reply = get(token, id);
        assertOk(reply);
        return reply.data();
    }

    private Api.Reply list(String token, String appId, String envId) {
        return api.get(BASE + "listDeployConfig", token, "appId", appId, "deployEnvId", envId);
    }

    private List<String> listIds(String token, String appId, String envId) {
        Api.Reply reply = list(token, appId, envId);
        assertOk(reply);
        assertThat(reply.data().isArray()).as(reply.toString()).isTrue();
        List<String> ids = new ArrayList<>();
        reply.data().forEach(row -> ids.add(row.get("id").asString()));
        return ids;
    }

    private Api.Reply delete(String token, String id) {
        return api.post(BASE + "deleteDeployConfig", token, Map.of("id", id));
    }

    private Api.Reply updateEnv(String token, String id, List<?> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("envVariableList", variables);
        return api.post(BASE + "updateEnvVariable", token, body);
    }

    private Api.Reply updatePod(String token, Map<String, ?> body) {
        return api.post(BASE + "updatePodResourceSpec", token, body);
    }

    private static Map<String, Object> flatPod(
            String id, Object cpuLimit, Object cpuRequest, Object memLimit, Object memRequest) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("cpuLimit", cpuLimit);
        body.put("cpuRequest", cpuRequest);
        body.put("memoryLimit", memLimit);
        body.put("memoryRequest", memRequest);
        return body;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.propertyNames().forEach(names::add);
        return names;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    // ---- createDeployConfig and getDeployConfig -------------------------------------------------------------------

    @Test
    void createAndGetShowEveryFieldAsConfigured() {
        Setup s = setup();
        User admin = member(s.projectId(), PROJECT_ADMIN);
        String id = createOk(admin.token(), fullBody(s.appId(), s.envId(), "default"));

        JsonNode config = getOk(admin.token(), id);
        assertThat(names(config))
                .containsExactly(
                        "appId",
                        "createStaff",
                        "createTime",
                        "deployEnvId",
                        "deployEnvName",
                        "envVariableList",
                        "id",
                        "lifeCycleMgt",
                        "name",
                        "podResourceSpec",
                        "startCommand",
                        "tenantId",
                        "updateStaff",
                        "updateTime");
        assertThat(text(config, "appId")).isEqualTo(s.appId());
        assertThat(text(config, "id")).isEqualTo(id);
        assertThat(text(config, "name")).isEqualTo("default");
        assertThat(text(config, "deployEnvId")).isEqualTo(s.envId());
        assertThat(text(config, "deployEnvName")).isEqualTo(s.envName());
        assertThat(config.get("tenantId").isNumber()).isTrue();
        assertThat(config.get("tenantId").asLong()).isEqualTo(1L);
        assertThat(text(config, "createStaff")).isEqualTo(admin.userName());
        assertThat(text(config, "updateStaff")).isEqualTo(admin.userName());
        assertThat(text(config, "createTime")).matches(WIRE_TIME);
        assertThat(text(config, "updateTime")).isEqualTo(text(config, "createTime"));

        JsonNode pod = config.get("podResourceSpec");
        assertThat(names(pod)).containsExactlyInAnyOrder("cpuLimit", "cpuRequest", "memoryLimit", "memoryRequest");
        assertThat(pod.get("cpuLimit").isNumber()).isTrue();
        assertThat(pod.get("cpuLimit").decimalValue()).isEqualByComparingTo("2");
        assertThat(pod.get("cpuLimit").toString()).isEqualTo("2");
        assertThat(pod.get("cpuRequest").toString()).isEqualTo("0.25");
        assertThat(pod.get("memoryLimit").asInt()).isEqualTo(2048);
        assertThat(pod.get("memoryRequest").asInt()).isEqualTo(512);

        JsonNode start = config.get("startCommand");
        assertThat(text(start, "command")).isEqualTo("java");
        assertThat(strings(start.get("args"))).containsExactly("-jar", "/app/app.jar", "--server.port=8080");

        JsonNode variables = config.get("envVariableList");
        assertThat(variables.size()).isEqualTo(2);
        assertThat(text(variables.get(0), "name")).isEqualTo("SPRING_PROFILES_ACTIVE");
        assertThat(text(variables.get(0), "type")).isEqualTo("CUSTOM");
        assertThat(text(variables.get(0), "value")).isEqualTo("dev");
        assertThat(text(variables.get(1), "name")).isEqualTo("JAVA_OPTS");
        assertThat(text(variables.get(1), "value")).isEqualTo("-Xmx512m");

        JsonNode liveness = config.get("lifeCycleMgt").get("liveness");
        assertThat(liveness.get("enabled").asBoolean()).isTrue();
        assertThat(text(liveness, "mode")).isEqualTo("HTTP_GET");
        assertThat(strings(liveness.get("exec").get("command"))).containsExactly("cat", "/tmp/healthy");
        JsonNode http = liveness.get("httpGet");
        assertThat(text(http, "host")).isEqualTo("127.0.0.1");
        assertThat(text(http, "path")).isEqualTo("/actuator/health/liveness");
        assertThat(http.get("port").asInt()).isEqualTo(8080);
        assertThat(text(http, "scheme")).isEqualTo("HTTPS");
        assertThat(text(http.get("headerList").get(0), "name")).isEqualTo("X-Probe");
        assertThat(text(http.get("headerList").get(0), "value")).isEqualTo("liveness");
        assertThat(text(liveness.get("tcpSocket"), "host")).isEqualTo("127.0.0.2");
        assertThat(liveness.get("tcpSocket").get("port").asInt()).isEqualTo(8081);
        assertThat(liveness.get("initialDelaySeconds").asInt()).isEqualTo(30);
        assertThat(liveness.get("periodSeconds").asInt()).isEqualTo(10);
        assertThat(liveness.get("timeoutSeconds").asInt()).isEqualTo(3);
        assertThat(liveness.get("successThreshold").asInt()).isEqualTo(1);
        assertThat(liveness.get("failureThreshold").asInt()).isEqualTo(5);

        JsonNode readiness = config.get("lifeCycleMgt").get("readiness");
        assertThat(readiness.get("enabled").asBoolean()).isTrue();
        assertThat(text(readiness, "mode")).isEqualTo("TCP_SOCKET");
        assertThat(readiness.get("tcpSocket").get("port").asInt()).isEqualTo(9090);
        assertThat(readiness.get("tcpSocket").get("host").isNull()).isTrue();
        assertThat(readiness.get("exec").isNull()).isTrue();
        assertThat(readiness.get("httpGet").isNull()).isTrue();
        assertThat(readiness.get("initialDelaySeconds").asInt()).isEqualTo(5);
        assertThat(readiness.get("periodSeconds").asInt()).isEqualTo(7);
        assertThat(readiness.get("timeoutSeconds").asInt()).isEqualTo(2);
        assertThat(readiness.get("successThreshold").asInt()).isEqualTo(2);
        assertThat(readiness.get("failureThreshold").asInt()).isEqualTo(4);

        // English answers carry the same data
        Api.Reply english = api.request("GET", BASE + "getDeployConfig")
                .token(admin.token())
                .english()
                .query("deployConfigId", id)
                .send();
        assertOk(english);
        assertThat(english.data()).isEqualTo(config);
    }

    @Test
    void theMinimalConfigurationHasOnlyItsNameAndEmptyVariables() {
        Setup s = setup();
        String id = createOk(ADMIN_TOKEN, minimalBody(s.appId(), s.envId(), "  bare  "));
        JsonNode config = getOk(ADMIN_TOKEN, id);
        assertThat(text(config, "name")).isEqualTo("bare");
        assertThat(config.get("podResourceSpec").isNull()).isTrue();
        assertThat(config.get("startCommand").isNull()).isTrue();
        assertThat(config.get("lifeCycleMgt").isNull()).isTrue();
        assertThat(config.get("envVariableList").isArray()).isTrue();
        assertThat(config.get("envVariableList").size()).isZero();
    }

    @Test
    void theManualsSpellingsAreAccepted() {
        Setup s = setup();
        // the manual prints appId as "appld"; its values come as strings in examples
        Map<String, Object> body = with(fullBody(null, s.envId(), "spelled"), "appId", null);
        body.put("appld", s.appId());
        body = with(body, "podResourceSpec.cpuLimit", "1.5");
        body = with(body, "podResourceSpec.memoryLimit", "1024");
        body = with(body, "lifeCycleMgt.liveness.enabled", "true");
        String id = createOk(ADMIN_TOKEN, body);
        JsonNode config = getOk(ADMIN_TOKEN, id);
        assertThat(text(config, "appId")).isEqualTo(s.appId());
        assertThat(config.get("podResourceSpec").get("cpuLimit").toString()).isEqualTo("1.5");
        assertThat(config.get("podResourceSpec").get("memoryLimit").asInt()).isEqualTo(1024);

        Api.Reply listed = api.get(BASE + "listDeployConfig", ADMIN_TOKEN, "appld", s.appId());
        assertOk(listed);
        assertThat(listed.data().get(0).get("id").asString()).isEqualTo(id);
        // a variable without a type is CUSTOM
        Map<String, Object> untyped = new LinkedHashMap<>();
        untyped.put("name", "PLAIN");
        untyped.put("value", "1");
        assertTrue(updateEnv(ADMIN_TOKEN, id, List.of(untyped)));
        assertThat(text(getOk(ADMIN_TOKEN, id).get("envVariableList").get(0), "type"))
                .isEqualTo("CUSTOM");
    }

    @Test
    void aDisabledProbeNeedsNoTarget() {
        Setup s = setup();
        Map<String, Object> body = minimalBody(s.appId(), s.envId(), "quiet");
        body.put("lifeCycleMgt", Map.of("liveness", Map.of("enabled", false, "periodSeconds", 20)));
        String id = createOk(ADMIN_TOKEN, body);
        JsonNode liveness = getOk(ADMIN_TOKEN, id).get("lifeCycleMgt").get("liveness");
        assertThat(liveness.get("enabled").asBoolean()).isFalse();
        assertThat(liveness.get("mode").isNull()).isTrue();
        assertThat(liveness.get("periodSeconds").asInt()).isEqualTo(20);
        assertThat(getOk(ADMIN_TOKEN, id).get("lifeCycleMgt").get("readiness").isNull())
                .isTrue();
    }

    @Test
    void eachProbeModeIsStoredWithItsTarget() {
        Setup s = setup();
        Map<String, Object> body = minimalBody(s.appId(), s.envId(), "modes");
        body.put(
                "lifeCycleMgt",
                Map.of(
                        "liveness",
                        Map.of("enabled", true, "mode", "EXEC", "exec", Map.of("command", List.of("sh", "-c", "true"))),
                        "readiness",
                        Map.of("enabled", true, "mode", "HTTP_GET", "httpGet", Map.of("port", 8080))));
        JsonNode life = getOk(ADMIN_TOKEN, createOk(ADMIN_TOKEN, body)).get("lifeCycleMgt");
        assertThat(text(life.get("liveness"), "mode")).isEqualTo("EXEC");
        assertThat(strings(life.get("liveness").get("exec").get("command"))).containsExactly("sh", "-c", "true");
        JsonNode http = life.get("readiness").get("httpGet");
        assertThat(http.get("port").asInt()).isEqualTo(8080);
        // not given: left to the deploy's defaults (path /, scheme HTTP)
        assertThat(http.get("path").isNull()).isTrue();
        assertThat(http.get("scheme").isNull()).isTrue();
        assertThat(http.get("headerList").size()).isZero();
    }

    // ---- validation ---------------------------------------------------------------------------------------------

    @Test
    void theRequiredFieldsAreNamed() {
        Api.Reply empty = create(ADMIN_TOKEN, Map.of());
        assertThat(empty.status()).as(empty.toString()).isEqualTo(400);
        assertThat(empty.code()).isEqualTo(500);
        assertThat(fields(empty)).containsExactly("appId", "deployEnvId", "name");
        assertThat(empty.msg()).isEqualTo("appId: 此属性是必填项; deployEnvId: 此属性是必填项; name: 此属性是必填项");

        Setup s = setup();
        Api.Reply blankName = create(ADMIN_TOKEN, minimalBody(s.appId(), s.envId(), "   "));
        assertFailure(blankName, 400, "name: " + REQUIRED);
        Api.Reply longName = create(ADMIN_TOKEN, minimalBody(s.appId(), s.envId(), "n".repeat(65)));
        assertFailure(longName, 400, "name: 长度不能超过 64 个字符");
        assertOk(create(ADMIN_TOKEN, minimalBody(s.appId(), s.envId(), "n".repeat(64))));
    }

    /** A rule of createDeployConfig: a change to the full body, the field named and the message. */
    private record Rule(String path, Object value, String field, String message) {}

    @Test
    void everyFieldRuleIsCheckedBeforeAnythingIsStored() {
        Setup s = setup();
        Map<String, Object> ok = fullBody(s.appId(), s.envId(), "rules");
        List<Rule> rules = List.of(
                new Rule("podResourceSpec.cpuLimit", null, "podResourceSpec.cpuLimit", REQUIRED),
                new Rule("podResourceSpec.memoryRequest", null, "podResourceSpec.memoryRequest", REQUIRED),
                new Rule("podResourceSpec.cpuLimit", 0, "podResourceSpec.cpuLimit", "不能小于 0.001"),
                new Rule("podResourceSpec.cpuLimit", 257, "podResourceSpec.cpuLimit", "不能大于 256"),
                new Rule(
                        "podResourceSpec.cpuRequest",
                        1.0005,
                        "podResourceSpec.cpuRequest",
                        "须为 CPU 核数，整数部分最多 3 位，最多 3 位小数"),
                new Rule("podResourceSpec.cpuRequest", "much", "podResourceSpec.cpuRequest", "值无效"),
                new Rule("podResourceSpec.memoryLimit", 3, "podResourceSpec.memoryLimit", "不能小于 4"),
                new Rule("podResourceSpec.memoryLimit", 1048577, "podResourceSpec.memoryLimit", "不能大于 1048576"),
                new Rule("podResourceSpec.memoryLimit", 1.5, "podResourceSpec.memoryLimit", "必须是整数"),
                new Rule(
                        "podResourceSpec.cpuRequest",
                        2.5,
                        "podResourceSpec.cpuRequest",
                        "CPU 请求值 2.5 不能大于限制值 cpuLimit 2"),
                new Rule(
                        "podResourceSpec.memoryRequest",
                        4096,
                        "podResourceSpec.memoryRequest",
                        "内存请求值 4096 MiB 不能大于限制值 memoryLimit 2048 MiB"),
                new Rule("startCommand.command", "x".repeat(1001), "startCommand.command", "长度不能超过 1000 个字符"),
                new Rule("startCommand.args", "-jar", "startCommand.args", "必须是数组"),
                new Rule(
                        "envVariableList",
                        List.of(Map.of("name", "A", "type", "SECRET", "value", "s")),
                        "envVariableList[0].type",
                        "取值无效，可选值：CUSTOM"),
                new Rule(
                        "envVariableList",
                        List.of(Map.of("name", "1ABC", "value", "v")),
                        "envVariableList[0].name",
                        "须以字母或下划线开头，只能包含字母、数字、_ . -"),
                new Rule("envVariableList", List.of(Map.of("value", "v")), "envVariableList[0].name", REQUIRED),
                new Rule(
                        "envVariableList",
                        List.of(Map.of("name", "A", "value", "1"), Map.of("name", "B"), Map.of("name", "A")),
                        "envVariableList[2].name",
                        "环境变量 A 重复"),
                new Rule(
                        "lifeCycleMgt.liveness.mode",
                        null,
                        "lifeCycleMgt.liveness.mode",
                        "开启的探针须指定模式：EXEC、HTTP_GET 或 TCP_SOCKET"),
                new Rule(
                        "lifeCycleMgt.liveness.mode",
                        "GRPC",
                        "lifeCycleMgt.liveness.mode",
                        "取值无效，可选值：EXEC, HTTP_GET, TCP_SOCKET"),
                new Rule(
                        "lifeCycleMgt.liveness.httpGet",
                        Map.of("path", "/health"),
                        "lifeCycleMgt.liveness.httpGet.port",
                        "HTTP_GET 模式的探针须提供此项"),
                new Rule(
                        "lifeCycleMgt.liveness.httpGet.scheme",
                        "FTP",
                        "lifeCycleMgt.liveness.httpGet.scheme",
                        "取值无效，可选值：HTTP, HTTPS"),
                new Rule(
                        "lifeCycleMgt.liveness.httpGet.port",
                        70000,
                        "lifeCycleMgt.liveness.httpGet.port",
                        "不能大于 65535"),
                new Rule(
                        "lifeCycleMgt.liveness.httpGet.headerList",
                        List.of(Map.of("value", "v")),
                        "lifeCycleMgt.liveness.httpGet.headerList[0].name",
                        REQUIRED),
                new Rule("lifeCycleMgt.liveness.mode", "EXEC", "lifeCycleMgt.liveness.exec.command", "EXEC 模式的探针须提供此项"),
                new Rule(
                        "lifeCycleMgt.readiness.tcpSocket",
                        Map.of("host", "db"),
                        "lifeCycleMgt.readiness.tcpSocket.port",
                        "TCP_SOCKET 模式的探针须提供此项"),
                new Rule("lifeCycleMgt.readiness.periodSeconds", 0, "lifeCycleMgt.readiness.periodSeconds", "不能小于 1"),
                new Rule(
                        "lifeCycleMgt.readiness.initialDelaySeconds",
                        -1,
                        "lifeCycleMgt.readiness.initialDelaySeconds",
                        "不能小于 0"),
                new Rule(
                        "lifeCycleMgt.readiness.failureThreshold",
                        101,
                        "lifeCycleMgt.readiness.failureThreshold",
                        "不能大于 100"),
                new Rule(
                        "lifeCycleMgt.readiness.enabled",
                        "maybe",
                        "lifeCycleMgt.readiness.enabled",
                        "必须是 true 或 false"));
        for (Rule rule : rules) {
            Map<String, Object> body = rule.path().equals("lifeCycleMgt.liveness.mode") && "EXEC".equals(rule.value())
                    ? with(with(ok, rule.path(), rule.value()), "lifeCycleMgt.liveness.exec", null)
                    : with(ok, rule.path(), rule.value());
            Api.Reply reply = create(ADMIN_TOKEN, body);
            assertFailure(reply, 400, rule.field() + ": " + rule.message());
            assertThat(fields(reply)).as(rule.toString()).containsExactly(rule.field());
        }
        assertThat(listIds(ADMIN_TOKEN, s.appId(), null)).isEmpty();

        // request equal to limit is fine; English messages name the same fields
        assertOk(create(
                ADMIN_TOKEN, with(with(ok, "podResourceSpec.cpuRequest", 2), "podResourceSpec.memoryRequest", 2048)));
        Api.Reply english = api.request("POST", BASE + "createDeployConfig")
                .token(ADMIN_TOKEN)
                .english()
                .json(with(with(ok, "name", "en"), "podResourceSpec.cpuRequest", 3))
                .send();
        assertFailure(
                english, 400, "podResourceSpec.cpuRequest: the CPU request 3 must not exceed the limit cpuLimit 2");
    }

    // ---- names, applications and environments ------------------------------------------------------------------

    @Test
    void namesAreUniquePerApplicationAndEnvironmentIgnoringCase() {
        Setup s = setup();
        String first = createOk(ADMIN_TOKEN, minimalBody(s.appId(), s.envId(), "Default"));
        Api.Reply again = create(ADMIN_TOKEN, minimalBody(s.appId(), s.envId(), " default "));
        assertFailure(again, 409, "环境 " + s.envName() + " 中已存在部署配置 default");
        Api.Reply english = api.request("POST", BASE + "createDeployConfig")
                .token(ADMIN_TOKEN)
                .english()
                .json(minimalBody(s.appId(), s.envId(), "DEFAULT"))
                .send();
        assertFailure(
                english, 409, "A deployment configuration named DEFAULT already exists in environment " + s.envName());

        // the same name in another environment and for another application of the project is fine
        String otherEnv = env(ADMIN_TOKEN, s.projectId(), "测试 " + unique("env"));
        String otherApp = app(ADMIN_TOKEN, s.projectId(), s.connectionId());
        String inOtherEnv = createOk(ADMIN_TOKEN, minimalBody(s.appId(), otherEnv, "default"));
        String ofOtherApp = createOk(ADMIN_TOKEN, minimalBody(otherApp, s.envId(), "default"));
        assertThat(List.of(first, inOtherEnv, ofOtherApp)).doesNotHaveDuplicates();

        // a deleted configuration frees its name
        assertTrue(delete(ADMIN_TOKEN, first));
        assertOk(create(ADMIN_TOKEN, minimalBody(s.appId(), s.envId(), "default")));
    }

    @Test
    void onlyGeneralApplicationsHaveDeployConfigurations() {
        Setup s = setup();
        String microservice = microserviceApp(s.projectId());
        Api.Reply refused = create(ADMIN_TOKEN, minimalBody(microservice, s.envId(), "default"));
        assertFailure(refused, 400, "appId: 应用 " + appName(microservice) + " 不是通用类型应用（GENERAL_APP），不能使用镜像部署配置");
        assertField(refused, "appId");
        assertThat(listIds(ADMIN_TOKEN, microservice, null)).isEmpty();
    }

    private String appName(String appId) {
        Api.Reply app = api.get("/v1/app/getApplication", ADMIN_TOKEN, "appId", appId);
        assertOk(app);
        return app.data().get("name").asString();
    }

    @Test
    void unknownApplicationsEnvironmentsAndConfigurationsAre404NamingTheField() {
        Setup s = setup();
        String unknown = UUID.randomUUID().toString();

        Api.Reply noApp = create(ADMIN_TOKEN, minimalBody(unknown, s.envId(), "x"));
        assertFailure(noApp, 404, APP_NOT_FOUND);
        assertField(noApp, "appId");
        Api.Reply noEnv = create(ADMIN_TOKEN, minimalBody(s.appId(), unknown, "x"));
        assertFailure(noEnv, 404, ENV_NOT_FOUND);
        assertField(noEnv, "deployEnvId");
        Api.Reply notAnId = create(ADMIN_TOKEN, minimalBody("not-an-id", s.envId(), "x"));
        assertFailure(notAnId, 404, APP_NOT_FOUND);

        // an environment of another project of the same tenant
        Setup other = setup();
        Api.Reply foreignEnv = create(ADMIN_TOKEN, minimalBody(s.appId(), other.envId(), "x"));
        assertFailure(foreignEnv, 404, ENV_NOT_FOUND);
        assertField(foreignEnv, "deployEnvId");
        Api.Reply listForeignEnv = list(ADMIN_TOKEN, s.appId(), other.envId());
        assertFailure(listForeignEnv, 404, ENV_NOT_FOUND);
        assertField(listForeignEnv, "deployEnvId");

        for (Api.Reply reply : List.of(
                get(ADMIN_TOKEN, unknown),
                get(ADMIN_TOKEN, "nonsense"),
                delete(ADMIN_TOKEN, unknown),
                updateEnv(ADMIN_TOKEN, unknown, List.of()),
                updatePod(ADMIN_TOKEN, flatPod(unknown, 1, 1, 64, 64)))) {
            assertFailure(reply, 404, NOT_FOUND);
        }
        assertField(get(ADMIN_TOKEN, unknown), "deployConfigId");
        assertField(delete(ADMIN_TOKEN, unknown), "id");
        Api.Reply english = api.request("GET", BASE + "getDeployConfig")
                .token(ADMIN_TOKEN)
                .english()
                .query("deployConfigId", unknown)
                .send();
        assertFailure(english, 404, "The deployment configuration does not exist");

        Api.Reply listUnknownApp = list(ADMIN_TOKEN, unknown, null);
        assertFailure(listUnknownApp, 404, APP_NOT_FOUND);
        assertField(listUnknownApp, "appId");
        Api.Reply listNoApp = api.get(BASE + "listDeployConfig", ADMIN_TOKEN);
        assertFailure(listNoApp, 400, "appId: " + REQUIRED);
        Api.Reply getNoId = api.get(BASE + "getDeployConfig", ADMIN_TOKEN);
        assertFailure(getNoId, 400, "deployConfigId: " + REQUIRED);
    }

    @Test
    void otherTenantsAndNonMembersSeeNothing() {
        Setup s = setup();
        String id = createOk(ADMIN_TOKEN, fullBody(s.appId(), s.envId(), "mine"));
        User stranger = fixtures.subAccount();
        User otherTenant = fixtures.tenant();
        Setup theirs = setup(otherTenant.token());

        for (String token : List.of(stranger.token(), otherTenant.token())) {
            assertFailure(get(token, id), 404, NOT_FOUND);
            assertFailure(delete(token, id), 404, NOT_FOUND);
            assertFailure(updateEnv(token, id, List.of()), 404, NOT_FOUND);
            assertFailure(updatePod(token, flatPod(id, 1, 1, 64, 64)), 404, NOT_FOUND);
            assertFailure(list(token, s.appId(), null), 404, APP_NOT_FOUND);
            assertFailure(create(token, minimalBody(s.appId(), s.envId(), "x")), 404, APP_NOT_FOUND);
        }
        // another tenant cannot combine its app with our environment
        Api.Reply mixed = create(otherTenant.token(), minimalBody(theirs.appId(), s.envId(), "x"));
        assertFailure(mixed, 404, ENV_NOT_FOUND);
        assertField(mixed, "deployEnvId");
        // nothing changed
        assertThat(getOk(ADMIN_TOKEN, id).get("envVariableList").size()).isEqualTo(2);
        assertThat(listIds(ADMIN_TOKEN, s.appId(), null)).containsExactly(id);
        assertThat(listIds(otherTenant.token(), theirs.appId(), null)).isEmpty();
    }

    // ---- listDeployConfig -----------------------------------------------------------------------------------------

    @Test
    void listShowsTheApplicationsConfigurationsNewestFirstWithoutDetails() {
        Setup s = setup();
        String otherEnvName = "测试 " + unique("env");
        String otherEnv = env(ADMIN_TOKEN, s.projectId(), otherEnvName);
        String a = createOk(ADMIN_TOKEN, fullBody(s.appId(), s.envId(), "a"));
        String b = createOk(ADMIN_TOKEN, minimalBody(s.appId(), otherEnv, "b"));
        String c = createOk(ADMIN_TOKEN, minimalBody(s.appId(), s.envId(), "c"));
        String otherApp = app(ADMIN_TOKEN, s.projectId(), s.connectionId());
        String d = createOk(ADMIN_TOKEN, minimalBody(otherApp, s.envId(), "d"));

        assertThat(listIds(ADMIN_TOKEN, s.appId(), null)).containsExactly(c, b, a);
        assertThat(listIds(ADMIN_TOKEN, s.appId(), s.envId())).containsExactly(c, a);
        assertThat(listIds(ADMIN_TOKEN, s.appId(), otherEnv)).containsExactly(b);
        assertThat(listIds(ADMIN_TOKEN, otherApp, null)).containsExactly(d);
        assertThat(listIds(ADMIN_TOKEN, otherApp, otherEnv)).isEmpty();

        Api.Reply reply = list(ADMIN_TOKEN, s.appId(), null);
        JsonNode row = reply.data().get(2);
        assertThat(names(row))
                .containsExactly(
                        "appId",
                        "createStaff",
                        "createTime",
                        "deployEnvId",
                        "deployEnvName",
                        "id",
                        "name",
                        "tenantId",
                        "updateStaff",
                        "updateTime");
        JsonNode detail = getOk(ADMIN_TOKEN, a);
        for (String field : names(row)) {
            assertThat(row.get(field)).as(field).isEqualTo(detail.get(field));
        }
        assertThat(text(reply.data().get(1), "deployEnvName")).isEqualTo(otherEnvName);
        assertThat(text(reply.data().get(1), "deployEnvId")).isEqualTo(otherEnv);
    }

    @Test
    void configurationsOfADeletedEnvironmentDisappear() {
        Setup s = setup();
        String otherEnv = env(ADMIN_TOKEN, s.projectId(), "临时 " + unique("env"));
        String kept = createOk(ADMIN_TOKEN, minimalBody(s.appId(), s.envId(), "kept"));
        String gone = createOk(ADMIN_TOKEN, minimalBody(s.appId(), otherEnv, "gone"));

        // configurations do not keep an environment
        Api.Reply deleted = api.post("/v1/env/deleteEnv", ADMIN_TOKEN, Map.of("envId", otherEnv));
        assertOk(deleted);

        assertThat(listIds(ADMIN_TOKEN, s.appId(), null)).containsExactly(kept);
        assertFailure(get(ADMIN_TOKEN, gone), 404, NOT_FOUND);
        assertFailure(updateEnv(ADMIN_TOKEN, gone, List.of()), 404, NOT_FOUND);
        assertFailure(delete(ADMIN_TOKEN, gone), 404, NOT_FOUND);
        assertFailure(list(ADMIN_TOKEN, s.appId(), otherEnv), 404, ENV_NOT_FOUND);
        assertThat(service.defaultsFor(s.appId(), s.envId(), null))
                .map(DeployDefaults::deployConfigId)
                .contains(kept);
    }

    // ---- updateEnvVariable ----------------------------------------------------------------------------------------

    @Test
    void updateEnvVariableReplacesTheVariables() {
        Setup s = setup();
        User creator = member(s.projectId(), PROJECT_ADMIN);
        String id = createOk(creator.token(), fullBody(s.appId(), s.envId(), "vars"));
        JsonNode before = getOk(ADMIN_TOKEN, id);
        User editor = member(s.projectId(), DEVELOPER);
        grantApp(s.projectId(), s.appId(), editor);
        grantEnv(s.projectId(), s.envId(), editor);

        Api.Reply updated = updateEnv(
                editor.token(),
                id,
                List.of(
                        Map.of("name", "LOG_LEVEL", "type", "CUSTOM", "value", "debug"),
                        Map.of("name", "log_level", "type", "CUSTOM", "value", "case matters"),
                        Map.of("name", "EMPTY", "type", "CUSTOM")));
        assertTrue(updated);
        JsonNode after = getOk(ADMIN_TOKEN, id);
        JsonNode variables = after.get("envVariableList");
        assertThat(variables.size()).isEqualTo(3);
        assertThat(text(variables.get(0), "name")).isEqualTo("LOG_LEVEL");
        assertThat(text(variables.get(0), "value")).isEqualTo("debug");
        assertThat(text(variables.get(1), "name")).isEqualTo("log_level");
        assertThat(text(variables.get(2), "value")).isEmpty();
        assertThat(text(after, "updateStaff")).isEqualTo(editor.userName());
        assertThat(text(after, "createStaff")).isEqualTo(creator.userName());
        assertThat(text(after, "createTime")).isEqualTo(text(before, "createTime"));
        assertThat(OffsetDateTime.parse(text(after, "updateTime")))
                .isAfter(OffsetDateTime.parse(text(before, "updateTime")));
        // everything else is as it was
        for (String field : List.of("podResourceSpec", "startCommand", "lifeCycleMgt", "name", "deployEnvId")) {
            assertThat(after.get(field)).as(field).isEqualTo(before.get(field));
        }

        // an empty list removes them all
        assertTrue(updateEnv(ADMIN_TOKEN, id, List.of()));
        assertThat(getOk(ADMIN_TOKEN, id).get("envVariableList").size()).isZero();
    }

    @Test
    void updateEnvVariableChecksItsFields() {
        Setup s = setup();
        String id = createOk(ADMIN_TOKEN, fullBody(s.appId(), s.envId(), "vars"));

        Api.Reply empty = api.post(BASE + "updateEnvVariable", ADMIN_TOKEN, Map.of());
        assertThat(empty.status()).isEqualTo(400);
        assertThat(fields(empty)).containsExactly("envVariableList", "id");
        Api.Reply noList = api.post(BASE + "updateEnvVariable", ADMIN_TOKEN, Map.of("id", id));
        assertFailure(noList, 400, "envVariableList: " + REQUIRED);
        assertFailure(
                updateEnv(ADMIN_TOKEN, id, List.of(Map.of("name", "A", "type", "SECRET", "value", "x"))),
                400,
                "envVariableList[0].type: 取值无效，可选值：CUSTOM");
        assertFailure(
                updateEnv(ADMIN_TOKEN, id, List.of(Map.of("name", "A"), Map.of("name", "A"))),
                400,
                "envVariableList[1].name: 环境变量 A 重复");
        assertFailure(
                updateEnv(ADMIN_TOKEN, id, List.of(Map.of("name", "A B"))),
                400,
                "envVariableList[0].name: 须以字母或下划线开头，只能包含字母、数字、_ . -");
        List<Map<String, String>> tooMany = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            tooMany.add(Map.of("name", "V" + i));
        }
        assertFailure(updateEnv(ADMIN_TOKEN, id, tooMany), 400, "envVariableList: 最多 200 项");
        // a failed update changes nothing
        assertThat(getOk(ADMIN_TOKEN, id).get("envVariableList").size()).isEqualTo(2);
    }

    // ---- updatePodResourceSpec ------------------------------------------------------------------------------------

    @Test
    void updatePodResourceSpecTakesTheManualsFlatFields() {
        Setup s = setup();
        String id = createOk(ADMIN_TOKEN, minimalBody(s.appId(), s.envId(), "pods"));
        assertThat(getOk(ADMIN_TOKEN, id).get("podResourceSpec").isNull()).isTrue();

        assertTrue(updatePod(ADMIN_TOKEN, flatPod(id, 10, 2.50, 4096, 1024)));
        JsonNode pod = getOk(ADMIN_TOKEN, id).get("podResourceSpec");
        assertThat(pod.get("cpuLimit").toString()).isEqualTo("10");
        assertThat(pod.get("cpuRequest").toString()).isEqualTo("2.5");
        assertThat(pod.get("memoryLimit").asInt()).isEqualTo(4096);
        assertThat(pod.get("memoryRequest").asInt()).isEqualTo(1024);

        // numeric strings as in the manual's examples, and millicores
        assertTrue(updatePod(ADMIN_TOKEN, flatPod(id, "0.5", "0.125", "256", "128")));
        pod = getOk(ADMIN_TOKEN, id).get("podResourceSpec");
        assertThat(pod.get("cpuLimit").toString()).isEqualTo("0.5");
        assertThat(pod.get("cpuRequest").toString()).isEqualTo("0.125");
        assertThat(pod.get("memoryLimit").asInt()).isEqualTo(256);

        // beyond the manual: the podResourceSpec object of createDeployConfig
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("id", id);
        nested.put(
                "podResourceSpec", Map.of("cpuLimit", 4, "cpuRequest", 1, "memoryLimit", 8192, "memoryRequest", 8192));
        assertTrue(updatePod(ADMIN_TOKEN, nested));
        pod = getOk(ADMIN_TOKEN, id).get("podResourceSpec");
        assertThat(pod.get("cpuLimit").toString()).isEqualTo("4");
        assertThat(pod.get("memoryRequest").asInt()).isEqualTo(8192);
    }

    @Test
    void updatePodResourceSpecChecksItsFields() {
        Setup s = setup();
        String id = createOk(ADMIN_TOKEN, fullBody(s.appId(), s.envId(), "pods"));

        Api.Reply empty = updatePod(ADMIN_TOKEN, Map.of());
        assertFailure(empty, 400, "id: " + REQUIRED);
        Map<String, Object> noMemory = flatPod(id, 1, 1, null, 64);
        noMemory.remove("memoryLimit");
        assertFailure(updatePod(ADMIN_TOKEN, noMemory), 400, "memoryLimit: " + REQUIRED);
        assertFailure(updatePod(ADMIN_TOKEN, Map.of("id", id)), 400, "cpuLimit: " + REQUIRED);
        assertFailure(
                updatePod(ADMIN_TOKEN, flatPod(id, 1, 1.5, 64, 64)), 400, "cpuRequest: CPU 请求值 1.5 不能大于限制值 cpuLimit 1");
        assertFailure(
                updatePod(ADMIN_TOKEN, flatPod(id, 1, 1, 64, 65)),
                400,
                "memoryRequest: 内存请求值 65 MiB 不能大于限制值 memoryLimit 64 MiB");
        assertFailure(
                updatePod(ADMIN_TOKEN, flatPod(id, 1.0001, 1, 64, 64)), 400, "cpuLimit: 须为 CPU 核数，整数部分最多 3 位，最多 3 位小数");
        assertFailure(
                updatePod(ADMIN_TOKEN, flatPod(id, 1, 1, 2, 2)), 400, "memoryLimit: 不能小于 4; memoryRequest: 不能小于 4");
        Map<String, Object> both = flatPod(id, 1, 1, 64, 64);
        both.put("podResourceSpec", Map.of("cpuLimit", 1, "cpuRequest", 1, "memoryLimit", 64, "memoryRequest", 64));
        assertFailure(
                updatePod(ADMIN_TOKEN, both),
                400,
                "podResourceSpec: 请只用一种写法：顶层的 cpuLimit、cpuRequest、memoryLimit、memoryRequest，或 podResourceSpec 对象");
        Map<String, Object> nestedMissing = new LinkedHashMap<>();
        nestedMissing.put("id", id);
        nestedMissing.put("podResourceSpec", Map.of("cpuLimit", 1, "cpuRequest", 1, "memoryLimit", 64));
        assertFailure(updatePod(ADMIN_TOKEN, nestedMissing), 400, "podResourceSpec.memoryRequest: " + REQUIRED);

        // nothing changed
        JsonNode pod = getOk(ADMIN_TOKEN, id).get("podResourceSpec");
        assertThat(pod.get("cpuLimit").toString()).isEqualTo("2");
        assertThat(pod.get("memoryLimit").asInt()).isEqualTo(2048);
    }

    // ---- deleteDeployConfig ---------------------------------------------------------------------------------------

    @Test
    void deleteRemovesTheConfiguration() {
        Setup s = setup();
        String kept = createOk(ADMIN_TOKEN, minimalBody(s.appId(), s.envId(), "kept"));
        String doomed = createOk(ADMIN_TOKEN, fullBody(s.appId(), s.envId(), "doomed"));

        assertTrue(delete(ADMIN_TOKEN, doomed));
        assertThat(listIds(ADMIN_TOKEN, s.appId(), null)).containsExactly(kept);
        Api.Reply gone = get(ADMIN_TOKEN, doomed);
        assertFailure(gone, 404, NOT_FOUND);
        assertField(gone, "deployConfigId");
        Api.Reply again = delete(ADMIN_TOKEN, doomed);
        assertFailure(again, 404, NOT_FOUND);
        assertField(again, "id");
        Api.Reply missing = api.post(BASE + "deleteDeployConfig", ADMIN_TOKEN, Map.of());
        assertFailure(missing, 400, "id: " + REQUIRED);
    }

    // ---- permissions ----------------------------------------------------------------------------------------------

    @Test
    void everyMemberReadsButViewersChangeNothing() {
        Setup s = setup();
        String id = createOk(ADMIN_TOKEN, fullBody(s.appId(), s.envId(), "shared"));
        User viewer = member(s.projectId(), VIEWER);

        assertThat(text(getOk(viewer.token(), id), "name")).isEqualTo("shared");
        assertThat(listIds(viewer.token(), s.appId(), s.envId())).containsExactly(id);

        assertFailure(create(viewer.token(), minimalBody(s.appId(), s.envId(), "mine")), 403, NO_APP_OPERATE);
        assertFailure(updateEnv(viewer.token(), id, List.of()), 403, NO_APP_OPERATE);
        assertFailure(updatePod(viewer.token(), flatPod(id, 1, 1, 64, 64)), 403, NO_APP_OPERATE);
        assertFailure(delete(viewer.token(), id), 403, NO_APP_OPERATE);
        Api.Reply english = api.request("POST", BASE + "deleteDeployConfig")
                .token(viewer.token())
                .english()
                .json(Map.of("id", id))
                .send();
        assertThat(english.status()).isEqualTo(403);
        assertThat(english.code()).isEqualTo(401);

        JsonNode after = getOk(ADMIN_TOKEN, id);
        assertThat(after.get("envVariableList").size()).isEqualTo(2);
        assertThat(after.get("podResourceSpec").get("memoryLimit").asInt()).isEqualTo(2048);
        assertThat(listIds(ADMIN_TOKEN, s.appId(), null)).containsExactly(id);
    }

    @Test
    void projectAdminsNeedNoDataGrants() {
        Setup s = setup();
        User admin = member(s.projectId(), PROJECT_ADMIN);
        String id = createOk(admin.token(), minimalBody(s.appId(), s.envId(), "admin"));
        assertTrue(updateEnv(admin.token(), id, List.of(Map.of("name", "A", "value", "1"))));
        assertTrue(updatePod(admin.token(), flatPod(id, 1, 1, 64, 64)));
        assertTrue(delete(admin.token(), id));
    }

    @ParameterizedTest
    @ValueSource(ints = {DEVELOPER, TESTER, OPERATOR})
    void membersNeedTheAppGrantAndTheEnvironmentGrant(int role) {
        Setup s = setup();
        String existing = createOk(ADMIN_TOKEN, fullBody(s.appId(), s.envId(), "existing"));
        User member = member(s.projectId(), role);

        // no grant: the app grant is missing first
        assertFailure(create(member.token(), minimalBody(s.appId(), s.envId(), "mine")), 403, NO_APP_GRANT);
        assertFailure(updateEnv(member.token(), existing, List.of()), 403, NO_APP_GRANT);
        assertFailure(updatePod(member.token(), flatPod(existing, 1, 1, 64, 64)), 403, NO_APP_GRANT);
        assertFailure(delete(member.token(), existing), 403, NO_APP_GRANT);

        // the app grant alone is not enough
        grantApp(s.projectId(), s.appId(), member);
        assertFailure(create(member.token(), minimalBody(s.appId(), s.envId(), "mine")), 403, NO_ENV_GRANT);
        assertFailure(updateEnv(member.token(), existing, List.of()), 403, NO_ENV_GRANT);
        assertFailure(updatePod(member.token(), flatPod(existing, 1, 1, 64, 64)), 403, NO_ENV_GRANT);
        assertFailure(delete(member.token(), existing), 403, NO_ENV_GRANT);
        assertThat(listIds(ADMIN_TOKEN, s.appId(), null)).containsExactly(existing);
        assertThat(getOk(ADMIN_TOKEN, existing).get("envVariableList").size()).isEqualTo(2);

        // with both grants everything works
        grantEnv(s.projectId(), s.envId(), member);
        String mine = createOk(member.token(), minimalBody(s.appId(), s.envId(), "mine"));
        assertThat(text(getOk(member.token(), mine), "createStaff")).isEqualTo(member.userName());
        assertTrue(updateEnv(member.token(), existing, List.of()));
        assertTrue(updatePod(member.token(), flatPod(existing, 1, 1, 64, 64)));
        assertTrue(delete(member.token(), existing));
        assertThat(listIds(member.token(), s.appId(), null)).containsExactly(mine);

        // grants on one environment do not reach another
        String otherEnv = env(ADMIN_TOKEN, s.projectId(), "其他 " + unique("env"));
        assertFailure(create(member.token(), minimalBody(s.appId(), otherEnv, "mine")), 403, NO_ENV_GRANT);
    }

    // ---- audit ----------------------------------------------------------------------------------------------------

    @Test
    void everyChangeIsAuditedWithoutItsBody() {
        Setup s = setup();
        String marker = "value-" + unique("m");
        Map<String, Object> body = with(
                fullBody(s.appId(), s.envId(), "audited"),
                "envVariableList",
                List.of(Map.of("name", "MARKER", "value", marker)));
        String id = createOk(ADMIN_TOKEN, body);
        assertTrue(updateEnv(ADMIN_TOKEN, id, List.of(Map.of("name", "MARKER", "value", marker + "-2"))));
        assertTrue(updatePod(ADMIN_TOKEN, flatPod(id, 1, 1, 64, 64)));
        User viewer = member(s.projectId(), VIEWER);
        assertFailure(delete(viewer.token(), id), 403, NO_APP_OPERATE);
        assertTrue(delete(ADMIN_TOKEN, id));

        Api.Reply audit = api.get("/v1/audit/listAuditLogsPage", ADMIN_TOKEN, "objectId", id, "pageSize", 100);
        assertOk(audit);
        List<String> operations = new ArrayList<>();
        audit.data().get("list").forEach(row -> {
            assertThat(text(row, "objectType")).isEqualTo("DEPLOY_CONFIG");
            assertThat(text(row, "projectId")).isEqualTo(s.projectId());
            operations.add(text(row, "operation") + " " + text(row, "result"));
        });
        assertThat(operations)
                .containsExactlyInAnyOrder(
                        "createDeployConfig SUCCESS",
                        "updateEnvVariable SUCCESS",
                        "updatePodResourceSpec SUCCESS",
                        "deleteDeployConfig FAILURE",
                        "deleteDeployConfig SUCCESS");
        assertThat(audit.text()).doesNotContain(marker);
    }

    // ---- the public API for releases and deleting applications --------------------------------------------------

    @Test
    void defaultsForTakesTheOnlyConfigurationOrTheOneNamed() {
        Setup s = setup();
        assertThat(service.defaultsFor(s.appId(), s.envId(), null)).isEmpty();

        String first = createOk(ADMIN_TOKEN, fullBody(s.appId(), s.envId(), "first"));
        Optional<DeployDefaults> only = service.defaultsFor(s.appId(), s.envId(), null);
        assertThat(only).isPresent();
        DeployDefaults defaults = only.get();
        assertThat(defaults.deployConfigId()).isEqualTo(first);
        assertThat(defaults.name()).isEqualTo("first");
        assertThat(defaults.podResourceSpec())
                .isEqualTo(new DeployDefaults.PodResourceSpec(new BigDecimal("2"), new BigDecimal("0.25"), 2048, 512));
        assertThat(defaults.startCommand())
                .isEqualTo(
                        new DeployDefaults.StartCommand("java", List.of("-jar", "/app/app.jar", "--server.port=8080")));
        assertThat(defaults.envVariableList())
                .containsExactly(
                        new DeployDefaults.EnvVariable("SPRING_PROFILES_ACTIVE", "CUSTOM", "dev"),
                        new DeployDefaults.EnvVariable("JAVA_OPTS", "CUSTOM", "-Xmx512m"));
        DeployDefaults.Probe liveness = defaults.lifeCycleMgt().liveness();
        assertThat(liveness.enabled()).isTrue();
        assertThat(liveness.mode()).isEqualTo("HTTP_GET");
        assertThat(liveness.httpGet())
                .isEqualTo(new DeployDefaults.HttpGet(
                        "127.0.0.1",
                        "/actuator/health/liveness",
                        8080,
                        "HTTPS",
                        List.of(new DeployDefaults.Header("X-Probe", "liveness"))));
        assertThat(defaults.lifeCycleMgt().readiness().tcpSocket()).isEqualTo(new DeployDefaults.TcpSocket(null, 9090));
        assertThat(defaults.lifeCycleMgt().readiness().timeoutSeconds()).isEqualTo(2);

        // two configurations: none applies unless one is named
        String second = createOk(ADMIN_TOKEN, minimalBody(s.appId(), s.envId(), "second"));
        assertThat(service.defaultsFor(s.appId(), s.envId(), null)).isEmpty();
        assertThat(service.defaultsFor(s.appId(), s.envId(), "  " + second.toUpperCase() + " "))
                .map(DeployDefaults::name)
                .contains("second");
        assertThat(service.defaultsFor(s.appId(), s.envId(), first)
                        .orElseThrow()
                        .podResourceSpec())
                .isEqualTo(defaults.podResourceSpec());
        DeployDefaults bare = service.defaultsFor(s.appId(), s.envId(), second).orElseThrow();
        assertThat(bare.podResourceSpec()).isNull();
        assertThat(bare.startCommand()).isNull();
        assertThat(bare.lifeCycleMgt()).isNull();
        assertThat(bare.envVariableList()).isEmpty();

        // a configuration of another application or environment, an unknown one, or no id at all
        String otherApp = app(ADMIN_TOKEN, s.projectId(), s.connectionId());
        String otherEnv = env(ADMIN_TOKEN, s.projectId(), "其他 " + unique("env"));
        String foreign = createOk(ADMIN_TOKEN, minimalBody(otherApp, s.envId(), "foreign"));
        assertNotFound(() -> service.defaultsFor(s.appId(), s.envId(), foreign));
        assertNotFound(() -> service.defaultsFor(s.appId(), otherEnv, first));
        assertNotFound(() ->
                service.defaultsFor(s.appId(), s.envId(), UUID.randomUUID().toString()));
        assertNotFound(() -> service.defaultsFor(s.appId(), s.envId(), "not-an-id"));
        assertThat(service.defaultsFor(otherApp, s.envId(), ""))
                .map(DeployDefaults::deployConfigId)
                .contains(foreign);
        assertThat(service.defaultsFor(s.appId(), otherEnv, null)).isEmpty();
    }

    private static void assertNotFound(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(MsapException.class, e -> {
            assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND);
            assertThat(e.messageKey()).isEqualTo("deployconfig.notFound");
            assertThat(e.fieldProblems())
                    .extracting(MsapException.FieldProblem::field)
                    .containsExactly("deployConfigId");
        });
    }

    @Test
    void deletingTheApplicationDeletesItsConfigurations() {
        Setup s = setup();
        String otherApp = app(ADMIN_TOKEN, s.projectId(), s.connectionId());
        String doomed = createOk(ADMIN_TOKEN, fullBody(s.appId(), s.envId(), "doomed"));
        String kept = createOk(ADMIN_TOKEN, minimalBody(otherApp, s.envId(), "kept"));

        // configurations do not keep an application
        assertTrue(api.post("/v1/app/deleteApplication", ADMIN_TOKEN, Map.of("appId", s.appId())));

        assertFailure(get(ADMIN_TOKEN, doomed), 404, NOT_FOUND);
        assertFailure(list(ADMIN_TOKEN, s.appId(), null), 404, APP_NOT_FOUND);
        // gone for good, not only hidden: even the release module's lookup no longer finds it
        assertNotFound(() -> service.defaultsFor(s.appId(), s.envId(), doomed));
        assertThat(service.defaultsFor(s.appId(), s.envId(), null)).isEmpty();
        assertThat(listIds(ADMIN_TOKEN, otherApp, null)).containsExactly(kept);
    }
}
