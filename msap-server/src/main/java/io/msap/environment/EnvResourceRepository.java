package io.msap.environment;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface EnvResourceRepository extends JpaRepository<EnvResource, String> {
    Optional<EnvResource> findByEnvId(String envId);

    Optional<EnvResource> findByClusterIdAndNamespace(String clusterId, String namespace);

    List<EnvResource> findByClusterId(String clusterId);
}
