package io.msap.environment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * An environment of a project on a resource pool (development, test, pre-release, production). envCode is unique among
 * the project's live environments. Deleting is soft.
 */
@Entity
@Table(name = "environment")
class Environment {

    @Id
    private String id;

    @Column(nullable = false)
    private long tenantId;

    @Column(nullable = false)
    private String projectId;

    @Column(nullable = false)
    private String envCode;

    @Column(nullable = false)
    private String envName;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private EnvType envType;

    @Column(nullable = false)
    private String poolId;

    @Column(nullable = false)
    private long createUserId;

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

    protected Environment() {}

    Environment(
            String id,
            long tenantId,
            String projectId,
            String envCode,
            String envName,
            EnvType envType,
            String poolId,
            long createUserId,
            Instant now) {
        this.id = id;
        this.tenantId = tenantId;
        this.projectId = projectId;
        this.envCode = envCode;
        this.envName = envName;
        this.envType = envType;
        this.poolId = poolId;
        this.createUserId = createUserId;
        this.createTime = now;
        this.updateTime = now;
    }

    void update(String newName, EnvType newType, Instant now) {
        if (newName != null) {
            this.envName = newName;
        }
        if (newType != null) {
            this.envType = newType;
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

    String getProjectId() {
        return projectId;
    }

    String getEnvCode() {
        return envCode;
    }

    String getEnvName() {
        return envName;
    }

    EnvType getEnvType() {
        return envType;
    }

    String getPoolId() {
        return poolId;
    }

    long getCreateUserId() {
        return createUserId;
    }

    Instant getCreateTime() {
        return createTime;
    }
}
