package io.msap.release;

import static io.msap.test.Replies.assertFailure;
import static io.msap.test.Replies.assertFailureStartingWith;
import static io.msap.test.Replies.assertOk;
import static io.msap.test.Replies.assertTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.msap.kubesim.KubeSimConfig;
import io.msap.test.Api;
import io.msap.test.TestCluster;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * How deploys fail, over HTTP: a crash-looping or unpullable image, a rollout that outlasts its timeout, a cluster
 * that cannot be reached; and the one-change rule, abortChangeOrder and repeated request ids.
 */
class DeployFailureIntegrationTests extends ReleaseTestBase {

    // ---- pods that do not start -----------------------------------------------------------------------------------

    @Test
    void aCrashLoopingImageFailsTheDeployNamingThePod() {
        Setup s = setup();
        String name = "crash" + suffix();
        JsonNode created = createMicroservice(s.token(), microservice(s, name, image("crashloop-demo", "1")));
        String changeOrderId = created.get("changeOrderId").asString();
        JsonNode failed = awaitFailed(s.token(), changeOrderId, DEADLINE);

        List<String> pods = podNames(s, name);
        assertThat(pods).hasSize(1);
        String reason = failed.get("failReason").asString();
        assertThat(reason).startsWith("Pod " + pods.get(0) + " CrashLoopBackOff");
        assertThat(failed.get("executeStatusName").asString()).isEqualTo("执行失败");
        assertThat(failed.get("statusCd").asString()).isEqualTo("SOA");
        assertThat(failed.get("endTime").isNull()).isFalse();
        JsonNode phase = failed.get("pipelineInfoList").get(0);
        assertThat(phase.get("pipelineStatus").asString()).isEqualTo("14");
        JsonNode stage = phase.get("stageList").get(0);
        assertThat(stage.get("status").asString()).isEqualTo("14");
        assertThat(stage.get("statusName").asString()).isEqualTo("执行失败");
        JsonNode instance = stage.get("taskInfo").get(0).get("instance");
        assertThat(instance.get("instanceStatus").asString()).isEqualTo("SOE");
        assertThat(instance.get("errMsg").asString()).isEqualTo(reason);
        JsonNode pod = instance.get("pods").get(0);
        assertThat(pod.get("podName").asString()).isEqualTo(pods.get(0));
        assertThat(pod.get("podStatus").asString()).isEqualTo("6");
        assertThat(pod.get("errMsg").asString()).startsWith("CrashLoopBackOff");

        String appDeployId = failed.get("appDeployId").asString();
        JsonNode detail = detail(s.token(), appDeployId);
        assertThat(detail.get("statusCd").asString()).isEqualTo("SOE");
        assertThat(detail.get("statusCdName").asString()).isEqualTo("执行失败");
        assertThat(detail.get("runningPod").asInt()).isZero();
        assertThat(detail.get("totalPod").asInt()).isEqualTo(1);
        JsonNode row =
                read(s.token(), "listApplication", "projectId", s.projectId()).get(0);
        assertThat(row.get("statusCd").asString()).isEqualTo("SOE");
        JsonNode instances = read(s.token(), "describeAppInstanceList", "appDeployId", appDeployId);
        assertThat(instances.get(0).get("statusCd").asString()).isEqualTo("6");
        assertThat(instances.get(0).get("errMsg").asString()).startsWith("CrashLoopBackOff");
        // a failed deploy is no version to go back to
        assertThat(read(s.token(), "listHistoryDeployVersion", "appDeployId", appDeployId)
                        .size())
                .isZero();

        // the lock is released: a good image deploys over it
        String fixed =
                deployChange(s.token(), deploy(created.get("appId").asString(), s.envId(), image("demo", "1"), "v2"));
        awaitSucceeded(s.token(), fixed);
        assertThat(detail(s.token(), appDeployId).get("statusCd").asString()).isEqualTo("SOA");
        assertThat(podNames(s, name)).hasSize(1).doesNotContainAnyElementsOf(pods);
    }

    @Test
    void anImageThatCannotBePulledFailsTheDeploy() {
        Setup s = setup();
        String name = "pull" + suffix();
        JsonNode created = createMicroservice(s.token(), microservice(s, name, image("imagepullfail", "9.9")));
        JsonNode failed = awaitFailed(s.token(), created.get("changeOrderId").asString(), DEADLINE);
        List<String> pods = podNames(s, name);
        assertThat(pods).hasSize(1);
        assertThat(failed.get("failReason").asString())
                .matches("Pod " + pods.get(0) + " (ErrImagePull|ImagePullBackOff).*")
                .contains("imagepullfail");
        assertThat(detail(s.token(), failed.get("appDeployId").asString())
                        .get("statusCd")
                        .asString())
                .isEqualTo("SOE");
    }

    @Test
    void aRolloutLongerThanItsTimeoutFailsNamingTheTimeout() {
        KubeSimConfig slow = KubeSimConfig.fast().withSlowStartDelay(Duration.ofSeconds(60));
        try (TestCluster slowCluster = TestCluster.register(api, ADMIN_TOKEN, slow)) {
            Setup s = setup(slowCluster);
            Map<String, Object> body = microservice(s, "slow" + suffix(), image("slowstart-demo", "1"));
            body.put("timeout", 10);
            JsonNode created = createMicroservice(s.token(), body);
            JsonNode failed =
                    awaitFailed(s.token(), created.get("changeOrderId").asString(), Duration.ofSeconds(40));
            assertThat(failed.get("timeout").asInt()).isEqualTo(10);
            assertThat(failed.get("failReason").asString()).isEqualTo("在 10 秒内未完成发布：0/1 个实例就绪");
            JsonNode pod = failed.get("pipelineInfoList")
                    .get(0)
                    .get("stageList")
                    .get(0)
                    .get("taskInfo")
                    .get(0)
                    .get("instance")
                    .get("pods")
                    .get(0);
            assertThat(pod.get("podStatus").asString()).isEqualTo("1");
            assertThat(pod.get("podStatusName").asString()).isEqualTo("启动中");
            assertThat(Duration.between(
                            OffsetDateTime.parse(failed.get("startTime").asString()),
                            OffsetDateTime.parse(failed.get("endTime").asString())))
                    .isBetween(Duration.ofSeconds(10), Duration.ofSeconds(30));
        }
    }

    @Test
    void anUnreachableClusterRefusesNewDeploymentsAndFailsAcceptedChanges() {
        try (TestCluster doomed = TestCluster.register(api, ADMIN_TOKEN)) {
            Setup s = setup(doomed);
            Deployed app = deployed(s, image("doomed", "1"));

            doomed.stop();

            // a first deploy must look at the cluster (is the name free?): 503, and nothing is created
            Api.Reply refused = api.post(
                    "/v1/app/createMicroserviceApplication",
                    s.token(),
                    microservice(s, "later" + suffix(), image("doomed", "1")));
            assertFailureStartingWith(refused, 503, "集群不可达");
            Api.Reply apps = api.get("/v1/app/getApplicationListPage", s.token(), "projectId", s.projectId());
            assertThat(apps.data().get("total").asInt()).isEqualTo(1);
            assertThat(read(s.token(), "listApplication", "projectId", s.projectId())
                            .size())
                    .isEqualTo(1);

            // a redeploy is accepted and its change order fails once its timeout has passed
            Map<String, Object> body = deploy(app.appId(), s.envId(), image("doomed", "2"), "v2");
            body.put("timeout", 10);
            String changeOrderId = deployChange(s.token(), body);
            JsonNode failed = awaitFailed(s.token(), changeOrderId, Duration.ofSeconds(40));
            assertThat(failed.get("failReason").asString()).startsWith("集群不可达");
            assertThat(detail(s.token(), app.appDeployId()).get("statusCd").asString())
                    .isEqualTo("SOE");

            // live reads say so; the detail still answers without its pod counts
            assertFailureStartingWith(
                    api.get(INST + "getAppDeployment", s.token(), "appDeployId", app.appDeployId()), 503, "集群不可达");
            assertFailureStartingWith(
                    api.get(INST + "describeAppInstanceList", s.token(), "appDeployId", app.appDeployId()),
                    503,
                    "集群不可达");
            JsonNode detail = detail(s.token(), app.appDeployId());
            assertThat(detail.get("runningPod").isNull()).isTrue();
            assertThat(detail.get("totalPod").isNull()).isTrue();
            assertThat(detail.get("imageUrl").asString()).isEqualTo(image("doomed", "1"));
        }
    }

    // ---- one change at a time, abort ------------------------------------------------------------------------------

    @Test
    void aSecondChangeWhileOneRunsIsRefusedAndAbortReleasesTheLock() {
        Setup s = setup();
        String name = "busy" + suffix();
        JsonNode created = createMicroservice(s.token(), microservice(s, name, image("slowstart-busy", "1")));
        String appId = created.get("appId").asString();
        String deployId = created.get("changeOrderId").asString();
        JsonNode running = awaitPods(s.token(), deployId);
        String appDeployId = running.get("appDeployId").asString();
        assertThat(running.get("executeStatus").asString()).isEqualTo("RUNNING");
        assertThat(running.get("executeStatusName").asString()).isEqualTo("执行中");
        JsonNode stage = running.get("pipelineInfoList").get(0).get("stageList").get(0);
        assertThat(stage.get("status").asString()).isEqualTo("12");
        assertThat(stage.get("taskInfo")
                        .get(0)
                        .get("instance")
                        .get("instanceStatus")
                        .asString())
                .isEqualTo("SOP");
        assertThat(detail(s.token(), appDeployId).get("statusCd").asString()).isEqualTo("SOP");

        // every other change is refused while it runs, and nothing is recorded
        assertFailure(
                api.post(INST + "scaleK8sApplication", s.token(), Map.of("appDeployId", appDeployId, "replicas", 2)),
                409,
                BUSY);
        assertFailure(
                api.post(INST + "restartK8sApplication", s.token(), Map.of("appDeployId", appDeployId)), 409, BUSY);
        assertFailure(
                api.post(INST + "deleteK8sApplication", s.token(), Map.of("appDeployId", appDeployId)), 409, BUSY);
        assertFailure(
                api.post(INST + "deployK8sApplication", s.token(), deploy(appId, s.envId(), image("demo", "2"), "v2")),
                409,
                BUSY);
        assertFailure(
                api.post(
                        INST + "createK8sService",
                        s.token(),
                        Map.of(
                                "appDeployId",
                                appDeployId,
                                "name",
                                "web",
                                "type",
                                "ClusterIP",
                                "servicesPorts",
                                List.of(Map.of("port", 80, "targetPort", 8080, "protocol", "TCP")))),
                409,
                BUSY);
        assertThat(ids(recent(s.token(), appDeployId), "changeOrderId")).containsExactly(deployId);

        // abort: ABORTED at once, the pods stay as they are, the lock is free
        assertTrue(api.post(INST + "abortChangeOrder", s.token(), Map.of("changeOrderId", deployId)));
        JsonNode aborted = info(s.token(), deployId);
        assertThat(aborted.get("executeStatus").asString()).isEqualTo("ABORTED");
        assertThat(aborted.get("executeStatusName").asString()).isEqualTo("已中止");
        assertThat(aborted.get("failReason").asString())
                .isEqualTo("已被 " + s.tenant().userName() + " 中止");
        assertThat(aborted.get("endTime").isNull()).isFalse();
        JsonNode abortedStage =
                aborted.get("pipelineInfoList").get(0).get("stageList").get(0);
        assertThat(abortedStage.get("status").asString()).isEqualTo("14");
        assertThat(abortedStage.get("statusName").asString()).isEqualTo("已中止");
        assertThat(abortedStage
                        .get("taskInfo")
                        .get(0)
                        .get("instance")
                        .get("instanceStatus")
                        .asString())
                .isEqualTo("SOE");
        assertThat(podNames(s, name)).hasSize(1);
        assertThat(detail(s.token(), appDeployId).get("statusCd").asString()).isEqualTo("SOE");

        // it stays aborted (the runner does not bring it back) and a new change is accepted
        sleep(1200);
        assertThat(info(s.token(), deployId).get("executeStatus").asString()).isEqualTo("ABORTED");
        String scale = change(s.token(), "scaleK8sApplication", Map.of("appDeployId", appDeployId, "replicas", 2));
        awaitSucceeded(s.token(), scale);
        assertThat(deploymentOn(s, name).getSpec().getReplicas()).isEqualTo(2);

        // a finished change order cannot be aborted
        assertFailure(
                api.post(INST + "abortChangeOrder", s.token(), Map.of("changeOrderId", scale)),
                409,
                "变更已结束（执行成功），不能中止");
        assertFailure(
                api.post(INST + "abortChangeOrder", s.token(), Map.of("changeOrderId", deployId)),
                409,
                "变更已结束（已中止），不能中止");
        assertFailure(
                api.post(
                        INST + "abortChangeOrder",
                        s.token(),
                        Map.of("changeOrderId", UUID.randomUUID().toString())),
                404,
                ORDER_NOT_FOUND);
        assertThat(ids(recent(s.token(), appDeployId), "changeOrderId")).containsExactly(scale, deployId);
    }

    @Test
    void ofChangesSentAtTheSameTimeExactlyOneIsAccepted() throws Exception {
        Setup s = setup();
        Deployed app = deployed(s, image("race", "1"));
        int callers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Api.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                int replicas = i + 1;
                replies.add(pool.submit(() -> {
                    start.await();
                    return api.post(
                            INST + "scaleK8sApplication",
                            s.token(),
                            Map.of("appDeployId", app.appDeployId(), "replicas", replicas));
                }));
            }
            start.countDown();
            List<String> accepted = new ArrayList<>();
            for (Future<Api.Reply> future : replies) {
                Api.Reply reply = future.get(60, TimeUnit.SECONDS);
                if (reply.status() == 200) {
                    accepted.add(reply.data().asString());
                } else {
                    assertFailure(reply, 409, BUSY);
                }
            }
            assertThat(accepted).hasSize(1);
            awaitSucceeded(s.token(), accepted.get(0));
            assertThat(ids(recent(s.token(), app.appDeployId()), "changeOrderId"))
                    .containsExactly(accepted.get(0), app.changeOrderId());
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- repeated request ids -------------------------------------------------------------------------------------

    @Test
    void aPostRepeatedWithTheSameRequestIdStartsNothingNew() {
        Setup s = setup();
        Map<String, Object> body = microservice(s, "idem" + suffix(), image("idem", "1"));
        String requestId = UUID.randomUUID().toString();
        Api.Reply first = api.request("POST", "/v1/app/createMicroserviceApplication")
                .token(s.token())
                .header("X-Request-Id", requestId)
                .json(body)
                .send();
        assertOk(first);
        Api.Reply again = api.request("POST", "/v1/app/createMicroserviceApplication")
                .token(s.token())
                .header("X-Request-Id", requestId)
                .json(body)
                .send();
        assertOk(again);
        assertThat(again.data()).isEqualTo(first.data());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        String changeOrderId = first.data().get("changeOrderId").asString();
        JsonNode info = awaitSucceeded(s.token(), changeOrderId);
        String appDeployId = info.get("appDeployId").asString();
        Api.Reply apps = api.get("/v1/app/getApplicationListPage", s.token(), "projectId", s.projectId());
        assertThat(apps.data().get("total").asInt()).isEqualTo(1);
        assertThat(ids(recent(s.token(), appDeployId), "changeOrderId")).containsExactly(changeOrderId);

        // an operation repeated while it runs gets its first answer, not "busy"; with the EOP header too
        String scaleRequest = UUID.randomUUID().toString();
        Map<String, Object> scale = Map.of("appDeployId", appDeployId, "replicas", 2);
        Api.Reply scaled = api.request("POST", INST + "scaleK8sApplication")
                .token(s.token())
                .header("ctyun-eop-request-id", scaleRequest)
                .json(scale)
                .send();
        assertOk(scaled);
        Api.Reply scaledAgain = api.request("POST", INST + "scaleK8sApplication")
                .token(s.token())
                .header("ctyun-eop-request-id", scaleRequest)
                .json(scale)
                .send();
        assertOk(scaledAgain);
        assertThat(scaledAgain.data().asString()).isEqualTo(scaled.data().asString());
        // the same request id with another body is refused
        Api.Reply other = api.request("POST", INST + "scaleK8sApplication")
                .token(s.token())
                .header("ctyun-eop-request-id", scaleRequest)
                .json(Map.of("appDeployId", appDeployId, "replicas", 3))
                .send();
        assertFailure(other, 409, "该请求 ID 已用于另一个不同的请求");
        awaitSucceeded(s.token(), scaled.data().asString());
        Api.Reply afterwards = api.request("POST", INST + "scaleK8sApplication")
                .token(s.token())
                .header("ctyun-eop-request-id", scaleRequest)
                .json(scale)
                .send();
        assertThat(afterwards.data().asString()).isEqualTo(scaled.data().asString());
        assertThat(ids(recent(s.token(), appDeployId), "changeOrderId"))
                .containsExactly(scaled.data().asString(), changeOrderId);
        assertThat(deploymentOn(s, info.get("resourceName").asString())
                        .getSpec()
                        .getReplicas())
                .isEqualTo(2);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Waits until a deploy has applied its Deployment and recorded the pods it watches. */
    private JsonNode awaitPods(String token, String changeOrderId) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            JsonNode info = info(token, changeOrderId);
            JsonNode pods = info.get("pipelineInfoList")
                    .get(0)
                    .get("stageList")
                    .get(0)
                    .get("taskInfo")
                    .get(0)
                    .get("instance")
                    .get("pods");
            if (pods.size() > 0 || TERMINAL.contains(info.get("executeStatus").asString())) {
                return info;
            }
            assertThat(System.nanoTime()).as("pods of " + changeOrderId).isLessThan(end);
            sleep(100);
        }
    }
}
