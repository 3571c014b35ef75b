package io.msap.account;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class AccountConfiguration {

    /** Argon2id with Spring Security's current defaults (16 MiB, 2 iterations). */
    @Bean
    PasswordEncoder passwordEncoder() {
        return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    }

    /** Deletes expired tokens hourly, on one replica. */
    @Bean
    RecurringTask<Void> expiredTokenCleanup(ApiTokenRepository tokens, TransactionTemplate transaction, Clock clock) {
        return Tasks.recurring("expired-token-cleanup", FixedDelay.of(Duration.ofHours(1)))
                .execute((instance, context) ->
                        transaction.executeWithoutResult(status -> tokens.deleteByExpireTimeBefore(clock.instant())));
    }
}
