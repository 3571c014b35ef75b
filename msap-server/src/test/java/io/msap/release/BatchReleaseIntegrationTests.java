package io.msap.release;

import static io.msap.test.Replies.assertField;
import static io.msap.test.Replies.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.msap.test.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Batch releases (deploymentStrategy.batchList, 5.3.17 continuePipeline): checked on the cluster after every batch,
 * with the availability rule (never fewer ready pods than podNum minus the current batch) sampled all along.
 */
class BatchReleaseIntegrationTests extends BatchTestBase {

    // ---- tests ----

    @Test
    void aThreeBatchManualReleaseMovesExactlyOneBatchAtATime() {
        Setup s = setup();
        Deployed app = running(s, 6);
        Availability availability = new Availability(s, app.code());

        Api.Reply accepted =
                api.post(INST + "deployK8sApplication", s.token(), batched(app, s, "v2", "MANUAL", 1, 2, 3));
        assertOk(accepted);
        String changeOrderId = accepted.data().get("changeOrderId").asString();

        // batch 1: one new pod ready, the old version shrunk by one
        JsonNode info = awaitPause(s, changeOrderId, availability);
        assertThat(info.get("batchCount").asInt()).isEqualTo(3);
        assertThat(info.get("batchType").asString()).isEqualTo("MANUAL");
        assertThat(info.get("executeStatusName").asString()).isEqualTo("等待下一批");
        assertThat(stageStatuses(info)).containsExactly("13", "15", "11");
        assertThat(info.get("pipelineInfoList").get(0).get("pipelineStatus").asString())
                .isEqualTo("12");
        assertThat(readyByVersion(s, app.code())).containsEntry("v2", 1).containsEntry("v1", 5);
        assertThat(podsOfVersion(s, app.code(), "v1")).isEqualTo(5);
        JsonNode batch1 = info.get("pipelineInfoList").get(0).get("stageList").get(0);
        assertThat(batch1.get("stageName").asString()).isEqualTo("第1批");
        assertThat(batch1.get("taskInfo").get(0).get("instance").get("pods").size())
                .isEqualTo(1);
        assertThat(availability.fewest()).isGreaterThanOrEqualTo(6 - 1);

        // the reads show which pods run which version
        JsonNode deployments = read(s.token(), "getAppDeployment", "appDeployId", app.appDeployId());
        assertThat(deployments.size()).isEqualTo(2);
        assertThat(deployments.get(0).get("name").asString()).isEqualTo(app.code());
        assertThat(deployments.get(0).get("track").asString()).isEqualTo("stable");
        assertThat(deployments.get(0).get("deployVer").asString()).isEqualTo("v1");
        assertThat(deployments.get(1).get("name").asString()).isEqualTo(app.code() + "-canary");
        assertThat(deployments.get(1).get("track").asString()).isEqualTo("canary");
        assertThat(deployments.get(1).get("deployVer").asString()).isEqualTo("v2");
        assertThat(deployments.get(1).get("imageUrl").asString()).isEqualTo(image("batch", "v2"));
        JsonNode instances = read(s.token(), "describeAppInstanceList", "appDeployId", app.appDeployId());
        long canary = 0;
        for (JsonNode pod : instances) {
            if (pod.get("track").asString().equals("canary")) {
                canary++;
                assertThat(pod.get("deployVer").asString()).isEqualTo("v2");
            }
        }
        assertThat(canary).isEqualTo(1);

        // another change waits: the one-change rule holds between batches
        Api.Reply scale = api.post(
                INST + "scaleK8sApplication", s.token(), Map.of("appDeployId", app.appDeployId(), "replicas", 2));
        assertThat(scale.status()).as(scale.toString()).isEqualTo(409);

        // continuePipeline needs the deploy phase's id
        Api.Reply wrongPhase = continuePipeline(s, app.appDeployId(), changeOrderId, "not-the-phase");
        assertThat(wrongPhase.status()).as(wrongPhase.toString()).isEqualTo(400);
        assertField(wrongPhase, "pipelineId");
        Api.Reply wrongApp = continuePipeline(s, app.appDeployId(), app.changeOrderId(), deployPhaseId(info));
        assertThat(wrongApp.status()).as(wrongApp.toString()).isIn(400, 409);

        // batch 2: three new pods, three old
        Api.Reply next = continuePipeline(s, app.appDeployId(), changeOrderId, deployPhaseId(info));
        assertOk(next);
        assertThat(next.data().asBoolean()).isTrue();
        info = awaitPause(s, changeOrderId, availability);
        assertThat(stageStatuses(info)).containsExactly("13", "13", "15");
        assertThat(readyByVersion(s, app.code())).containsEntry("v2", 3).containsEntry("v1", 3);
        assertThat(podsOfVersion(s, app.code(), "v1")).isEqualTo(3);
        assertThat(info.get("pipelineInfoList")
                        .get(0)
                        .get("stageList")
                        .get(1)
                        .get("taskInfo")
                        .get(0)
                        .get("instance")
                        .get("pods")
                        .size())
                .isEqualTo(2);
        assertThat(availability.fewest()).isGreaterThanOrEqualTo(6 - 2);

        // continuing twice is refused: it is running now
        assertOk(continuePipeline(s, app.appDeployId(), changeOrderId, deployPhaseId(info)));
        Api.Reply again = continuePipeline(s, app.appDeployId(), changeOrderId, deployPhaseId(info));
        assertThat(again.status()).as(again.toString()).isEqualTo(409);

        // batch 3 and the end: six pods of v2 in the app's own Deployment, the release Deployment gone
        info = awaitEnd(s, changeOrderId, availability);
        assertThat(info.get("executeStatus").asString()).as(info.toString()).isEqualTo("SUCCEEDED");
        assertThat(stageStatuses(info)).containsExactly("13", "13", "13");
        assertThat(availability.fewest()).isGreaterThanOrEqualTo(6 - 3);
        Deployment own = deploymentOn(s, app.code());
        assertThat(own.getSpec().getReplicas()).isEqualTo(6);
        assertThat(own.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(image("batch", "v2"));
        assertThat(deploymentOn(s, app.code() + "-canary")).isNull();
        awaitPods(s, app.code(), Map.of("v2", 6));
        JsonNode history = read(s.token(), "listHistoryDeployVersion", "appDeployId", app.appDeployId());
        assertThat(history.get(0).get("imageUrl").asString()).isEqualTo(image("batch", "v2"));
    }

    @Test
    void anAutomaticReleaseGoesOnByItselfAfterTheWaitTime() {
        Setup s = setup();
        Deployed app = running(s, 2);
        Availability availability = new Availability(s, app.code());
        Map<String, Object> body = batched(app, s, "v2", "AUTO", 1, 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> strategy = (Map<String, Object>) body.get("deploymentStrategy");
        strategy.put("batchWaitTime", 1);
        String changeOrderId = deployChange(s.token(), body);

        JsonNode info = awaitEnd(s, changeOrderId, availability);
        assertThat(info.get("executeStatus").asString()).as(info.toString()).isEqualTo("SUCCEEDED");
        assertThat(info.get("batchType").asString()).isEqualTo("AUTOMATIC");
        assertThat(info.get("batchTypeName").asString()).isEqualTo("自动");
        assertThat(info.get("batchInterval").asInt()).isEqualTo(1);
        assertThat(stageStatuses(info)).containsExactly("13", "13");
        assertThat(availability.fewest()).isGreaterThanOrEqualTo(1);
        awaitPods(s, app.code(), Map.of("v2", 2));
        assertThat(deploymentOn(s, app.code() + "-canary")).isNull();
    }

    @Test
    void aFirstDeployInBatchesStillPausesBetweenThem() {
        Setup s = setup();
        Map<String, Object> body = microservice(s, "first" + suffix(), image("batch", "v1"));
        body.put("podNum", 2);
        body.put(
                "deploymentStrategy",
                Map.of(
                        "batchList",
                        List.of(Map.of("batchSeq", 1, "instNum", 1), Map.of("batchSeq", 2, "instNum", 1)),
                        "betweenBatchProcessingMode",
                        "MANUAL"));
        JsonNode created = createMicroservice(s.token(), body);
        String changeOrderId = created.get("changeOrderId").asString();
        String code = ((String) body.get("name")).toLowerCase(java.util.Locale.ROOT);
        Availability availability = new Availability(s, code);
        JsonNode info = awaitPause(s, changeOrderId, availability);
        assertThat(readyByVersion(s, code)).containsExactly(Map.entry("v1", 1));
        assertOk(continuePipeline(s, info.get("appDeployId").asString(), changeOrderId, deployPhaseId(info)));
        info = awaitEnd(s, changeOrderId, availability);
        assertThat(info.get("executeStatus").asString()).as(info.toString()).isEqualTo("SUCCEEDED");
        awaitPods(s, code, Map.of("v1", 2));
    }

    @Test
    void batchesThatDoNotAddUpOrSkipANumberAreRefusedAndChangeNothing() {
        Setup s = setup();
        Deployed app = running(s, 2);
        Map<String, Object> body = batched(app, s, "v2", "MANUAL", 1, 1);
        body.put("podNum", 3);
        Api.Reply sum = api.post(INST + "deployK8sApplication", s.token(), body);
        assertThat(sum.status()).as(sum.toString()).isEqualTo(400);
        assertField(sum, "deploymentStrategy.batchList");
        assertThat(sum.msg()).contains("2").contains("3");

        Map<String, Object> gap = deploy(app.appId(), s.envId(), image("batch", "v2"), "v2");
        gap.put("podNum", 2);
        gap.put(
                "deploymentStrategy",
                Map.of("batchList", List.of(Map.of("batchSeq", 1, "instNum", 1), Map.of("batchSeq", 3, "instNum", 1))));
        Api.Reply skipped = api.post(INST + "deployK8sApplication", s.token(), gap);
        assertThat(skipped.status()).as(skipped.toString()).isEqualTo(400);

        Map<String, Object> mode = batched(app, s, "v2", "SOMETIMES", 1, 1);
        Api.Reply badMode = api.post(INST + "deployK8sApplication", s.token(), mode);
        assertThat(badMode.status()).as(badMode.toString()).isEqualTo(400);

        Map<String, Object> six = deploy(app.appId(), s.envId(), image("batch", "v2"), "v2");
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            many.add(Map.of("batchSeq", i, "instNum", 1));
        }
        six.put("podNum", 6);
        six.put("deploymentStrategy", Map.of("batchList", many));
        Api.Reply tooMany = api.post(INST + "deployK8sApplication", s.token(), six);
        assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(400);

        // nothing was started
        assertThat(ids(recent(s.token(), app.appDeployId()), "changeOrderId")).containsExactly(app.changeOrderId());
    }

    @Test
    void aBatchWhosePodsFailStopsTheReleaseAndLeavesTheMovedPodsForARollback() {
        Setup s = setup();
        Deployed app = running(s, 3);
        Map<String, Object> body = batched(app, s, "v2", "MANUAL", 1, 2);
        body.put("imageUrl", image("crashloop-batch", "v2"));
        String changeOrderId = deployChange(s.token(), body);
        JsonNode info = awaitFailed(s.token(), changeOrderId, DEADLINE);
        assertThat(info.get("failReason").asString()).contains("CrashLoopBackOff");
        assertThat(stageStatuses(info).get(0)).isEqualTo("14");
        // the old version shrinks only after a batch is ready: it still runs all its pods; the failed batch's pod is
        // left as it is
        assertThat(readyByVersion(s, app.code())).containsExactly(Map.entry("v1", 3));
        assertThat(podsOfVersion(s, app.code(), "v2")).isEqualTo(1);
        assertThat(deploymentOn(s, app.code() + "-canary").getSpec().getReplicas())
                .isEqualTo(1);

        // roll back: the old version whole again, the release Deployment gone
        Api.Reply rollback = api.post(
                INST + "rollback", s.token(), Map.of("appDeployId", app.appDeployId(), "changeOrderId", changeOrderId));
        assertOk(rollback);
        JsonNode undone = awaitSucceeded(s.token(), rollback.data().asString());
        assertThat(undone.get("changeType").asString()).isEqualTo("ROLLBACK");
        assertThat(undone.get("rollbackOf").asString()).isEqualTo(changeOrderId);
        assertThat(undone.get("description").asString()).contains(changeOrderId);
        assertThat(deploymentOn(s, app.code() + "-canary")).isNull();
        awaitPods(s, app.code(), Map.of("v1", 3));
    }
}
