package io.msap.shared;

import com.github.kagkarlsson.scheduler.PollingStrategyConfig;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The cluster-safe scheduler (db-scheduler) that claims work from the {@code scheduled_tasks} table: on PostgreSQL it
 * claims due tasks with {@code SELECT ... FOR UPDATE SKIP LOCKED} (lock-and-fetch); H2 does not support that in
 * db-scheduler and keeps the plain fetch strategy. An explicit {@code db-scheduler.polling-strategy} wins.
 */
@Configuration(proxyBeanMethods = false)
class SchedulerConfiguration {

    @Bean
    static BeanPostProcessor schedulerPollingStrategy(
            @Value("${spring.datasource.url:}") String datasourceUrl,
            @Value("${db-scheduler.polling-strategy:}") String configuredStrategy) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof DbSchedulerProperties properties
                        && configuredStrategy.isBlank()
                        && datasourceUrl.startsWith("jdbc:postgresql:")) {
                    properties.setPollingStrategy(PollingStrategyConfig.Type.LOCK_AND_FETCH);
                }
                return bean;
            }
        };
    }
}
