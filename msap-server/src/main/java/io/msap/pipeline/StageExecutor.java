package io.msap.pipeline;

import io.msap.app.AppView;
import tools.jackson.databind.JsonNode;

/**
 * The stage-executor SPI: one implementation (a Spring bean of this module) per {@link StageCategory}. An executor
 * checks a stage's configuration when a pipeline is saved and runs the stage when a run reaches it. Running is a small
 * idempotent step: it may be run again for the same stage (after a retry, or after the server running it died), each
 * time with a new attempt and a fresh start in its part of the run's workspace, and it reports what it produced as
 * outputs that later stages read ({@link StageExecution#output}).
 */
interface StageExecutor {

    /** The category this executor runs. */
    StageCategory category();

    /**
     * Checks the configuration of a stage (sent as {@code field}, e.g. {@code stageList[0].config}) and answers it
     * normalized, as it is stored and later handed to {@link #execute}. 400 naming the offending field otherwise.
     */
    JsonNode validate(String field, JsonNode config);

    /**
     * Whether this server can run stages of this category at all. A pipeline with a stage that cannot run here is
     * refused when it is saved (400 naming the stage), never accepted to fail later.
     */
    default boolean availableOnThisServer() {
        return true;
    }

    /** Checks that a (valid) stage fits the pipeline's application; 400 naming {@code field} otherwise. */
    default void checkApp(String field, JsonNode config, AppView app) {}

    /**
     * Checks, when a run is requested, that the stage can run now (for example that its build environment's toolchain
     * is installed); 400 naming the stage otherwise.
     */
    default void checkRunnable(String stageName, JsonNode config) {}

    /** Whether the stage takes one of the server's build slots ({@code msap.pipeline.max-concurrent-builds}). */
    default boolean usesBuildSlot() {
        return false;
    }

    /**
     * Runs the stage once, on a thread of its own, with no database transaction held. Answers its outcome; a stage
     * that was stopped (pausePipeline) notices it through {@link StageExecution#cancelled()} (its processes are
     * killed for it) and may throw {@link java.util.concurrent.CancellationException}.
     */
    StageOutcome execute(StageExecution execution) throws InterruptedException;
}
