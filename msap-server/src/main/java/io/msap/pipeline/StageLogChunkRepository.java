package io.msap.pipeline;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface StageLogChunkRepository extends JpaRepository<StageLogChunk, StageLogChunk.Key> {

    /** The last chunk of a stage's log (its end is the log's size). */
    Optional<StageLogChunk> findFirstByStageIdOrderBySeqDesc(String stageId);

    /** The chunks that hold bytes at or after {@code offset}, in order; at most {@code limit} of them. */
    @Query(value = """
                    select * from pipeline_stage_log
                    where stage_id = :stageId and start_offset + byte_count > :offset
                    order by seq limit :limit
                    """, nativeQuery = true)
    List<StageLogChunk> findFrom(
            @Param("stageId") String stageId, @Param("offset") long offset, @Param("limit") int limit);

    boolean existsByStageIdAndTruncatedTrue(String stageId);
}
