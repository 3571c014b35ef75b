package io.msap.release;

import static io.msap.test.Replies.assertField;
import static io.msap.test.Replies.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.msap.test.Api;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Gray releases (grayUpdate, grayRule) and the two rollbacks (5.3.20 rollback, 5.3.21 rollbackApplication), checked
 * on the cluster.
 */
class GrayAndRollbackIntegrationTests extends BatchTestBase {

    static Map<String, Object> gray(Deployed app, Setup s, String version, int podNum, Object rule) {
        Map<String, Object> body = deploy(app.appId(), s.envId(), image("batch", version), version);
        body.put("podNum", podNum);
        Map<String, Object> strategy = new LinkedHashMap<>();
        strategy.put("grayUpdate", true);
        if (rule != null) {
            strategy.put("grayRule", rule);
        }
        body.put("deploymentStrategy", strategy);
        return body;
    }

    static Map<String, Object> percent(int rate, String tag) {
        return Map.of("grayType", "PERCENT", "percent", List.of(Map.of("rate", rate, "tag", tag)));
    }

    static Map<String, Object> springCloud(Map<String, Object> condition) {
        return Map.of(
                "grayType",
                "CONTENT",
                "content",
                Map.of(
                        "tag",
                        "beta",
                        "ruleName",
                        "header rule",
                        "carryData",
                        true,
                        "rules",
                        List.of(Map.of(
                                "serviceType",
                                "springcloud",
                                "path",
                                "/api/orders",
                                "condition",
                                "AND",
                                "conditions",
                                List.of(condition)))));
    }

    static Map<String, Object> dubbo(Map<String, Object> condition) {
        return Map.of(
                "grayType",
                "CONTENT",
                "content",
                Map.of(
                        "tag",
                        "beta",
                        "rules",
                        List.of(Map.of("serviceType", "Dubbo", "condition", "OR", "conditions", List.of(condition)))));
    }

    static Map<String, Object> with(Map<String, Object> base, Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                map.remove((String) pairs[i]);
            } else {
                map.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return map;
    }

    private static final Map<String, Object> HEADER =
            Map.of("cond", "=", "type", "header", "param", "x-user", "value", "alice");
    private static final Map<String, Object> ARG = Map.of("cond", "in", "index", 0, "expr", "args0.id", "value", "1,2");

    // ---- gray ----

    @Test
    void aGrayReleaseSendsOneTaggedPodFirstAndAlwaysWaitsForConfirmation() {
        Setup s = setup();
        Deployed app = running(s, 3);
        Availability availability = new Availability(s, app.code());
        String changeOrderId = deployChange(s.token(), gray(app, s, "v2", 3, percent(20, "gray-v2")));

        JsonNode info = awaitPause(s, changeOrderId, availability);
        assertThat(info.get("grayUpdate").asBoolean()).isTrue();
        assertThat(info.get("grayRule").get("grayType").asString()).isEqualTo("PERCENT");
        assertThat(info.get("grayRule").get("percent").get(0).get("rate").asInt())
                .isEqualTo(20);
        assertThat(info.get("grayRule").get("percent").get(0).get("tag").asString())
                .isEqualTo("gray-v2");
        // without a batchList: one gray pod, then the rest
        assertThat(info.get("batchCount").asInt()).isEqualTo(2);
        assertThat(stageStatuses(info)).containsExactly("13", "15");
        List<Pod> grayPods = podsOn(s, app.code()).stream()
                .filter(p -> "gray".equals(p.getMetadata().getLabels().get("msap.io/track")))
                .toList();
        assertThat(grayPods).hasSize(1);
        assertThat(grayPods.get(0).getMetadata().getLabels())
                .containsEntry("msap.io/gray-tag", "gray-v2")
                .containsEntry("app.kubernetes.io/version", "v2");
        assertThat(readyByVersion(s, app.code())).containsEntry("v1", 2).containsEntry("v2", 1);
        JsonNode instances = read(s.token(), "describeAppInstanceList", "appDeployId", app.appDeployId());
        List<String> tags = new ArrayList<>();
        instances.forEach(p -> {
            if (!p.get("grayTag").isNull()) {
                tags.add(p.get("grayTag").asString());
            }
        });
        assertThat(tags).containsExactly("gray-v2");

        assertOk(continuePipeline(s, app.appDeployId(), changeOrderId, deployPhaseId(info)));
        info = awaitEnd(s, changeOrderId, availability);
        assertThat(info.get("executeStatus").asString()).as(info.toString()).isEqualTo("SUCCEEDED");
        assertThat(availability.fewest()).isGreaterThanOrEqualTo(3 - 2);
        awaitPods(s, app.code(), Map.of("v2", 3));
        // the gray tag leaves with the release: the app's own pods carry none
        assertThat(podsOn(s, app.code()))
                .allSatisfy(p -> assertThat(p.getMetadata().getLabels()).doesNotContainKey("msap.io/gray-tag"));
        assertThat(deploymentOn(s, app.code() + "-gray")).isNull();
    }

    @Test
    void aGrayReleaseOfOnePodWaitsAfterItsOnlyBatchToo() {
        Setup s = setup();
        Deployed app = running(s, 1);
        Availability availability = new Availability(s, app.code());
        String changeOrderId = deployChange(s.token(), gray(app, s, "v2", 1, null));
        JsonNode info = awaitPause(s, changeOrderId, availability);
        assertThat(info.get("batchCount").asInt()).isEqualTo(1);
        assertThat(info.get("grayRule").isNull()).isTrue();
        assertThat(podsOn(s, app.code()).stream()
                        .filter(p -> "gray".equals(p.getMetadata().getLabels().get("msap.io/gray-tag"))))
                .hasSize(1);
        assertOk(continuePipeline(s, app.appDeployId(), changeOrderId, deployPhaseId(info)));
        assertThat(awaitEnd(s, changeOrderId, availability).get("executeStatus").asString())
                .isEqualTo("SUCCEEDED");
        awaitPods(s, app.code(), Map.of("v2", 1));
    }

    @Test
    void validGrayRulesOfEveryKindAreAcceptedAndStoredInNormalForm() {
        Setup s = setup();
        Deployed app = running(s, 2);
        List<Object> rules = List.of(
                Map.of(
                        "grayType",
                        "PERCENT",
                        "percent",
                        List.of(Map.of("rate", 0, "tag", "t1"), Map.of("rate", 100, "tag", "t1"))),
                springCloud(HEADER),
                springCloud(with(HEADER, "cond", "mod", "operator", ">=", "value", "50")),
                springCloud(with(HEADER, "cond", "regex", "value", "^a.*e$", "type", "COOKIE")),
                dubbo(ARG),
                dubbo(with(ARG, "cond", "!=", "value", "3")));
        for (Object rule : rules) {
            String changeOrderId = deployChange(s.token(), gray(app, s, "v2", 2, rule));
            JsonNode stored = info(s.token(), changeOrderId).get("grayRule");
            assertThat(stored.isNull()).as("rule %s", rule).isFalse();
            if (stored.get("grayType").asString().equals("CONTENT")) {
                JsonNode first = stored.get("content").get("rules").get(0);
                assertThat(first.get("serviceType").asString()).isIn("springCloud", "dubbo");
            }
            // undo it before the next one
            assertOk(api.post(INST + "abortChangeOrder", s.token(), Map.of("changeOrderId", changeOrderId)));
        }
    }

    @Test
    void invalidGrayRulesAreRefusedNamingTheFieldAndStartNothing() {
        Setup s = setup();
        Deployed app = running(s, 2);
        String content = "deploymentStrategy.grayRule.content.rules[0]";
        Map<Object, String> cases = new LinkedHashMap<>();
        cases.put(percent(101, "t"), "deploymentStrategy.grayRule.percent[0].rate");
        cases.put(percent(-1, "t"), "deploymentStrategy.grayRule.percent[0].rate");
        cases.put(
                Map.of(
                        "grayType",
                        "PERCENT",
                        "percent",
                        List.of(Map.of("rate", 60, "tag", "t"), Map.of("rate", 60, "tag", "t"))),
                "deploymentStrategy.grayRule.percent");
        cases.put(percent(10, "not a label!"), "deploymentStrategy.grayRule.percent[0].tag");
        cases.put(Map.of("grayType", "PERCENT"), "deploymentStrategy.grayRule.percent");
        cases.put(Map.of("grayType", "CONTENT"), "deploymentStrategy.grayRule.content");
        cases.put(Map.of("grayType", "RANDOM"), "deploymentStrategy.grayRule.grayType");
        cases.put(springCloud(with(HEADER, "cond", "like")), content + ".conditions[0].cond");
        cases.put(springCloud(with(HEADER, "cond", "mod", "value", "5")), content + ".conditions[0].operator");
        cases.put(springCloud(with(HEADER, "type", null)), content + ".conditions[0].type");
        cases.put(springCloud(with(HEADER, "type", "query")), content + ".conditions[0].type");
        cases.put(springCloud(with(HEADER, "param", null)), content + ".conditions[0].param");
        cases.put(springCloud(with(HEADER, "cond", "regex", "value", "([")), content + ".conditions[0].value");
        cases.put(dubbo(with(ARG, "index", null)), content + ".conditions[0].index");
        cases.put(dubbo(with(ARG, "expr", null)), content + ".conditions[0].expr");
        cases.put(
                Map.of(
                        "grayType",
                        "CONTENT",
                        "content",
                        Map.of(
                                "tag",
                                "beta",
                                "rules",
                                List.of(Map.of(
                                        "serviceType",
                                        "springCloud",
                                        "condition",
                                        "AND",
                                        "conditions",
                                        List.of(HEADER))))),
                content + ".path");
        cases.put(
                Map.of(
                        "grayType",
                        "CONTENT",
                        "content",
                        Map.of(
                                "tag",
                                "beta",
                                "rules",
                                List.of(Map.of(
                                        "serviceType", "grpc", "condition", "AND", "conditions", List.of(ARG))))),
                content + ".serviceType");
        cases.put(
                Map.of(
                        "grayType",
                        "CONTENT",
                        "content",
                        Map.of(
                                "tag",
                                "beta",
                                "rules",
                                List.of(Map.of(
                                        "serviceType", "dubbo", "condition", "XOR", "conditions", List.of(ARG))))),
                content + ".condition");
        cases.forEach((rule, field) -> {
            Api.Reply refused = api.post(INST + "deployK8sApplication", s.token(), gray(app, s, "v2", 2, rule));
            assertThat(refused.status()).as("%s: %s", rule, refused).isEqualTo(400);
            assertField(refused, field);
        });

        // a rule without grayUpdate, and a gray release without pods
        Map<String, Object> ruleOnly = deploy(app.appId(), s.envId(), image("batch", "v2"), "v2");
        ruleOnly.put("deploymentStrategy", Map.of("grayRule", percent(10, "t")));
        Api.Reply noGray = api.post(INST + "deployK8sApplication", s.token(), ruleOnly);
        assertThat(noGray.status()).isEqualTo(400);
        assertField(noGray, "deploymentStrategy.grayRule");
        Api.Reply noPods = api.post(INST + "deployK8sApplication", s.token(), gray(app, s, "v2", 0, null));
        assertThat(noPods.status()).isEqualTo(400);

        assertThat(ids(recent(s.token(), app.appDeployId()), "changeOrderId")).containsExactly(app.changeOrderId());
    }

    // ---- rollback ----

    @Test
    void aRollbackDuringABatchPauseStopsTheReleaseAndBringsEveryPodBack() {
        Setup s = setup();
        Deployed app = running(s, 4);
        Availability availability = new Availability(s, app.code());
        String release = deployChange(s.token(), batched(app, s, "v2", "MANUAL", 2, 2));
        awaitPause(s, release, availability);
        assertThat(readyByVersion(s, app.code())).containsEntry("v2", 2).containsEntry("v1", 2);

        Api.Reply rollback = api.post(
                INST + "rollback", s.token(), Map.of("appDeployId", app.appDeployId(), "changeOrderId", release));
        assertOk(rollback);
        String rollbackId = rollback.data().asString();
        JsonNode stopped = info(s.token(), release);
        assertThat(stopped.get("executeStatus").asString()).isEqualTo("ABORTED");
        assertThat(stopped.get("failReason").asString()).contains("回滚");

        JsonNode undone = awaitEnd(s, rollbackId, availability);
        assertThat(undone.get("executeStatus").asString()).as(undone.toString()).isEqualTo("SUCCEEDED");
        assertThat(undone.get("changeType").asString()).isEqualTo("ROLLBACK");
        assertThat(undone.get("description").asString()).contains(release);
        assertThat(availability.fewest()).isGreaterThanOrEqualTo(4 - 2);
        awaitPods(s, app.code(), Map.of("v1", 4));
        assertThat(deploymentOn(s, app.code() + "-canary")).isNull();
        JsonNode deployment = read(s.token(), "getK8sApplication", "appDeployId", app.appDeployId());
        assertThat(deployment.get("deployVer").asString()).isEqualTo("v1");
    }

    @Test
    void aRollbackAfterSuccessReturnsToTheVersionItReplaced() {
        Setup s = setup();
        Deployed app = running(s, 2);
        Map<String, Object> body = deploy(app.appId(), s.envId(), image("batch", "v2"), "v2");
        body.put("podNum", 2);
        String v2 = deployChange(s.token(), body);
        awaitSucceeded(s.token(), v2);
        awaitPods(s, app.code(), Map.of("v2", 2));

        // the first deploy has nothing before it
        Api.Reply first = api.post(
                INST + "rollback",
                s.token(),
                Map.of("appDeployId", app.appDeployId(), "changeOrderId", app.changeOrderId()));
        assertThat(first.status()).as(first.toString()).isEqualTo(409);

        String rollbackId = api.post(
                        INST + "rollback", s.token(), Map.of("appDeployId", app.appDeployId(), "changeOrderId", v2))
                .data()
                .asString();
        awaitSucceeded(s.token(), rollbackId);
        awaitPods(s, app.code(), Map.of("v1", 2));
        assertThat(deploymentOn(s, app.code())
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo(image("batch", "1"));

        // only deploys and rollbacks can be rolled back
        String scale =
                change(s.token(), "scaleK8sApplication", Map.of("appDeployId", app.appDeployId(), "replicas", 3));
        awaitSucceeded(s.token(), scale);
        Api.Reply notADeploy = api.post(
                INST + "rollback", s.token(), Map.of("appDeployId", app.appDeployId(), "changeOrderId", scale));
        assertThat(notADeploy.status()).as(notADeploy.toString()).isEqualTo(400);
    }

    @Test
    void rollbackApplicationDeploysAnOlderImageWithItsPodTemplateThen() {
        Setup s = setup();
        Map<String, Object> first = microservice(s, "old" + suffix(), image("batch", "1"));
        first.put("envVariableList", List.of(Map.of("name", "GENERATION", "value", "one")));
        first.put("podNum", 2);
        Deployed app = deployed(s, first);
        Map<String, Object> second = deploy(app.appId(), s.envId(), image("batch", "2"), "v2");
        second.put("podNum", 2);
        second.put("envVariableList", List.of(Map.of("name", "GENERATION", "value", "two")));
        awaitSucceeded(s.token(), deployChange(s.token(), second));
        String scale =
                change(s.token(), "scaleK8sApplication", Map.of("appDeployId", app.appDeployId(), "replicas", 3));
        awaitSucceeded(s.token(), scale);

        JsonNode history = read(s.token(), "listHistoryDeployVersion", "appDeployId", app.appDeployId());
        JsonNode oldest = history.get(history.size() - 1);
        assertThat(oldest.get("imageUrl").asString()).isEqualTo(image("batch", "1"));

        Map<String, Object> body = Map.of(
                "appDeployId", app.appDeployId(),
                "imageUrl", oldest.get("imageUrl").asString(),
                "imageName", oldest.get("imageName").asString(),
                "imageVer", oldest.get("imageVer").asString());
        // refused: not in the history, or name and version that do not match it
        Api.Reply unknown =
                api.post(INST + "rollbackApplication", s.token(), with(body, "imageUrl", image("batch", "9")));
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
        assertField(unknown, "imageUrl");
        Api.Reply mismatch = api.post(INST + "rollbackApplication", s.token(), with(body, "imageVer", "7"));
        assertThat(mismatch.status()).as(mismatch.toString()).isEqualTo(400);
        assertField(mismatch, "imageVer");

        Api.Reply accepted = api.post(INST + "rollbackApplication", s.token(), body);
        assertOk(accepted);
        // refused while it runs
        Api.Reply busy = api.post(INST + "rollbackApplication", s.token(), body);
        assertThat(busy.status()).as(busy.toString()).isEqualTo(409);
        assertThat(busy.msg()).isEqualTo(BUSY);

        JsonNode done = awaitSucceeded(s.token(), accepted.data().asString());
        assertThat(done.get("changeType").asString()).isEqualTo("ROLLBACK");
        assertThat(done.get("rollbackImage").asString()).isEqualTo(image("batch", "1"));
        // the old image and its template (its variables), at today's three instances
        awaitPods(s, app.code(), Map.of("v1", 3));
        var container = deploymentOn(s, app.code())
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(container.getImage()).isEqualTo(image("batch", "1"));
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("GENERATION");
            assertThat(e.getValue()).isEqualTo("one");
        });

        // a deleted app deployment cannot be rolled back
        awaitSucceeded(s.token(), change(s.token(), "deleteK8sApplication", Map.of("appDeployId", app.appDeployId())));
        Api.Reply deleted = api.post(INST + "rollbackApplication", s.token(), body);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(409);
        assertThat(deleted.msg()).isEqualTo("应用已删除，本次发布的应用已下线");
        Api.Reply deletedRollback = api.post(
                INST + "rollback",
                s.token(),
                Map.of("appDeployId", app.appDeployId(), "changeOrderId", app.changeOrderId()));
        assertThat(deletedRollback.msg()).isEqualTo("应用已删除，本次发布的应用已下线");
    }

    @Test
    void onlyThoseWhoMayDeployMayContinueOrRollBack() {
        Setup s = setup();
        Deployed app = running(s, 2);
        String release = deployChange(s.token(), batched(app, s, "v2", "MANUAL", 1, 1));
        JsonNode info = awaitPause(s, release, new Availability(s, app.code()));
        var viewer = fixtures.subAccount(s.token());
        fixtures.member(s.token(), s.projectId(), viewer, io.msap.test.Fixtures.VIEWER);
        Api.Reply continued = api.post(
                INST + "continuePipeline",
                viewer.token(),
                Map.of("appDeployId", app.appDeployId(), "changeOrderId", release, "pipelineId", deployPhaseId(info)));
        assertThat(continued.status()).as(continued.toString()).isEqualTo(403);
        Api.Reply rolled = api.post(
                INST + "rollback", viewer.token(), Map.of("appDeployId", app.appDeployId(), "changeOrderId", release));
        assertThat(rolled.status()).as(rolled.toString()).isEqualTo(403);
        var outsider = fixtures.tenant();
        Api.Reply foreign = api.post(
                INST + "continuePipeline",
                outsider.token(),
                Map.of("appDeployId", app.appDeployId(), "changeOrderId", release, "pipelineId", deployPhaseId(info)));
        assertThat(foreign.status()).as(foreign.toString()).isEqualTo(404);
        assertThat(info(s.token(), release).get("executeStatus").asString()).isEqualTo("WAITING_FOR_NEXT_BATCH");
    }
}
