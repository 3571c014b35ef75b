package io.msap.pipeline;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

interface RunStageRepository extends JpaRepository<RunStage, String> {

    List<RunStage> findByRunIdOrderBySort(String runId);

    List<RunStage> findByRunIdInOrderBySort(Collection<String> runIds);

    /**
     * The heartbeat of a stage that server {@code executor} runs; answers 0 when the stage is no longer running there
     * (paused, or given up as interrupted), which tells that server to stop its process.
     */
    @Modifying
    @Transactional
    @Query("""
            update RunStage s set s.heartbeatTime = :now
            where s.id = :id and s.executor = :executor and s.attempt = :attempt
              and s.status = io.msap.pipeline.StageStatus.RUNNING
            """)
    int heartbeat(
            @Param("id") String id,
            @Param("executor") String executor,
            @Param("attempt") int attempt,
            @Param("now") Instant now);
}
