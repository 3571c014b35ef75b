package io.msap.environment;

import org.springframework.data.jpa.repository.JpaRepository;

interface ManagedNamespaceRepository extends JpaRepository<ManagedNamespace, ManagedNamespace.Key> {
    long deleteByClusterId(String clusterId);
}
