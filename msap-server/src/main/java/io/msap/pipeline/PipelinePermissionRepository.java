package io.msap.pipeline;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface PipelinePermissionRepository extends JpaRepository<PipelinePermission, Long> {

    List<PipelinePermission> findByPipelineIdOrderByCreateTimeAscIdAsc(String pipelineId);

    Optional<PipelinePermission> findByPipelineIdAndUserId(String pipelineId, long userId);

    @Modifying
    @Query("delete from PipelinePermission p where p.projectId = :projectId and p.userId = :userId")
    int deleteByProjectAndUser(@Param("projectId") String projectId, @Param("userId") long userId);

    @Modifying
    @Query("delete from PipelinePermission p where p.pipelineId = :pipelineId")
    int deleteByPipeline(@Param("pipelineId") String pipelineId);
}
