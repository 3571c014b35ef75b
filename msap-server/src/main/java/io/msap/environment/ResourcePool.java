package io.msap.environment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A pool of clusters and register centres in an area, managed by the platform operator and granted to tenants; the
 * manual's APIs name it by its code (resPoolCode), passed in parameters called resPoolId.
 */
@Entity
@Table(name = "resource_pool")
class ResourcePool {

    @Id
    private String id;

    @Column(nullable = false)
    private String areaId;

    @Column(nullable = false)
    private String resPoolCode;

    @Column(nullable = false)
    private String resPoolName;

    @Column(nullable = false)
    private boolean allTenants;

    @Column(nullable = false)
    private Instant createTime;

    protected ResourcePool() {}

    ResourcePool(
            String id, String areaId, String resPoolCode, String resPoolName, boolean allTenants, Instant createTime) {
        this.id = id;
        this.areaId = areaId;
        this.resPoolCode = resPoolCode;
        this.resPoolName = resPoolName;
        this.allTenants = allTenants;
        this.createTime = createTime;
    }

    String getId() {
        return id;
    }

    String getAreaId() {
        return areaId;
    }

    String getResPoolCode() {
        return resPoolCode;
    }

    String getResPoolName() {
        return resPoolName;
    }

    boolean isAllTenants() {
        return allTenants;
    }
}
