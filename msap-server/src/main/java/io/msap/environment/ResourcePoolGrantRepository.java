package io.msap.environment;

import org.springframework.data.jpa.repository.JpaRepository;

interface ResourcePoolGrantRepository extends JpaRepository<ResourcePoolGrant, ResourcePoolGrant.Key> {
    boolean existsByPoolIdAndTenantId(String poolId, long tenantId);
}
