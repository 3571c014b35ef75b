package io.msap.project;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * A project of a tenant: the container of members, apps, environments and pipelines. projectCode is unique among the
 * tenant's live projects. Deleting is soft: the row stays for history, the code becomes free.
 */
@Entity
@Table(name = "project")
class Project {

    @Id
    private String id;

    @Column(nullable = false)
    private long tenantId;

    @Column(nullable = false)
    private String projectCode;

    @Column(nullable = false)
    private String projectName;

    private String description;

    @Column(nullable = false)
    private Instant createTime;

    @Column(nullable = false)
    private Instant updateTime;

    @Column(nullable = false)
    private boolean deleted;

    private Instant deleteTime;

    @Column(nullable = false)
    private String deletedToken = "";

    @Version
    private long version;

    protected Project() {}

    Project(String id, long tenantId, String projectCode, String projectName, String description, Instant now) {
        this.id = id;
        this.tenantId = tenantId;
        this.projectCode = projectCode;
        this.projectName = projectName;
        this.description = description;
        this.createTime = now;
        this.updateTime = now;
    }

    void update(String newName, String newDescription, Instant now) {
        if (newName != null) {
            this.projectName = newName;
        }
        if (newDescription != null) {
            this.description = newDescription;
        }
        this.updateTime = now;
    }

    void delete(Instant now) {
        this.deleted = true;
        this.deleteTime = now;
        this.deletedToken = id;
    }

    String getId() {
        return id;
    }

    long getTenantId() {
        return tenantId;
    }

    String getProjectCode() {
        return projectCode;
    }

    String getProjectName() {
        return projectName;
    }

    String getDescription() {
        return description;
    }

    Instant getCreateTime() {
        return createTime;
    }
}
