package io.msap.audit;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    /** Before the security filters (-100), so refused requests are recorded too. */
    static final int FILTER_ORDER = -200;

    private static final Logger log = LoggerFactory.getLogger(AuditConfiguration.class);

    @Bean
    FilterRegistrationBean<AuditRecordingFilter> auditRecordingFilter(AuditService audit, Clock clock) {
        FilterRegistrationBean<AuditRecordingFilter> registration =
                new FilterRegistrationBean<>(new AuditRecordingFilter(audit, clock));
        registration.setOrder(FILTER_ORDER);
        return registration;
    }

    /** Deletes audit records older than {@code msap.audit.retention} (default 180 days), hourly, on one replica. */
    @Bean
    RecurringTask<Void> auditRetention(
            AuditLogRepository logs,
            TransactionTemplate transaction,
            Clock clock,
            @Value("${msap.audit.retention:180d}") Duration retention) {
        return Tasks.recurring("audit-retention", FixedDelay.of(Duration.ofHours(1)))
                .execute((instance, context) -> {
                    Integer deleted = transaction.execute(
                            status -> logs.deleteOlderThan(clock.instant().minus(retention)));
                    if (deleted != null && deleted > 0) {
                        log.info("deleted {} audit records older than {}", deleted, retention);
                    }
                });
    }
}
