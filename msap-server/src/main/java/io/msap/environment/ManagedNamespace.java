package io.msap.environment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** A namespace a tenant created through MSAP; a tenant may delete only these. */
@Entity
@Table(name = "managed_namespace")
@IdClass(ManagedNamespace.Key.class)
class ManagedNamespace {

    record Key(String clusterId, String namespace) implements Serializable {
        Key() {
            this(null, null);
        }
    }

    @Id
    private String clusterId;

    @Id
    private String namespace;

    @Column(nullable = false)
    private long tenantId;

    @Column(nullable = false)
    private Instant createTime;

    protected ManagedNamespace() {}

    ManagedNamespace(String clusterId, String namespace, long tenantId, Instant createTime) {
        this.clusterId = clusterId;
        this.namespace = namespace;
        this.tenantId = tenantId;
        this.createTime = createTime;
    }

    long getTenantId() {
        return tenantId;
    }
}
