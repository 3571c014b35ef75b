package io.msap.pipeline;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface PipelineRepository extends JpaRepository<Pipeline, String> {

    Optional<Pipeline> findByIdAndTenantIdAndDeletedFalse(String id, long tenantId);

    Optional<Pipeline> findByIdAndDeletedFalse(String id);

    boolean existsByProjectIdAndNameKeyAndDeletedFalse(String projectId, String nameKey);

    /** The project's live pipelines, newest first. */
    List<Pipeline> findByProjectIdAndDeletedFalseOrderByCreateTimeDescIdDesc(String projectId);

    List<Pipeline> findByAppIdAndDeletedFalse(String appId);

    long countByProjectIdAndDeletedFalse(String projectId);

    /** Takes the pipeline's one-run lock for {@code runId} if nobody holds it; answers whether it did. */
    @Modifying
    @Query("update Pipeline p set p.activeRunId = :runId where p.id = :id and p.activeRunId is null")
    int lock(@Param("id") String id, @Param("runId") String runId);

    /** Releases the pipeline's one-run lock if {@code runId} holds it. */
    @Modifying
    @Query("update Pipeline p set p.activeRunId = null where p.id = :id and p.activeRunId = :runId")
    int unlock(@Param("id") String id, @Param("runId") String runId);
}
