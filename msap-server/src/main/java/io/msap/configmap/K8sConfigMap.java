package io.msap.configmap;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * A ConfigMap the platform keeps in an environment's cluster namespace: the record of what it applied, so it can be
 * listed, updated and deleted by id. The name is unique in its cluster namespace.
 */
@Entity
@Table(name = "config_map")
class K8sConfigMap {

    @Id
    private String id;

    @Column(nullable = false)
    private long tenantId;

    @Column(nullable = false)
    private String projectId;

    @Column(nullable = false)
    private String envId;

    @Column(nullable = false)
    private String clusterId;

    @Column(nullable = false)
    private String clusterName;

    @Column(nullable = false)
    private String namespace;

    @Column(nullable = false)
    private String configMapName;

    /** JSON array of {name, value}. */
    @Column(nullable = false)
    private String items;

    @Column(nullable = false)
    private Instant createTime;

    @Column(nullable = false)
    private Instant updateTime;

    @Version
    private long version;

    protected K8sConfigMap() {}

    K8sConfigMap(
            String id,
            long tenantId,
            String projectId,
            String envId,
            String clusterId,
            String clusterName,
            String namespace,
            String configMapName,
            String items,
            Instant now) {
        this.id = id;
        this.tenantId = tenantId;
        this.projectId = projectId;
        this.envId = envId;
        this.clusterId = clusterId;
        this.clusterName = clusterName;
        this.namespace = namespace;
        this.configMapName = configMapName;
        this.items = items;
        this.createTime = now;
        this.updateTime = now;
    }

    void replaceItems(String newItems, Instant now) {
        this.items = newItems;
        this.updateTime = now;
    }

    String getId() {
        return id;
    }

    String getProjectId() {
        return projectId;
    }

    String getEnvId() {
        return envId;
    }

    String getClusterId() {
        return clusterId;
    }

    String getClusterName() {
        return clusterName;
    }

    String getNamespace() {
        return namespace;
    }

    String getConfigMapName() {
        return configMapName;
    }

    String getItems() {
        return items;
    }

    Instant getCreateTime() {
        return createTime;
    }
}
