package io.msap.pipeline;

import io.msap.shared.Messages;

/** The status of a stage of a run, with its legal transitions and the manual's 11-15 code. */
enum StageStatus {
    /** Not started yet. */
    WAITING("11", "等待执行", "Waiting"),
    /** Its turn has come; it waits for a free build slot of the server ({@code msap.pipeline.max-concurrent-builds}). */
    PENDING("15", "等待执行", "Waiting for a build slot"),
    /** Running on a server. */
    RUNNING("12", "执行中", "Running"),
    /** Done; its outputs are recorded. */
    SUCCEEDED("13", "执行成功", "Succeeded"),
    /** Failed (or interrupted by the end of the server running it); reason says why. */
    FAILED("14", "执行失败", "Failed"),
    /** Stopped by pausePipeline. */
    STOPPED("14", "已中止", "Stopped");

    private final String code;
    private final String chineseName;
    private final String englishName;

    StageStatus(String code, String chineseName, String englishName) {
        this.code = code;
        this.chineseName = chineseName;
        this.englishName = englishName;
    }

    boolean canTransitionTo(StageStatus next) {
        return switch (this) {
            case WAITING -> next == PENDING || next == RUNNING || next == STOPPED || next == FAILED;
            case PENDING -> next == RUNNING || next == STOPPED || next == FAILED;
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
