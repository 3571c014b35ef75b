package io.msap.environment;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface RegisterCentreRepository extends JpaRepository<RegisterCentre, String> {
    List<RegisterCentre> findByPoolIdOrderByCreateTimeAscIdAsc(String poolId);

    boolean existsByResourceName(String resourceName);

    long countByPoolId(String poolId);
}
