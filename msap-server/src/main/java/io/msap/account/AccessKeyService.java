package io.msap.account;

import io.msap.shared.AuditTrail;
import io.msap.shared.Caller;
import io.msap.shared.MsapException;
import io.msap.shared.SecretCipher;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * AK/SK pairs for EOP-signed requests: a 32-character hex access key and a secret shown once, stored encrypted.
 */
@Service
public class AccessKeyService {

    /** Access keys one user may hold at a time. */
    static final int MAX_KEYS_PER_USER = 5;

    static final String OBJECT_ACCESS_KEY = "ACCESS_KEY";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccessKeyRepository accessKeys;
    private final UserAccountRepository users;
    private final SecretCipher cipher;
    private final Clock clock;

    /** The caller an access key belongs to and the secret its signatures are made with. */
    public record SigningKey(Caller caller, String secretKey) {}

    record CreatedAccessKey(String accessKey, String secretKey) {}

    record AccessKeyView(String accessKey, Instant createTime, Instant lastUsedTime) {}

    AccessKeyService(AccessKeyRepository accessKeys, UserAccountRepository users, SecretCipher cipher, Clock clock) {
        this.accessKeys = accessKeys;
        this.users = users;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** The signing key of a known access key of a live user. Writes its last-used time at most once a minute. */
    @Transactional
    public Optional<SigningKey> signingKey(String accessKey) {
        Optional<AccessKey> found = accessKeys.findById(accessKey);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        AccessKey key = found.get();
        Optional<UserAccount> user = users.findByIdAndDeletedFalse(key.getUserId());
        if (user.isEmpty()) {
            return Optional.empty();
        }
        Instant now = now();
        if (key.getLastUsedTime() == null
                || key.getLastUsedTime().plus(ApiToken.LAST_USED_PRECISION).isBefore(now)) {
            accessKeys.touch(accessKey, now);
        }
        UserAccount u = user.get();
        Caller caller = new Caller(u.getTenantId(), u.getId(), u.getUserName(), u.isMainAccount(), accessKey);
        return Optional.of(new SigningKey(caller, cipher.decrypt(key.getSecretCipher())));
    }

    @Transactional
    CreatedAccessKey create(Caller caller) {
        if (accessKeys.countByUserId(caller.userId()) >= MAX_KEYS_PER_USER) {
            throw MsapException.conflict("account.accessKey.limit", MAX_KEYS_PER_USER);
        }
        String accessKey = randomHex(16);
        String secretKey = randomHex(16);
        accessKeys.save(new AccessKey(accessKey, caller.userId(), caller.tenantId(), cipher.encrypt(secretKey), now()));
        AuditTrail.target(null, OBJECT_ACCESS_KEY, accessKey);
        return new CreatedAccessKey(accessKey, secretKey);
    }

    @Transactional(readOnly = true)
    List<AccessKeyView> list(Caller caller) {
        return accessKeys.findByUserIdOrderByCreateTimeDesc(caller.userId()).stream()
                .map(k -> new AccessKeyView(k.getAccessKey(), k.getCreateTime(), k.getLastUsedTime()))
                .toList();
    }

    @Transactional
    void delete(Caller caller, String accessKey) {
        AuditTrail.target(null, OBJECT_ACCESS_KEY, accessKey.trim());
        AccessKey key = accessKeys
                .findByAccessKeyAndUserId(accessKey.trim(), caller.userId())
                .orElseThrow(() -> MsapException.unknownField("accessKey", "account.accessKey.notFound"));
        accessKeys.delete(key);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String randomHex(int bytes) {
        byte[] material = new byte[bytes];
        RANDOM.nextBytes(material);
        return HexFormat.of().formatHex(material);
    }
}
