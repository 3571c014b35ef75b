package io.msap.release;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface ChangePhaseRepository extends JpaRepository<ChangePhase, String> {

    List<ChangePhase> findByChangeOrderIdOrderBySeq(String changeOrderId);
}
