package io.msap.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The stages this server is running, each on a thread of its own: the server's build slots
 * ({@code msap.pipeline.max-concurrent-builds}, default one per core), a heartbeat per running stage every
 * {@code msap.pipeline.heartbeat-interval} (by which other servers tell a live run from one whose server died), and
 * stopping: a stage that is no longer running here in the database (paused on another server) is stopped at its next
 * heartbeat. Each server start has a new instance id.
 */
@Component
class StageJobs implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StageJobs.class);

    /** A stage running here. */
    static final class Job {
        final String stageId;
        final int attempt;
        private volatile boolean cancelled;
        private volatile boolean shuttingDown;
        private volatile ProcessHandle process;
        private final CountDownLatch done = new CountDownLatch(1);

        Job(String stageId, int attempt) {
            this.stageId = stageId;
            this.attempt = attempt;
        }

        boolean cancelled() {
            return cancelled;
        }

        /** Whether the stage was stopped because this server shuts down (not by pausePipeline). */
        boolean shuttingDown() {
            return shuttingDown;
        }

        /** Stops the stage: its process group is killed now, and the executor sees {@code cancelled()}. */
        void cancel() {
            cancelled = true;
            ProcessHandle running = process;
            if (running != null) {
                BuildProcesses.kill(running);
            }
        }

        void process(ProcessHandle process) {
            this.process = process;
            if (cancelled) {
                BuildProcesses.kill(process);
            }
        }

        boolean awaitEnd(Duration timeout) throws InterruptedException {
            return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private final String instanceId = UUID.randomUUID().toString();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Semaphore slots;
    private final int maxBuilds;
    private final RunStageRepository stages;
    private final Clock clock;
    private final AtomicInteger threadCount = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "pipeline-stage-" + threadCount.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "pipeline-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    StageJobs(
            RunStageRepository stages,
            Clock clock,
            @Value("${msap.pipeline.max-concurrent-builds:0}") int maxConcurrentBuilds,
            @Value("${msap.pipeline.heartbeat-interval:2s}") Duration heartbeatInterval) {
        this.stages = stages;
        this.clock = clock;
        this.maxBuilds = maxConcurrentBuilds > 0
                ? maxConcurrentBuilds
                : Runtime.getRuntime().availableProcessors();
        this.slots = new Semaphore(maxBuilds, true);
        long millis = Math.max(100, heartbeatInterval.toMillis());
        heartbeats.scheduleWithFixedDelay(this::beat, millis, millis, TimeUnit.MILLISECONDS);
        log.info("pipelines: at most {} concurrent builds on this server (instance {})", maxBuilds, instanceId);
    }

    /** This server's identity as recorded with the stages it runs. */
    String instanceId() {
        return instanceId;
    }

    boolean tryAcquireSlot() {
        return slots.tryAcquire();
    }

    void releaseSlot() {
        slots.release();
    }

    /** Starts a stage here; {@code body} records its outcome and ends with {@link #finished}. */
    void start(Job job, Runnable body) {
        jobs.put(job.stageId, job);
        threads.execute(() -> {
            try {
                body.run();
            } finally {
                jobs.remove(job.stageId, job);
                job.done.countDown();
            }
        });
    }

    boolean running(String stageId) {
        return jobs.containsKey(stageId);
    }

    /** Stops a stage running here and waits (a while) until its thread has ended; false when it does not run here. */
    boolean cancel(String stageId, Duration wait) {
        Job job = jobs.get(stageId);
        if (job == null) {
            return false;
        }
        job.cancel();
        try {
            job.awaitEnd(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private void beat() {
        for (Job job : jobs.values()) {
            try {
                int alive = stages.heartbeat(
                        job.stageId, instanceId, job.attempt, clock.instant().truncatedTo(ChronoUnit.MICROS));
                if (alive == 0 && !job.cancelled()) {
                    log.info("stage {} is no longer running here; stopping it", job.stageId);
                    job.cancel();
                }
            } catch (RuntimeException e) {
                log.warn("heartbeat of stage {} failed: {}", job.stageId, e.getMessage());
            }
        }
    }

    @Override
    public void destroy() {
        heartbeats.shutdownNow();
        jobs.values().forEach(job -> {
            job.shuttingDown = true;
            job.cancel();
        });
        threads.shutdownNow();
    }
}
