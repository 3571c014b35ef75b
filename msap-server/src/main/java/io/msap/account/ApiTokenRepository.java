package io.msap.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ApiTokenRepository extends JpaRepository<ApiToken, String> {

    Optional<ApiToken> findByTokenHash(String tokenHash);

    List<ApiToken> findByUserIdOrderByCreateTimeDescIdDesc(long userId);

    Optional<ApiToken> findByIdAndUserId(String id, long userId);

    long deleteByUserId(long userId);

    /** Revokes a user's tokens of one kind, except {@code keepId} (the token of the request, when it is one). */
    long deleteByUserIdAndKindAndIdNot(long userId, ApiToken.Kind kind, String keepId);

    long deleteByExpireTimeBefore(Instant time);

    @Modifying
    @Query("update ApiToken t set t.lastUsedTime = :time where t.id = :id")
    int touch(@Param("id") String id, @Param("time") Instant time);
}
