package io.msap.pipeline;

import io.msap.shared.Messages;

/**
 * The status of a pipeline run, with its legal transitions and the manual's 11-15 code (statusCd). A run waits while
 * another run of its pipeline runs; a stopped run was paused (中止) by a user.
 */
enum RunStatus {
    /** Accepted; waits for the pipeline's earlier runs to end. */
    WAITING("11", "等待执行", "Waiting"),
    /** Its stages are running. */
    RUNNING("12", "执行中", "Running"),
    /** Every stage succeeded. */
    SUCCEEDED("13", "执行成功", "Succeeded"),
    /** A stage failed; failReason says why. */
    FAILED("14", "执行失败", "Failed"),
    /** Stopped by pausePipeline before it ended. */
    STOPPED("14", "已中止", "Stopped");

    private final String code;
    private final String chineseName;
    private final String englishName;

    RunStatus(String code, String chineseName, String englishName) {
        this.code = code;
        this.chineseName = chineseName;
        this.englishName = englishName;
    }

    /** Whether a run in this status may move to {@code next}. */
    boolean canTransitionTo(RunStatus next) {
        return switch (this) {
            case WAITING -> next == RUNNING || next == FAILED || next == STOPPED;
            case RUNNING -> next == SUCCEEDED || next == FAILED || next == STOPPED;
            // retryPipelineJobRun
            case FAILED, STOPPED -> next == WAITING;
            case SUCCEEDED -> false;
        };
    }

    boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == STOPPED;
    }

    String code() {
        return code;
    }

    String displayName() {
        return Messages.english() ? englishName : chineseName;
    }
}
