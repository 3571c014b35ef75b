package io.msap.environment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** A tenant's right to use a resource pool (its clusters and register centres). */
@Entity
@Table(name = "resource_pool_grant")
@IdClass(ResourcePoolGrant.Key.class)
class ResourcePoolGrant {

    record Key(String poolId, long tenantId) implements Serializable {
        Key() {
            this(null, 0);
        }
    }

    @Id
    private String poolId;

    @Id
    private long tenantId;

    @Column(nullable = false)
    private Instant createTime;

    protected ResourcePoolGrant() {}

    ResourcePoolGrant(String poolId, long tenantId, Instant createTime) {
        this.poolId = poolId;
        this.tenantId = tenantId;
        this.createTime = createTime;
    }
}
