package io.msap.pipeline;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.msap.shared.DataDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.FileSystemUtils;

/**
 * The scheduler tasks of pipelines: {@code pipeline-run} advances one attempt of a run and asks to run again after the
 * poll interval until it is done (a server that dies mid-run has its task revived by another after the missed
 * heartbeats); {@code pipeline-run-sweeper} queues again any unfinished run whose task is missing;
 * {@code pipeline-workspace-cleanup} deletes the workspaces of runs that ended longer than
 * {@code msap.pipeline.workspace-retention} ago.
 */
@Configuration(proxyBeanMethods = false)
class PipelineConfiguration {

    static final String RUN_TASK = "pipeline-run";

    /** How soon a run whose advance broke unexpectedly is tried again. */
    static final Duration FAILURE_BACKOFF = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(PipelineConfiguration.class);

    @Bean
    CustomTask<String> pipelineRunTask(PipelineRunner runner, Clock clock) {
        return Tasks.custom(RUN_TASK, String.class)
                .onDeadExecutionRevive()
                .onFailureReschedule(FixedDelay.of(FAILURE_BACKOFF))
                .execute((instance, context) -> {
                    Optional<Duration> again;
                    try {
                        again = runner.advance(instance.getData(), PipelineRunQueue.attemptOf(instance.getId()));
                    } catch (RuntimeException e) {
                        // a bug or a lost database connection: the run is not lost, it is looked at again later
                        log.warn("pipeline run {} could not advance; trying again", instance.getData(), e);
                        again = Optional.of(FAILURE_BACKOFF);
                    }
                    if (again.isEmpty()) {
                        return new CompletionHandler.OnCompleteRemove<>();
                    }
                    Duration delay = again.get();
                    return (complete, operations) ->
                            operations.reschedule(complete, clock.instant().plus(delay));
                });
    }

    @Bean
    RecurringTask<Void> pipelineRunSweeper(PipelineRunRepository runs, PipelineRunQueue queue) {
        return Tasks.recurring("pipeline-run-sweeper", FixedDelay.of(Duration.ofMinutes(1)))
                .execute((instance, context) ->
                        runs.findByRunStatusIn(EnumSet.of(RunStatus.WAITING, RunStatus.RUNNING)).stream()
                                .filter(run -> !queue.queued(run.getId(), run.getAttempt()))
                                .forEach(run -> {
                                    log.warn("pipeline run {} had no scheduled task; queueing it again", run.getId());
                                    queue.enqueue(run.getId(), run.getAttempt());
                                }));
    }

    @Bean
    RecurringTask<Void> pipelineWorkspaceCleanup(
            PipelineRunRepository runs,
            DataDirectory dataDirectory,
            Clock clock,
            @Value("${msap.pipeline.workspace-retention:7d}") Duration retention) {
        return Tasks.recurring("pipeline-workspace-cleanup", FixedDelay.of(Duration.ofHours(1)))
                .execute((instance, context) -> runs.findByRunStatusInAndEndTimeBefore(
                                EnumSet.of(RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.STOPPED),
                                clock.instant().minus(retention))
                        .forEach(run -> {
                            Path workspace = dataDirectory.resolve("workspaces").resolve(run.getId());
                            if (Files.exists(workspace)) {
                                try {
                                    FileSystemUtils.deleteRecursively(workspace);
                                } catch (IOException e) {
                                    log.warn("cannot delete the workspace {}: {}", workspace, e.getMessage());
                                }
                            }
                        }));
    }
}
