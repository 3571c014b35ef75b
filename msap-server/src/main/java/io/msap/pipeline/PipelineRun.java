package io.msap.pipeline;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * One run of a pipeline (pipelineRecordId). Its status moves only along {@link RunStatus#canTransitionTo}; every change
 * to the run or its stages is saved with the run's optimistic version, so two servers (or a pause and a runner) never
 * both record a step. A retry keeps the id and increments {@code attempt}.
 */
@Entity
@Table(name = "pipeline_run")
class PipelineRun {

    @Id
    private String id;

    @Column(nullable = false)
    private long tenantId;

    @Column(nullable = false)
    private String projectId;

    @Column(nullable = false)
    private String pipelineId;

    @Column(nullable = false)
    private String appId;

    private String branchName;

    @Column(nullable = false)
    private String variables;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private RunStatus runStatus;

    private String failReason;

    @Column(nullable = false)
    private int attempt;

    @Column(nullable = false)
    private Instant queuedAt;

    @Column(nullable = false)
    private long startUserId;

    private String startStaff;

    @Column(nullable = false)
    private boolean startMain;

    private String createStaff;

    @Column(nullable = false)
    private long createUserId;

    @Column(nullable = false)
    private Instant createTime;

    private Instant startTime;
    private Instant endTime;
    private String updateStaff;

    @Column(nullable = false)
    private Instant updateTime;

    @Version
    private long version;

    protected PipelineRun() {}

    PipelineRun(
            String id,
            Pipeline pipeline,
            String branchName,
            String variables,
            long userId,
            String userName,
            boolean mainAccount,
            Instant now) {
        this.id = id;
        this.tenantId = pipeline.getTenantId();
        this.projectId = pipeline.getProjectId();
        this.pipelineId = pipeline.getId();
        this.appId = pipeline.getAppId();
        this.branchName = branchName;
        this.variables = variables;
        this.runStatus = RunStatus.WAITING;
        this.attempt = 1;
        this.queuedAt = now;
        this.startUserId = userId;
        this.startStaff = userName;
        this.startMain = mainAccount;
        this.createStaff = userName;
        this.createUserId = userId;
        this.createTime = now;
        this.updateStaff = userName;
        this.updateTime = now;
    }

    /** Moves to {@code next}; an illegal transition is a bug in the engine. */
    void moveTo(RunStatus next, Instant now) {
        if (!runStatus.canTransitionTo(next)) {
            throw new IllegalStateException("pipeline run " + id + " cannot go from " + runStatus + " to " + next);
        }
        if (next == RunStatus.RUNNING) {
            startTime = now;
        }
        runStatus = next;
        endTime = next.finished() ? now : null;
        updateTime = now;
    }

    void fail(String reason, Instant now) {
        moveTo(RunStatus.FAILED, now);
        this.failReason = clip(reason);
    }

    void stop(String reason, String staff, Instant now) {
        moveTo(RunStatus.STOPPED, now);
        this.failReason = clip(reason);
        this.updateStaff = staff;
    }

    /** A retry: the run waits again (at the end of its pipeline's queue) as its next attempt, started by the caller. */
    void retry(long userId, String userName, boolean mainAccount, Instant now) {
        moveTo(RunStatus.WAITING, now);
        this.attempt++;
        this.failReason = null;
        this.queuedAt = now;
        this.startTime = null;
        this.startUserId = userId;
        this.startStaff = userName;
        this.startMain = mainAccount;
        this.updateStaff = userName;
    }

    /** Notes that the run was worked on (every recorded step), which moves its version on. */
    void touch(Instant now) {
        // always a change, so that the version moves on even within one microsecond
        this.updateTime = now.isAfter(updateTime) ? now : updateTime.plus(1, java.time.temporal.ChronoUnit.MICROS);
    }

    static String clip(String reason) {
        return reason == null || reason.length() <= 1000 ? reason : reason.substring(0, 1000);
    }

    String getId() {
        return id;
    }

    long getVersion() {
        return version;
    }

    long getTenantId() {
        return tenantId;
    }

    String getProjectId() {
        return projectId;
    }

    String getPipelineId() {
        return pipelineId;
    }

    String getAppId() {
        return appId;
    }

    String getBranchName() {
        return branchName;
    }

    String getVariables() {
        return variables;
    }

    RunStatus getRunStatus() {
        return runStatus;
    }

    String getFailReason() {
        return failReason;
    }

    int getAttempt() {
        return attempt;
    }

    Instant getQueuedAt() {
        return queuedAt;
    }

    long getStartUserId() {
        return startUserId;
    }

    String getStartStaff() {
        return startStaff;
    }

    boolean isStartMain() {
        return startMain;
    }

    String getCreateStaff() {
        return createStaff;
    }

    Instant getCreateTime() {
        return createTime;
    }

    Instant getStartTime() {
        return startTime;
    }

    Instant getEndTime() {
        return endTime;
    }

    String getUpdateStaff() {
        return updateStaff;
    }

    Instant getUpdateTime() {
        return updateTime;
    }
}
