package io.msap.environment;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface K8sClusterRepository extends JpaRepository<K8sCluster, String> {
    List<K8sCluster> findByPoolIdOrderByCreateTimeAscIdAsc(String poolId);

    Optional<K8sCluster> findByResourceName(String resourceName);

    Optional<K8sCluster> findByEmbeddedTrue();

    boolean existsByResourceName(String resourceName);

    long countByPoolId(String poolId);
}
