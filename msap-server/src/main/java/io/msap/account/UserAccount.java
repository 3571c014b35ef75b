package io.msap.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A user of a tenant: its main account or a sub-account. User names are unique platform-wide (ignoring case), so login
 * needs no tenant. Deleting is soft: the row keeps the name for history and frees it for reuse.
 */
@Entity
@Table(name = "account_user")
class UserAccount {

    /** Failed logins in a row that lock the account. */
    static final int MAX_FAILED_LOGINS = 5;

    static final Duration LOCK_TIME = Duration.ofMinutes(15);

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private long tenantId;

    @Column(nullable = false)
    private String userName;

    @Column(nullable = false)
    private String userNameKey;

    @Column(nullable = false)
    private String realName;

    private String orgName;

    @Column(nullable = false)
    private String passwordHash;

    @Column(nullable = false)
    private boolean mainAccount;

    @Column(nullable = false)
    private int failedLogins;

    private Instant lockedUntil;

    @Column(nullable = false)
    private Instant createTime;

    @Column(nullable = false)
    private boolean deleted;

    private Instant deleteTime;

    @Column(nullable = false)
    private String deletedToken = "";

    @Version
    private long version;

    protected UserAccount() {}

    UserAccount(
            long tenantId,
            String userName,
            String realName,
            String orgName,
            String passwordHash,
            boolean mainAccount,
            Instant createTime) {
        this.tenantId = tenantId;
        this.userName = userName;
        this.userNameKey = key(userName);
        this.realName = realName;
        this.orgName = orgName;
        this.passwordHash = passwordHash;
        this.mainAccount = mainAccount;
        this.createTime = createTime;
    }

    /** The normalized form user names are unique in. */
    static String key(String userName) {
        return userName.toLowerCase(Locale.ROOT);
    }

    boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    /** Counts a failed login; the fifth in a row locks the account for {@link #LOCK_TIME}. */
    void loginFailed(Instant now) {
        failedLogins++;
        if (failedLogins >= MAX_FAILED_LOGINS) {
            lockedUntil = now.plus(LOCK_TIME);
            failedLogins = 0;
        }
    }

    void loginSucceeded() {
        failedLogins = 0;
        lockedUntil = null;
    }

    void changePassword(String newHash) {
        this.passwordHash = newHash;
        loginSucceeded();
    }

    void delete(Instant now) {
        this.deleted = true;
        this.deleteTime = now;
        this.deletedToken = String.valueOf(id);
    }

    UserView view() {
        return new UserView(id, tenantId, userName, realName, orgName, mainAccount, createTime);
    }

    Long getId() {
        return id;
    }

    long getTenantId() {
        return tenantId;
    }

    String getUserName() {
        return userName;
    }

    String getPasswordHash() {
        return passwordHash;
    }

    boolean isMainAccount() {
        return mainAccount;
    }

    boolean isDeleted() {
        return deleted;
    }

    Instant getLockedUntil() {
        return lockedUntil;
    }
}
