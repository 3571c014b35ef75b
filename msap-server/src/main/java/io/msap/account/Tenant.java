package io.msap.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A customer of the platform: owns one main account, its sub-accounts and its projects. Tenant 1 runs the platform. */
@Entity
@Table(name = "tenant")
class Tenant {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "tenant_name", nullable = false)
    private String name;

    @Column(nullable = false)
    private Instant createTime;

    protected Tenant() {}

    Tenant(String name, Instant createTime) {
        this.name = name;
        this.createTime = createTime;
    }

    Long getId() {
        return id;
    }

    String getName() {
        return name;
    }
}
