package io.msap.pipeline;

import io.msap.app.AppView;
import io.msap.shared.Caller;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What an executor gets to run one stage once: the run and the stage (its configuration as validated), the
 * application, the run's workspace on this server ({@code $MSAP_DATA_DIR/workspaces/<pipelineRecordId>/}), the outputs
 * of the stages before it, the stage log, and processes that are stopped with the stage.
 */
final class StageExecution {

    /** The outputs a finished stage of the same run recorded. */
    record EarlierStage(int sort, String name, StageCategory category, Map<String, String> outputs) {}

    /** Records the process a stage started, so it can be killed should this server die. */
    interface ProcessRecorder {
        void record(ProcessHandle process);
    }

    private final String runId;
    private final Caller starter;
    private final String projectId;
    private final String branchName;
    private final List<PipelineRequests.Variable> variables;
    private final String stageId;
    private final String stageName;
    private final int sort;
    private final int attempt;
    private final JsonNode config;
    private final AppView app;
    private final Path workspace;
    private final List<EarlierStage> earlier;
    private final StageLogs.Writer log;
    private final StageJobs.Job job;
    private final ProcessRecorder recorder;

    StageExecution(
            String runId,
            Caller starter,
            String projectId,
            String branchName,
            List<PipelineRequests.Variable> variables,
            RunStage stage,
            int attempt,
            JsonNode config,
            AppView app,
            Path workspace,
            List<EarlierStage> earlier,
            StageLogs.Writer log,
            StageJobs.Job job,
            ProcessRecorder recorder) {
        this.runId = runId;
        this.starter = starter;
        this.projectId = projectId;
        this.branchName = branchName;
        this.variables = List.copyOf(variables);
        this.stageId = stage.getId();
        this.stageName = stage.getName();
        this.sort = stage.getSort();
        this.attempt = attempt;
        this.config = config;
        this.app = app;
        this.workspace = workspace;
        this.earlier = List.copyOf(earlier);
        this.log = log;
        this.job = job;
        this.recorder = recorder;
    }

    String runId() {
        return runId;
    }

    /**
     * Who started (or last retried) the run, as a caller: stages that act in other modules (publishing, deploying) act
     * with the starter's rights.
     */
    Caller starter() {
        return starter;
    }

    String projectId() {
        return projectId;
    }

    /** The branch or tag the run was started with (may be null: the stage's own default applies). */
    String branchName() {
        return branchName;
    }

    /** The run's variables (runPipeline's variableList). */
    List<PipelineRequests.Variable> variables() {
        return variables;
    }

    String stageId() {
        return stageId;
    }

    String stageName() {
        return stageName;
    }

    int sort() {
        return sort;
    }

    int attempt() {
        return attempt;
    }

    JsonNode config() {
        return config;
    }

    AppView app() {
        return app;
    }

    /** The run's workspace directory on this server (not created yet). */
    Path workspace() {
        return workspace;
    }

    /** The nearest earlier stage of {@code category} that recorded outputs. */
    Optional<EarlierStage> output(StageCategory category) {
        for (int i = earlier.size() - 1; i >= 0; i--) {
            if (earlier.get(i).category() == category) {
                return Optional.of(earlier.get(i));
            }
        }
        return Optional.empty();
    }

    List<EarlierStage> earlier() {
        return earlier;
    }

    /** Writes a line to the stage log. */
    void log(String line) {
        log.line(line);
    }

    /** Whether the stage was stopped (pausePipeline, or this server shutting down). */
    boolean cancelled() {
        return job.cancelled();
    }

    /**
     * Whether the stage was stopped by someone (pausePipeline), not by this server shutting down: work a stage started
     * elsewhere (a change order) is stopped with it only then; after a shutdown a retry takes that work up again.
     */
    boolean stoppedByUser() {
        return job.cancelled() && !job.shuttingDown();
    }

    /**
     * Runs a process for the stage (see {@link BuildProcesses#run}): its output goes to the stage log, it is killed
     * when the stage is stopped, and its process group is recorded with the stage.
     */
    BuildProcesses.Result run(List<String> command, Path dir, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        return BuildProcesses.run(
                command,
                dir,
                env,
                timeout,
                log,
                process -> {
                    job.process(process);
                    recorder.record(process);
                },
                job::cancelled);
    }
}
