package io.msap.pipeline;

import io.msap.app.AppService;
import io.msap.app.AppView;
import io.msap.shared.Caller;
import io.msap.shared.DataDirectory;
import io.msap.shared.Messages;
import io.msap.shared.MsapException;
import io.msap.shared.WireLocale;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs pipeline runs. {@link #advance} looks at a run and takes the one step that is due: start a waiting run when it
 * is first in its pipeline's queue and the pipeline is free (checking that the starter may still run it), start the
 * next stage on this server (taking a build slot if it needs one), notice the end of the run, or give up a stage whose
 * server stopped sending heartbeats (FAILED "interrupted", its process group killed if it is on this machine). Each
 * decision is recorded in its own short transaction guarded by the run's optimistic version, so a second server or a
 * concurrent pause records nothing twice. A stage itself runs on a thread of {@link StageJobs}, never inside a
 * transaction, and records its outcome when it ends.
 */
@Component
class PipelineRunner {

    private static final Logger log = LoggerFactory.getLogger(PipelineRunner.class);

    private static final TypeReference<List<PipelineRequests.Variable>> VARIABLES = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> OUTPUTS = new TypeReference<>() {};

    private final PipelineRepository pipelines;
    private final PipelineRunRepository runs;
    private final RunStageRepository stages;
    private final Map<StageCategory, StageExecutor> executors = new EnumMap<>(StageCategory.class);
    private final StageJobs jobs;
    private final StageLogs logs;
    private final PipelineAccess access;
    private final AppService apps;
    private final TransactionTemplate transaction;
    private final JsonMapper json;
    private final Messages messages;
    private final Clock clock;
    private final Path workspaces;
    private final Duration pollInterval;
    private final Duration heartbeatTimeout;

    PipelineRunner(
            PipelineRepository pipelines,
            PipelineRunRepository runs,
            RunStageRepository stages,
            List<StageExecutor> executors,
            StageJobs jobs,
            StageLogs logs,
            PipelineAccess access,
            AppService apps,
            TransactionTemplate transaction,
            JsonMapper json,
            Messages messages,
            Clock clock,
            DataDirectory dataDirectory,
            @Value("${msap.pipeline.poll-interval:1s}") Duration pollInterval,
            @Value("${msap.pipeline.heartbeat-timeout:30s}") Duration heartbeatTimeout) {
        this.pipelines = pipelines;
        this.runs = runs;
        this.stages = stages;
        executors.forEach(e -> this.executors.put(e.category(), e));
        this.jobs = jobs;
        this.logs = logs;
        this.access = access;
        this.apps = apps;
        this.transaction = transaction;
        this.json = json;
        this.messages = messages;
        this.clock = clock;
        this.workspaces = dataDirectory.resolve("workspaces");
        this.pollInterval = pollInterval;
        this.heartbeatTimeout = heartbeatTimeout;
    }

    /** The executor of a category (every category has one). */
    StageExecutor executor(StageCategory category) {
        StageExecutor executor = executors.get(category);
        if (executor == null) {
            throw new IllegalStateException("no executor for " + category);
        }
        return executor;
    }

    /** The workspace of a run on this server. */
    Path workspace(String runId) {
        return workspaces.resolve(runId);
    }

    /**
     * Advances attempt {@code attempt} of a run as far as it can go now. Answers when to look again, or empty when
     * there is nothing more to do for this attempt (finished, or retried as a newer attempt).
     */
    Optional<Duration> advance(String runId, int attempt) {
        for (int round = 0; round < 20; round++) {
            PipelineRun run = runs.findById(runId).orElse(null);
            if (run == null || run.getAttempt() != attempt || run.getRunStatus().finished()) {
                return Optional.empty();
            }
            if (run.getRunStatus() == RunStatus.WAITING) {
                if (!startIfFirst(run)) {
                    return Optional.of(pollInterval);
                }
                continue;
            }
            List<RunStage> list = stages.findByRunIdOrderBySort(runId);
            RunStage current = list.stream()
                    .filter(s -> s.getStatus() != StageStatus.SUCCEEDED)
                    .findFirst()
                    .orElse(null);
            if (current == null) {
                if (record(run, tx -> {
                    tx.run().moveTo(RunStatus.SUCCEEDED, now());
                    pipelines.unlock(tx.run().getPipelineId(), tx.run().getId());
                })) {
                    log.info("pipeline run {} (attempt {}) SUCCEEDED", runId, attempt);
                }
                return Optional.empty();
            }
            switch (current.getStatus()) {
                case FAILED, STOPPED -> {
                    // the stage ended the run (recorded together); nothing more to do
                    record(run, tx -> endRun(tx.run(), current));
                    return Optional.empty();
                }
                case WAITING, PENDING -> {
                    Optional<Duration> again = startStage(run, current);
                    if (again != null) {
                        return again;
                    }
                }
                case RUNNING -> {
                    Optional<Duration> again = watchStage(run, current);
                    if (again != null) {
                        return again;
                    }
                }
                case SUCCEEDED -> throw new IllegalStateException("unreachable");
            }
        }
        return Optional.of(pollInterval);
    }

    // ---- waiting runs ----

    /** Starts the run if it is first in its pipeline's queue and the pipeline runs nothing else; answers whether. */
    private boolean startIfFirst(PipelineRun run) {
        List<PipelineRun> waiting =
                runs.findByPipelineIdAndRunStatusOrderByQueuedAtAscIdAsc(run.getPipelineId(), RunStatus.WAITING);
        if (waiting.isEmpty() || !waiting.get(0).getId().equals(run.getId())) {
            return false;
        }
        Pipeline pipeline = pipelines.findById(run.getPipelineId()).orElseThrow();
        String active = pipeline.getActiveRunId();
        if (active != null && !active.equals(run.getId())) {
            boolean activeEnded =
                    runs.findById(active).map(r -> r.getRunStatus().finished()).orElse(true);
            if (!activeEnded) {
                return false;
            }
            // a lock left by a run that ended: release it
            transaction.executeWithoutResult(status -> pipelines.unlock(pipeline.getId(), active));
        }
        String refusal = starterRefusal(run, pipeline);
        if (refusal != null) {
            if (record(run, tx -> tx.run().fail(refusal, now()))) {
                log.info("pipeline run {} FAILED at start: {}", run.getId(), refusal);
            }
            return true;
        }
        return record(run, tx -> {
            if (pipelines.lock(pipeline.getId(), run.getId()) == 0
                    && !run.getId().equals(active)) {
                throw new NotNow();
            }
            tx.run().moveTo(RunStatus.RUNNING, now());
        });
    }

    /** Why the run's starter may not run the pipeline now (its rights are checked when the run starts), or null. */
    private String starterRefusal(PipelineRun run, Pipeline pipeline) {
        if (pipeline.isDeleted()) {
            return text("pipeline.fail.deleted");
        }
        Caller starter =
                new Caller(run.getTenantId(), run.getStartUserId(), run.getStartStaff(), run.isStartMain(), null);
        try {
            access.require(starter, "pipelineOrderId", pipeline, PermType.RUN);
            return null;
        } catch (MsapException e) {
            return text("pipeline.fail.starterRights", run.getStartStaff(), reason(e));
        }
    }

    // ---- stages ----

    /** Starts the run's next stage here; null to look again at once, otherwise when to look again. */
    private Optional<Duration> startStage(PipelineRun run, RunStage stage) {
        StageExecutor executor = executor(stage.getCategory());
        boolean slot = false;
        if (executor.usesBuildSlot()) {
            slot = jobs.tryAcquireSlot();
            if (!slot) {
                if (stage.getStatus() == StageStatus.WAITING) {
                    record(run, tx -> tx.stage(stage.getId()).pending(now()));
                }
                return Optional.of(pollInterval);
            }
        }
        int attempt = run.getAttempt();
        boolean claimed = record(run, tx -> tx.stage(stage.getId()).start(jobs.instanceId(), attempt, now()));
        if (!claimed) {
            if (slot) {
                jobs.releaseSlot();
            }
            return null;
        }
        StageJobs.Job job = new StageJobs.Job(stage.getId(), attempt);
        boolean holdsSlot = slot;
        log.info(
                "pipeline run {}: stage {} ({}) started, attempt {}",
                run.getId(),
                stage.getName(),
                stage.getCategory(),
                attempt);
        jobs.start(job, () -> runStage(job, run.getId(), stage.getId(), executor, holdsSlot));
        return Optional.of(pollInterval);
    }

    /** Watches a running stage; gives it up as interrupted when its server stopped. */
    private Optional<Duration> watchStage(PipelineRun run, RunStage stage) {
        boolean here = jobs.instanceId().equals(stage.getExecutor());
        if (here && jobs.running(stage.getId())) {
            return Optional.of(pollInterval);
        }
        Instant heartbeat = stage.getHeartbeatTime() == null ? stage.getUpdateTime() : stage.getHeartbeatTime();
        boolean stale = Duration.between(heartbeat, now()).compareTo(heartbeatTimeout) > 0;
        if (!here && !stale) {
            return Optional.of(pollInterval);
        }
        if (here) {
            // the job ended: it either recorded its outcome (look again) or ended without one
            RunStage fresh = stages.findById(stage.getId()).orElseThrow();
            if (fresh.getStatus() != StageStatus.RUNNING) {
                return null;
            }
        }
        BuildProcesses.killRecorded(stage.getProcessHost(), stage.getProcessPid(), stage.getProcessStart());
        String reason = text("pipeline.stage.interrupted");
        if (record(run, tx -> {
            RunStage current = tx.stage(stage.getId());
            current.fail(reason, now());
            endRun(tx.run(), current);
        })) {
            log.info("pipeline run {}: stage {} interrupted (its server stopped)", run.getId(), stage.getName());
            try (StageLogs.Writer writer = logs.open(stage.getId())) {
                writer.line("[MSAP] " + reason);
            } catch (RuntimeException e) {
                log.warn("cannot note the interruption in the log of stage {}: {}", stage.getId(), e.getMessage());
            }
        }
        return null;
    }

    /** The body of a stage job: runs the executor and records its outcome. */
    private void runStage(StageJobs.Job job, String runId, String stageId, StageExecutor executor, boolean slot) {
        try (StageLogs.Writer writer = logs.open(stageId)) {
            StageOutcome outcome;
            boolean stopped = false;
            try {
                PipelineRun run = runs.findById(runId).orElseThrow();
                RunStage stage = stages.findById(stageId).orElseThrow();
                writer.line(text("pipeline.log.header", stage.getName(), stage.getCategory(), job.attempt, now()));
                StageExecution execution = execution(run, stage, job, writer);
                outcome = executor.execute(execution);
                if (job.cancelled()) {
                    stopped = true;
                }
            } catch (CancellationException e) {
                stopped = true;
                outcome = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
                outcome = null;
            } catch (MsapException e) {
                outcome = StageOutcome.failed(reason(e));
            } catch (RuntimeException e) {
                log.warn("stage {} of pipeline run {} broke", stageId, runId, e);
                outcome = StageOutcome.failed(text("pipeline.fail.internal", String.valueOf(e.getMessage())));
            }
            if (stopped) {
                // paused (the stage is recorded as stopped already) or this server is shutting down (interrupted)
                writer.line("[MSAP] " + text("pipeline.log.stopped"));
                writer.flush();
                recordOutcome(runId, stageId, job.attempt, StageOutcome.failed(text("pipeline.stage.interrupted")));
                return;
            }
            writer.line(
                    outcome.succeeded()
                            ? "[MSAP] " + text("pipeline.log.succeeded")
                            : "[MSAP] " + text("pipeline.log.failed", outcome.reason()));
            writer.flush();
            recordOutcome(runId, stageId, job.attempt, outcome);
        } catch (RuntimeException e) {
            log.warn("cannot record the outcome of stage {} of pipeline run {}", stageId, runId, e);
        } finally {
            if (slot) {
                jobs.releaseSlot();
            }
        }
    }

    private StageExecution execution(PipelineRun run, RunStage stage, StageJobs.Job job, StageLogs.Writer writer) {
        AppView app = apps.find(run.getAppId())
                .orElseThrow(() -> new MsapException(io.msap.shared.Failure.CONFLICT, "pipeline.fail.appGone"));
        List<StageExecution.EarlierStage> earlier = new ArrayList<>();
        for (RunStage before : stages.findByRunIdOrderBySort(run.getId())) {
            if (before.getSort() < stage.getSort() && before.getOutputs() != null) {
                earlier.add(new StageExecution.EarlierStage(
                        before.getSort(),
                        before.getName(),
                        before.getCategory(),
                        json.readValue(before.getOutputs(), OUTPUTS)));
            }
        }
        JsonNode config = json.readTree(stage.getConfig());
        List<PipelineRequests.Variable> variables = json.readValue(run.getVariables(), VARIABLES);
        return new StageExecution(
                run.getId(),
                new Caller(
                        run.getTenantId(),
                        run.getStartUserId(),
                        run.getStartStaff(),
                        run.isStartMain(),
                        "pipeline-run:" + run.getId()),
                run.getProjectId(),
                run.getBranchName(),
                variables,
                stage,
                job.attempt,
                config,
                app,
                workspace(run.getId()),
                earlier,
                writer,
                job,
                process -> transaction.executeWithoutResult(status -> stages.findById(stage.getId())
                        .filter(s -> s.getStatus() == StageStatus.RUNNING
                                && jobs.instanceId().equals(s.getExecutor())
                                && s.getAttempt() == job.attempt)
                        .ifPresent(s -> s.process(
                                BuildProcesses.HOST,
                                process.pid(),
                                process.info()
                                        .startInstant()
                                        .map(i -> i.truncatedTo(ChronoUnit.MICROS))
                                        .orElse(null)))));
    }

    /**
     * Records how a stage ended, if it is still running here in this attempt (a pause or an interruption recorded
     * first wins): success stores its outputs, failure ends the run.
     */
    private void recordOutcome(String runId, String stageId, int attempt, StageOutcome outcome) {
        for (int tries = 0; tries < 5; tries++) {
            try {
                transaction.executeWithoutResult(status -> {
                    RunStage stage = stages.findById(stageId).orElseThrow();
                    if (stage.getStatus() != StageStatus.RUNNING
                            || !jobs.instanceId().equals(stage.getExecutor())
                            || stage.getAttempt() != attempt) {
                        return;
                    }
                    PipelineRun run = runs.findById(runId).orElseThrow();
                    if (outcome.succeeded()) {
                        stage.succeed(json.writeValueAsString(outcome.outputs()), now());
                        log.info("pipeline run {}: stage {} SUCCEEDED", runId, stage.getName());
                    } else {
                        stage.fail(outcome.reason(), now());
                        endRun(run, stage);
                        log.info("pipeline run {}: stage {} FAILED: {}", runId, stage.getName(), outcome.reason());
                    }
                    run.touch(now());
                });
                return;
            } catch (ObjectOptimisticLockingFailureException e) {
                log.info("pipeline run {} moved on while recording stage {}; looking again", runId, stageId);
            }
        }
    }

    /** Ends the run as its stage ended (failed or stopped) and frees the pipeline for its next run. */
    private void endRun(PipelineRun run, RunStage stage) {
        if (run.getRunStatus().finished()) {
            return;
        }
        if (stage.getStatus() == StageStatus.STOPPED) {
            run.stop(stage.getReason(), run.getUpdateStaff(), now());
        } else {
            run.fail(text("pipeline.fail.stage", stage.getName(), stage.getReason()), now());
        }
        pipelines.unlock(run.getPipelineId(), run.getId());
    }

    // ---- recording ----

    /** The entities a decision changes, loaded in the recording transaction. */
    final class Tx {
        private final PipelineRun run;

        Tx(PipelineRun run) {
            this.run = run;
        }

        PipelineRun run() {
            return run;
        }

        RunStage stage(String stageId) {
            return stages.findById(stageId).orElseThrow();
        }
    }

    /** A decision that cannot be recorded now (the pipeline is busy): nothing is changed. */
    private static final class NotNow extends RuntimeException {
        NotNow() {
            super(null, null, false, false);
        }
    }

    /**
     * Runs {@code change} in its own transaction on freshly loaded entities, only if the run is still at the version
     * the decision was made on; otherwise someone else moved it and nothing is recorded.
     */
    private boolean record(PipelineRun decidedOn, Consumer<Tx> change) {
        try {
            Boolean recorded = transaction.execute(status -> {
                PipelineRun run = runs.findById(decidedOn.getId()).orElseThrow();
                if (run.getVersion() != decidedOn.getVersion()) {
                    status.setRollbackOnly();
                    return false;
                }
                change.accept(new Tx(run));
                run.touch(now());
                return true;
            });
            return Boolean.TRUE.equals(recorded);
        } catch (NotNow e) {
            return false;
        } catch (ObjectOptimisticLockingFailureException e) {
            log.info("pipeline run {} moved on elsewhere; looking again", decidedOn.getId());
            return false;
        }
    }

    private String reason(MsapException e) {
        return messages.get(WireLocale.CHINESE, e.messageKey(), e.args());
    }

    private String text(String key, Object... args) {
        return messages.get(WireLocale.CHINESE, key, args);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
