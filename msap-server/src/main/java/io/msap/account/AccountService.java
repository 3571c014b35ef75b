package io.msap.account;

import io.msap.shared.AuditTrail;
import io.msap.shared.Caller;
import io.msap.shared.Messages;
import io.msap.shared.MsapException;
import io.msap.shared.PageInfo;
import io.msap.shared.PageQuery;
import io.msap.shared.Texts;
import io.msap.shared.Times;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.domain.Page;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tenants and users: the main account manages its tenant's sub-accounts; the platform operator (tenant 1's main
 * account) creates tenants. Other modules look users up here.
 */
@Service
public class AccountService {

    static final String OBJECT_USER = "USER";
    static final String OBJECT_TENANT = "TENANT";

    private static final List<Long> NO_IDS = List.of(-1L);

    private final TenantRepository tenants;
    private final UserAccountRepository users;
    private final ApiTokenRepository tokens;
    private final AccessKeyRepository accessKeys;
    private final PasswordEncoder passwordEncoder;
    /** Resolved when used: the guards (in higher modules) depend on this service. */
    private final ObjectProvider<SubAccountDeletionGuard> deletionGuards;

    AccountService(
            TenantRepository tenants,
            UserAccountRepository users,
            ApiTokenRepository tokens,
            AccessKeyRepository accessKeys,
            PasswordEncoder passwordEncoder,
            ObjectProvider<SubAccountDeletionGuard> deletionGuards) {
        this.tenants = tenants;
        this.users = users;
        this.tokens = tokens;
        this.accessKeys = accessKeys;
        this.passwordEncoder = passwordEncoder;
        this.deletionGuards = deletionGuards;
    }

    @Transactional(readOnly = true)
    public boolean tenantExists(long tenantId) {
        return tenants.existsById(tenantId);
    }

    /** A live user of the caller's tenant. */
    @Transactional(readOnly = true)
    public Optional<UserView> findUser(long tenantId, long userId) {
        return users.findByIdAndTenantIdAndDeletedFalse(userId, tenantId).map(UserAccount::view);
    }

    /** Live users by id, for decorating lists; deleted or unknown ids are left out. */
    @Transactional(readOnly = true)
    public Map<Long, UserView> findUsers(Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        return users.findByIdInAndDeletedFalse(userIds).stream()
                .map(UserAccount::view)
                .collect(Collectors.toMap(UserView::userId, Function.identity()));
    }

    /**
     * A page of the tenant's live sub-accounts, newest first, whose user name or real name contains {@code keyword}
     * (ignoring case), restricted to {@code onlyIds} when it is not null and leaving out {@code exceptIds}.
     */
    @Transactional(readOnly = true)
    public PageInfo<UserView> pageSubAccounts(
            long tenantId, String keyword, Collection<Long> onlyIds, Collection<Long> exceptIds, PageQuery page) {
        String filter = Texts.trimToNull(keyword);
        Page<UserAccount> rows = users.searchSubAccounts(
                tenantId,
                filter == null ? null : Texts.likePattern(filter),
                onlyIds != null,
                onlyIds == null || onlyIds.isEmpty() ? NO_IDS : onlyIds,
                exceptIds != null && !exceptIds.isEmpty(),
                exceptIds == null || exceptIds.isEmpty() ? NO_IDS : exceptIds,
                page.newestFirst());
        return PageInfo.of(page, rows, UserAccount::view);
    }

    @Transactional
    long createSubAccount(Caller caller, AccountRequests.CreateSubAccountRequest request) {
        requireMainAccount(caller, "account.permission.manageSubAccounts");
        UserAccount user = newUser(
                caller.tenantId(),
                request.userName().trim(),
                request.realName().trim(),
                Texts.trimToNull(request.orgName()),
                request.password(),
                false);
        AuditTrail.target(null, OBJECT_USER, String.valueOf(user.getId()));
        return user.getId();
    }

    @Transactional
    void deleteSubAccount(Caller caller, long userId) {
        requireMainAccount(caller, "account.permission.manageSubAccounts");
        AuditTrail.target(null, OBJECT_USER, String.valueOf(userId));
        UserAccount user = subAccount(caller, userId);
        List<SubAccountDeletionGuard> guards = deletionGuards.orderedStream().toList();
        guards.forEach(guard -> guard.checkDeletable(caller.tenantId(), userId));
        guards.forEach(guard -> guard.onDeleted(caller.tenantId(), userId));
        tokens.deleteByUserId(userId);
        accessKeys.deleteByUserId(userId);
        user.delete(Times.now());
    }

    @Transactional(readOnly = true)
    PageInfo<UserView> listSubAccounts(Caller caller, String keyword, PageQuery page) {
        requireMainAccount(caller, "account.permission.manageSubAccounts");
        return pageSubAccounts(caller.tenantId(), keyword, null, null, page);
    }

    /** Changes the caller's password and ends its other login sessions (its personal tokens stay). */
    @Transactional
    void changePassword(Caller caller, String oldPassword, String newPassword) {
        UserAccount user = users.findByIdAndDeletedFalse(caller.userId())
                .orElseThrow(() -> MsapException.unauthenticated("error.auth.invalid"));
        AuditTrail.target(null, OBJECT_USER, String.valueOf(user.getId()));
        if (!passwordEncoder.matches(oldPassword, user.getPasswordHash())) {
            throw MsapException.badField("oldPassword", "account.password.wrong");
        }
        user.changePassword(passwordEncoder.encode(newPassword));
        tokens.deleteByUserIdAndKindAndIdNot(user.getId(), ApiToken.Kind.LOGIN, caller.credential());
    }

    /** Sets a sub-account's password and ends its login sessions (its personal tokens stay). */
    @Transactional
    void resetSubAccountPassword(Caller caller, long userId, String newPassword) {
        requireMainAccount(caller, "account.permission.manageSubAccounts");
        AuditTrail.target(null, OBJECT_USER, String.valueOf(userId));
        subAccount(caller, userId).changePassword(passwordEncoder.encode(newPassword));
        tokens.deleteByUserIdAndKindAndIdNot(userId, ApiToken.Kind.LOGIN, "");
    }

    @Transactional
    long createTenant(Caller caller, AccountRequests.CreateTenantRequest request) {
        if (!caller.operator()) {
            throw MsapException.forbidden("account.permission.operator");
        }
        String name = request.tenantName().trim();
        if (tenants.existsByNameIgnoreCase(name)) {
            throw MsapException.conflict("account.tenant.exists", name);
        }
        Tenant tenant = tenants.save(new Tenant(name, Times.now()));
        newUser(tenant.getId(), request.adminUserName().trim(), name, null, request.adminPassword(), true);
        AuditTrail.target(null, OBJECT_TENANT, String.valueOf(tenant.getId()));
        return tenant.getId();
    }

    /** Creates a user after checking that its name is free platform-wide. */
    UserAccount newUser(
            long tenantId, String userName, String realName, String orgName, String password, boolean mainAccount) {
        if (users.existsByUserNameKeyAndDeletedFalse(UserAccount.key(userName))) {
            throw MsapException.conflict("account.userName.exists", userName);
        }
        return users.saveAndFlush(new UserAccount(
                tenantId, userName, realName, orgName, passwordEncoder.encode(password), mainAccount, Times.now()));
    }

    private UserAccount subAccount(Caller caller, long userId) {
        return users.findByIdAndTenantIdAndDeletedFalse(userId, caller.tenantId())
                .filter(u -> !u.isMainAccount())
                .orElseThrow(() -> MsapException.unknownField("userId", "account.user.notFound"));
    }

    static void requireMainAccount(Caller caller, String permissionKey) {
        if (!caller.mainAccount()) {
            throw MsapException.forbidden("error.forbidden.permission", Messages.ref(permissionKey));
        }
    }
}
