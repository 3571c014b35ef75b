package io.msap.environment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A microservice register centre (MSE) of a resource pool; deploys inject its address into the pods. */
@Entity
@Table(name = "register_centre")
class RegisterCentre {

    static final String SUB_CATEGORY = "msercm";
    static final String SPU_NAME = "注册中心";

    @Id
    private String id;

    @Column(nullable = false)
    private String poolId;

    @Column(nullable = false)
    private String resourceName;

    private String spec;

    @Enumerated(EnumType.STRING)
    @Column(name = "centre_type", nullable = false)
    private RegisterCentreType type;

    @Column(nullable = false)
    private String address;

    @Column(nullable = false)
    private Instant createTime;

    protected RegisterCentre() {}

    RegisterCentre(
            String id,
            String poolId,
            String resourceName,
            String spec,
            RegisterCentreType type,
            String address,
            Instant createTime) {
        this.id = id;
        this.poolId = poolId;
        this.resourceName = resourceName;
        this.spec = spec;
        this.type = type;
        this.address = address;
        this.createTime = createTime;
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

    RegisterCentreType getType() {
        return type;
    }

    String getAddress() {
        return address;
    }

    Instant getCreateTime() {
        return createTime;
    }
}
