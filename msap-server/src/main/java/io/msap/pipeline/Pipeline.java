package io.msap.pipeline;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Locale;

/**
 * A pipeline definition: ordered stages ({@link PipelineStage}) for one application of a project. Its name is unique in
 * the project ignoring case. {@code activeRunId} is the run executing now: runs of one pipeline execute one at a time.
 * Deleting is soft (runs refer to it).
 */
@Entity
@Table(name = "pipeline")
class Pipeline {

    @Id
    private String id;

    @Column(nullable = false)
    private long tenantId;

    @Column(nullable = false)
    private String projectId;

    @Column(nullable = false)
    private String appId;

    @Column(name = "pipeline_name", nullable = false)
    private String name;

    @Column(nullable = false)
    private String nameKey;

    private String description;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private PermMode permMode;

    private String activeRunId;
    private String createStaff;

    @Column(nullable = false)
    private long createUserId;

    @Column(nullable = false)
    private Instant createTime;

    private String updateStaff;

    @Column(nullable = false)
    private Instant updateTime;

    @Column(nullable = false)
    private boolean deleted;

    private Instant deleteTime;

    @Column(nullable = false)
    private String deletedToken = "";

    @Version
    private long version;

    protected Pipeline() {}

    Pipeline(
            String id,
            long tenantId,
            String projectId,
            String appId,
            String name,
            String description,
            String createStaff,
            long createUserId,
            Instant now) {
        this.id = id;
        this.tenantId = tenantId;
        this.projectId = projectId;
        this.appId = appId;
        this.name = name;
        this.nameKey = key(name);
        this.description = description;
        this.permMode = PermMode.DEFAULT;
        this.createStaff = createStaff;
        this.createUserId = createUserId;
        this.createTime = now;
        this.updateStaff = createStaff;
        this.updateTime = now;
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    void change(String name, String description, String staff, Instant now) {
        this.name = name;
        this.nameKey = key(name);
        this.description = description;
        touch(staff, now);
    }

    void permMode(PermMode mode, String staff, Instant now) {
        this.permMode = mode;
        touch(staff, now);
    }

    void touch(String staff, Instant now) {
        this.updateStaff = staff;
        this.updateTime = now;
    }

    void delete(String staff, Instant now) {
        this.deleted = true;
        this.deleteTime = now;
        this.deletedToken = id;
        touch(staff, now);
    }

    String getId() {
        return id;
    }

    long getTenantId() {
        return tenantId;
    }

    String getProjectId() {
        return projectId;
    }

    String getAppId() {
        return appId;
    }

    String getName() {
        return name;
    }

    String getDescription() {
        return description;
    }

    PermMode getPermMode() {
        return permMode;
    }

    String getActiveRunId() {
        return activeRunId;
    }

    String getCreateStaff() {
        return createStaff;
    }

    long getCreateUserId() {
        return createUserId;
    }

    Instant getCreateTime() {
        return createTime;
    }

    String getUpdateStaff() {
        return updateStaff;
    }

    Instant getUpdateTime() {
        return updateTime;
    }

    boolean isDeleted() {
        return deleted;
    }
}
