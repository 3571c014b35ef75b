package io.msap.release;

import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.Pod;
import io.msap.test.Api;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** What the tests of releases in batches share: bodies, waits for pauses and ends, and reads of the cluster. */
abstract class BatchTestBase extends ReleaseTestBase {

    // ---- helpers ----

    /** An app deployment running {@code pods} pods of version v1. */
    Deployed running(Setup s, int pods) {
        Map<String, Object> body = microservice(s, "bat" + suffix(), image("batch", "1"));
        body.put("podNum", pods);
        body.put("deployVer", "v1");
        return deployed(s, body);
    }

    static Map<String, Object> batched(Deployed app, Setup s, String version, String mode, int... sizes) {
        Map<String, Object> body = deploy(app.appId(), s.envId(), image("batch", version), version);
        int total = 0;
        List<Map<String, Object>> batches = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            batches.add(Map.of("batchSeq", i + 1, "instNum", sizes[i]));
            total += sizes[i];
        }
        body.put("podNum", total);
        Map<String, Object> strategy = new LinkedHashMap<>();
        strategy.put("batchList", batches);
        strategy.put("betweenBatchProcessingMode", mode);
        body.put("deploymentStrategy", strategy);
        return body;
    }

    /** Waits until the change order waits for its next batch (or fails the test if it ends or takes too long). */
    JsonNode awaitPause(Setup s, String changeOrderId, Availability availability) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            availability.sample();
            JsonNode info = info(s.token(), changeOrderId);
            String status = info.get("executeStatus").asString();
            if (status.equals("WAITING_FOR_NEXT_BATCH")) {
                return info;
            }
            if (TERMINAL.contains(status) || System.nanoTime() > end) {
                fail("change order " + changeOrderId + " did not pause for its next batch: " + info);
            }
            sleep(100);
        }
    }

    JsonNode awaitEnd(Setup s, String changeOrderId, Availability availability) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            availability.sample();
            JsonNode info = info(s.token(), changeOrderId);
            if (TERMINAL.contains(info.get("executeStatus").asString())) {
                return info;
            }
            if (System.nanoTime() > end) {
                fail("change order " + changeOrderId + " did not finish: " + info);
            }
            sleep(100);
        }
    }

    static String deployPhaseId(JsonNode info) {
        return info.get("pipelineInfoList").get(0).get("pipelineId").asString();
    }

    static List<String> stageStatuses(JsonNode info) {
        List<String> statuses = new ArrayList<>();
        info.get("pipelineInfoList")
                .get(0)
                .get("stageList")
                .forEach(st -> statuses.add(st.get("status").asString()));
        return statuses;
    }

    Api.Reply continuePipeline(Setup s, String appDeployId, String changeOrderId, String pipelineId) {
        return api.post(
                INST + "continuePipeline",
                s.token(),
                Map.of("appDeployId", appDeployId, "changeOrderId", changeOrderId, "pipelineId", pipelineId));
    }

    /** The ready pods of the app deployment on the cluster, by version (app.kubernetes.io/version). */
    static Map<String, Integer> readyByVersion(Setup s, String code) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Pod pod : podsOn(s, code)) {
            if (pod.getMetadata().getDeletionTimestamp() != null || !ready(pod)) {
                continue;
            }
            counts.merge(pod.getMetadata().getLabels().get("app.kubernetes.io/version"), 1, Integer::sum);
        }
        return counts;
    }

    static int podsOfVersion(Setup s, String code, String version) {
        return (int) podsOn(s, code).stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> version.equals(p.getMetadata().getLabels().get("app.kubernetes.io/version")))
                .count();
    }

    static boolean ready(Pod pod) {
        return pod.getStatus() != null
                && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Samples the ready pods of an app deployment on the cluster and remembers the fewest seen. */
    static final class Availability {
        private final Setup s;
        private final String code;
        private int fewest = Integer.MAX_VALUE;

        Availability(Setup s, String code) {
            this.s = s;
            this.code = code;
        }

        void sample() {
            int ready = readyByVersion(s, code).values().stream()
                    .mapToInt(Integer::intValue)
                    .sum();
            fewest = Math.min(fewest, ready);
        }

        int fewest() {
            return fewest;
        }
    }

    /** Waits until the app deployment's pods are exactly {@code expected} (ready pods by version). */
    static void awaitPods(Setup s, String code, Map<String, Integer> expected) {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Map<String, Integer> seen = Map.of();
        while (System.nanoTime() < end) {
            seen = readyByVersion(s, code);
            int total = podsOn(s, code).size();
            int wanted = expected.values().stream().mapToInt(Integer::intValue).sum();
            if (seen.equals(expected) && total == wanted) {
                return;
            }
            sleep(150);
        }
        fail("pods of " + code + " are " + seen + ", not " + expected);
    }
}
