package io.msap.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.msap.test.Api;
import io.msap.test.ServerProcess;
import io.msap.test.TestDatabase;
import io.msap.test.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Durability of pipeline runs, with the server as a real process: a server killed in the middle of a build leaves
 * the stage FAILED "interrupted" once it runs again (never stuck running), the build it left behind is gone, and a
 * retry of the run succeeds.
 */
class PipelineDurabilityIntegrationTests {

    private static final String TOKEN = "pipeline-durability-" + UUID.randomUUID();

    private final List<ServerProcess> servers = new ArrayList<>();
    private Path dataDir;
    private Map<String, String> properties;

    @BeforeEach
    void configure() throws IOException {
        dataDir = Files.createTempDirectory("msap-pipeline-durability-");
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        properties = new HashMap<>(TestDatabase.freshDatabase(dataDir));
        properties.remove("msap.data-dir");
        properties.putAll(TestServers.pipelineProperties(dataDir));
        properties.put("msap.bootstrap.token", TOKEN);
        properties.put("msap.bootstrap.password", "Durability-Passw0rd");
        properties.put("msap.embedded-cluster.enabled", "false");
        properties.put("msap.secrets.keys", "k1:" + Base64.getEncoder().encodeToString(key));
        properties.put("db-scheduler.polling-interval", "300ms");
        properties.put("db-scheduler.heartbeat-interval", "1s");
        properties.put("db-scheduler.missed-heartbeats-limit", "4");
    }

    @AfterEach
    void stop() {
        servers.forEach(ServerProcess::close);
    }

    @Test
    void aServerKilledDuringABuildLeavesTheStageInterruptedAfterARestartAndARetrySucceeds() throws Exception {
        ServerProcess first = start("first");
        Api api = first.api();
        PipelineSupport support = new PipelineSupport(api);
        String projectId = api.post(
                        "/v1/project/createProject",
                        TOKEN,
                        Map.of("projectCode", "pd" + PipelineSupport.suffix(), "projectName", "Durable pipelines"))
                .data()
                .asString();
        Path repo = PipelineSupport.repository(Map.of("build.sh", PipelineSupport.SLOW_THEN_QUICK));
        String appId = support.app(TOKEN, projectId, repo);
        String pipelineId = support.shellPipeline(TOKEN, projectId, appId);
        Path files = Files.createTempDirectory("msap-durable-build-");
        String runId = support.run(
                TOKEN,
                pipelineId,
                "PID_FILE",
                files.resolve("pid").toString(),
                "CHILD_FILE",
                files.resolve("child").toString(),
                "MARKER",
                files.resolve("marker").toString());
        long pid = Long.parseLong(PipelineSupport.awaitFile(files.resolve("pid"), Duration.ofSeconds(60)));
        long child = Long.parseLong(PipelineSupport.awaitFile(files.resolve("child"), Duration.ofSeconds(60)));
        support.await(
                TOKEN,
                runId,
                d -> d.get("stageList").get(0).get("statusCd").asString().equals("12"),
                Duration.ofSeconds(30),
                "the build runs");
        // its output reached the log (flushed every 200 ms by the server running it)
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        while (!support.fullLog(TOKEN, runId, "编译").contains("tick 0")) {
            assertThat(java.time.Instant.now())
                    .as("the build's output is logged")
                    .isBefore(deadline);
            PipelineSupport.sleep(100);
        }

        first.kill();

        ServerProcess second = start("second");
        PipelineSupport again = new PipelineSupport(second.api());
        JsonNode interrupted = again.await(
                TOKEN,
                runId,
                d -> d.get("runStatus").asString().equals("FAILED"),
                Duration.ofSeconds(90),
                "the interrupted build is given up");
        JsonNode stage = interrupted.get("stageList").get(0);
        assertThat(stage.get("statusCd").asString()).isEqualTo("14");
        assertThat(stage.get("reason").asString()).contains("中断").contains("interrupted");
        assertThat(interrupted.get("statusCd").asString()).isEqualTo("14");
        assertThat(PipelineSupport.gone(pid, Duration.ofSeconds(10)))
                .as("the build left behind is gone")
                .isTrue();
        assertThat(PipelineSupport.gone(child, Duration.ofSeconds(10)))
                .as("its child is gone")
                .isTrue();
        assertThat(again.fullLog(TOKEN, runId, "编译")).contains("tick 0").contains("中断（interrupted）");

        Api.Reply retried =
                second.api().post("/v1/pipelines/retryPipelineJobRun", TOKEN, Map.of("pipelineRecordId", runId));
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        JsonNode done = again.awaitEnd(TOKEN, runId);
        assertThat(done.get("runStatus").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("attempt").asInt()).isEqualTo(2);
        assertThat(done.get("pipelineRecordId").asString()).isEqualTo(runId);
    }

    private ServerProcess start(String name) {
        ServerProcess server = ServerProcess.start(name, dataDir, properties);
        servers.add(server);
        return server;
    }
}
