package io.msap.account;

import io.msap.shared.AuditTrail;
import io.msap.shared.Caller;
import io.msap.shared.Hashes;
import io.msap.shared.Ids;
import io.msap.shared.MsapException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bearer tokens: login and logout, personal tokens, and resolving a token to its {@link Caller}. Tokens look like
 * {@code msap_<tokenId>_<secret>} and are stored as the SHA-256 of the whole token.
 */
@Service
public class TokenService {

    static final Duration LOGIN_TOKEN_LIFETIME = Duration.ofHours(12);
    static final int DEFAULT_EXPIRE_DAYS = 90;
    static final String OBJECT_TOKEN = "TOKEN";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserAccountRepository users;
    private final ApiTokenRepository tokens;
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;
    private final String dummyHash;

    /** A token as issued: the only time its text is shown. */
    record IssuedToken(String tokenId, String token, String name, Instant expireTime) {}

    /** A token as listed: never its text. */
    record TokenView(String tokenId, String name, Instant createTime, Instant expireTime, Instant lastUsedTime) {}

    TokenService(UserAccountRepository users, ApiTokenRepository tokens, PasswordEncoder passwordEncoder, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.passwordEncoder = passwordEncoder;
        this.clock = clock;
        this.dummyHash = passwordEncoder.encode("not-a-password");
    }

    /**
     * The caller a bearer token belongs to, if the token is known, not expired and its user is live. Writes the token's
     * last-used time at most once a minute.
     */
    @Transactional
    public Optional<Caller> authenticate(String rawToken) {
        Instant now = now();
        Optional<ApiToken> found = tokens.findByTokenHash(sha256(rawToken)).filter(t -> !t.expiredAt(now));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ApiToken token = found.get();
        Optional<UserAccount> user = users.findByIdAndDeletedFalse(token.getUserId());
        if (user.isEmpty()) {
            return Optional.empty();
        }
        if (token.lastUsedStale(now)) {
            tokens.touch(token.getId(), now);
        }
        UserAccount u = user.get();
        return Optional.of(new Caller(u.getTenantId(), u.getId(), u.getUserName(), u.isMainAccount(), token.getId()));
    }

    /**
     * Checks a user name and password and issues a 12-hour login token. Five failures in a row lock the account for
     * 15 minutes; the failure count is saved even though the login fails.
     */
    @Transactional(noRollbackFor = MsapException.class)
    IssuedToken login(String userName, String password) {
        AuditTrail.actor(null, null, userName);
        Instant now = now();
        Optional<UserAccount> found = users.findByUserNameKeyAndDeletedFalse(UserAccount.key(userName.trim()));
        if (found.isEmpty()) {
            passwordEncoder.matches(password, dummyHash);
            throw MsapException.unauthenticated("account.login.failed");
        }
        UserAccount user = found.get();
        AuditTrail.actor(user.getTenantId(), user.getId(), user.getUserName());
        AuditTrail.target(null, AccountService.OBJECT_USER, String.valueOf(user.getId()));
        if (user.lockedAt(now)) {
            throw MsapException.unauthenticated("account.login.locked", UserAccount.LOCK_TIME.toMinutes());
        }
        if (!passwordEncoder.matches(password, user.getPasswordHash())) {
            user.loginFailed(now);
            if (user.lockedAt(now)) {
                throw MsapException.unauthenticated("account.login.locked", UserAccount.LOCK_TIME.toMinutes());
            }
            throw MsapException.unauthenticated("account.login.failed");
        }
        user.loginSucceeded();
        return issue(user, "login", ApiToken.Kind.LOGIN, now.plus(LOGIN_TOKEN_LIFETIME));
    }

    /** Revokes the token the caller authenticated with; a request signed with an access key has none to revoke. */
    @Transactional
    void logout(Caller caller) {
        tokens.findByIdAndUserId(caller.credential(), caller.userId()).ifPresent(tokens::delete);
        AuditTrail.target(null, OBJECT_TOKEN, caller.credential());
    }

    @Transactional
    IssuedToken createToken(Caller caller, String name, Integer expireDays) {
        UserAccount user = users.findByIdAndDeletedFalse(caller.userId())
                .orElseThrow(() -> MsapException.unauthenticated("error.auth.invalid"));
        int days = expireDays == null ? DEFAULT_EXPIRE_DAYS : expireDays;
        IssuedToken issued = issue(user, name.trim(), ApiToken.Kind.PERSONAL, now().plus(days, ChronoUnit.DAYS));
        AuditTrail.target(null, OBJECT_TOKEN, issued.tokenId());
        return issued;
    }

    @Transactional(readOnly = true)
    List<TokenView> listTokens(Caller caller) {
        Instant now = now();
        return tokens.findByUserIdOrderByCreateTimeDescIdDesc(caller.userId()).stream()
                .filter(t -> !t.expiredAt(now))
                .map(t -> new TokenView(
                        t.getId(), t.getName(), t.getCreateTime(), t.getExpireTime(), t.getLastUsedTime()))
                .toList();
    }

    @Transactional
    void revokeToken(Caller caller, String tokenId) {
        AuditTrail.target(null, OBJECT_TOKEN, tokenId.trim());
        ApiToken token = tokens.findByIdAndUserId(tokenId.trim(), caller.userId())
                .orElseThrow(() -> MsapException.unknownField("tokenId", "account.token.notFound"));
        tokens.delete(token);
    }

    /** Stores the first admin's token: the configured one, or the generated one the caller writes down. */
    @Transactional(propagation = Propagation.MANDATORY)
    void storeBootstrapToken(UserAccount admin, String rawToken) {
        tokens.save(new ApiToken(
                Ids.newId(),
                admin.getId(),
                admin.getTenantId(),
                "bootstrap",
                sha256(rawToken),
                ApiToken.Kind.BOOTSTRAP,
                now(),
                null));
    }

    /** A new token text in the platform's format. */
    static String newTokenText(String tokenId) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return "msap_" + tokenId + "_" + HexFormat.of().formatHex(secret);
    }

    private IssuedToken issue(UserAccount user, String name, ApiToken.Kind kind, Instant expireTime) {
        String tokenId = Ids.newId();
        String text = newTokenText(tokenId);
        tokens.save(
                new ApiToken(tokenId, user.getId(), user.getTenantId(), name, sha256(text), kind, now(), expireTime));
        return new IssuedToken(tokenId, text, name, expireTime);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static String sha256(String text) {
        return Hashes.sha256Hex(text);
    }
}
