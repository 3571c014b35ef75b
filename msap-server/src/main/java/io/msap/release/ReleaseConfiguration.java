package io.msap.release;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The scheduler tasks of releases: {@code change-order} advances one change order and asks to run again after the
 * poll interval until it is finished (a server that dies mid-run has its task revived by another after the missed
 * heartbeats); {@code change-order-sweeper} finds accepted change orders that have no task (for example a task row lost
 * in a database restore) and queues them again.
 */
@Configuration(proxyBeanMethods = false)
class ReleaseConfiguration {

    static final String CHANGE_ORDER_TASK = "change-order";

    /** How soon a change order whose run broke unexpectedly is tried again. */
    static final Duration FAILURE_BACKOFF = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(ReleaseConfiguration.class);

    @Bean
    CustomTask<String> changeOrderTask(ChangeOrderRunner runner, Clock clock) {
        return Tasks.custom(CHANGE_ORDER_TASK, String.class)
                .onDeadExecutionRevive()
                .onFailureReschedule(FixedDelay.of(FAILURE_BACKOFF))
                .execute((instance, context) -> {
                    Optional<Duration> again;
                    try {
                        again = runner.advance(instance.getData());
                    } catch (RuntimeException e) {
                        // a bug or a lost database connection: the change order is not lost, it runs again later
                        log.warn("change order {} could not advance; trying again", instance.getData(), e);
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
    RecurringTask<Void> changeOrderSweeper(ChangeOrderRepository orders, ChangeOrderQueue queue) {
        return Tasks.recurring("change-order-sweeper", FixedDelay.of(Duration.ofMinutes(1)))
                .execute((instance, context) -> orders
                        .findByExecuteStatusIn(EnumSet.of(
                                ChangeOrderStatus.WAITING,
                                ChangeOrderStatus.RUNNING,
                                ChangeOrderStatus.WAITING_FOR_NEXT_BATCH))
                        .stream()
                        // a manual pause has no task on purpose: continuePipeline queues it
                        .filter(order -> order.getExecuteStatus() != ChangeOrderStatus.WAITING_FOR_NEXT_BATCH
                                || "AUTOMATIC".equals(order.getBatchType()))
                        .filter(order -> !queue.queued(order.getId()))
                        .forEach(order -> {
                            log.warn("change order {} had no scheduled task; queueing it again", order.getId());
                            queue.enqueue(order.getId());
                        }));
    }
}
