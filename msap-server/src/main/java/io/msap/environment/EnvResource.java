package io.msap.environment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The cluster namespace imported into an environment (importResource): where its apps and ConfigMaps live. An
 * environment holds one; a namespace is imported into at most one environment on the platform.
 */
@Entity
@Table(name = "env_resource")
class EnvResource {

    @Id
    private String id;

    @Column(nullable = false)
    private String envId;

    @Column(nullable = false)
    private String clusterId;

    @Column(nullable = false)
    private String namespace;

    @Column(nullable = false)
    private long tenantId;

    @Column(nullable = false)
    private Instant createTime;

    private String createStaff;

    @Column(nullable = false)
    private Instant updateTime;

    private String updateStaff;

    protected EnvResource() {}

    EnvResource(String id, String envId, String clusterId, String namespace, long tenantId, String staff, Instant now) {
        this.id = id;
        this.envId = envId;
        this.clusterId = clusterId;
        this.namespace = namespace;
        this.tenantId = tenantId;
        this.createStaff = staff;
        this.createTime = now;
        this.updateStaff = staff;
        this.updateTime = now;
    }

    String getEnvId() {
        return envId;
    }

    String getClusterId() {
        return clusterId;
    }

    String getNamespace() {
        return namespace;
    }

    long getTenantId() {
        return tenantId;
    }

    Instant getCreateTime() {
        return createTime;
    }

    String getCreateStaff() {
        return createStaff;
    }

    Instant getUpdateTime() {
        return updateTime;
    }

    String getUpdateStaff() {
        return updateStaff;
    }
}
