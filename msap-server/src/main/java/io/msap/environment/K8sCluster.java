package io.msap.environment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A Kubernetes cluster registered into a resource pool by its kubeconfig (kept encrypted, never returned). Its
 * resourceName is the clusterName of the manual's ConfigMap and deploy APIs, unique on the platform.
 */
@Entity
@Table(name = "k8s_cluster")
class K8sCluster {

    static final String SUB_CATEGORY = "dcos";
    static final String SPU_NAME = "容器管理框架(CCSE)";

    @Id
    private String id;

    @Column(nullable = false)
    private String poolId;

    @Column(nullable = false)
    private String resourceName;

    private String spec;

    @Column(nullable = false)
    private String kubeconfigCipher;

    @Column(nullable = false)
    private boolean embedded;

    @Column(nullable = false)
    private Instant createTime;

    protected K8sCluster() {}

    K8sCluster(
            String id,
            String poolId,
            String resourceName,
            String spec,
            String kubeconfigCipher,
            boolean embedded,
            Instant createTime) {
        this.id = id;
        this.poolId = poolId;
        this.resourceName = resourceName;
        this.spec = spec;
        this.kubeconfigCipher = kubeconfigCipher;
        this.embedded = embedded;
        this.createTime = createTime;
    }

    void replaceKubeconfig(String cipher) {
        this.kubeconfigCipher = cipher;
    }

    String getId() {
        return id;
    }

    String getPoolId() {
        return poolId;
    }

    String getResourceName() {
        return resourceName;
    }

    String getSpec() {
        return spec;
    }

    String getKubeconfigCipher() {
        return kubeconfigCipher;
    }

    boolean isEmbedded() {
        return embedded;
    }

    Instant getCreateTime() {
        return createTime;
    }
}
