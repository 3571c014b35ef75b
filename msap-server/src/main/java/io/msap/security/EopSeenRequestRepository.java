package io.msap.security;

import java.time.Instant;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface EopSeenRequestRepository extends JpaRepository<EopSeenRequest, EopSeenRequest.Key> {

    /** Inserts the pair unless it is there; 1 when inserted, 0 when it was seen before. */
    @Modifying
    @Query(value = """
                    insert into eop_seen_request (access_key, request_id, seen_time)
                    values (:accessKey, :requestId, :time) on conflict do nothing
                    """, nativeQuery = true)
    int insert(@Param("accessKey") String accessKey, @Param("requestId") String requestId, @Param("time") Instant time);

    @Modifying
    @Query("delete from EopSeenRequest s where s.seenTime < :before")
    int deleteOlderThan(@Param("before") Instant before);
}
