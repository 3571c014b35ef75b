package io.msap.pipeline;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A member's permission on a pipeline in USER_DEFINED mode (permissionId is its numeric id). */
@Entity
@Table(name = "pipeline_permission")
class PipelinePermission {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String pipelineId;

    @Column(nullable = false)
    private String projectId;

    @Column(nullable = false)
    private long userId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private PermType permType;

    private String createStaff;

    @Column(nullable = false)
    private long createUserId;

    @Column(nullable = false)
    private Instant createTime;

    @Column(nullable = false)
    private Instant updateTime;

    protected PipelinePermission() {}

    PipelinePermission(
            String pipelineId,
            String projectId,
            long userId,
            PermType permType,
            String createStaff,
            long createUserId,
            Instant now) {
        this.pipelineId = pipelineId;
        this.projectId = projectId;
        this.userId = userId;
        this.permType = permType;
        this.createStaff = createStaff;
        this.createUserId = createUserId;
        this.createTime = now;
        this.updateTime = now;
    }

    void change(PermType permType, Instant now) {
        this.permType = permType;
        this.updateTime = now;
    }

    Long getId() {
        return id;
    }

    String getPipelineId() {
        return pipelineId;
    }

    String getProjectId() {
        return projectId;
    }

    long getUserId() {
        return userId;
    }

    PermType getPermType() {
        return permType;
    }

    String getCreateStaff() {
        return createStaff;
    }

    Instant getCreateTime() {
        return createTime;
    }
}
