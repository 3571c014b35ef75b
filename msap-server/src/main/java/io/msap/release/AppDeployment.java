package io.msap.release;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * One application in one environment (appDeployId), created by its first deploy. Its Kubernetes objects live in the
 * environment's imported cluster namespace under appDeployCode. It remembers the workload of the last accepted change
 * ({@code spec}) and which change order runs now (the one-change lock). Deleting is soft: statusCd turns SOX and the
 * next deploy makes a new app deployment.
 */
@Entity
@Table(name = "app_deployment")
class AppDeployment {

    static final String CATEGORY = "IMAGE_DEPLOY";

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

    @Column(nullable = false)
    private String appDeployCode;

    @Column(nullable = false)
    private String appDeployName;

    @Column(nullable = false)
    private String clusterId;

    @Column(nullable = false)
    private String clusterName;

    @Column(nullable = false)
    private String namespace;

    @Column(nullable = false)
    private String category;

    /** SOW / SOP / SOA / SOE of its latest change; SOX once deleted. */
    @Column(nullable = false)
    private String statusCd;

    @Column(nullable = false)
    private Instant statusTime;

    private String spec;
    private String imageUrl;
    private String deployVer;
    private Integer replicasBeforeStop;
    private String activeChangeOrderId;
    private String createStaff;

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

    protected AppDeployment() {}

    AppDeployment(
            String id,
            long tenantId,
            String projectId,
            String appId,
            String envId,
            String appDeployCode,
            String appDeployName,
            String clusterId,
            String clusterName,
            String namespace,
            String createStaff,
            long createUserId,
            Instant now) {
        this.id = id;
        this.tenantId = tenantId;
        this.projectId = projectId;
        this.appId = appId;
        this.envId = envId;
        this.appDeployCode = appDeployCode;
        this.appDeployName = appDeployName;
        this.clusterId = clusterId;
        this.clusterName = clusterName;
        this.namespace = namespace;
        this.category = CATEGORY;
        this.statusCd = ChangeOrderStatus.WAITING.instanceStatus();
        this.statusTime = now;
        this.createStaff = createStaff;
        this.createUserId = createUserId;
        this.createTime = now;
        this.updateTime = now;
    }

    /** Takes the one-change lock for {@code changeOrderId}; false when another change runs. */
    boolean lockFor(String changeOrderId) {
        if (activeChangeOrderId != null && !activeChangeOrderId.equals(changeOrderId)) {
            return false;
        }
        activeChangeOrderId = changeOrderId;
        return true;
    }

    /** Releases the lock if {@code changeOrderId} holds it. */
    void unlock(String changeOrderId) {
        if (changeOrderId.equals(activeChangeOrderId)) {
            activeChangeOrderId = null;
        }
    }

    /** Records the workload a change was accepted with, so the next change starts from it. */
    void accept(String newSpec, String newImageUrl, String newDeployVer, Instant now) {
        this.spec = newSpec;
        if (newImageUrl != null) {
            this.imageUrl = newImageUrl;
        }
        if (newDeployVer != null) {
            this.deployVer = newDeployVer;
        }
        this.updateTime = now;
    }

    void status(ChangeOrderStatus status, Instant now) {
        if (!deleted) {
            this.statusCd = status.instanceStatus();
            this.statusTime = now;
        }
    }

    void rememberReplicas(Integer replicas) {
        this.replicasBeforeStop = replicas;
    }

    void delete(Instant now) {
        this.deleted = true;
        this.deleteTime = now;
        this.deletedToken = id;
        this.statusCd = "SOX";
        this.statusTime = now;
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

    String getAppDeployCode() {
        return appDeployCode;
    }

    String getAppDeployName() {
        return appDeployName;
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

    String getCategory() {
        return category;
    }

    String getStatusCd() {
        return statusCd;
    }

    Instant getStatusTime() {
        return statusTime;
    }

    String getSpec() {
        return spec;
    }

    String getImageUrl() {
        return imageUrl;
    }

    String getDeployVer() {
        return deployVer;
    }

    Integer getReplicasBeforeStop() {
        return replicasBeforeStop;
    }

    String getActiveChangeOrderId() {
        return activeChangeOrderId;
    }

    String getCreateStaff() {
        return createStaff;
    }

    Instant getCreateTime() {
        return createTime;
    }

    boolean isDeleted() {
        return deleted;
    }
}
