package io.msap.app;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Locale;

/** A named group of a project's applications (5.2); its name is unique in the project, ignoring case. */
@Entity
@Table(name = "app_group")
class AppGroup {

    @Id
    private String id;

    @Column(nullable = false)
    private long tenantId;

    @Column(nullable = false)
    private String projectId;

    @Column(name = "group_name", nullable = false)
    private String name;

    @Column(nullable = false)
    private String nameKey;

    @Column(nullable = false)
    private Instant createTime;

    protected AppGroup() {}

    AppGroup(String id, long tenantId, String projectId, String name, Instant createTime) {
        this.id = id;
        this.tenantId = tenantId;
        this.projectId = projectId;
        rename(name);
        this.createTime = createTime;
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    void rename(String newName) {
        this.name = newName;
        this.nameKey = key(newName);
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

    String getName() {
        return name;
    }

    Instant getCreateTime() {
        return createTime;
    }
}
