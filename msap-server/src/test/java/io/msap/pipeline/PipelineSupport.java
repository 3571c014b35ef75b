package io.msap.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.msap.test.Api;
import io.msap.test.AppFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import tools.jackson.databind.JsonNode;

/**
 * Setup steps for pipeline tests, over the API as a user would: local git repositories (made with JGit under the
 * system temporary directory, which file:// service connections may use), GIT connections, applications, pipelines,
 * and waiting for runs.
 */
final class PipelineSupport {

    /** The build environment of the test servers that runs the repository's build.sh. */
    static final String SHELL = "test-shell";

    private final Api api;

    PipelineSupport(Api api) {
        this.api = api;
    }

    /** A new git repository (branch main) holding {@code files}, committed; executable when named *.sh. */
    static Path repository(Map<String, String> files) {
        try {
            Path parent = Files.createTempDirectory("msap-pipeline-repos-");
            Path repo = parent.resolve("repo");
            try (Git git = Git.init()
                    .setDirectory(repo.toFile())
                    .setInitialBranch("main")
                    .call()) {
                commit(git, repo, files, "first");
            }
            return repo;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Commits {@code files} to the repository's current branch, or to a new branch when {@code branch} is given. */
    static void commit(Path repo, String branch, Map<String, String> files) {
        try (Git git = Git.open(repo.toFile())) {
            if (branch != null) {
                git.checkout().setCreateBranch(true).setName(branch).call();
            }
            commit(git, repo, files, "change");
            if (branch != null) {
                git.checkout().setName("main").call();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void commit(Git git, Path repo, Map<String, String> files, String message) throws Exception {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = repo.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
            git.add().addFilepattern(file.getKey()).call();
        }
        PersonIdent who = new PersonIdent("Test", "test@example.com");
        git.commit().setMessage(message).setAuthor(who).setCommitter(who).call();
    }

    /** A GIT connection for local repositories and an app on {@code repo}; returns the appId. */
    String app(String token, String projectId, Path repo) {
        String connection = new AppFixtures(api)
                .connection(
                        token,
                        projectId,
                        "local-" + suffix(),
                        "GIT",
                        repo.getParent().toUri().toString());
        String name = "app" + suffix();
        Api.Reply created = new AppFixtures(api)
                .createApp(
                        token,
                        AppFixtures.appBody(projectId, name, "GIT", repo.toUri().toString(), connection));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.data().asString();
    }

    /** An environment of a project, importing a fresh namespace of a cluster. */
    record Env(String envId, String namespace) {}

    /** A new environment of {@code projectId} that imports a new namespace of {@code cluster}. */
    Env environment(io.msap.test.TestCluster cluster, String token, String projectId) {
        String namespace = "dlv-" + suffix();
        io.msap.test.Replies.assertDone(api.post(
                "/v1/env/createK8sNameSpace", token, Map.of("instId", cluster.instId(), "namespaceName", namespace)));
        Api.Reply env = api.post(
                "/v1/env/createEnv",
                token,
                Map.of(
                        "projectId",
                        projectId,
                        "envCode",
                        "env-" + suffix(),
                        "envName",
                        "交付环境 " + suffix(),
                        "envType",
                        "TEST",
                        "resPoolId",
                        cluster.poolCode()));
        assertThat(env.status()).as(env.toString()).isEqualTo(200);
        String envId = env.data().asString();
        io.msap.test.Replies.assertDone(api.post(
                "/v1/env/importResource",
                token,
                Map.of(
                        "envId",
                        envId,
                        "resourceList",
                        List.of(Map.of("instId", cluster.instId(), "k8sNameSpace", namespace)))));
        return new Env(envId, namespace);
    }

    /** A CODE_BUILD stage. */
    static Map<String, Object> codeBuild(
            String name, int sort, String buildEnvCode, String packagePath, String packageName) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("buildEnvCode", buildEnvCode);
        config.put("packagePath", packagePath);
        config.put("packageName", packageName);
        return stage(name, "CODE_BUILD", sort, config);
    }

    static Map<String, Object> stage(String name, String category, int sort, Object config) {
        Map<String, Object> stage = new LinkedHashMap<>();
        stage.put("name", name);
        stage.put("category", category);
        stage.put("sort", sort);
        stage.put("config", config);
        return stage;
    }

    static Map<String, Object> pipelineBody(String projectId, String appId, String name, List<?> stages) {
        Map<String, Object> body = new HashMap<>();
        body.put("projectId", projectId);
        body.put("appId", appId);
        body.put("pipelineOrderName", name);
        body.put("description", "made by a test");
        body.put("stageList", stages);
        return body;
    }

    /** A pipeline with one shell CODE_BUILD stage named 编译 that must produce out/app.jar; returns its id. */
    String shellPipeline(String token, String projectId, String appId) {
        return pipeline(
                token,
                pipelineBody(
                        projectId, appId, "pipe-" + suffix(), List.of(codeBuild("编译", 1, SHELL, "out", "app.jar"))));
    }

    String pipeline(String token, Map<String, Object> body) {
        Api.Reply created = api.post("/v1/pipelines/createPipeline", token, body);
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.data().asString();
    }

    /** Runs the pipeline on main with the given variables (name, value pairs); returns the pipelineRecordId. */
    String run(String token, String pipelineId, String... variables) {
        Api.Reply run = runReply(token, pipelineId, "main", variables);
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        return run.data().asString();
    }

    Api.Reply runReply(String token, String pipelineId, String branch, String... variables) {
        List<Map<String, String>> list = new ArrayList<>();
        for (int i = 0; i + 1 < variables.length; i += 2) {
            list.add(Map.of("name", variables[i], "type", "CUSTOM", "value", variables[i + 1]));
        }
        Map<String, Object> body = new HashMap<>();
        body.put("pipelineOrderId", pipelineId);
        body.put("branchName", branch);
        body.put("variableList", list);
        return api.post("/v1/pipelines/runPipeline", token, body);
    }

    JsonNode detail(String token, String runId) {
        Api.Reply reply = api.get("/v1/pipelines/pipelineRecorddetail", token, "pipelineRecordId", runId);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.data();
    }

    /** Waits until the run's detail satisfies {@code condition}; answers that detail. */
    JsonNode await(String token, String runId, Predicate<JsonNode> condition, Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode detail = detail(token, runId);
        while (!condition.test(detail)) {
            assertThat(Instant.now()).as(what + "; last seen: " + detail).isBefore(deadline);
            sleep(200);
            detail = detail(token, runId);
        }
        return detail;
    }

    /** Waits until the run ended (SUCCEEDED, FAILED or STOPPED). */
    JsonNode awaitEnd(String token, String runId) {
        return await(
                token,
                runId,
                d -> List.of("SUCCEEDED", "FAILED", "STOPPED")
                        .contains(d.get("runStatus").asString()),
                Duration.ofSeconds(120),
                "the run ends");
    }

    Api.Reply log(String token, String runId, String stageName, long offset) {
        return api.get(
                "/v1/pipelines/getStageLog",
                token,
                "pipelineRecordId",
                runId,
                "stageName",
                stageName,
                "offset",
                offset);
    }

    /** The whole log of a stage as it is now, read 64 KiB at a time. */
    String fullLog(String token, String runId, String stageName) {
        StringBuilder text = new StringBuilder();
        long offset = 0;
        while (true) {
            Api.Reply reply = log(token, runId, stageName, offset);
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            text.append(reply.data().get("content").asString());
            long next = reply.data().get("nextOffset").asLong();
            if (next == offset) {
                return text.toString();
            }
            offset = next;
        }
    }

    /** Waits until a file exists and answers its (trimmed) content. */
    static String awaitFile(Path file, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                if (Files.exists(file)) {
                    String text = Files.readString(file).trim();
                    if (!text.isEmpty()) {
                        return text;
                    }
                }
            } catch (IOException e) {
                // being written
            }
            assertThat(Instant.now()).as("waiting for " + file).isBefore(deadline);
            sleep(100);
        }
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Waits (a little) until the process is gone; answers whether it is. */
    static boolean gone(long pid, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (alive(pid) && Instant.now().isBefore(deadline)) {
            sleep(100);
        }
        return !alive(pid);
    }

    static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A build.sh that, on its first attempt (no file {@code $MARKER}), writes its pid to {@code $PID_FILE} and the pid
     * of a child to {@code $CHILD_FILE}, then ticks for a minute; on a later attempt builds out/app.jar at once.
     */
    static final String SLOW_THEN_QUICK = """
            #!/bin/sh
            if [ -n "$MARKER" ] && [ -f "$MARKER" ]; then
              echo "second attempt: building quickly"
              mkdir -p out && printf 'built by retry' > out/app.jar
              exit 0
            fi
            [ -n "$MARKER" ] && touch "$MARKER"
            sleep 300 &
            echo $! > "$CHILD_FILE"
            echo $$ > "$PID_FILE"
            i=0
            while [ $i -lt 300 ]; do
              echo "tick $i"
              sleep 0.2
              i=$((i+1))
            done
            mkdir -p out && printf 'slow' > out/app.jar
            """;
}
