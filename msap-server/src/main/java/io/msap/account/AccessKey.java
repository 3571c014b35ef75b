package io.msap.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An AK/SK pair of a user for EOP-signed requests. The secret key is shown once at creation and kept encrypted, since
 * verifying a signature needs it in clear.
 */
@Entity
@Table(name = "access_key")
class AccessKey {

    @Id
    private String accessKey;

    @Column(nullable = false)
    private long userId;

    @Column(nullable = false)
    private long tenantId;

    @Column(nullable = false)
    private String secretCipher;

    @Column(nullable = false)
    private Instant createTime;

    private Instant lastUsedTime;

    protected AccessKey() {}

    AccessKey(String accessKey, long userId, long tenantId, String secretCipher, Instant createTime) {
        this.accessKey = accessKey;
        this.userId = userId;
        this.tenantId = tenantId;
        this.secretCipher = secretCipher;
        this.createTime = createTime;
    }

    String getAccessKey() {
        return accessKey;
    }

    long getUserId() {
        return userId;
    }

    String getSecretCipher() {
        return secretCipher;
    }

    Instant getCreateTime() {
        return createTime;
    }

    Instant getLastUsedTime() {
        return lastUsedTime;
    }
}
