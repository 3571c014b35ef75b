package io.msap.release;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Hands change orders to the cluster-safe scheduler: a task instance per change order in the {@code scheduled_tasks}
 * table, written in the same transaction as the change order, so an accepted change is never lost and is claimed by
 * exactly one server at a time.
 */
@Component
class ChangeOrderQueue {

    private final CustomTask<String> task;
    private final ObjectProvider<SchedulerClient> scheduler;
    private final Clock clock;

    ChangeOrderQueue(
            @Qualifier("changeOrderTask") CustomTask<String> task,
            ObjectProvider<SchedulerClient> scheduler,
            Clock clock) {
        this.task = task;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** Schedules the change order to run now, unless it is scheduled already. */
    void enqueue(String changeOrderId) {
        scheduler.getObject().scheduleIfNotExists(task.instance(changeOrderId, changeOrderId), clock.instant());
    }

    /** Runs the change order now: schedules it, or moves its waiting task (an automatic batch pause) to now. */
    void runNow(String changeOrderId) {
        SchedulerClient client = scheduler.getObject();
        var id = com.github.kagkarlsson.scheduler.task.TaskInstanceId.of(
                ReleaseConfiguration.CHANGE_ORDER_TASK, changeOrderId);
        if (client.getScheduledExecution(id).isPresent()) {
            try {
                client.reschedule(id, clock.instant());
            } catch (RuntimeException e) {
                // being executed right now: that run goes on with the next batch
            }
            return;
        }
        enqueue(changeOrderId);
    }

    /** Whether the scheduler holds a task for the change order. */
    boolean queued(String changeOrderId) {
        return scheduler
                .getObject()
                .getScheduledExecution(com.github.kagkarlsson.scheduler.task.TaskInstanceId.of(
                        ReleaseConfiguration.CHANGE_ORDER_TASK, changeOrderId))
                .isPresent();
    }
}
