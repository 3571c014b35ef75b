package io.msap.pipeline;

import static io.msap.test.Replies.assertFailure;
import static io.msap.test.Replies.assertField;
import static io.msap.test.Replies.assertOk;
import static io.msap.test.Replies.assertTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.msap.test.Api;
import io.msap.test.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Pipeline runs over HTTP with real builds: a Maven project cloned from a local git repository and built with the
 * catalogue's maven-jdk17 environment, shell builds that fail, run long, are stopped and retried, runs of one pipeline
 * queueing one at a time, and stage logs read while a build runs and after.
 */
class PipelineRunIntegrationTests extends IntegrationTest {

    private PipelineSupport support;
    private String projectId;

    @BeforeEach
    void setUp() {
        support = new PipelineSupport(api);
        projectId = fixtures.project();
    }

    @Test
    void aMavenProjectIsClonedAndBuiltAndItsJarRecordedWithItsSha256() throws Exception {
        Path repo = PipelineSupport.repository(
                Map.of("pom.xml", MAVEN_POM, "src/main/java/demo/Hello.java", HELLO, ".mvn/maven.config", "-B\n"));
        String appId = support.app(ADMIN_TOKEN, projectId, repo);
        String pipelineId = support.pipeline(
                ADMIN_TOKEN,
                PipelineSupport.pipelineBody(
                        projectId,
                        appId,
                        "maven-" + PipelineSupport.suffix(),
                        List.of(PipelineSupport.codeBuild("编译", 1, "maven-jdk17", "target", "*.jar"))));

        String runId = support.run(ADMIN_TOKEN, pipelineId);
        JsonNode done = support.awaitEnd(ADMIN_TOKEN, runId);

        assertThat(done.get("runStatus").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("statusCd").asString()).isEqualTo("13");
        assertThat(done.get("statusCdName").asString()).isEqualTo("执行成功");
        assertThat(done.get("pipelineRecordId").asString()).isEqualTo(runId);
        assertThat(done.get("pipelineOrderId").asString()).isEqualTo(pipelineId);
        assertThat(done.get("appId").asString()).isEqualTo(appId);
        assertThat(done.get("branchName").asString()).isEqualTo("main");
        assertThat(done.get("startTime").isNull()).isFalse();
        assertThat(done.get("endTime").isNull()).isFalse();
        JsonNode stage = done.get("stageList").get(0);
        assertThat(stage.get("statusCd").asString()).isEqualTo("13");
        assertThat(stage.get("category").asString()).isEqualTo("CODE_BUILD");
        assertThat(stage.get("pipelineRecordId").asString()).isEqualTo(runId);
        JsonNode outputs = stage.get("outputs");
        assertThat(outputs.get("packageName").asString()).isEqualTo("hello-1.0.jar");
        Path jar = Path.of(outputs.get("packageFile").asString());
        assertThat(jar).exists();
        byte[] bytes = Files.readAllBytes(jar);
        assertThat(outputs.get("sha256").asString())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertThat(outputs.get("packageSize").asLong()).isEqualTo(bytes.length);
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
            assertThat(zip.getEntry("demo/Hello.class"))
                    .as("the compiled class is in the jar")
                    .isNotNull();
        }
        String log = support.fullLog(ADMIN_TOKEN, runId, "编译");
        assertThat(log).contains("BUILD SUCCESS").contains("refs/heads/main").contains("hello-1.0.jar");
    }

    @Test
    void aFailingBuildFailsWithItsExitCodeAndItsLogCanBeFollowedWhileItRunsAndReadAfter() {
        Path repo = PipelineSupport.repository(Map.of("build.sh", """
                echo "compiling module a"
                sleep 1
                echo "compiling module b"
                sleep 2
                echo "error: module b does not compile" >&2
                exit 3
                """));
        String appId = support.app(ADMIN_TOKEN, projectId, repo);
        String pipelineId = support.shellPipeline(ADMIN_TOKEN, projectId, appId);
        String runId = support.run(ADMIN_TOKEN, pipelineId);

        // while it runs: the first line is there, the log is not complete
        Instant deadline = Instant.now().plusSeconds(30);
        JsonNode live;
        do {
            PipelineSupport.sleep(100);
            Api.Reply reply = support.log(ADMIN_TOKEN, runId, "编译", 0);
            assertOk(reply);
            live = reply.data();
            assertThat(Instant.now()).as("the build's first line appears").isBefore(deadline);
        } while (!live.get("content").asString().contains("compiling module a"));
        assertThat(live.get("complete").asBoolean()).as(live.toString()).isFalse();
        assertThat(live.get("truncated").asBoolean()).isFalse();
        JsonNode running = support.detail(ADMIN_TOKEN, runId);
        assertThat(running.get("statusCd").asString()).isEqualTo("12");
        assertThat(running.get("stageList").get(0).get("statusCd").asString()).isEqualTo("12");

        JsonNode done = support.awaitEnd(ADMIN_TOKEN, runId);
        assertThat(done.get("runStatus").asString()).isEqualTo("FAILED");
        assertThat(done.get("statusCd").asString()).isEqualTo("14");
        assertThat(done.get("statusCdName").asString()).isEqualTo("执行失败");
        JsonNode stage = done.get("stageList").get(0);
        assertThat(stage.get("statusCd").asString()).isEqualTo("14");
        assertThat(stage.get("reason").asString()).isEqualTo("构建命令失败，退出码 3");
        assertThat(done.get("failReason").asString()).isEqualTo("流程“编译”失败：构建命令失败，退出码 3");

        // after: the whole log, stdout and stderr, and the end is marked complete
        Api.Reply whole = support.log(ADMIN_TOKEN, runId, "编译", 0);
        assertOk(whole);
        String content = whole.data().get("content").asString();
        assertThat(content)
                .contains("compiling module a", "compiling module b", "error: module b does not compile")
                .contains("构建命令失败，退出码 3");
        assertThat(whole.data().get("complete").asBoolean()).isTrue();
        long end = whole.data().get("nextOffset").asLong();
        assertThat(end).isEqualTo(content.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        // reading on from a later offset gives the rest; at the end nothing more
        long later = content.substring(0, content.indexOf("compiling module b"))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)
                .length;
        Api.Reply rest = support.log(ADMIN_TOKEN, runId, "编译", later);
        assertThat(rest.data().get("content").asString()).startsWith("compiling module b");
        Api.Reply atEnd =
                api.get("/v1/pipelines/getStageLog", ADMIN_TOKEN, "pipelineRecordId", runId, "sort", 1, "offset", end);
        assertOk(atEnd);
        assertThat(atEnd.data().get("content").asString()).isEmpty();
        assertThat(atEnd.data().get("nextOffset").asLong()).isEqualTo(end);
        assertThat(atEnd.data().get("complete").asBoolean()).isTrue();
        // past the end, an unknown stage, no stage at all
        assertFailure(support.log(ADMIN_TOKEN, runId, "编译", end + 1), 400, "offset: offset 超出日志长度（" + end + " 字节）");
        Api.Reply unknown = support.log(ADMIN_TOKEN, runId, "nope", 0);
        assertFailure(unknown, 404, "流程不存在");
        assertField(unknown, "stageName");
        assertFailure(
                api.get("/v1/pipelines/getStageLog", ADMIN_TOKEN, "pipelineRecordId", runId),
                400,
                "stageName: 请提供流程名称 stageName 或流程顺序 sort");
        // a failed run cannot be stopped
        assertFailure(
                api.post("/v1/pipelines/pausePipeline", ADMIN_TOKEN, Map.of("pipelineRecordId", runId)),
                409,
                "流水线执行已结束（执行失败），不能中止");
    }

    @Test
    void pausingARunningBuildKillsItsProcessesAndARetryRunsTheStageAgainUnderTheSameRecord() throws Exception {
        Path repo = PipelineSupport.repository(Map.of("build.sh", PipelineSupport.SLOW_THEN_QUICK));
        Path files = Files.createTempDirectory("msap-pause-");
        String appId = support.app(ADMIN_TOKEN, projectId, repo);
        String pipelineId = support.shellPipeline(ADMIN_TOKEN, projectId, appId);
        String runId = support.run(
                ADMIN_TOKEN,
                pipelineId,
                "PID_FILE",
                files.resolve("pid").toString(),
                "CHILD_FILE",
                files.resolve("child").toString(),
                "MARKER",
                files.resolve("marker").toString());
        long pid = Long.parseLong(PipelineSupport.awaitFile(files.resolve("pid"), Duration.ofSeconds(30)));
        long child = Long.parseLong(PipelineSupport.awaitFile(files.resolve("child"), Duration.ofSeconds(30)));
        assertThat(PipelineSupport.alive(pid)).isTrue();
        assertThat(PipelineSupport.alive(child)).isTrue();
        JsonNode listed = listRow(pipelineId);
        assertThat(listed.get("enablePause").asBoolean()).isTrue();
        assertThat(listed.get("enableResume").asBoolean()).isFalse();

        assertTrue(api.post("/v1/pipelines/pausePipeline", ADMIN_TOKEN, Map.of("pipelineRecordId", runId)));

        assertThat(PipelineSupport.gone(pid, Duration.ofSeconds(5)))
                .as("the build process is gone")
                .isTrue();
        assertThat(PipelineSupport.gone(child, Duration.ofSeconds(5)))
                .as("its child is gone")
                .isTrue();
        JsonNode stopped = support.detail(ADMIN_TOKEN, runId);
        assertThat(stopped.get("runStatus").asString()).isEqualTo("STOPPED");
        assertThat(stopped.get("statusCd").asString()).isEqualTo("14");
        assertThat(stopped.get("statusCdName").asString()).isEqualTo("已中止");
        JsonNode stage = stopped.get("stageList").get(0);
        assertThat(stage.get("statusCd").asString()).isEqualTo("14");
        assertThat(stage.get("statusCdName").asString()).isEqualTo("已中止");
        assertThat(stage.get("reason").asString()).isEqualTo("已被 admin 中止");
        assertThat(stopped.get("attempt").asInt()).isEqualTo(1);
        assertFailure(
                api.post("/v1/pipelines/pausePipeline", ADMIN_TOKEN, Map.of("pipelineRecordId", runId)),
                409,
                "流水线执行已结束（已中止），不能中止");
        JsonNode afterPause = listRow(pipelineId);
        assertThat(afterPause.get("enablePause").asBoolean()).isFalse();
        assertThat(afterPause.get("enableResume").asBoolean()).isTrue();

        Api.Reply retried =
                api.post("/v1/pipelines/retryPipelineJobRun", ADMIN_TOKEN, Map.of("pipelineRecordId", runId));
        assertOk(retried);
        assertThat(retried.data().asString()).isEqualTo(runId);
        JsonNode done = support.awaitEnd(ADMIN_TOKEN, runId);
        assertThat(done.get("runStatus").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("attempt").asInt()).isEqualTo(2);
        assertThat(done.get("stageList").get(0).get("attempt").asInt()).isEqualTo(2);
        assertThat(Files.readString(Path.of(done.get("stageList")
                        .get(0)
                        .get("outputs")
                        .get("packageFile")
                        .asString())))
                .isEqualTo("built by retry");
        String log = support.fullLog(ADMIN_TOKEN, runId, "编译");
        assertThat(log)
                .contains("tick 0")
                .contains("第 1 次执行")
                .contains("第 2 次执行")
                .contains("second attempt");
        assertFailure(
                api.post("/v1/pipelines/retryPipelineJobRun", ADMIN_TOKEN, Map.of("pipelineRecordId", runId)),
                409,
                "只有执行失败或已中止的流水线执行才能重试（当前：执行成功）");
    }

    @Test
    void runsOfOnePipelineWaitAndStartOneAtATimeInOrder() {
        Path repo = PipelineSupport.repository(Map.of("build.sh", """
                echo "building $RUN_NAME"
                sleep 2
                mkdir -p out && printf "$RUN_NAME" > out/app.jar
                """));
        String appId = support.app(ADMIN_TOKEN, projectId, repo);
        String pipelineId = support.shellPipeline(ADMIN_TOKEN, projectId, appId);
        String first = support.run(ADMIN_TOKEN, pipelineId, "RUN_NAME", "first");
        String second = support.run(ADMIN_TOKEN, pipelineId, "RUN_NAME", "second");
        String third = support.run(ADMIN_TOKEN, pipelineId, "RUN_NAME", "third");

        support.await(
                ADMIN_TOKEN,
                first,
                d -> d.get("runStatus").asString().equals("RUNNING"),
                Duration.ofSeconds(30),
                "the first run starts");
        JsonNode waiting = support.detail(ADMIN_TOKEN, second);
        assertThat(waiting.get("runStatus").asString()).isEqualTo("WAITING");
        assertThat(waiting.get("statusCd").asString()).isEqualTo("11");
        assertThat(waiting.get("statusCdName").asString()).isEqualTo("等待执行");
        assertThat(waiting.get("stageList").get(0).get("statusCd").asString()).isEqualTo("11");
        assertThat(support.detail(ADMIN_TOKEN, third).get("runStatus").asString())
                .isEqualTo("WAITING");

        JsonNode a = support.awaitEnd(ADMIN_TOKEN, first);
        JsonNode b = support.awaitEnd(ADMIN_TOKEN, second);
        JsonNode c = support.awaitEnd(ADMIN_TOKEN, third);
        for (JsonNode run : List.of(a, b, c)) {
            assertThat(run.get("runStatus").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        }
        assertThat(Instant.parse(b.get("startTime").asString()))
                .as("the second starts after the first ended")
                .isAfterOrEqualTo(Instant.parse(a.get("endTime").asString()));
        assertThat(Instant.parse(c.get("startTime").asString()))
                .as("the third starts after the second ended")
                .isAfterOrEqualTo(Instant.parse(b.get("endTime").asString()));
        assertThat(b.get("variableList").get(0).get("value").asString()).isEqualTo("second");
        assertThat(support.fullLog(ADMIN_TOKEN, third, "编译")).contains("building third");
    }

    @Test
    void aServerRunsAtMostItsBuildSlotsAtOnceAndFurtherStagesWaitWithStatus15() {
        Path repo =
                PipelineSupport.repository(Map.of("build.sh", "sleep 3\nmkdir -p out && printf done > out/app.jar\n"));
        String appId = support.app(ADMIN_TOKEN, projectId, repo);
        List<String> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(support.run(ADMIN_TOKEN, support.shellPipeline(ADMIN_TOKEN, projectId, appId)));
        }
        boolean sawPending = false;
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            int running = 0;
            int ended = 0;
            for (String run : runs) {
                JsonNode detail = support.detail(ADMIN_TOKEN, run);
                JsonNode stage = detail.get("stageList").get(0);
                running += stage.get("stageStatus").asString().equals("RUNNING") ? 1 : 0;
                if (stage.get("stageStatus").asString().equals("PENDING")) {
                    sawPending = true;
                    assertThat(stage.get("statusCd").asString()).isEqualTo("15");
                    assertThat(detail.get("statusCd").asString()).isEqualTo("12");
                }
                ended += detail.get("endTime").isNull() ? 0 : 1;
            }
            assertThat(running)
                    .as("builds running at once (msap.pipeline.max-concurrent-builds=2)")
                    .isLessThanOrEqualTo(2);
            if (ended == 3) {
                break;
            }
            PipelineSupport.sleep(100);
        }
        assertThat(sawPending).as("a third build waited for a slot").isTrue();
        for (String run : runs) {
            assertThat(support.awaitEnd(ADMIN_TOKEN, run).get("runStatus").asString())
                    .isEqualTo("SUCCEEDED");
        }
    }

    @Test
    void aBranchOrTagIsBuiltAsAskedAndAMissingOneFailsTheStageWithAClearReason() throws Exception {
        Path repo = PipelineSupport.repository(Map.of("build.sh", "mkdir -p out && printf main > out/app.jar\n"));
        PipelineSupport.commit(repo, "feature", Map.of("build.sh", "mkdir -p out && printf feature > out/app.jar\n"));
        String appId = support.app(ADMIN_TOKEN, projectId, repo);
        String pipelineId = support.shellPipeline(ADMIN_TOKEN, projectId, appId);

        Api.Reply feature = support.runReply(ADMIN_TOKEN, pipelineId, "feature");
        assertOk(feature);
        JsonNode built = support.awaitEnd(ADMIN_TOKEN, feature.data().asString());
        assertThat(built.get("runStatus").asString()).isEqualTo("SUCCEEDED");
        JsonNode outputs = built.get("stageList").get(0).get("outputs");
        assertThat(outputs.get("ref").asString()).isEqualTo("refs/heads/feature");
        assertThat(Files.readString(Path.of(outputs.get("packageFile").asString())))
                .isEqualTo("feature");

        Api.Reply missing = support.runReply(ADMIN_TOKEN, pipelineId, "nope");
        assertOk(missing);
        JsonNode failed = support.awaitEnd(ADMIN_TOKEN, missing.data().asString());
        assertThat(failed.get("runStatus").asString()).isEqualTo("FAILED");
        assertThat(failed.get("stageList").get(0).get("reason").asString())
                .startsWith("仓库 ")
                .endsWith("中没有分支或标签 nope");
    }

    @Test
    void aBuildWhosePackageIsMissingFailsAndNamesIt() {
        Path repo = PipelineSupport.repository(Map.of("build.sh", "echo nothing to build\n"));
        String appId = support.app(ADMIN_TOKEN, projectId, repo);
        String pipelineId = support.shellPipeline(ADMIN_TOKEN, projectId, appId);
        JsonNode done = support.awaitEnd(ADMIN_TOKEN, support.run(ADMIN_TOKEN, pipelineId));
        assertThat(done.get("runStatus").asString()).isEqualTo("FAILED");
        assertThat(done.get("stageList").get(0).get("reason").asString()).isEqualTo("构建产物不存在：out/app.jar");
    }

    @Test
    void runRequestsAreCheckedAndABadOneStartsNothing() {
        Path repo = PipelineSupport.repository(Map.of("build.sh", "mkdir -p out && touch out/app.jar\n"));
        String appId = support.app(ADMIN_TOKEN, projectId, repo);
        String pipelineId = support.shellPipeline(ADMIN_TOKEN, projectId, appId);

        Api.Reply badVariable = support.runReply(ADMIN_TOKEN, pipelineId, "main", "1BAD", "x");
        assertFailure(badVariable, 400, "variableList[0].name: 变量名只能包含字母、数字和下划线，且不能以数字开头");
        Api.Reply twice = support.runReply(ADMIN_TOKEN, pipelineId, "main", "A", "x", "A", "y");
        assertFailure(twice, 400, "variableList[1].name: 变量 A 重复");
        Api.Reply noBranch = support.runReply(ADMIN_TOKEN, pipelineId, null);
        assertFailure(noBranch, 400, "branchName: 流程“编译”没有配置分支，请提供 branchName");
        assertField(noBranch, "branchName");
        Api.Reply badBranch = support.runReply(ADMIN_TOKEN, pipelineId, "-rf");
        assertFailure(badBranch, 400, "branchName: 分支或标签名称无效");
        Api.Reply unknown = support.runReply(ADMIN_TOKEN, "8287bf06-68e6-46ef-bd00-853286120ba4", "main");
        assertFailure(unknown, 404, "流水线不存在");
        assertField(unknown, "pipelineOrderId");
        Api.Reply missingId = api.post("/v1/pipelines/runPipeline", ADMIN_TOKEN, Map.of("branchName", "main"));
        assertFailure(missingId, 400, "pipelineOrderId: 此属性是必填项");
        // the manual's example sends variableList as one object
        Api.Reply single = api.post(
                "/v1/pipelines/runPipeline",
                ADMIN_TOKEN,
                Map.of(
                        "branchName",
                        "main",
                        "pipelineOrderId",
                        " " + pipelineId + " ",
                        "variableList",
                        Map.of("name", "test", "type", "CUSTOM", "value", "test")));
        assertOk(single);
        JsonNode run = support.detail(ADMIN_TOKEN, single.data().asString());
        assertThat(run.get("variableList").get(0).get("name").asString()).isEqualTo("test");
        // only that one run exists
        assertThat(listRow(pipelineId).get("latestRecordId").asString())
                .isEqualTo(single.data().asString());
        support.awaitEnd(ADMIN_TOKEN, single.data().asString());

        assertFailure(
                api.get("/v1/pipelines/pipelineRecorddetail", ADMIN_TOKEN, "pipelineRecordId", "nope"),
                404,
                "流水线执行记录不存在");
        assertFailure(
                api.post("/v1/pipelines/retryPipelineJobRun", ADMIN_TOKEN, Map.of("pipelineRecordId", "")),
                400,
                "pipelineRecordId: 此属性是必填项");
    }

    private JsonNode listRow(String pipelineId) {
        Api.Reply list = api.get("/v1/pipelines/listPipelinesPage", ADMIN_TOKEN, "projectId", projectId);
        assertOk(list);
        for (JsonNode row : list.data().get("list")) {
            if (row.get("pipelineOrderId").asString().equals(pipelineId)) {
                return row;
            }
        }
        throw new AssertionError("pipeline " + pipelineId + " not listed: " + list);
    }

    static final String MAVEN_POM = """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>demo</groupId>
              <artifactId>hello</artifactId>
              <version>1.0</version>
              <packaging>jar</packaging>
              <properties>
                <maven.compiler.release>17</maven.compiler.release>
                <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
              </properties>
              <build>
                <!-- the plugin versions the server's own build uses (Spring Boot 4.1.2), so they are in ~/.m2 -->
                <plugins>
                  <plugin><artifactId>maven-resources-plugin</artifactId><version>3.5.0</version></plugin>
                  <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.15.0</version></plugin>
                  <plugin>
                    <artifactId>maven-surefire-plugin</artifactId><version>3.5.6</version>
                    <executions><execution><id>default-test</id><phase>none</phase></execution></executions>
                  </plugin>
                  <plugin><artifactId>maven-jar-plugin</artifactId><version>3.5.1</version></plugin>
                </plugins>
              </build>
            </project>
            """;

    static final String HELLO = """
            package demo;

            public class Hello {
                public static void main(String[] args) {
                    System.out.println("hello from MSAP");
                }
            }
            """;
}
