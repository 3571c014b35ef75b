package io.msap.release;

import io.msap.shared.Messages;

/**
 * The execution status of a change order, with its legal transitions. The manual's status words are derived: the
 * stage code (11-15) and the instance status (SOW/SOP/SOA/SOE).
 */
public enum ChangeOrderStatus {
    /** Accepted, not started yet. */
    WAITING("11", "SOW", "等待执行", "Waiting"),
    /** Its steps are running. */
    RUNNING("12", "SOP", "执行中", "Running"),
    /** A batch is done; the next one waits for continuePipeline (or its wait time). */
    WAITING_FOR_NEXT_BATCH("12", "SOP", "等待下一批", "Waiting for the next batch"),
    /** Every step succeeded. */
    SUCCEEDED("13", "SOA", "执行成功", "Succeeded"),
    /** A step failed; failReason says why. */
    FAILED("14", "SOE", "执行失败", "Failed"),
    /** Stopped by abortChangeOrder or a rollback before it finished. */
    ABORTED("14", "SOE", "已中止", "Aborted");

    private final String stageCode;
    private final String instanceStatus;
    private final String chineseName;
    private final String englishName;

    ChangeOrderStatus(String stageCode, String instanceStatus, String chineseName, String englishName) {
        this.stageCode = stageCode;
        this.instanceStatus = instanceStatus;
        this.chineseName = chineseName;
        this.englishName = englishName;
    }

    /** Whether a change order in this status may move to {@code next}. */
    public boolean canTransitionTo(ChangeOrderStatus next) {
        return switch (this) {
            case WAITING -> next == RUNNING || next == ABORTED;
            case RUNNING -> next == WAITING_FOR_NEXT_BATCH || next == SUCCEEDED || next == FAILED || next == ABORTED;
            case WAITING_FOR_NEXT_BATCH -> next == RUNNING || next == ABORTED;
            case SUCCEEDED, FAILED, ABORTED -> false;
        };
    }

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED || this == ABORTED;
    }

    /** The manual's 11-15 code of a stage (and phase) in this status. */
    public String stageCode() {
        return stageCode;
    }

    /** The manual's SOW/SOP/SOA/SOE instance status. */
    public String instanceStatus() {
        return instanceStatus;
    }

    public String displayName() {
        return Messages.english() ? englishName : chineseName;
    }
}
