package io.msap.configmap;

import java.util.Collection;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface K8sConfigMapRepository extends JpaRepository<K8sConfigMap, String> {

    Optional<K8sConfigMap> findByIdAndTenantId(String id, long tenantId);

    boolean existsByClusterIdAndNamespaceAndConfigMapName(String clusterId, String namespace, String configMapName);

    long countByEnvId(String envId);

    Optional<K8sConfigMap> findByEnvIdAndConfigMapName(String envId, String configMapName);

    java.util.List<K8sConfigMap> findByEnvId(String envId);

    /**
     * ConfigMaps of the given projects whose name matches {@code pattern} (a lower-case LIKE pattern, null for all),
     * limited to {@code envIds} when {@code filterEnvs} is set.
     */
    @Query("""
            select c from K8sConfigMap c
            where c.projectId in :projectIds
              and (:pattern is null or lower(c.configMapName) like :pattern escape '\\')
              and (:filterEnvs = false or c.envId in :envIds)
            """)
    Page<K8sConfigMap> search(
            @Param("projectIds") Collection<String> projectIds,
            @Param("pattern") String pattern,
            @Param("filterEnvs") boolean filterEnvs,
            @Param("envIds") Collection<String> envIds,
            Pageable pageable);
}
