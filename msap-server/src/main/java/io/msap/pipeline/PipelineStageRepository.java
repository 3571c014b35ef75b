package io.msap.pipeline;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface PipelineStageRepository extends JpaRepository<PipelineStage, String> {

    List<PipelineStage> findByPipelineIdOrderBySort(String pipelineId);

    List<PipelineStage> findByPipelineIdInOrderBySort(Collection<String> pipelineIds);

    @Modifying
    @Query("delete from PipelineStage s where s.pipelineId = :pipelineId")
    int deleteByPipeline(@Param("pipelineId") String pipelineId);
}
