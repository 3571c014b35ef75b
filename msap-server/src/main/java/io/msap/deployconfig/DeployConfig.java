package io.msap.deployconfig;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Locale;

/**
 * An image deployment configuration: named deploy defaults of one general application in one environment of its
 * project. The name is unique per application and environment ignoring case. The settings are kept as JSON of the
 * {@link DeployDefaults} parts. Deleted for good (nothing in history refers to it).
 */
@Entity
@Table(name = "deploy_config")
class DeployConfig {

    @Id
    private String id;

    @Column(nullable = false)
    private long tenantId;

    @Column(nullable = false)
    private String projectId;

    @Column(nullable = false)
    private String appId;

    @Column(nullable = false)
    private String envId;

    @Column(name = "config_name", nullable = false)
    private String name;

    @Column(nullable = false)
    private String nameKey;

    private String podResourceSpec;
    private String startCommand;

    @Column(nullable = false)
    private String envVariableList;

    private String lifeCycleMgt;
    private String createStaff;

    @Column(nullable = false)
    private long createUserId;

    @Column(nullable = false)
    private Instant createTime;

    private String updateStaff;

    @Column(nullable = false)
    private Instant updateTime;

    @Version
    private long version;

    protected DeployConfig() {}

    /** The settings as JSON texts; null for a part that is not configured ({@code envVariableList} at least "[]"). */
    record Settings(String podResourceSpec, String startCommand, String envVariableList, String lifeCycleMgt) {}

    DeployConfig(
            String id,
            long tenantId,
            String projectId,
            String appId,
            String envId,
            String name,
            Settings settings,
            String createStaff,
            long createUserId,
            Instant now) {
        this.id = id;
        this.tenantId = tenantId;
        this.projectId = projectId;
        this.appId = appId;
        this.envId = envId;
        this.name = name;
        this.nameKey = key(name);
        this.podResourceSpec = settings.podResourceSpec();
        this.startCommand = settings.startCommand();
        this.envVariableList = settings.envVariableList();
        this.lifeCycleMgt = settings.lifeCycleMgt();
        this.createStaff = createStaff;
        this.createUserId = createUserId;
        this.createTime = now;
        this.updateStaff = createStaff;
        this.updateTime = now;
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    void replaceEnvVariables(String json, String staff, Instant now) {
        this.envVariableList = json;
        touch(staff, now);
    }

    void replacePodResourceSpec(String json, String staff, Instant now) {
        this.podResourceSpec = json;
        touch(staff, now);
    }

    private void touch(String staff, Instant now) {
        this.updateStaff = staff;
        this.updateTime = now;
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

    String getEnvId() {
        return envId;
    }

    String getName() {
        return name;
    }

    String getPodResourceSpec() {
        return podResourceSpec;
    }

    String getStartCommand() {
        return startCommand;
    }

    String getEnvVariableList() {
        return envVariableList;
    }

    String getLifeCycleMgt() {
        return lifeCycleMgt;
    }

    String getCreateStaff() {
        return createStaff;
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
}
