package io.msap.release;

import static io.msap.test.Replies.assertFailure;
import static io.msap.test.Replies.assertField;
import static io.msap.test.Replies.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.msap.test.Api;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Deploys over HTTP (manual 5.3.18 deployK8sApplication and 5.1.6 createMicroserviceApplication): the change order
 * answered at once and followed to its end, every deploy field checked on the Deployment the platform applied to a
 * kube-sim, and the reads of 5.3 (change order tree, app deployment, its Deployment, pods, history) field by field.
 */
class DeployIntegrationTests extends ReleaseTestBase {

    private static final String SECRET_VALUE = "s3cret-" + suffix();
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    // ---- createMicroserviceApplication ----------------------------------------------------------------------------

    @Test
    void createMicroserviceAnswersAtOnceAndTheChangeOrderRunsToSucceeded() {
        Setup s = setup();
        String name = "demo" + suffix();
        Instant before = Instant.now().minusSeconds(5);
        JsonNode created = createMicroservice(s.token(), microservice(s, name, image("demo", "1.0.0")));
        String appId = created.get("appId").asString();
        String changeOrderId = created.get("changeOrderId").asString();
        assertThat(changeOrderId).matches(UUID_PATTERN);

        JsonNode early = info(s.token(), changeOrderId);
        assertThat(early.get("executeStatus").asString()).isIn("WAITING", "RUNNING");

        JsonNode info = awaitSucceeded(s.token(), changeOrderId);
        assertThat(info.get("changeOrderId").asString()).isEqualTo(changeOrderId);
        assertThat(info.get("changeType").asString()).isEqualTo("DEPLOY");
        assertThat(info.get("changeTypeName").asString()).isEqualTo("部署应用");
        assertThat(info.get("objectType").asString()).isEqualTo("DEPLOY");
        assertThat(info.get("changeSource").asString()).isEqualTo("POP");
        assertThat(info.get("executeStatusName").asString()).isEqualTo("执行成功");
        assertThat(info.get("failReason").isNull()).isTrue();
        assertThat(info.get("statusCd").asString()).isEqualTo("SOA");
        assertThat(info.get("timeout").asInt()).isEqualTo(30);
        assertThat(info.get("batchCount").asInt()).isEqualTo(1);
        assertThat(info.get("resourceType").asString()).isEqualTo("DEPLOYMENT");
        assertThat(info.get("resourceName").asString()).isEqualTo(name);
        assertThat(info.get("createStaff").asString()).isEqualTo(s.tenant().userName());
        Instant start = OffsetDateTime.parse(info.get("startTime").asString()).toInstant();
        Instant end = OffsetDateTime.parse(info.get("endTime").asString()).toInstant();
        assertThat(start).isAfter(before);
        assertThat(end).isAfterOrEqualTo(start);

        // names follow Accept-Language
        Api.Reply english = api.request("GET", INST + "getChangeOrderInfo")
                .token(s.token())
                .english()
                .query("changeOrderId", changeOrderId)
                .send();
        assertOk(english);
        assertThat(english.data().get("executeStatusName").asString()).isEqualTo("Succeeded");
        assertThat(english.data().get("changeTypeName").asString()).isEqualTo("Deploy");
        JsonNode englishStage =
                english.data().get("pipelineInfoList").get(0).get("stageList").get(0);
        assertThat(englishStage.get("statusName").asString()).isEqualTo("Succeeded");
        assertThat(englishStage
                        .get("taskInfo")
                        .get(0)
                        .get("instance")
                        .get("pods")
                        .get(0)
                        .get("podStatusName")
                        .asString())
                .isEqualTo("Running");

        // the application exists as a MICRO_SERVICE app of the project
        Api.Reply apps = api.get("/v1/app/getApplicationListPage", s.token(), "projectId", s.projectId());
        assertOk(apps);
        assertThat(apps.data().get("total").asInt()).isEqualTo(1);
        JsonNode app = apps.data().get("list").get(0);
        assertThat(app.get("appId").asString()).isEqualTo(appId);
        assertThat(app.get("name").asString()).isEqualTo(name);

        // on the cluster: one ready pod of the image
        Deployment deployment = deploymentOn(s, name);
        assertThat(deployment).isNotNull();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(container(deployment).getImage()).isEqualTo(image("demo", "1.0.0"));
        assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(1);
        List<Pod> pods = podsOn(s, name);
        assertThat(pods).hasSize(1);

        // the tree: one phase, one stage (第1批, 13), one task whose instance is the Deployment with its pods
        JsonNode phases = info.get("pipelineInfoList");
        assertThat(phases.size()).isEqualTo(1);
        JsonNode phase = phases.get(0);
        assertThat(phase.get("pipelineName").asString()).isEqualTo("微服务 K8s 集群部署");
        assertThat(phase.get("pipelineStatus").asString()).isEqualTo("13");
        assertThat(phase.get("pipelineStatusName").asString()).isEqualTo("执行成功");
        assertThat(phase.get("pipelineId").asString()).matches(UUID_PATTERN);
        JsonNode stages = phase.get("stageList");
        assertThat(stages.size()).isEqualTo(1);
        JsonNode stage = stages.get(0);
        assertThat(stage.get("stageName").asString()).isEqualTo("第1批");
        assertThat(stage.get("status").asString()).isEqualTo("13");
        assertThat(stage.get("statusName").asString()).isEqualTo("执行成功");
        assertThat(stage.get("startTime").isNull()).isFalse();
        assertThat(stage.get("taskInfo").size()).isEqualTo(1);
        JsonNode task = stage.get("taskInfo").get(0);
        assertThat(task.get("taskId").asString()).matches(UUID_PATTERN);
        JsonNode instance = task.get("instance");
        assertThat(instance.get("instanceName").asString()).isEqualTo(name);
        assertThat(instance.get("instanceStatus").asString()).isEqualTo("SOA");
        assertThat(instance.get("instanceStatusName").asString()).isEqualTo("执行成功");
        JsonNode taskPods = instance.get("pods");
        assertThat(taskPods.size()).isEqualTo(1);
        assertThat(taskPods.get(0).get("podName").asString())
                .isEqualTo(pods.get(0).getMetadata().getName());
        assertThat(taskPods.get(0).get("podIp").asString())
                .isEqualTo(pods.get(0).getStatus().getPodIP());
        assertThat(taskPods.get(0).get("podStatus").asString()).isEqualTo("2");
        assertThat(taskPods.get(0).get("podStatusName").asString()).isEqualTo("运行中");
        assertThat(task.get("resourceInfo").get("resourceName").asString()).isEqualTo(name);
        assertThat(task.get("resourceInfo").get("resourceYml").asString())
                .isEqualTo(info.get("resourceYaml").asString());
    }

    @Test
    void createMicroserviceOnAnyValidationErrorCreatesNothing() {
        Setup s = setup();
        String name = "bad" + suffix();
        List<Api.Reply> refused = new ArrayList<>();

        Map<String, Object> code = microservice(s, name, image("demo", "1"));
        code.put("type", "EXTERNAL_CODE");
        code.put("origin", "GITHUB");
        code.put("deploySource", "CODE");
        Api.Reply codeReply = api.post("/v1/app/createMicroserviceApplication", s.token(), code);
        assertFailure(codeReply, 400, "codeReposAddress: 部署来源为 CODE 时必填");
        assertField(codeReply, "codeReposAddress");
        refused.add(codeReply);

        Map<String, Object> pkg = microservice(s, name, image("demo", "1"));
        pkg.put("deploySource", "PACKAGE");
        pkg.put("origin", "JAR");
        assertFailure(
                api.post("/v1/app/createMicroserviceApplication", s.token(), pkg),
                400,
                "packageId: 部署来源为 PACKAGE 时必须提供制品 ID packageId（官方 DEMO 请设置 packageSource 为 OFFICIAL_DEMO 并提供 officialDemoCode）");

        Map<String, Object> batches = microservice(s, name, image("demo", "1"));
        batches.put("podNum", 3);
        batches.put(
                "deploymentStrategy",
                Map.of(
                        "batchList",
                        List.of(Map.of("batchSeq", 1, "instNum", 1), Map.of("batchSeq", 2, "instNum", 1)),
                        "betweenBatchProcessingMode",
                        "MANUAL"));
        Api.Reply batchReply = api.post("/v1/app/createMicroserviceApplication", s.token(), batches);
        assertFailure(batchReply, 400, "deploymentStrategy.batchList: batchList 的实例数之和为 2，须等于 podNum 3");
        assertField(batchReply, "deploymentStrategy.batchList");
        refused.add(batchReply);

        Map<String, Object> gray = microservice(s, name, image("demo", "1"));
        gray.put(
                "deploymentStrategy",
                Map.of("grayRule", Map.of("grayType", "PERCENT", "percent", List.of(Map.of("rate", 10, "tag", "g")))));
        assertFailure(
                api.post("/v1/app/createMicroserviceApplication", s.token(), gray),
                400,
                "deploymentStrategy.grayRule: 灰度规则只用于灰度发布，请同时设置 grayUpdate 为 true");

        Map<String, Object> noImage = microservice(s, name, null);
        noImage.remove("imageUrl");
        assertFailure(
                api.post("/v1/app/createMicroserviceApplication", s.token(), noImage),
                400,
                "imageUrl: 部署来源为 IMAGE 时必须提供镜像地址 imageUrl");

        Map<String, Object> badImage = microservice(s, name, "Registry/UPPER CASE:1");
        assertFailure(
                api.post("/v1/app/createMicroserviceApplication", s.token(), badImage),
                400,
                "imageUrl: 镜像地址格式无效，例如 registry.example.com/team/app:1.0");

        Map<String, Object> runtime = microservice(s, name, image("demo", "1"));
        runtime.put("runtimeEnvVer", "6");
        assertFailure(
                api.post("/v1/app/createMicroserviceApplication", s.token(), runtime),
                400,
                "runtimeEnvVer: 运行环境 java 没有该版本");

        Map<String, Object> resources = microservice(s, name, image("demo", "1"));
        resources.put(
                "podResourceSpec", Map.of("cpuRequest", 2, "cpuLimit", 1, "memoryRequest", 64, "memoryLimit", 128));
        assertFailure(
                api.post("/v1/app/createMicroserviceApplication", s.token(), resources),
                400,
                "podResourceSpec.cpuRequest: 请求值不能大于限制值");

        Map<String, Object> unknownMap = microservice(s, name, image("demo", "1"));
        unknownMap.put(
                "configMgtList",
                List.of(Map.of("configType", "CONFIG_MAP", "mountSource", "nope", "mountMasterDir", "/etc/nope")));
        Api.Reply mapReply = api.post("/v1/app/createMicroserviceApplication", s.token(), unknownMap);
        assertFailure(mapReply, 404, "环境中不存在配置项 nope");
        assertField(mapReply, "configMgtList[0].mountSource");

        Map<String, Object> unknownCentre = microservice(s, name, image("demo", "1"));
        unknownCentre.put("msManagement", Map.of("enabled", true, "registerCenterInstId", "123456789012345678"));
        Api.Reply centreReply = api.post("/v1/app/createMicroserviceApplication", s.token(), unknownCentre);
        assertThat(centreReply.status()).as(centreReply.toString()).isEqualTo(404);
        assertField(centreReply, "msManagement.registerCenterInstId");

        Map<String, Object> category = microservice(s, name, image("demo", "1"));
        category.put("category", "GENERAL_APP");
        assertFailure(
                api.post("/v1/app/createMicroserviceApplication", s.token(), category),
                400,
                "category: 微服务应用的 category 须为 MICRO_SERVICE");

        Map<String, Object> duplicateEnv = microservice(s, name, image("demo", "1"));
        duplicateEnv.put(
                "envVariableList", List.of(Map.of("name", "A", "value", "1"), Map.of("name", "A", "value", "2")));
        assertFailure(
                api.post("/v1/app/createMicroserviceApplication", s.token(), duplicateEnv),
                400,
                "envVariableList[1].name: 环境变量 A 重复");

        // an environment of the project without an imported namespace
        Api.Reply bare = api.post(
                "/v1/env/createEnv",
                s.token(),
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
                        s.cluster().poolCode()));
        assertOk(bare);
        Map<String, Object> noNamespace = microservice(s, name, image("demo", "1"));
        noNamespace.put("deployEnvId", bare.data().asString());
        assertFailure(
                api.post("/v1/app/createMicroserviceApplication", s.token(), noNamespace),
                409,
                "环境“空的环境”尚未导入集群命名空间，无法部署");

        // nothing was created: no application, no app deployment, nothing on the cluster
        Api.Reply apps = api.get("/v1/app/getApplicationListPage", s.token(), "projectId", s.projectId());
        assertOk(apps);
        assertThat(apps.data().get("total").asInt()).isZero();
        assertThat(read(s.token(), "listApplication", "projectId", s.projectId())
                        .size())
                .isZero();
        assertThat(s.cluster()
                        .client()
                        .apps()
                        .deployments()
                        .inNamespace(s.namespace())
                        .list()
                        .getItems())
                .isEmpty();

        // and the same name deploys once the request is right
        Deployed ok = deployed(s, microservice(s, name, image("demo", "1")));
        assertThat(deploymentOn(s, ok.code())).isNotNull();

        // but only once: the name is taken now
        assertFailure(
                api.post("/v1/app/createMicroserviceApplication", s.token(), microservice(s, name, image("demo", "2"))),
                409,
                "应用名称 " + name + " 已存在");
        Api.Reply after = api.get("/v1/app/getApplicationListPage", s.token(), "projectId", s.projectId());
        assertThat(after.data().get("total").asInt()).isEqualTo(1);
        assertThat(ids(read(s.token(), "listApplication", "projectId", s.projectId()), "appDeployId"))
                .containsExactly(ok.appDeployId());
        assertThat(ids(recent(s.token(), ok.appDeployId()), "changeOrderId")).containsExactly(ok.changeOrderId());
    }

    @Test
    void aNameTakenInTheNamespaceByAnUnmanagedDeploymentIsRefused() {
        Setup s = setup();
        String name = "taken" + suffix();
        s.cluster()
                .client()
                .apps()
                .deployments()
                .inNamespace(s.namespace())
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(0)
                        .withNewSelector()
                        .addToMatchLabels("app", name)
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels("app", name)
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("c")
                        .withImage("nginx:1")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        Api.Reply refused =
                api.post("/v1/app/createMicroserviceApplication", s.token(), microservice(s, name, image("x", "1")));
        assertFailure(refused, 409, "命名空间 " + s.namespace() + " 中已存在不由本应用部署管理的 Deployment " + name);
        Api.Reply apps = api.get("/v1/app/getApplicationListPage", s.token(), "projectId", s.projectId());
        assertThat(apps.data().get("total").asInt()).isZero();
    }

    // ---- deployK8sApplication: every field on the cluster ---------------------------------------------------------

    @Test
    void everyDeployFieldBecomesPartOfThePodTemplate() {
        Setup s = setup();
        String centre = registerCentre(s, "NACOS", "nacos.example:8848");
        String wholeMapId = configMap(s, "app-config", Map.of("application.yml", "server.port: 8080\n", "k2", "v2"));
        configMap(s, "extra", Map.of("one", "1", "two", "2"));
        Deployed app = deployed(s, image("demo", "1.0.0"));

        Map<String, Object> body = deploy(app.appId(), s.envId(), image("demo", "2.0.0"), "v2");
        body.put("packageVer", "2.0.0");
        body.put("podNum", 2);
        body.put(
                "podResourceSpec",
                Map.of("cpuRequest", "0.5", "cpuLimit", 1, "memoryRequest", 256, "memoryLimit", "512"));
        body.put(
                "startCommand",
                Map.of("command", "java -jar /app/app.jar", "args", List.of("--server.port=8080", "--debug")));
        List<Map<String, Object>> env = new ArrayList<>();
        env.add(Map.of("name", "GREETING", "value", "hello world", "type", "CUSTOM"));
        env.add(Map.of("name", "DB_PASSWORD", "value", SECRET_VALUE, "type", "SECRET"));
        env.add(Map.of("name", "UNTYPED", "value", "plain"));
        body.put("envVariableList", env);
        body.put(
                "lifeCycleMgt",
                Map.of(
                        "liveness",
                        probe(
                                "HTTP_GET",
                                "httpGet",
                                Map.of(
                                        "path",
                                        "/actuator/health",
                                        "port",
                                        8080,
                                        "scheme",
                                        "HTTPS",
                                        "headerList",
                                        List.of(Map.of("name", "X-Probe", "value", "msap")))),
                        "readiness",
                        probe("TCP_SOCKET", "tcpSocket", Map.of("port", 8081))));
        body.put(
                "logConfig",
                Map.of("logType", "applog", "logDir", "/app/logs", "logProject", "proj-a", "logStore", "store-a"));
        Map<String, Object> ms = new LinkedHashMap<>();
        ms.put("enabled", true);
        ms.put("aligned", true);
        ms.put("related", false);
        ms.put("delayTime", 30);
        ms.put("warmupTime", 120);
        ms.put("funcType", 2);
        ms.put("registerCenterInstId", centre);
        body.put("msManagement", ms);
        body.put(
                "configMgtList",
                List.of(
                        Map.of("configType", "CONFIG_MAP", "mountSource", "app-config", "mountMasterDir", "/etc/app"),
                        Map.of(
                                "configType",
                                "CONFIG_MAP",
                                "mountSource",
                                "extra",
                                "mountMasterDir",
                                "/etc/extra",
                                "mountType",
                                "MOUNT_FILE",
                                "mountConfigList",
                                List.of(Map.of("name", "one", "mountPath", "/opt/one.txt"), Map.of("name", "two")))));
        body.put("timeout", 60);
        Api.Reply accepted = api.post(INST + "deployK8sApplication", s.token(), body);
        assertOk(accepted);
        assertThat(accepted.data().get("appId").asString()).isEqualTo(app.appId());
        String changeOrderId = accepted.data().get("changeOrderId").asString();
        JsonNode info = awaitSucceeded(s.token(), changeOrderId);
        assertThat(info.get("appDeployId").asString()).isEqualTo(app.appDeployId());

        Deployment deployment = deploymentOn(s, app.code());
        assertThat(deployment.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "msap")
                .containsEntry("app.kubernetes.io/name", app.code())
                .containsEntry("app.kubernetes.io/version", "v2")
                .containsEntry("msap.io/project-id", s.projectId())
                .containsEntry("msap.io/env-id", s.envId())
                .containsEntry("msap.io/app-id", app.appId())
                .containsEntry("msap.io/app-deploy-id", app.appDeployId())
                .containsEntry("msap.io/change-order-id", changeOrderId);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        PodTemplateSpec template = deployment.getSpec().getTemplate();
        assertThat(template.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/name", app.code())
                .containsEntry("msap.io/app-deploy-id", app.appDeployId())
                .containsEntry("msap.io/change-order-id", changeOrderId);
        Container c = container(deployment);
        assertThat(c.getImage()).isEqualTo(image("demo", "2.0.0"));
        assertThat(c.getCommand()).containsExactly("/bin/sh", "-c", "java -jar /app/app.jar");
        assertThat(c.getArgs()).containsExactly("--server.port=8080", "--debug");

        // cores and MiB; *Request are requests and *Limit limits
        assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo("500m");
        assertThat(c.getResources().getLimits().get("cpu").toString()).isEqualTo("1000m");
        assertThat(c.getResources().getRequests().get("memory").toString()).isEqualTo("256Mi");
        assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("512Mi");

        // environment: plain values, the secret by reference, lossless settings and the register centre
        Map<String, EnvVar> vars = new LinkedHashMap<>();
        c.getEnv().forEach(v -> vars.put(v.getName(), v));
        assertThat(vars.get("GREETING").getValue()).isEqualTo("hello world");
        assertThat(vars.get("UNTYPED").getValue()).isEqualTo("plain");
        EnvVar secret = vars.get("DB_PASSWORD");
        assertThat(secret.getValue()).isNull();
        assertThat(secret.getValueFrom().getSecretKeyRef().getName()).isEqualTo(app.code() + "-env");
        assertThat(secret.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("DB_PASSWORD");
        assertThat(values(vars))
                .containsEntry("MSAP_LOSSLESS_ENABLED", "true")
                .containsEntry("MSAP_REGISTER_DELAY_SECONDS", "30")
                .containsEntry("MSAP_WARMUP_SECONDS", "120")
                .containsEntry("MSAP_WARMUP_CURVE", "2")
                .containsEntry("MSAP_REGISTER_BEFORE_READY", "true")
                .containsEntry("MSAP_WARMUP_BEFORE_READY", "false")
                .containsEntry("MSAP_REGISTRY_TYPE", "NACOS")
                .containsEntry("MSAP_REGISTRY_ADDRESS", "nacos.example:8848")
                .containsEntry("SPRING_CLOUD_NACOS_DISCOVERY_SERVER_ADDR", "nacos.example:8848");
        Secret onCluster = s.cluster()
                .client()
                .secrets()
                .inNamespace(s.namespace())
                .withName(app.code() + "-env")
                .get();
        assertThat(onCluster).isNotNull();
        assertThat(secretValue(onCluster, "DB_PASSWORD")).isEqualTo(SECRET_VALUE);
        assertThat(onCluster.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "msap")
                .containsEntry("msap.io/app-deploy-id", app.appDeployId());

        // a preStop drain for lossless offline
        assertThat(c.getLifecycle().getPreStop().getExec().getCommand()).containsExactly("/bin/sh", "-c", "sleep 10");

        // probes: HTTP_GET and TCP_SOCKET here (EXEC below)
        Probe liveness = c.getLivenessProbe();
        assertThat(liveness.getHttpGet().getPath()).isEqualTo("/actuator/health");
        assertThat(liveness.getHttpGet().getPort().getIntVal()).isEqualTo(8080);
        assertThat(liveness.getHttpGet().getScheme()).isEqualTo("HTTPS");
        assertThat(liveness.getHttpGet().getHttpHeaders()).hasSize(1);
        assertThat(liveness.getHttpGet().getHttpHeaders().get(0).getName()).isEqualTo("X-Probe");
        assertThat(liveness.getHttpGet().getHttpHeaders().get(0).getValue()).isEqualTo("msap");
        assertTimings(liveness);
        Probe readiness = c.getReadinessProbe();
        assertThat(readiness.getTcpSocket().getPort().getIntVal()).isEqualTo(8081);
        assertThat(readiness.getHttpGet()).isNull();
        assertTimings(readiness);

        // ConfigMaps: one whole at its directory, the other key by key (an explicit path, and the directory's)
        Map<String, Volume> volumes = new LinkedHashMap<>();
        template.getSpec().getVolumes().forEach(v -> volumes.put(v.getName(), v));
        List<String> mounts = new ArrayList<>();
        for (VolumeMount m : c.getVolumeMounts()) {
            Volume v = volumes.get(m.getName());
            String source = v.getConfigMap() != null
                    ? "configMap " + v.getConfigMap().getName()
                    : v.getEmptyDir() != null ? "emptyDir" : "?";
            mounts.add(source + " @" + m.getMountPath() + (m.getSubPath() == null ? "" : " subPath " + m.getSubPath()));
        }
        assertThat(mounts)
                .containsExactlyInAnyOrder(
                        "configMap app-config @/etc/app",
                        "configMap extra @/opt/one.txt subPath one",
                        "configMap extra @/etc/extra/two subPath two",
                        "emptyDir @/app/logs");

        // log collection
        assertThat(template.getMetadata().getAnnotations())
                .containsEntry("msap.io/log-type", "applog")
                .containsEntry("msap.io/log-dir", "/app/logs")
                .containsEntry("msap.io/log-project", "proj-a")
                .containsEntry("msap.io/log-store", "store-a");

        // the manifests shown are the ones applied, with the secret masked
        String yaml = info.get("resourceYaml").asString();
        assertThat(yaml).contains("kind: \"Secret\"").contains("kind: \"Deployment\"");
        assertThat(yaml).contains("******").contains(image("demo", "2.0.0")).doesNotContain(SECRET_VALUE);
        JsonNode task = info.get("pipelineInfoList")
                .get(0)
                .get("stageList")
                .get(0)
                .get("taskInfo")
                .get(0);
        assertThat(task.get("resourceInfo").get("resourceYml").asString()).isEqualTo(yaml);
        assertThat(task.get("instance").get("pods").size()).isEqualTo(2);
        Deployment shown = Serialization.unmarshal(yaml.substring(yaml.indexOf("---", 3)), Deployment.class);
        Container shownContainer = container(shown);
        assertThat(shownContainer.getImage()).isEqualTo(c.getImage());
        assertThat(shownContainer.getCommand()).isEqualTo(c.getCommand());
        assertThat(shownContainer.getArgs()).isEqualTo(c.getArgs());
        assertThat(shownContainer.getEnv()).isEqualTo(c.getEnv());
        assertThat(shownContainer.getResources()).isEqualTo(c.getResources());
        assertThat(shownContainer.getLivenessProbe()).isEqualTo(c.getLivenessProbe());
        assertThat(shownContainer.getReadinessProbe()).isEqualTo(c.getReadinessProbe());
        assertThat(shownContainer.getVolumeMounts()).isEqualTo(c.getVolumeMounts());
        assertThat(shownContainer.getLifecycle()).isEqualTo(c.getLifecycle());
        assertThat(shown.getSpec().getTemplate().getSpec().getVolumes())
                .isEqualTo(template.getSpec().getVolumes());
        assertThat(shown.getSpec().getTemplate().getMetadata()).isEqualTo(template.getMetadata());
        assertThat(shown.getMetadata().getLabels())
                .isEqualTo(deployment.getMetadata().getLabels());
        assertThat(shown.getSpec().getReplicas()).isEqualTo(2);

        // the secret is in no answer and no audit record
        for (Api.Reply reply : List.of(
                api.get(INST + "getChangeOrderInfo", s.token(), "changeOrderId", changeOrderId),
                api.get(INST + "listRecentChangeOrder", s.token(), "appDeployId", app.appDeployId()),
                api.get(INST + "getK8sApplication", s.token(), "appDeployId", app.appDeployId()),
                api.get(INST + "listApplication", s.token(), "projectId", s.projectId()),
                api.get(INST + "describeAppInstanceList", s.token(), "appDeployId", app.appDeployId()),
                api.get(INST + "getAppDeployment", s.token(), "appDeployId", app.appDeployId()),
                api.get("/v1/audit/listAuditLogsPage", s.token(), "pageSize", 100),
                accepted)) {
            assertOk(reply);
            assertThat(reply.text()).doesNotContain(SECRET_VALUE);
        }

        // the ConfigMap mounted cannot be deleted; an unknown one cannot be mounted
        Api.Reply inUse = api.post("/v1/configmap/deleteK8sConfigMap", s.token(), Map.of("configMapId", wholeMapId));
        assertFailure(inUse, 409, "配置项 app-config 正被使用：" + app.name());
        assertThat(s.cluster()
                        .client()
                        .configMaps()
                        .inNamespace(s.namespace())
                        .withName("app-config")
                        .get())
                .isNotNull();
        Map<String, Object> unknown = deploy(app.appId(), s.envId(), image("demo", "3.0.0"), "v3");
        unknown.put(
                "configMgtList",
                List.of(Map.of("configType", "CONFIG_MAP", "mountSource", "missing", "mountMasterDir", "/etc/m")));
        Api.Reply refused = api.post(INST + "deployK8sApplication", s.token(), unknown);
        assertFailure(refused, 404, "环境中不存在配置项 missing");
        assertField(refused, "configMgtList[0].mountSource");
        Map<String, Object> noKey = deploy(app.appId(), s.envId(), image("demo", "3.0.0"), "v3");
        noKey.put(
                "configMgtList",
                List.of(Map.of(
                        "configType",
                        "CONFIG_MAP",
                        "mountSource",
                        "extra",
                        "mountConfigList",
                        List.of(Map.of("name", "three", "mountPath", "/x")))));
        assertFailure(
                api.post(INST + "deployK8sApplication", s.token(), noKey),
                400,
                "configMgtList[0].mountConfigList[0].name: 配置项 extra 中没有键 three");
        assertThat(recent(s.token(), app.appDeployId()).size()).isEqualTo(2);
    }

    @Test
    void execProbesStdoutLogsAndOtherRegisterCentresRender() {
        Setup s = setup();
        String eureka = registerCentre(s, "EUREKA", "http://eureka.example:8761/eureka");
        Map<String, Object> body = microservice(s, "exec" + suffix(), image("demo", "1"));
        body.put(
                "lifeCycleMgt",
                Map.of(
                        "liveness",
                        probe("EXEC", "exec", Map.of("command", List.of("cat", "/tmp/healthy"))),
                        "readiness",
                        Map.of("enabled", false, "mode", "EXEC")));
        body.put("logConfig", Map.of("logType", "stdout", "logProject", "p", "logStore", "s"));
        body.put("msManagement", Map.of("enabled", false, "registerCenterInstId", eureka));
        Deployed app = deployed(s, body);

        Deployment deployment = deploymentOn(s, app.code());
        Container c = container(deployment);
        assertThat(c.getLivenessProbe().getExec().getCommand()).containsExactly("cat", "/tmp/healthy");
        assertTimings(c.getLivenessProbe());
        assertThat(c.getReadinessProbe()).isNull();
        assertThat(c.getLifecycle()).isNull();
        Map<String, String> env = new LinkedHashMap<>();
        c.getEnv().forEach(v -> env.put(v.getName(), v.getValue()));
        assertThat(env)
                .containsEntry("MSAP_REGISTRY_TYPE", "EUREKA")
                .containsEntry("MSAP_REGISTRY_ADDRESS", "http://eureka.example:8761/eureka")
                .containsEntry("EUREKA_CLIENT_SERVICEURL_DEFAULTZONE", "http://eureka.example:8761/eureka")
                .doesNotContainKey("MSAP_LOSSLESS_ENABLED");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("msap.io/log-type", "stdout")
                .containsEntry("msap.io/log-project", "p")
                .doesNotContainKey("msap.io/log-dir");
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes()).isEmpty();
        // no secret variables, no Secret
        assertThat(s.cluster()
                        .client()
                        .secrets()
                        .inNamespace(s.namespace())
                        .withName(app.code() + "-env")
                        .get())
                .isNull();

        // a register centre of another pool is unknown here
        String otherPool = "pool-" + suffix();
        assertOk(api.post(
                "/v1/admin/createResourcePool",
                ADMIN_TOKEN,
                Map.of(
                        "areaCode",
                        "area-" + suffix(),
                        "areaName",
                        "区域 " + suffix(),
                        "resPoolCode",
                        otherPool,
                        "resPoolName",
                        "资源池 " + suffix())));
        Api.Reply foreignCentre = api.post(
                "/v1/admin/registerMse",
                ADMIN_TOKEN,
                Map.of(
                        "resPoolCode",
                        otherPool,
                        "resourceName",
                        "mse-" + suffix(),
                        "type",
                        "NACOS",
                        "address",
                        "nacos.other:8848"));
        assertOk(foreignCentre);
        String foreign = foreignCentre.data().asString();
        Map<String, Object> wrongPool = deploy(app.appId(), s.envId(), image("demo", "2"), "v2");
        wrongPool.put("msManagement", Map.of("enabled", true, "registerCenterInstId", foreign));
        Api.Reply refused = api.post(INST + "deployK8sApplication", s.token(), wrongPool);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(404);
        assertField(refused, "msManagement.registerCenterInstId");
    }

    // ---- the reads of an app deployment ---------------------------------------------------------------------------

    @Test
    void readsShowTheAppDeploymentItsDeploymentPodsAndHistory() {
        Setup s = setup();
        Instant before = Instant.now().minusSeconds(5);
        Map<String, Object> first = microservice(s, "reads" + suffix(), image("reads", "1.0.0"));
        Deployed app = deployed(s, first);
        Map<String, Object> second = deploy(app.appId(), s.envId(), image("reads", "2.0.0"), "v2");
        second.put("podNum", 2);
        second.put(
                "podResourceSpec",
                Map.of("cpuRequest", 0.25, "cpuLimit", 0.5, "memoryRequest", 128, "memoryLimit", 256));
        String secondOrder = deployChange(s.token(), second);
        awaitSucceeded(s.token(), secondOrder);

        // getK8sApplication: every field
        JsonNode detail = detail(s.token(), app.appDeployId());
        assertThat(detail.get("appDeployId").asString()).isEqualTo(app.appDeployId());
        assertThat(detail.get("appId").asString()).isEqualTo(app.appId());
        assertThat(detail.get("appName").asString()).isEqualTo(app.name());
        assertThat(detail.get("appCode").asString()).isEqualTo(app.name());
        assertThat(detail.get("appDeployCode").asString()).isEqualTo(app.code());
        assertThat(detail.get("appDeployName").asString()).isEqualTo(app.name());
        assertThat(detail.get("category").asString()).isEqualTo("IMAGE_DEPLOY");
        assertThat(detail.get("categoryName").asString()).isEqualTo("镜像部署");
        assertThat(detail.get("changeOrderId").asString()).isEqualTo(secondOrder);
        assertThat(detail.get("clusterName").asString()).isEqualTo(s.cluster().resourceName());
        assertThat(detail.get("namespace").asString()).isEqualTo(s.namespace());
        assertThat(detail.get("cpuRequest").decimalValue()).isEqualByComparingTo("0.25");
        assertThat(detail.get("cpuLimit").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(detail.get("memoryRequest").asInt()).isEqualTo(128);
        assertThat(detail.get("memoryLimit").asInt()).isEqualTo(256);
        assertThat(detail.get("envCode").asString()).isEqualTo(s.envCode());
        assertThat(detail.get("envName").asString()).isEqualTo(s.envName());
        assertThat(detail.get("projectCode").asString()).startsWith("p");
        assertThat(detail.get("imageUrl").asString()).isEqualTo(image("reads", "2.0.0"));
        assertThat(detail.get("deployVer").asString()).isEqualTo("v2");
        assertThat(detail.get("runningPod").asInt()).isEqualTo(2);
        assertThat(detail.get("totalPod").asInt()).isEqualTo(2);
        assertThat(detail.get("statusCd").asString()).isEqualTo("SOA");
        assertThat(detail.get("statusCdName").asString()).isEqualTo("执行成功");
        assertThat(detail.get("createStaff").asString()).isEqualTo(s.tenant().userName());
        assertThat(OffsetDateTime.parse(detail.get("createTime").asString()).toInstant())
                .isAfter(before);
        assertThat(OffsetDateTime.parse(detail.get("statusTime").asString()).toInstant())
                .isAfter(before);

        JsonNode status = read(s.token(), "getK8sApplicationStatus", "appDeployId", app.appDeployId());
        assertThat(status.get("runningPod").asInt()).isEqualTo(2);
        assertThat(status.get("totalPod").asInt()).isEqualTo(2);

        // getAppDeployment: an array with the live Deployment
        JsonNode deployments = read(s.token(), "getAppDeployment", "appDeployId", app.appDeployId());
        assertThat(deployments.isArray()).isTrue();
        assertThat(deployments.size()).isEqualTo(1);
        JsonNode d = deployments.get(0);
        assertThat(d.get("name").asString()).isEqualTo(app.code());
        assertThat(d.get("namespace").asString()).isEqualTo(s.namespace());
        assertThat(d.get("imageUrl").asString()).isEqualTo(image("reads", "2.0.0"));
        assertThat(d.get("replicas").asInt()).isEqualTo(2);
        assertThat(d.get("updatedReplicas").asInt()).isEqualTo(2);
        assertThat(d.get("readyReplicas").asInt()).isEqualTo(2);
        assertThat(d.get("availableReplicas").asInt()).isEqualTo(2);
        assertThat(d.get("unavailableReplicas").asInt()).isZero();
        assertThat(d.get("createDate").isNull()).isFalse();

        // describeAppInstanceList: the pods, live
        List<Pod> pods = podsOn(s, app.code());
        JsonNode instances = read(s.token(), "describeAppInstanceList", "appDeployId", app.appDeployId());
        assertThat(instances.size()).isEqualTo(2);
        assertThat(ids(instances, "name")).containsExactlyInAnyOrderElementsOf(podNames(s, app.code()));
        for (JsonNode pod : instances) {
            Pod live = pods.stream()
                    .filter(p ->
                            p.getMetadata().getName().equals(pod.get("name").asString()))
                    .findFirst()
                    .orElseThrow();
            assertThat(pod.get("containerName").asString()).isEqualTo("app");
            assertThat(pod.get("imageUrl").asString()).isEqualTo(image("reads", "2.0.0"));
            assertThat(pod.get("namespaceName").asString()).isEqualTo(s.namespace());
            assertThat(pod.get("nodeName").asString()).isEqualTo(live.getSpec().getNodeName());
            assertThat(pod.get("podIp").asString()).isEqualTo(live.getStatus().getPodIP());
            assertThat(pod.get("restartCount").asInt()).isZero();
            assertThat(pod.get("statusCd").asString()).isEqualTo("2");
            assertThat(pod.get("statusCdName").asString()).isEqualTo("运行中");
            assertThat(pod.get("errMsg").isNull()).isTrue();
            assertThat(pod.get("deployVer").asString()).isEqualTo("v2");
            assertThat(pod.get("changeOrderId").asString()).isEqualTo(secondOrder);
            assertThat(pod.get("createDate").isNull()).isFalse();
        }

        // listApplication: an array of the project's app deployments, with its filters
        JsonNode rows = read(s.token(), "listApplication", "projectId", s.projectId());
        assertThat(rows.size()).isEqualTo(1);
        JsonNode row = rows.get(0);
        assertThat(row.get("appDeployId").asString()).isEqualTo(app.appDeployId());
        assertThat(row.get("appId").asString()).isEqualTo(app.appId());
        assertThat(row.get("appName").asString()).isEqualTo(app.name());
        assertThat(row.get("appDeployCode").asString()).isEqualTo(app.code());
        assertThat(row.get("category").asString()).isEqualTo("IMAGE_DEPLOY");
        assertThat(row.get("categoryName").asString()).isEqualTo("镜像部署");
        assertThat(row.get("deployEnvId").asString()).isEqualTo(s.envId());
        assertThat(row.get("deployEnvName").asString()).isEqualTo(s.envName());
        assertThat(row.get("clusterName").asString()).isEqualTo(s.cluster().resourceName());
        assertThat(row.get("namespace").asString()).isEqualTo(s.namespace());
        assertThat(row.get("imageUrl").asString()).isEqualTo(image("reads", "2.0.0"));
        assertThat(row.get("deployVer").asString()).isEqualTo("v2");
        assertThat(row.get("statusCd").asString()).isEqualTo("SOA");
        assertThat(row.get("statusCdName").asString()).isEqualTo("执行成功");
        assertThat(row.get("createStaff").asString()).isEqualTo(s.tenant().userName());

        // the same app into a second environment: a new app deployment, first deployed by deployK8sApplication
        Setup second2 = setup(s.cluster(), s.tenant(), s.projectId());
        String otherOrder =
                deployChange(s.token(), deploy(app.appId(), second2.envId(), image("reads", "1.0.0"), "v1"));
        JsonNode otherInfo = awaitSucceeded(s.token(), otherOrder);
        String otherDeployId = otherInfo.get("appDeployId").asString();
        assertThat(otherDeployId).isNotEqualTo(app.appDeployId());
        assertThat(deploymentOn(second2, app.code())).isNotNull();
        assertThat(ids(read(s.token(), "listApplication", "projectId", s.projectId()), "appDeployId"))
                .containsExactly(otherDeployId, app.appDeployId());
        assertThat(ids(
                        read(s.token(), "listApplication", "projectId", s.projectId(), "deployEnvId", s.envId()),
                        "appDeployId"))
                .containsExactly(app.appDeployId());
        assertThat(read(
                                s.token(),
                                "listApplication",
                                "projectId",
                                s.projectId(),
                                "appName",
                                app.name().substring(2, 8).toUpperCase(Locale.ROOT))
                        .size())
                .isEqualTo(2);
        assertThat(read(s.token(), "listApplication", "projectId", s.projectId(), "appName", "zzz%")
                        .size())
                .isZero();
        assertThat(read(s.token(), "listApplication", "projectId", s.projectId(), "category", "IMAGE_DEPLOY")
                        .size())
                .isEqualTo(2);
        Api.Reply badCategory =
                api.get(INST + "listApplication", s.token(), "projectId", s.projectId(), "category", "OTHER");
        assertThat(badCategory.status()).isEqualTo(400);
        assertField(badCategory, "category");

        // listRecentChangeOrder: newest first, pageNum/pageSize honoured
        JsonNode recent = recent(s.token(), app.appDeployId());
        assertThat(ids(recent, "changeOrderId")).containsExactly(secondOrder, app.changeOrderId());
        JsonNode newest = recent.get(0);
        assertThat(newest.get("appDeployId").asString()).isEqualTo(app.appDeployId());
        assertThat(newest.get("changeType").asString()).isEqualTo("DEPLOY");
        assertThat(newest.get("changeTypeName").asString()).isEqualTo("部署应用");
        assertThat(newest.get("executeStatus").asString()).isEqualTo("SUCCEEDED");
        assertThat(newest.get("executeStatusName").asString()).isEqualTo("执行成功");
        assertThat(newest.get("deploymentVer").asString()).isEqualTo("v2");
        assertThat(newest.get("statusCd").asString()).isEqualTo("SOA");
        assertThat(ids(recent(s.token(), app.appDeployId(), "pageNum", 1, "pageSize", 1), "changeOrderId"))
                .containsExactly(secondOrder);
        assertThat(ids(recent(s.token(), app.appDeployId(), "pageNum", 2, "pageSize", 1), "changeOrderId"))
                .containsExactly(app.changeOrderId());
        assertThat(recent(s.token(), app.appDeployId(), "pageNum", 3, "pageSize", 1)
                        .size())
                .isZero();
        Api.Reply badPage =
                api.get(INST + "listRecentChangeOrder", s.token(), "appDeployId", app.appDeployId(), "pageNum", 0);
        assertThat(badPage.status()).as(badPage.toString()).isEqualTo(400);

        // listHistoryDeployVersion: the images of successful deploys, newest first
        JsonNode history = read(s.token(), "listHistoryDeployVersion", "appDeployId", app.appDeployId());
        assertThat(history.size()).isEqualTo(2);
        assertThat(history.get(0).get("imageUrl").asString()).isEqualTo(image("reads", "2.0.0"));
        assertThat(history.get(0).get("imageName").asString()).isEqualTo("registry.example.com/msap-it/reads");
        assertThat(history.get(0).get("imageVer").asString()).isEqualTo("2.0.0");
        assertThat(history.get(0).get("changeOrderId").asString()).isEqualTo(secondOrder);
        assertThat(history.get(1).get("imageUrl").asString()).isEqualTo(image("reads", "1.0.0"));
        assertThat(history.get(1).get("imageVer").asString()).isEqualTo("1.0.0");
        assertThat(history.get(1).get("changeOrderId").asString()).isEqualTo(app.changeOrderId());
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static Map<String, Object> probe(String mode, String key, Map<String, Object> target) {
        Map<String, Object> probe = new LinkedHashMap<>();
        probe.put("enabled", true);
        probe.put("mode", mode);
        probe.put(key, target);
        probe.put("initialDelaySeconds", 15);
        probe.put("periodSeconds", 7);
        probe.put("timeoutSeconds", 2);
        probe.put("successThreshold", 1);
        probe.put("failureThreshold", 4);
        return probe;
    }

    private static void assertTimings(Probe probe) {
        assertThat(probe.getInitialDelaySeconds()).isEqualTo(15);
        assertThat(probe.getPeriodSeconds()).isEqualTo(7);
        assertThat(probe.getTimeoutSeconds()).isEqualTo(2);
        assertThat(probe.getSuccessThreshold()).isEqualTo(1);
        assertThat(probe.getFailureThreshold()).isEqualTo(4);
    }

    private static Container container(Deployment deployment) {
        List<Container> containers =
                deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        assertThat(containers.get(0).getName()).isEqualTo("app");
        return containers.get(0);
    }

    private static Map<String, String> values(Map<String, EnvVar> vars) {
        Map<String, String> values = new LinkedHashMap<>();
        vars.forEach((k, v) -> values.put(k, v.getValue()));
        return values;
    }

    @Test
    void aRedeployWithoutSecretVariablesRemovesTheSecret() {
        Setup s = setup();
        Map<String, Object> body = microservice(s, "sec" + suffix(), image("demo", "1"));
        body.put("envVariableList", List.of(Map.of("name", "TOKEN", "value", SECRET_VALUE, "type", "SECRET")));
        Deployed app = deployed(s, body);
        var secrets = s.cluster().client().secrets().inNamespace(s.namespace()).withName(app.code() + "-env");
        assertThat(secretValue(secrets.get(), "TOKEN")).isEqualTo(SECRET_VALUE);

        Map<String, Object> again = deploy(app.appId(), s.envId(), image("demo", "2"), "v2");
        again.put("envVariableList", List.of(Map.of("name", "PLAIN", "value", "1")));
        awaitSucceeded(s.token(), deployChange(s.token(), again));

        assertThat(secrets.get()).isNull();
        Container c = container(deploymentOn(s, app.code()));
        assertThat(c.getEnv()).extracting(EnvVar::getName).contains("PLAIN").doesNotContain("TOKEN");
    }

    private static String secretValue(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().containsKey(key)) {
            return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        }
        return secret.getStringData() == null ? null : secret.getStringData().get(key);
    }
}
