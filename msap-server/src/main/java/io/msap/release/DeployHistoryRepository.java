package io.msap.release;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface DeployHistoryRepository extends JpaRepository<DeployHistory, String> {

    List<DeployHistory> findByAppDeployIdOrderByCreateTimeDescIdDesc(String appDeployId);
}
