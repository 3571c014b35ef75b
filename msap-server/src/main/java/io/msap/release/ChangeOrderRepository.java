package io.msap.release;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface ChangeOrderRepository extends JpaRepository<ChangeOrder, String> {

    Optional<ChangeOrder> findByIdAndTenantId(String id, long tenantId);

    List<ChangeOrder> findByAppDeployIdOrderByCreateTimeDescIdDesc(String appDeployId, Pageable pageable);

    List<ChangeOrder> findByAppDeployId(String appDeployId);

    List<ChangeOrder> findByExecuteStatusIn(Collection<ChangeOrderStatus> statuses);
}
