package io.msap.release;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface AppDeploymentRepository extends JpaRepository<AppDeployment, String> {

    Optional<AppDeployment> findByIdAndTenantIdAndDeletedFalse(String id, long tenantId);

    Optional<AppDeployment> findByIdAndDeletedFalse(String id);

    Optional<AppDeployment> findByEnvIdAndAppIdAndDeletedFalse(String envId, String appId);

    List<AppDeployment> findByAppIdAndDeletedFalse(String appId);

    List<AppDeployment> findByProjectIdAndImageUrlInAndDeletedFalse(
            String projectId, java.util.Collection<String> imageUrls);

    List<AppDeployment> findByEnvIdAndDeletedFalse(String envId);

    List<AppDeployment> findByProjectIdAndDeletedFalseOrderByCreateTimeDescIdDesc(String projectId);

    /** Locks the row (SELECT ... FOR UPDATE) so that taking the one-change lock is serialized per app deployment. */
    @Lock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
    @Query("select d from AppDeployment d where d.id = :id")
    Optional<AppDeployment> lockById(@Param("id") String id);
}
