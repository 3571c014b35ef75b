package io.msap.app;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface AppGroupRepository extends JpaRepository<AppGroup, String> {

    Optional<AppGroup> findByIdAndTenantId(String id, long tenantId);

    boolean existsByProjectIdAndNameKey(String projectId, String nameKey);

    List<AppGroup> findByProjectIdOrderByCreateTimeDescIdDesc(String projectId);
}
