package io.msap.deployconfig;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface DeployConfigRepository extends JpaRepository<DeployConfig, String> {

    Optional<DeployConfig> findByIdAndTenantId(String id, long tenantId);

    boolean existsByAppIdAndEnvIdAndNameKey(String appId, String envId, String nameKey);

    /** The configurations of an application, newest first. */
    List<DeployConfig> findByAppIdOrderByCreateTimeDescIdDesc(String appId);

    /** The configurations of an application in one environment, newest first. */
    List<DeployConfig> findByAppIdAndEnvIdOrderByCreateTimeDescIdDesc(String appId, String envId);

    @Modifying
    @Query("delete from DeployConfig c where c.appId = :appId")
    int deleteByApp(@Param("appId") String appId);
}
