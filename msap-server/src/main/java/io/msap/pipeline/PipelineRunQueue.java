package io.msap.pipeline;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Hands pipeline runs to the cluster-safe scheduler: a task instance per run attempt ({@code <runId>:<attempt>}) in
 * the {@code scheduled_tasks} table, written in the same transaction as the run, so an accepted run (or retry) is never
 * lost and is advanced by one server at a time.
 */
@Component
class PipelineRunQueue {

    private final CustomTask<String> task;
    private final ObjectProvider<SchedulerClient> scheduler;
    private final Clock clock;

    PipelineRunQueue(
            @Qualifier("pipelineRunTask") CustomTask<String> task,
            ObjectProvider<SchedulerClient> scheduler,
            Clock clock) {
        this.task = task;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** Schedules the run's attempt to be advanced now, unless it is scheduled already. */
    void enqueue(String runId, int attempt) {
        scheduler.getObject().scheduleIfNotExists(task.instance(instanceId(runId, attempt), runId), clock.instant());
    }

    boolean queued(String runId, int attempt) {
        return scheduler
                .getObject()
                .getScheduledExecution(TaskInstanceId.of(PipelineConfiguration.RUN_TASK, instanceId(runId, attempt)))
                .isPresent();
    }

    static String instanceId(String runId, int attempt) {
        return runId + ":" + attempt;
    }

    /** The attempt a task instance id names. */
    static int attemptOf(String instanceId) {
        return Integer.parseInt(instanceId.substring(instanceId.lastIndexOf(':') + 1));
    }
}
