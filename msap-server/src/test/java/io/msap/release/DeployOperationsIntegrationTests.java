package io.msap.release;

import static io.msap.test.Replies.assertFailure;
import static io.msap.test.Replies.assertField;
import static io.msap.test.Replies.assertTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.msap.test.Api;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The operations of manual 5.3 over HTTP: scale, stop, start, restart, delete and the Services of an app deployment,
 * each a change order whose effect is checked on the cluster objects.
 */
class DeployOperationsIntegrationTests extends ReleaseTestBase {

    // ---- scale, stop, start, restart ------------------------------------------------------------------------------

    @Test
    void scaleUpDownAndToZero() {
        Setup s = setup();
        Deployed app = deployed(s, image("scale", "1"));

        JsonNode up =
                operate(s.token(), "scaleK8sApplication", Map.of("appDeployId", app.appDeployId(), "replicas", 3));
        assertThat(up.get("changeType").asString()).isEqualTo("SCALE");
        assertThat(up.get("changeTypeName").asString()).isEqualTo("扩缩容");
        assertThat(up.get("objectType").asString()).isEqualTo("OPERATE");
        assertThat(up.get("resourceName").asString()).isEqualTo(app.code());
        JsonNode phase = up.get("pipelineInfoList").get(0);
        assertThat(phase.get("pipelineName").asString()).isEqualTo("扩缩容");
        assertThat(phase.get("pipelineStatus").asString()).isEqualTo("13");
        assertThat(phase.get("stageList")
                        .get(0)
                        .get("taskInfo")
                        .get(0)
                        .get("instance")
                        .get("pods")
                        .size())
                .isEqualTo(3);
        assertThat(deploymentOn(s, app.code()).getSpec().getReplicas()).isEqualTo(3);
        assertThat(deploymentOn(s, app.code()).getStatus().getReadyReplicas()).isEqualTo(3);
        assertThat(podNames(s, app.code())).hasSize(3);
        assertThat(status(s, app)).isEqualTo("3/3");
        // the pod template did not change: the deploy's pods stay
        assertThat(read(s.token(), "describeAppInstanceList", "appDeployId", app.appDeployId()))
                .allSatisfy(p -> assertThat(p.get("changeOrderId").asString()).isEqualTo(app.changeOrderId()));

        operate(s.token(), "scaleK8sApplication", Map.of("appDeployId", app.appDeployId(), "replicas", 1));
        assertThat(deploymentOn(s, app.code()).getSpec().getReplicas()).isEqualTo(1);
        assertThat(podNames(s, app.code())).hasSize(1);
        assertThat(status(s, app)).isEqualTo("1/1");

        operate(s.token(), "scaleK8sApplication", Map.of("appDeployId", app.appDeployId(), "replicas", "0"));
        assertThat(deploymentOn(s, app.code()).getSpec().getReplicas()).isZero();
        assertThat(podNames(s, app.code())).isEmpty();
        assertThat(status(s, app)).isEqualTo("0/0");
        assertThat(detail(s.token(), app.appDeployId()).get("statusCd").asString())
                .isEqualTo("SOA");

        Api.Reply negative = api.post(
                INST + "scaleK8sApplication", s.token(), Map.of("appDeployId", app.appDeployId(), "replicas", -1));
        assertThat(negative.status()).isEqualTo(400);
        assertField(negative, "replicas");
        Api.Reply missing = api.post(INST + "scaleK8sApplication", s.token(), Map.of("appDeployId", app.appDeployId()));
        assertThat(missing.status()).isEqualTo(400);
        assertField(missing, "replicas");
        assertThat(recent(s.token(), app.appDeployId()).size()).isEqualTo(4);
    }

    @Test
    void stopRemembersTheCountAndStartDefaultsToIt() {
        Setup s = setup();
        Map<String, Object> body = microservice(s, "stop" + suffix(), image("stop", "1"));
        body.put("podNum", 2);
        Deployed app = deployed(s, body);

        JsonNode stopped = operate(s.token(), "stopK8sApplication", Map.of("appDeployId", app.appDeployId()));
        assertThat(stopped.get("changeType").asString()).isEqualTo("STOP");
        assertThat(stopped.get("changeTypeName").asString()).isEqualTo("停止应用");
        assertThat(deploymentOn(s, app.code()).getSpec().getReplicas()).isZero();
        assertThat(podNames(s, app.code())).isEmpty();
        assertThat(status(s, app)).isEqualTo("0/0");

        // stopping again keeps the remembered count
        operate(s.token(), "stopK8sApplication", Map.of("appDeployId", app.appDeployId()));

        JsonNode started = operate(s.token(), "startK8sApplication", Map.of("appDeployId", app.appDeployId()));
        assertThat(started.get("changeType").asString()).isEqualTo("START");
        assertThat(started.get("changeTypeName").asString()).isEqualTo("启动应用");
        assertThat(deploymentOn(s, app.code()).getSpec().getReplicas()).isEqualTo(2);
        assertThat(status(s, app)).isEqualTo("2/2");

        operate(s.token(), "stopK8sApplication", Map.of("appDeployId", app.appDeployId()));
        operate(s.token(), "startK8sApplication", Map.of("appDeployId", app.appDeployId(), "replicas", 1));
        assertThat(deploymentOn(s, app.code()).getSpec().getReplicas()).isEqualTo(1);
        assertThat(status(s, app)).isEqualTo("1/1");

        Api.Reply zero = api.post(
                INST + "startK8sApplication", s.token(), Map.of("appDeployId", app.appDeployId(), "replicas", 0));
        assertThat(zero.status()).isEqualTo(400);
        assertField(zero, "replicas");

        // a stop after a scale remembers the scaled count
        operate(s.token(), "scaleK8sApplication", Map.of("appDeployId", app.appDeployId(), "replicas", 3));
        operate(s.token(), "stopK8sApplication", Map.of("appDeployId", app.appDeployId()));
        operate(s.token(), "startK8sApplication", Map.of("appDeployId", app.appDeployId()));
        assertThat(deploymentOn(s, app.code()).getSpec().getReplicas()).isEqualTo(3);
        assertThat(status(s, app)).isEqualTo("3/3");
    }

    @Test
    void restartReplacesEveryPod() {
        Setup s = setup();
        Map<String, Object> body = microservice(s, "restart" + suffix(), image("restart", "1"));
        body.put("podNum", 2);
        Deployed app = deployed(s, body);
        List<String> before = podNames(s, app.code());
        assertThat(before).hasSize(2);

        String restartId = change(s.token(), "restartK8sApplication", Map.of("appDeployId", app.appDeployId()));
        JsonNode info = awaitSucceeded(s.token(), restartId);
        assertThat(info.get("changeType").asString()).isEqualTo("RESTART");
        assertThat(info.get("changeTypeName").asString()).isEqualTo("重启应用");
        List<String> after = podNames(s, app.code());
        assertThat(after).hasSize(2).doesNotContainAnyElementsOf(before);
        Deployment deployment = deploymentOn(s, app.code());
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey("kubectl.kubernetes.io/restartedAt");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("msap.io/change-order-id", restartId);
        assertThat(deployment
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo(image("restart", "1"));
        assertThat(status(s, app)).isEqualTo("2/2");
        assertThat(read(s.token(), "describeAppInstanceList", "appDeployId", app.appDeployId()))
                .allSatisfy(p -> assertThat(p.get("changeOrderId").asString()).isEqualTo(restartId));
        assertThat(info.get("resourceYaml").asString()).contains("kubectl.kubernetes.io/restartedAt");
        // a restart is not a new version
        assertThat(read(s.token(), "listHistoryDeployVersion", "appDeployId", app.appDeployId())
                        .size())
                .isEqualTo(1);
    }

    @Test
    void operationsNeedADeployedApp() {
        Setup s = setup();
        for (String operation : List.of(
                "scaleK8sApplication",
                "stopK8sApplication",
                "startK8sApplication",
                "restartK8sApplication",
                "deleteK8sApplication")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("appDeployId", "00000000-0000-0000-0000-000000000000");
            body.put("replicas", 1);
            Api.Reply unknown = api.post(INST + operation, s.token(), body);
            assertFailure(unknown, 404, DEPLOYMENT_NOT_FOUND);
            assertField(unknown, "appDeployId");
            Api.Reply blank = api.post(INST + operation, s.token(), Map.of("replicas", 1));
            assertThat(blank.status()).as(operation).isEqualTo(400);
            assertField(blank, "appDeployId");
        }
    }

    // ---- delete ---------------------------------------------------------------------------------------------------

    @Test
    void deleteRemovesTheDeploymentSecretAndServicesAndKeepsTheHistory() {
        Setup s = setup();
        String configMapId = configMap(s, "settings", Map.of("k", "v"));
        Map<String, Object> body = microservice(s, "del" + suffix(), image("del", "1"));
        body.put("envVariableList", List.of(Map.of("name", "TOKEN", "value", "t0ken", "type", "SECRET")));
        body.put(
                "configMgtList",
                List.of(Map.of("configType", "CONFIG_MAP", "mountSource", "settings", "mountMasterDir", "/etc/s")));
        Deployed app = deployed(s, body);
        operate(s.token(), "createK8sService", service(app, "web", "ClusterIP", port(80, 8080, null, "TCP")));
        assertThat(serviceOn(s, "web")).isNotNull();
        assertThat(secretOn(s, app.code() + "-env")).isNotNull();

        String deleteId = change(s.token(), "deleteK8sApplication", Map.of("appDeployId", app.appDeployId()));
        JsonNode info = awaitSucceeded(s.token(), deleteId);
        assertThat(info.get("changeType").asString()).isEqualTo("DELETE");
        assertThat(info.get("changeTypeName").asString()).isEqualTo("删除应用");
        assertThat(info.get("statusCd").asString()).isEqualTo("SOX");
        assertThat(info.get("statusCdName").asString()).isEqualTo("无效");

        assertThat(deploymentOn(s, app.code())).isNull();
        assertThat(secretOn(s, app.code() + "-env")).isNull();
        assertThat(serviceOn(s, "web")).isNull();
        assertThat(podNames(s, app.code())).isEmpty();

        // gone from the list and the live reads; its change orders keep their history as SOX
        assertThat(read(s.token(), "listApplication", "projectId", s.projectId())
                        .size())
                .isZero();
        assertFailure(
                api.get(INST + "getK8sApplication", s.token(), "appDeployId", app.appDeployId()),
                404,
                DEPLOYMENT_NOT_FOUND);
        assertFailure(
                api.post(
                        INST + "scaleK8sApplication",
                        s.token(),
                        Map.of("appDeployId", app.appDeployId(), "replicas", 1)),
                404,
                DEPLOYMENT_NOT_FOUND);
        JsonNode history = recent(s.token(), app.appDeployId());
        assertThat(ids(history, "changeOrderId"))
                .hasSize(3)
                .startsWith(deleteId)
                .endsWith(app.changeOrderId());
        assertThat(history)
                .allSatisfy(o -> assertThat(o.get("statusCd").asString()).isEqualTo("SOX"));
        JsonNode first = info(s.token(), app.changeOrderId());
        assertThat(first.get("executeStatus").asString()).isEqualTo("SUCCEEDED");
        assertThat(first.get("statusCd").asString()).isEqualTo("SOX");

        // the app itself stays; its next deploy makes a new app deployment
        String redeploy = deployChange(s.token(), deploy(app.appId(), s.envId(), image("del", "2"), "v2"));
        JsonNode again = awaitSucceeded(s.token(), redeploy);
        String newDeployId = again.get("appDeployId").asString();
        assertThat(newDeployId).isNotEqualTo(app.appDeployId());
        assertThat(ids(read(s.token(), "listApplication", "projectId", s.projectId()), "appDeployId"))
                .containsExactly(newDeployId);
        assertThat(ids(recent(s.token(), newDeployId), "changeOrderId")).containsExactly(redeploy);
        assertThat(deploymentOn(s, app.code()).getMetadata().getLabels())
                .containsEntry("msap.io/app-deploy-id", newDeployId);
        assertThat(recent(s.token(), app.appDeployId()).size()).isEqualTo(3);

        // the ConfigMap the deleted app deployment mounted is free (the new one does not mount it)
        assertTrue(api.post("/v1/configmap/deleteK8sConfigMap", s.token(), Map.of("configMapId", configMapId)));
    }

    // ---- Services -------------------------------------------------------------------------------------------------

    @Test
    void servicesAreCreatedUpdatedListedAndDeleted() {
        Setup s = setup();
        Deployed app = deployed(s, image("svc", "1"));
        int nodePort = freeNodePort();

        // ClusterIP with a TCP and a UDP port
        JsonNode created = operate(
                s.token(),
                "createK8sService",
                service(app, "api", "ClusterIP", port(80, 8080, null, "TCP"), port(53, 5353, null, "udp")));
        assertThat(created.get("changeType").asString()).isEqualTo("CREATE_SERVICE");
        assertThat(created.get("changeTypeName").asString()).isEqualTo("创建服务");
        assertThat(created.get("resourceType").asString()).isEqualTo("SERVICE");
        assertThat(created.get("resourceName").asString()).isEqualTo("api");
        assertThat(created.get("resourceYaml").asString()).contains("kind: \"Service\"");
        Service api1 = serviceOn(s, "api");
        assertThat(api1.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(api1.getSpec().getSelector())
                .containsEntry("app.kubernetes.io/name", app.code())
                .containsEntry("msap.io/app-deploy-id", app.appDeployId());
        assertThat(api1.getSpec().getExternalTrafficPolicy()).isNull();
        assertThat(ports(api1)).containsExactlyInAnyOrder("80->8080/TCP", "53->5353/UDP");
        assertThat(api1.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "msap")
                .containsEntry("msap.io/app-deploy-id", app.appDeployId());

        // NodePort: trafficPolicy defaults to Local
        operate(s.token(), "createK8sService", service(app, "edge", "NodePort", port(8080, 8080, nodePort, "TCP")));
        Service edge = serviceOn(s, "edge");
        assertThat(edge.getSpec().getType()).isEqualTo("NodePort");
        assertThat(edge.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
        assertThat(edge.getSpec().getPorts().get(0).getNodePort()).isEqualTo(nodePort);

        // getK8sServices: an array, live
        JsonNode services = read(s.token(), "getK8sServices", "appDeployId", app.appDeployId());
        assertThat(ids(services, "name")).containsExactly("api", "edge");
        JsonNode listedApi = services.get(0);
        assertThat(listedApi.get("type").asString()).isEqualTo("ClusterIP");
        assertThat(listedApi.get("clusterIp").asString())
                .isEqualTo(api1.getSpec().getClusterIP());
        assertThat(listedApi.get("intraVip").asString())
                .isEqualTo(api1.getSpec().getClusterIP());
        assertThat(listedApi.get("servicesPorts").size()).isEqualTo(2);
        JsonNode listedEdge = services.get(1);
        assertThat(listedEdge.get("type").asString()).isEqualTo("NodePort");
        assertThat(listedEdge.get("trafficPolicy").asString()).isEqualTo("Local");
        JsonNode edgePort = listedEdge.get("servicesPorts").get(0);
        assertThat(edgePort.get("port").asInt()).isEqualTo(8080);
        assertThat(edgePort.get("targetPort").asInt()).isEqualTo(8080);
        assertThat(edgePort.get("nodePort").asInt()).isEqualTo(nodePort);
        assertThat(edgePort.get("protocol").asString()).isEqualTo("TCP");

        // update: other ports and traffic policy Cluster
        Map<String, Object> update = service(app, "edge", "NodePort", port(9090, 9091, nodePort, "TCP"));
        update.put("trafficPolicy", "Cluster");
        JsonNode updated = operate(s.token(), "updateK8sService", update);
        assertThat(updated.get("changeType").asString()).isEqualTo("UPDATE_SERVICE");
        Service edge2 = serviceOn(s, "edge");
        assertThat(edge2.getSpec().getExternalTrafficPolicy()).isEqualTo("Cluster");
        assertThat(ports(edge2)).containsExactly("9090->9091/TCP");
        assertThat(edge2.getSpec().getPorts().get(0).getNodePort()).isEqualTo(nodePort);
        // and back to ClusterIP
        operate(s.token(), "updateK8sService", service(app, "edge", "ClusterIP", port(9090, 9091, null, "TCP")));
        assertThat(serviceOn(s, "edge").getSpec().getType()).isEqualTo("ClusterIP");

        // refusals: an existing name, an unknown Service, a bad name, node ports where they do not belong
        assertFailure(
                api.post(
                        INST + "createK8sService",
                        s.token(),
                        service(app, "api", "ClusterIP", port(1, 1, null, "TCP"))),
                409,
                "服务 api 已存在");
        Api.Reply unknown = api.post(
                INST + "updateK8sService", s.token(), service(app, "nope", "ClusterIP", port(1, 1, null, "TCP")));
        assertFailure(unknown, 404, "服务 nope 不存在");
        assertField(unknown, "name");
        assertFailure(
                api.post(
                        INST + "deleteK8sService", s.token(), Map.of("appDeployId", app.appDeployId(), "name", "nope")),
                404,
                "服务 nope 不存在");
        for (String bad : List.of("Api", "1api", "api_v2", "api-", "a.b")) {
            Api.Reply refused = api.post(
                    INST + "createK8sService", s.token(), service(app, bad, "ClusterIP", port(80, 80, null, "TCP")));
            assertFailure(refused, 400, "name: 名称不规范：须以小写字母开头，只能包含小写字母、数字和中划线，最长 63 个字符");
            assertField(refused, "name");
        }
        Api.Reply nodePortOnClusterIp = api.post(
                INST + "createK8sService", s.token(), service(app, "x", "ClusterIP", port(80, 80, 30001, "TCP")));
        assertFailure(nodePortOnClusterIp, 400, "servicesPorts[0].nodePort: 只有 NodePort 类型的服务才能指定节点端口");
        Api.Reply badProtocol = api.post(
                INST + "createK8sService", s.token(), service(app, "x", "ClusterIP", port(80, 80, null, "SCTP")));
        assertThat(badProtocol.status()).isEqualTo(400);
        assertField(badProtocol, "servicesPorts[0].protocol");
        Api.Reply twice = api.post(
                INST + "createK8sService",
                s.token(),
                service(app, "x", "ClusterIP", port(80, 80, null, "TCP"), port(80, 81, null, "TCP")));
        assertFailure(twice, 400, "servicesPorts[1].port: 端口 80 重复");
        Api.Reply badType = api.post(
                INST + "createK8sService",
                s.token(),
                Map.of(
                        "appDeployId",
                        app.appDeployId(),
                        "name",
                        "x",
                        "type",
                        "LoadBalancer",
                        "servicesPorts",
                        List.of(port(80, 80, null, "TCP"))));
        assertThat(badType.status()).isEqualTo(400);
        assertThat(serviceOn(s, "x")).isNull();

        // delete
        JsonNode deleted =
                operate(s.token(), "deleteK8sService", Map.of("appDeployId", app.appDeployId(), "name", "edge"));
        assertThat(deleted.get("changeType").asString()).isEqualTo("DELETE_SERVICE");
        assertThat(deleted.get("changeTypeName").asString()).isEqualTo("删除服务");
        assertThat(serviceOn(s, "edge")).isNull();
        assertThat(ids(read(s.token(), "getK8sServices", "appDeployId", app.appDeployId()), "name"))
                .containsExactly("api");
    }

    @Test
    void aNodePortAlreadyTakenFailsTheChangeOrderNamingIt() {
        Setup s = setup();
        Deployed app = deployed(s, image("ports", "1"));
        int nodePort = freeNodePort();
        operate(s.token(), "createK8sService", service(app, "first", "NodePort", port(80, 8080, nodePort, "TCP")));

        String second = change(
                s.token(), "createK8sService", service(app, "second", "NodePort", port(81, 8080, nodePort, "TCP")));
        JsonNode failed = awaitFailed(s.token(), second, DEADLINE);
        assertThat(failed.get("executeStatusName").asString()).isEqualTo("执行失败");
        assertThat(failed.get("failReason").asString())
                .startsWith("集群拒绝了服务 second：")
                .contains(String.valueOf(nodePort))
                .contains("provided port is already allocated");
        JsonNode stage = failed.get("pipelineInfoList").get(0).get("stageList").get(0);
        assertThat(stage.get("status").asString()).isEqualTo("14");
        assertThat(stage.get("taskInfo").get(0).get("instance").get("errMsg").asString())
                .isEqualTo(failed.get("failReason").asString());
        assertThat(serviceOn(s, "second")).isNull();
        assertThat(serviceOn(s, "first").getSpec().getPorts().get(0).getNodePort())
                .isEqualTo(nodePort);

        // the lock is free again; the app deployment shows the failure
        assertThat(detail(s.token(), app.appDeployId()).get("statusCd").asString())
                .isEqualTo("SOE");
        operate(s.token(), "createK8sService", service(app, "second", "NodePort", port(81, 8080, null, "TCP")));
        assertThat(serviceOn(s, "second").getSpec().getPorts().get(0).getNodePort())
                .isBetween(30000, 32767)
                .isNotEqualTo(nodePort);
        assertThat(detail(s.token(), app.appDeployId()).get("statusCd").asString())
                .isEqualTo("SOA");
    }

    // ---------------------------------------------------------------------------------------------------------------

    private String status(Setup s, Deployed app) {
        JsonNode status = read(s.token(), "getK8sApplicationStatus", "appDeployId", app.appDeployId());
        return status.get("runningPod").asInt() + "/" + status.get("totalPod").asInt();
    }

    @SafeVarargs
    private static Map<String, Object> service(Deployed app, String name, String type, Map<String, Object>... ports) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("appDeployId", app.appDeployId());
        body.put("name", name);
        body.put("type", type);
        body.put("servicesPorts", List.of(ports));
        return body;
    }

    private static Map<String, Object> port(int port, int targetPort, Integer nodePort, String protocol) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("port", port);
        p.put("targetPort", targetPort);
        if (nodePort != null) {
            p.put("nodePort", nodePort);
        }
        p.put("protocol", protocol);
        return p;
    }

    /** A node port no other test of this class asked for (node ports are cluster-wide). */
    private static int freeNodePort() {
        return 30000 + ThreadLocalRandom.current().nextInt(2000);
    }

    private static List<String> ports(Service service) {
        List<String> ports = new ArrayList<>();
        for (ServicePort p : service.getSpec().getPorts()) {
            ports.add(p.getPort() + "->" + p.getTargetPort().getIntVal() + "/" + p.getProtocol());
        }
        return ports;
    }

    private static Service serviceOn(Setup s, String name) {
        return s.cluster()
                .client()
                .services()
                .inNamespace(s.namespace())
                .withName(name)
                .get();
    }

    private static Secret secretOn(Setup s, String name) {
        return s.cluster()
                .client()
                .secrets()
                .inNamespace(s.namespace())
                .withName(name)
                .get();
    }
}
