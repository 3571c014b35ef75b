package io.msap.release;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A stage of a phase (one batch of a deploy, or an operation), with its single task: the task's instance (the
 * Deployment or Service it changes), the manifests applied, and the pods as last seen.
 */
@Entity
@Table(name = "change_stage")
class ChangeStage {

    @Id
    private String id;

    @Column(nullable = false)
    private String phaseId;

    @Column(nullable = false)
    private int seq;

    @Column(nullable = false)
    private String stageName;

    @Column(nullable = false)
    private String status;

    private Instant startTime;

    @Column(nullable = false)
    private Instant updateTime;

    @Column(nullable = false)
    private String taskId;

    @Column(nullable = false)
    private String taskName;

    @Column(nullable = false)
    private String instanceName;

    @Column(nullable = false)
    private String instanceStatus;

    private String errMsg;
    private String resourceName;
    private String resourceYaml;

    /** JSON array of the stage's pods as last seen. */
    private String pods;

    protected ChangeStage() {}

    ChangeStage(
            String id,
            String phaseId,
            int seq,
            String stageName,
            String taskId,
            String taskName,
            String instanceName,
            String resourceName,
            Instant now) {
        this.id = id;
        this.phaseId = phaseId;
        this.seq = seq;
        this.stageName = stageName;
        this.status = ChangeOrderStatus.WAITING.stageCode();
        this.updateTime = now;
        this.taskId = taskId;
        this.taskName = taskName;
        this.instanceName = instanceName;
        this.instanceStatus = ChangeOrderStatus.WAITING.instanceStatus();
        this.resourceName = resourceName;
    }

    void status(ChangeOrderStatus status, String errMsg, Instant now) {
        if (startTime == null && status != ChangeOrderStatus.WAITING) {
            startTime = now;
        }
        this.status = status.stageCode();
        this.instanceStatus = status.instanceStatus();
        if (errMsg != null) {
            this.errMsg = errMsg.length() <= 1000 ? errMsg : errMsg.substring(0, 1000);
        }
        this.updateTime = now;
    }

    /** The stage waits for continuePipeline: the manual's 15. */
    void awaitingConfirmation(Instant now) {
        this.status = "15";
        this.instanceStatus = ChangeOrderStatus.WAITING.instanceStatus();
        this.updateTime = now;
    }

    void resourceYaml(String yaml) {
        this.resourceYaml = yaml;
    }

    void pods(String podsJson, Instant now) {
        this.pods = podsJson;
        this.updateTime = now;
    }

    String getId() {
        return id;
    }

    String getPhaseId() {
        return phaseId;
    }

    int getSeq() {
        return seq;
    }

    String getStageName() {
        return stageName;
    }

    String getStatus() {
        return status;
    }

    Instant getStartTime() {
        return startTime;
    }

    Instant getUpdateTime() {
        return updateTime;
    }

    String getTaskId() {
        return taskId;
    }

    String getTaskName() {
        return taskName;
    }

    String getInstanceName() {
        return instanceName;
    }

    String getInstanceStatus() {
        return instanceStatus;
    }

    String getErrMsg() {
        return errMsg;
    }

    String getResourceName() {
        return resourceName;
    }

    String getResourceYaml() {
        return resourceYaml;
    }

    String getPods() {
        return pods;
    }
}
