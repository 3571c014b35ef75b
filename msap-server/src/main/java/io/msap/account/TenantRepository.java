package io.msap.account;

import org.springframework.data.jpa.repository.JpaRepository;

interface TenantRepository extends JpaRepository<Tenant, Long> {

    boolean existsByNameIgnoreCase(String name);
}
