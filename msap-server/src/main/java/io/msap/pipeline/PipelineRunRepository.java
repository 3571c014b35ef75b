package io.msap.pipeline;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface PipelineRunRepository extends JpaRepository<PipelineRun, String> {

    Optional<PipelineRun> findByIdAndTenantId(String id, long tenantId);

    /** The pipeline's runs in a status, in queue order. */
    List<PipelineRun> findByPipelineIdAndRunStatusOrderByQueuedAtAscIdAsc(String pipelineId, RunStatus status);

    List<PipelineRun> findByRunStatusIn(Collection<RunStatus> statuses);

    boolean existsByPipelineIdAndRunStatusIn(String pipelineId, Collection<RunStatus> statuses);

    /** The pipeline's newest run. */
    Optional<PipelineRun> findFirstByPipelineIdOrderByCreateTimeDescIdDesc(String pipelineId);

    List<PipelineRun> findByRunStatusInAndEndTimeBefore(Collection<RunStatus> statuses, java.time.Instant before);
}
