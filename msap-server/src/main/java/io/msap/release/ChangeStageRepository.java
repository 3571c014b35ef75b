package io.msap.release;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface ChangeStageRepository extends JpaRepository<ChangeStage, String> {

    List<ChangeStage> findByPhaseIdInOrderBySeq(Collection<String> phaseIds);
}
