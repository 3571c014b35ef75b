package io.msap.pipeline;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A stage of a run: a copy of the definition's stage taken when the run was requested, with its progress, the server
 * running it (and that server's last heartbeat), the process it started and the outputs it recorded. Changed only in
 * transactions that also move the run's version on ({@link PipelineRun#touch}); heartbeats are written alone, which is
 * why only changed columns are updated.
 */
@Entity
@Table(name = "pipeline_run_stage")
@DynamicUpdate
class RunStage {

    @Id
    private String id;

    @Column(nullable = false)
    private String runId;

    @Column(nullable = false)
    private int sort;

    @Column(name = "stage_name", nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private StageCategory category;

    @Column(nullable = false)
    private String config;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private StageStatus status;

    private String reason;

    @Column(nullable = false)
    private int attempt;

    private Instant startTime;
    private Instant endTime;

    @Column(nullable = false)
    private Instant updateTime;

    private String executor;
    private Instant heartbeatTime;
    private String processHost;
    private Long processPid;
    private Instant processStart;
    private String outputs;

    protected RunStage() {}

    RunStage(String id, String runId, PipelineStage stage, Instant now) {
        this.id = id;
        this.runId = runId;
        this.sort = stage.getSort();
        this.name = stage.getName();
        this.category = stage.getCategory();
        this.config = stage.getConfig();
        this.status = StageStatus.WAITING;
        this.updateTime = now;
    }

    private void moveTo(StageStatus next, Instant now) {
        if (!status.canTransitionTo(next)) {
            throw new IllegalStateException("stage " + id + " cannot go from " + status + " to " + next);
        }
        status = next;
        updateTime = now;
        if (next.finished()) {
            endTime = now;
        }
    }

    /** Its turn came but no build slot is free on the server that looked. */
    void pending(Instant now) {
        moveTo(StageStatus.PENDING, now);
    }

    /** Claimed by server {@code executor} for run attempt {@code attempt}. */
    void start(String executor, int attempt, Instant now) {
        moveTo(StageStatus.RUNNING, now);
        this.executor = executor;
        this.attempt = attempt;
        this.heartbeatTime = now;
        this.startTime = now;
        this.endTime = null;
        this.reason = null;
        this.outputs = null;
        this.processHost = null;
        this.processPid = null;
        this.processStart = null;
    }

    void succeed(String outputs, Instant now) {
        moveTo(StageStatus.SUCCEEDED, now);
        this.outputs = outputs;
    }

    void fail(String reason, Instant now) {
        moveTo(StageStatus.FAILED, now);
        this.reason = PipelineRun.clip(reason);
    }

    void stop(String reason, Instant now) {
        moveTo(StageStatus.STOPPED, now);
        this.reason = PipelineRun.clip(reason);
    }

    /** A retry: the stage will run again. */
    void reset(Instant now) {
        moveTo(StageStatus.WAITING, now);
        this.reason = null;
        this.endTime = null;
        this.startTime = null;
    }

    /** The build process started for the stage (its process group id), to stop it should its server die. */
    void process(String host, long pid, Instant started) {
        this.processHost = host;
        this.processPid = pid;
        this.processStart = started;
    }

    String getId() {
        return id;
    }

    String getRunId() {
        return runId;
    }

    int getSort() {
        return sort;
    }

    String getName() {
        return name;
    }

    StageCategory getCategory() {
        return category;
    }

    String getConfig() {
        return config;
    }

    StageStatus getStatus() {
        return status;
    }

    String getReason() {
        return reason;
    }

    int getAttempt() {
        return attempt;
    }

    Instant getStartTime() {
        return startTime;
    }

    Instant getEndTime() {
        return endTime;
    }

    Instant getUpdateTime() {
        return updateTime;
    }

    String getExecutor() {
        return executor;
    }

    Instant getHeartbeatTime() {
        return heartbeatTime;
    }

    String getProcessHost() {
        return processHost;
    }

    Long getProcessPid() {
        return processPid;
    }

    Instant getProcessStart() {
        return processStart;
    }

    String getOutputs() {
        return outputs;
    }
}
