package io.msap.release;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * One change to an app deployment: a deploy, an operation or a Service change, run as a durable workflow. Its status
 * moves only along {@link ChangeOrderStatus#canTransitionTo}; its progress through the workflow's steps is the step
 * index, saved with an optimistic version so that two runners cannot both record the same step.
 */
@Entity
@Table(name = "change_order")
class ChangeOrder {

    @Id
    private String id;

    @Column(nullable = false)
    private long tenantId;

    @Column(nullable = false)
    private String projectId;

    @Column(nullable = false)
    private String appDeployId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ChangeType changeType;

    @Column(nullable = false)
    private String objectType;

    private String objectId;

    @Column(nullable = false)
    private String changeSource;

    private String description;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ChangeOrderStatus executeStatus;

    private String failReason;

    @Column(nullable = false)
    private String statusCd;

    @Column(nullable = false)
    private Instant statusTime;

    private String deploymentVer;

    @Column(nullable = false)
    private String resourceType;

    @Column(nullable = false)
    private String resourceName;

    private String resourceYaml;

    @Column(nullable = false)
    private int batchCount;

    @Column(nullable = false)
    private String batchType;

    @Column(nullable = false)
    private int batchInterval;

    @Column(nullable = false)
    private boolean grayUpdate;

    private String grayRule;

    private String rollbackOf;

    private String rollbackImage;

    @Column(nullable = false)
    private int timeoutSeconds;

    @Column(nullable = false)
    private String params;

    private String previousSpec;

    @Column(nullable = false)
    private int stepIndex;

    private Instant stepStartedAt;
    private String createStaff;

    @Column(nullable = false)
    private long createUserId;

    @Column(nullable = false)
    private Instant createTime;

    private Instant startTime;
    private Instant endTime;

    @Column(nullable = false)
    private Instant updateTime;

    private String updateStaff;

    @Version
    private long version;

    protected ChangeOrder() {}

    ChangeOrder(
            String id,
            AppDeployment deployment,
            ChangeType changeType,
            String description,
            String deploymentVer,
            String resourceType,
            String resourceName,
            int timeoutSeconds,
            String params,
            String previousSpec,
            String createStaff,
            long createUserId,
            Instant now) {
        this.id = id;
        this.tenantId = deployment.getTenantId();
        this.projectId = deployment.getProjectId();
        this.appDeployId = deployment.getId();
        this.changeType = changeType;
        this.objectType = changeType == ChangeType.DEPLOY || changeType == ChangeType.ROLLBACK ? "DEPLOY" : "OPERATE";
        this.objectId = deployment.getId();
        this.changeSource = "POP";
        this.description = description;
        this.executeStatus = ChangeOrderStatus.WAITING;
        this.statusCd = "SOA";
        this.statusTime = now;
        this.deploymentVer = deploymentVer;
        this.resourceType = resourceType;
        this.resourceName = resourceName;
        this.batchCount = 1;
        this.batchType = "MANUAL";
        this.batchInterval = 0;
        this.timeoutSeconds = timeoutSeconds;
        this.params = params;
        this.previousSpec = previousSpec;
        this.createStaff = createStaff;
        this.createUserId = createUserId;
        this.createTime = now;
        this.updateTime = now;
        this.updateStaff = createStaff;
    }

    /**
     * Records how a deploy goes out: {@code count} batches, the next one started by hand (MANUAL) or after
     * {@code intervalSeconds} (AUTOMATIC); a gray release's rule as normalised JSON (null when none was given).
     */
    void batches(int count, String type, int intervalSeconds, boolean gray, String rule) {
        this.batchCount = count;
        this.batchType = type;
        this.batchInterval = intervalSeconds;
        this.grayUpdate = gray;
        this.grayRule = rule;
    }

    /** Marks this change order as a rollback of {@code changeOrderId} (5.3.20) or to the image {@code imageUrl}. */
    void rollback(String changeOrderId, String imageUrl) {
        this.rollbackOf = changeOrderId;
        this.rollbackImage = imageUrl;
    }

    /** A batch is done: wait for continuePipeline (or the wait time of automatic batches). */
    void pauseForNextBatch(Instant now) {
        moveTo(ChangeOrderStatus.WAITING_FOR_NEXT_BATCH, now);
        stepStartedAt = now;
    }

    /** The next batch goes: the pause step is done. */
    void resumeNextBatch(String staff, Instant now) {
        moveTo(ChangeOrderStatus.RUNNING, now);
        stepDone(now);
        if (staff != null) {
            this.updateStaff = staff;
        }
    }

    /** Moves to {@code next}; an illegal transition is a bug in the workflow. */
    void moveTo(ChangeOrderStatus next, Instant now) {
        if (!executeStatus.canTransitionTo(next)) {
            throw new IllegalStateException("change order " + id + " cannot go from " + executeStatus + " to " + next);
        }
        if (executeStatus == ChangeOrderStatus.WAITING && next == ChangeOrderStatus.RUNNING) {
            startTime = now;
            stepStartedAt = now;
        }
        executeStatus = next;
        if (next.terminal()) {
            endTime = now;
        }
        updateTime = now;
    }

    void fail(String reason, Instant now) {
        moveTo(ChangeOrderStatus.FAILED, now);
        this.failReason = reason == null || reason.length() <= 1000 ? reason : reason.substring(0, 1000);
    }

    void abort(String reason, String staff, Instant now) {
        moveTo(ChangeOrderStatus.ABORTED, now);
        this.failReason = reason;
        this.updateStaff = staff;
    }

    /** Records that the current step is done and the next one starts now. */
    void stepDone(Instant now) {
        stepIndex++;
        stepStartedAt = now;
        updateTime = now;
    }

    /** Notes that the change order was worked on (each recorded step or poll). */
    void touch(Instant now) {
        this.updateTime = now;
    }

    void resourceYaml(String yaml) {
        this.resourceYaml = yaml;
    }

    /** Marks the change order as belonging to a deleted app deployment (statusCd SOX). */
    void invalidate(Instant now) {
        this.statusCd = "SOX";
        this.statusTime = now;
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

    String getAppDeployId() {
        return appDeployId;
    }

    ChangeType getChangeType() {
        return changeType;
    }

    String getObjectType() {
        return objectType;
    }

    String getObjectId() {
        return objectId;
    }

    String getChangeSource() {
        return changeSource;
    }

    String getDescription() {
        return description;
    }

    ChangeOrderStatus getExecuteStatus() {
        return executeStatus;
    }

    String getFailReason() {
        return failReason;
    }

    String getStatusCd() {
        return statusCd;
    }

    Instant getStatusTime() {
        return statusTime;
    }

    String getDeploymentVer() {
        return deploymentVer;
    }

    String getResourceType() {
        return resourceType;
    }

    String getResourceName() {
        return resourceName;
    }

    String getResourceYaml() {
        return resourceYaml;
    }

    /** Records what the change learnt on its way (a deploy's builds): its parameters as they now are. */
    void params(String params) {
        this.params = params;
    }

    int getBatchCount() {
        return batchCount;
    }

    String getBatchType() {
        return batchType;
    }

    int getBatchInterval() {
        return batchInterval;
    }

    boolean isGrayUpdate() {
        return grayUpdate;
    }

    String getGrayRule() {
        return grayRule;
    }

    String getRollbackOf() {
        return rollbackOf;
    }

    String getRollbackImage() {
        return rollbackImage;
    }

    int getTimeoutSeconds() {
        return timeoutSeconds;
    }

    String getParams() {
        return params;
    }

    String getPreviousSpec() {
        return previousSpec;
    }

    int getStepIndex() {
        return stepIndex;
    }

    Instant getStepStartedAt() {
        return stepStartedAt;
    }

    long getCreateUserId() {
        return createUserId;
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

    Instant getUpdateTime() {
        return updateTime;
    }

    String getUpdateStaff() {
        return updateStaff;
    }
}
