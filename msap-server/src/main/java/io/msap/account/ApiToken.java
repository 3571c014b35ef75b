package io.msap.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/**
 * A bearer token of a user: {@code msap_<tokenId>_<secret>}, stored only as the SHA-256 of the whole token. Personal
 * tokens are created by their user (expiring after 1-365 days); login tokens last 12 hours; the bootstrap token of
 * the first admin does not expire. Revoking deletes the row.
 */
@Entity
@Table(name = "api_token")
class ApiToken {

    /** How a token came to be. */
    enum Kind {
        /** Created with createToken. */
        PERSONAL,
        /** Issued by login; revoked by logout. */
        LOGIN,
        /** The first admin's token from MSAP_BOOTSTRAP_TOKEN or generated on first start. */
        BOOTSTRAP
    }

    /** How often a token's last-used time is written at most, to keep the hot path free of writes. */
    static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    @Id
    private String id;

    @Column(nullable = false)
    private long userId;

    @Column(nullable = false)
    private long tenantId;

    @Column(name = "token_name", nullable = false)
    private String name;

    @Column(nullable = false)
    private String tokenHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Kind kind;

    @Column(nullable = false)
    private Instant createTime;

    private Instant expireTime;

    private Instant lastUsedTime;

    protected ApiToken() {}

    ApiToken(
            String id,
            long userId,
            long tenantId,
            String name,
            String tokenHash,
            Kind kind,
            Instant createTime,
            Instant expireTime) {
        this.id = id;
        this.userId = userId;
        this.tenantId = tenantId;
        this.name = name;
        this.tokenHash = tokenHash;
        this.kind = kind;
        this.createTime = createTime;
        this.expireTime = expireTime;
    }

    boolean expiredAt(Instant now) {
        return expireTime != null && !expireTime.isAfter(now);
    }

    /** Whether the last-used time is stale enough to be written again. */
    boolean lastUsedStale(Instant now) {
        return lastUsedTime == null || lastUsedTime.plus(LAST_USED_PRECISION).isBefore(now);
    }

    String getId() {
        return id;
    }

    long getUserId() {
        return userId;
    }

    String getName() {
        return name;
    }

    Kind getKind() {
        return kind;
    }

    Instant getCreateTime() {
        return createTime;
    }

    Instant getExpireTime() {
        return expireTime;
    }

    Instant getLastUsedTime() {
        return lastUsedTime;
    }
}
