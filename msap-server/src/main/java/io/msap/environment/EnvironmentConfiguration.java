package io.msap.environment;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EmbeddedCluster.Settings.class)
class EnvironmentConfiguration {

    /** Reads cluster state for list endpoints in parallel, so one slow cluster does not add up with the others. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService clusterReads() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "cluster-read-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
