package io.msap.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface AccessKeyRepository extends JpaRepository<AccessKey, String> {

    List<AccessKey> findByUserIdOrderByCreateTimeDesc(long userId);

    Optional<AccessKey> findByAccessKeyAndUserId(String accessKey, long userId);

    long countByUserId(long userId);

    long deleteByUserId(long userId);

    @Modifying
    @Query("update AccessKey k set k.lastUsedTime = :time where k.accessKey = :accessKey")
    int touch(@Param("accessKey") String accessKey, @Param("time") Instant time);
}
