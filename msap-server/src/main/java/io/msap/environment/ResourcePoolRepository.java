package io.msap.environment;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ResourcePoolRepository extends JpaRepository<ResourcePool, String> {
    Optional<ResourcePool> findByResPoolCode(String resPoolCode);

    boolean existsByResPoolCode(String resPoolCode);

    /** The pools a tenant may use: those granted to every tenant and those granted to it. */
    @Query("""
            select p from ResourcePool p
            where p.allTenants = true
               or p.id in (select g.poolId from ResourcePoolGrant g where g.tenantId = :tenantId)
            order by p.createTime, p.id
            """)
    List<ResourcePool> findUsableBy(@Param("tenantId") long tenantId);

    List<ResourcePool> findAllByOrderByCreateTimeAscIdAsc();
}
