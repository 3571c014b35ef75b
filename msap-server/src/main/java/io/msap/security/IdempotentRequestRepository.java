package io.msap.security;

import java.time.Instant;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

interface IdempotentRequestRepository extends JpaRepository<IdempotentRequest, String> {

    /** Claims a request id for a request in progress; 1 when claimed, 0 when the id is already taken. */
    @Transactional
    @Modifying
    @Query(value = """
                    insert into idempotent_request (id, request_hash, create_time)
                    values (:id, :requestHash, :time) on conflict do nothing
                    """, nativeQuery = true)
    int claim(@Param("id") String id, @Param("requestHash") String requestHash, @Param("time") Instant time);

    @Transactional
    @Modifying
    @Query("""
            update IdempotentRequest r set r.httpStatus = :status, r.contentType = :contentType, r.responseBody = :body
            where r.id = :id
            """)
    int complete(
            @Param("id") String id,
            @Param("status") int status,
            @Param("contentType") String contentType,
            @Param("body") String body);

    @Transactional
    @Modifying
    @Query("delete from IdempotentRequest r where r.id = :id")
    int release(@Param("id") String id);

    @Transactional
    @Modifying
    @Query("delete from IdempotentRequest r where r.createTime < :before")
    int deleteOlderThan(@Param("before") Instant before);
}
