package io.msap.permission;

import io.msap.account.AccountService;
import io.msap.account.UserView;
import io.msap.app.AppDeletionGuard;
import io.msap.app.AppService;
import io.msap.app.AppView;
import io.msap.environment.EnvironmentService;
import io.msap.environment.EnvironmentView;
import io.msap.project.DataGrants;
import io.msap.project.MembershipListener;
import io.msap.project.ProjectAccess;
import io.msap.project.ProjectPermission;
import io.msap.project.ProjectPermission.DataScope;
import io.msap.project.ProjectRole;
import io.msap.shared.AuditTrail;
import io.msap.shared.Caller;
import io.msap.shared.Messages;
import io.msap.shared.MsapException;
import io.msap.shared.PageInfo;
import io.msap.shared.PageQuery;
import io.msap.shared.Texts;
import io.msap.shared.Times;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Data permissions (manual 5.11): project admins grant members operation rights on one application or environment.
 * Project admins and the object's creator always hold the right; viewers only read and cannot be granted. This is
 * the {@link DataGrants} the one authorization policy ({@link ProjectAccess}) asks.
 */
@Service
class DataPermissionService implements DataGrants, AppDeletionGuard, MembershipListener {

    static final String OBJECT_GRANT = "DATA_GRANT";

    private final DataGrantRepository grants;
    private final AppService apps;
    private final EnvironmentService environments;
    private final ProjectAccess projectAccess;
    private final AccountService accounts;

    DataPermissionService(
            DataGrantRepository grants,
            AppService apps,
            EnvironmentService environments,
            ProjectAccess projectAccess,
            AccountService accounts) {
        this.grants = grants;
        this.apps = apps;
        this.environments = environments;
        this.projectAccess = projectAccess;
        this.accounts = accounts;
    }

    /** An application or environment whose rights are managed: its kind, id, project and creator. */
    record GrantObject(DataScope scope, String id, String projectId, long creatorId) {}

    /** A row of the authority lists: a member with its roles and whether its right can be removed. */
    record AuthorityRow(
            long userId,
            String userName,
            String realName,
            String orgName,
            List<Integer> roleId,
            String groupName,
            boolean canRemove,
            Instant createTime) {}

    /** Why a member holds the right. */
    private enum Holding {
        ADMIN,
        CREATOR,
        GRANT,
        NONE
    }

    // ---- the policy's question ----

    @Override
    @Transactional(readOnly = true)
    public boolean holds(DataScope scope, String objectId, long userId) {
        if (objectId == null) {
            return false;
        }
        if (grants.existsByObjectTypeAndObjectIdAndUserId(scope, objectId, userId)) {
            return true;
        }
        return switch (scope) {
            case APP -> apps.find(objectId).map(a -> a.createUserId() == userId).orElse(false);
            case ENV ->
                environments.find(objectId).map(e -> e.createUserId() == userId).orElse(false);
            case NONE -> false;
        };
    }

    @Override
    public Optional<String> blockers(String appId) {
        return Optional.empty();
    }

    @Override
    public void onDeleted(String appId) {
        grants.deleteByObject(DataScope.APP, appId);
    }

    @Override
    public void memberRemoved(String projectId, long userId) {
        grants.deleteByProjectAndUser(projectId, userId);
    }

    // ---- endpoints ----

    /** The object named in a request: it must be in the named project, which the caller may see. */
    GrantObject object(Caller caller, DataScope scope, String projectId, String objectId, ProjectPermission needed) {
        String project = projectAccess
                .require(caller, projectId, ProjectPermission.PROJECT_VIEW)
                .projectId();
        GrantObject object;
        if (scope == DataScope.APP) {
            AppView app = apps.require(caller, "appId", objectId, ProjectPermission.APP_VIEW);
            object = new GrantObject(scope, app.appId(), app.projectId(), app.createUserId());
        } else {
            EnvironmentView env = environments.require(caller, "envId", objectId, ProjectPermission.ENV_VIEW);
            object = new GrantObject(scope, env.envId(), env.projectId(), env.createUserId());
        }
        String field = scope == DataScope.APP ? "appId" : "envId";
        if (!object.projectId().equals(project)) {
            throw MsapException.unknownField(field, scope == DataScope.APP ? "app.notFound" : "environment.notFound");
        }
        AuditTrail.target(project, OBJECT_GRANT, object.id());
        projectAccess.require(caller, projectId, needed);
        return object;
    }

    /** Grants the right to the listed members; granting to a member who holds it already changes nothing. */
    @Transactional
    void grant(Caller caller, DataScope scope, String projectId, String objectId, List<Long> userIds) {
        GrantObject object = object(caller, scope, projectId, objectId, ProjectPermission.DATA_PERMISSION_MANAGE);
        Map<Long, ProjectAccess.MemberRoles> members = members(object.projectId());
        Instant now = Times.now();
        for (int i = 0; i < userIds.size(); i++) {
            long userId = userIds.get(i);
            String field = "userIds[" + i + "]";
            ProjectAccess.MemberRoles member = members.get(userId);
            if (member == null) {
                throw MsapException.badField(field, "grant.notMember", String.valueOf(userId));
            }
            if (!canBeGranted(scope, member.roles())) {
                throw MsapException.badField(field, "grant.viewerOnly", String.valueOf(userId));
            }
            if (holding(object, member) == Holding.NONE) {
                grants.save(new DataGrant(scope, object.id(), userId, object.projectId(), caller.userId(), now));
            }
        }
    }

    /** Takes the right away from the listed members; admins and the creator always keep it (409). */
    @Transactional
    void revoke(Caller caller, DataScope scope, String projectId, String objectId, List<Long> userIds) {
        GrantObject object = object(caller, scope, projectId, objectId, ProjectPermission.DATA_PERMISSION_MANAGE);
        Map<Long, ProjectAccess.MemberRoles> members = members(object.projectId());
        for (int i = 0; i < userIds.size(); i++) {
            long userId = userIds.get(i);
            String field = "userIds[" + i + "]";
            ProjectAccess.MemberRoles member = members.get(userId);
            Holding holding = member == null ? Holding.NONE : holding(object, member);
            if (holding == Holding.ADMIN || holding == Holding.CREATOR) {
                throw MsapException.conflict("grant.alwaysHolds", String.valueOf(userId));
            }
            if (holding == Holding.NONE) {
                throw MsapException.unknownField(field, "grant.noGrant", String.valueOf(userId));
            }
            grants.deleteById(new DataGrant.Key(scope, object.id(), userId));
        }
    }

    /** The members who hold the right, admins and the creator first, filtered by account or real name. */
    @Transactional(readOnly = true)
    PageInfo<AuthorityRow> holders(
            Caller caller, DataScope scope, String projectId, String objectId, String keyword, PageQuery page) {
        GrantObject object = object(caller, scope, projectId, objectId, ProjectPermission.MEMBER_VIEW);
        return page(object, keyword, page, true);
    }

    /** The members who could be granted the right and do not hold it. */
    @Transactional(readOnly = true)
    PageInfo<AuthorityRow> candidates(
            Caller caller, DataScope scope, String projectId, String objectId, String keyword, PageQuery page) {
        GrantObject object = object(caller, scope, projectId, objectId, ProjectPermission.DATA_PERMISSION_MANAGE);
        return page(object, keyword, page, false);
    }

    private PageInfo<AuthorityRow> page(GrantObject object, String keyword, PageQuery page, boolean holders) {
        Map<Long, ProjectAccess.MemberRoles> members = members(object.projectId());
        Map<Long, Instant> grantTimes = grants.findByObjectTypeAndObjectId(object.scope(), object.id()).stream()
                .collect(Collectors.toMap(DataGrant::getUserId, DataGrant::getCreateTime));
        Map<Long, UserView> users = accounts.findUsers(members.keySet());
        String filter = Texts.trimToNull(keyword);
        List<AuthorityRow> rows = members.values().stream()
                .filter(m -> users.containsKey(m.userId()))
                .filter(m -> filter == null || matches(users.get(m.userId()), filter))
                .filter(m -> holders
                        ? holding(object, m, grantTimes) != Holding.NONE
                        : holding(object, m, grantTimes) == Holding.NONE && canBeGranted(object.scope(), m.roles()))
                .sorted(Comparator.comparing((ProjectAccess.MemberRoles m) -> holding(object, m, grantTimes))
                        .thenComparing(ProjectAccess.MemberRoles::userId))
                .map(m -> row(m, users.get(m.userId()), holding(object, m, grantTimes), grantTimes))
                .toList();
        int from = (int) Math.min(page.offset(), rows.size());
        int to = Math.min(from + page.pageSize(), rows.size());
        return PageInfo.of(page, rows.subList(from, to), rows.size());
    }

    private Holding holding(GrantObject object, ProjectAccess.MemberRoles member) {
        Map<Long, Instant> granted =
                grants.existsByObjectTypeAndObjectIdAndUserId(object.scope(), object.id(), member.userId())
                        ? Map.of(member.userId(), Instant.EPOCH)
                        : Map.of();
        return holding(object, member, granted);
    }

    private static Holding holding(GrantObject object, ProjectAccess.MemberRoles member, Map<Long, Instant> granted) {
        if (member.roles().contains(ProjectRole.PROJECT_ADMIN)) {
            return Holding.ADMIN;
        }
        if (member.userId() == object.creatorId()) {
            return Holding.CREATOR;
        }
        return granted.containsKey(member.userId()) ? Holding.GRANT : Holding.NONE;
    }

    /** Only roles that can use a right narrowed by this scope can be granted it (never a viewer alone). */
    private static boolean canBeGranted(DataScope scope, Set<ProjectRole> roles) {
        return Arrays.stream(ProjectPermission.values())
                .filter(p -> p.scope() == scope)
                .anyMatch(p -> roles.stream().anyMatch(p::grantedTo));
    }

    private Map<Long, ProjectAccess.MemberRoles> members(String projectId) {
        Map<Long, ProjectAccess.MemberRoles> members = new LinkedHashMap<>();
        projectAccess.members(projectId).forEach(m -> members.put(m.userId(), m));
        return members;
    }

    private static boolean matches(UserView user, String filter) {
        String needle = filter.toLowerCase(Locale.ROOT);
        return user.userName().toLowerCase(Locale.ROOT).contains(needle)
                || user.realName().toLowerCase(Locale.ROOT).contains(needle);
    }

    private static AuthorityRow row(
            ProjectAccess.MemberRoles member, UserView user, Holding holding, Map<Long, Instant> grantTimes) {
        return new AuthorityRow(
                user.userId(),
                user.userName(),
                user.realName(),
                user.orgName(),
                member.roles().stream().map(ProjectRole::id).sorted().toList(),
                Messages.joinList(
                        member.roles().stream().map(ProjectRole::displayName).toList()),
                holding == Holding.GRANT,
                holding == Holding.GRANT ? grantTimes.get(member.userId()) : member.memberSince());
    }
}
