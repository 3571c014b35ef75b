package io.msap.environment;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface EnvironmentRepository extends JpaRepository<Environment, String> {
    Optional<Environment> findByIdAndTenantIdAndDeletedFalse(String id, long tenantId);

    Optional<Environment> findByIdAndDeletedFalse(String id);

    boolean existsByProjectIdAndEnvCodeAndDeletedFalse(String projectId, String envCode);

    List<Environment> findByProjectIdAndDeletedFalseOrderByCreateTimeDescIdDesc(String projectId);

    List<Environment> findByProjectIdInAndDeletedFalse(Collection<String> projectIds);

    long countByProjectIdAndDeletedFalse(String projectId);

    long countByPoolIdAndDeletedFalse(String poolId);
}
