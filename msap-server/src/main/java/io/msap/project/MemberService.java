package io.msap.project;

import io.msap.account.AccountService;
import io.msap.account.SubAccountDeletionGuard;
import io.msap.account.UserView;
import io.msap.shared.AuditTrail;
import io.msap.shared.Caller;
import io.msap.shared.Messages;
import io.msap.shared.MsapException;
import io.msap.shared.PageInfo;
import io.msap.shared.PageQuery;
import io.msap.shared.Texts;
import io.msap.shared.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Project members and their roles (manual 5.13). Members are sub-accounts of the project's tenant; the main account is
 * never a member. A project that has a project admin always keeps at least one.
 */
@Service
class MemberService implements SubAccountDeletionGuard {

    static final String OBJECT_MEMBER = "MEMBER";

    private final ProjectAccess access;
    private final ProjectMemberRepository members;
    private final ProjectRepository projects;
    private final AccountService accounts;
    private final ObjectProvider<MembershipListener> membershipListeners;

    MemberService(
            ProjectAccess access,
            ProjectMemberRepository members,
            ProjectRepository projects,
            AccountService accounts,
            ObjectProvider<MembershipListener> membershipListeners) {
        this.membershipListeners = membershipListeners;
        this.access = access;
        this.members = members;
        this.projects = projects;
        this.accounts = accounts;
    }

    /** A role as listRole shows it. */
    record RoleView(int roleGroupId, String groupCode, String groupName, int groupType) {}

    /** A row of listSubAccountPage. */
    record MemberView(
            long userId,
            String userName,
            String realName,
            String orgName,
            List<Integer> roleId,
            String groupName,
            boolean canRemove,
            Instant createTime) {}

    /** A row of listEnableSubAccountPage. */
    record CandidateView(long userId, String userName, String realName, String orgName) {}

    List<RoleView> roles() {
        return EnumSet.allOf(ProjectRole.class).stream()
                .map(r -> new RoleView(r.id(), r.name(), r.displayName(), ProjectRole.BUILT_IN))
                .toList();
    }

    /**
     * Adds the listed sub-accounts as members or replaces their roles: with uniformRole every listed user gets
     * {@code roles}, otherwise each gets its own {@code userRoles}. All or nothing.
     */
    @Transactional
    void authorizeRole(Caller caller, ProjectRequests.AuthorizeRoleRequest request) {
        // the role ids are plain field validation (400), checked before the project (404) and the caller's role (403)
        boolean uniform = Boolean.TRUE.equals(request.uniformRole());
        Set<ProjectRole> uniformRoles = uniform ? roles("roles", request.roles()) : Set.of();
        List<ProjectRequests.UserInfo> users = request.userInfoVOList();
        List<Set<ProjectRole>> userRoles = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            userRoles.add(
                    uniform
                            ? uniformRoles
                            : roles(
                                    "userInfoVOList[" + i + "].userRoles",
                                    users.get(i).userRoles()));
        }
        String projectId = access.require(caller, request.projectId(), ProjectPermission.MEMBER_MANAGE)
                .projectId();
        AuditTrail.target(
                projectId,
                OBJECT_MEMBER,
                memberIds(request.userInfoVOList().stream()
                        .map(ProjectRequests.UserInfo::userId)
                        .toList()));
        Map<Long, Set<ProjectRole>> wanted = new HashMap<>();
        for (int i = 0; i < users.size(); i++) {
            ProjectRequests.UserInfo user = users.get(i);
            String field = "userInfoVOList[" + i + "]";
            subAccount(caller, field, user.userId(), user.userName());
            if (wanted.containsKey(user.userId())) {
                throw MsapException.badField(field + ".userId", "member.duplicate", String.valueOf(user.userId()));
            }
            wanted.put(user.userId(), userRoles.get(i));
        }
        Map<Long, ProjectMember> current = membersForChange(projectId);
        boolean hadAdmin = current.values().stream().anyMatch(ProjectMember::isAdmin);
        Instant now = Times.now();
        wanted.forEach((userId, roles) -> {
            ProjectMember member = current.get(userId);
            if (member == null) {
                member = new ProjectMember(projectId, userId, roles, now);
                current.put(userId, member);
            } else {
                member.replaceRoles(roles);
            }
            members.save(member);
        });
        if (hadAdmin && current.values().stream().noneMatch(ProjectMember::isAdmin)) {
            throw MsapException.conflict("member.lastAdmin");
        }
    }

    /** Removes the listed members; refused (nothing removed) if that would leave the project without an admin. */
    @Transactional
    void removeSub(Caller caller, ProjectRequests.RemoveSubRequest request) {
        String projectId = access.require(caller, request.projectId(), ProjectPermission.MEMBER_MANAGE)
                .projectId();
        AuditTrail.target(
                projectId,
                OBJECT_MEMBER,
                memberIds(request.userList().stream()
                        .map(ProjectRequests.MemberRef::userId)
                        .toList()));
        Map<Long, ProjectMember> current = membersForChange(projectId);
        boolean hadAdmin = current.values().stream().anyMatch(ProjectMember::isAdmin);
        List<ProjectMember> removed = new ArrayList<>();
        List<ProjectRequests.MemberRef> users = request.userList();
        for (int i = 0; i < users.size(); i++) {
            ProjectRequests.MemberRef user = users.get(i);
            String field = "userList[" + i + "]";
            subAccount(caller, field, user.userId(), user.userName());
            ProjectMember member = current.remove(user.userId());
            if (member == null) {
                throw MsapException.unknownField(field + ".userId", "member.notFound", String.valueOf(user.userId()));
            }
            removed.add(member);
        }
        if (hadAdmin && current.values().stream().noneMatch(ProjectMember::isAdmin)) {
            throw MsapException.conflict("member.lastAdmin");
        }
        members.deleteAll(removed);
        removed.forEach(m -> membershipListeners
                .orderedStream()
                .forEach(listener -> listener.memberRemoved(projectId, m.getUserId())));
    }

    /** The project's members with their roles, newest member first, filtered by account or real name. */
    @Transactional(readOnly = true)
    PageInfo<MemberView> listMembers(Caller caller, String projectId, String keyword, PageQuery page) {
        String id =
                access.require(caller, projectId, ProjectPermission.MEMBER_VIEW).projectId();
        List<ProjectMember> all = members.findByProjectId(id);
        Map<Long, UserView> users =
                accounts.findUsers(all.stream().map(ProjectMember::getUserId).toList());
        long admins = all.stream().filter(ProjectMember::isAdmin).count();
        String filter = Texts.trimToNull(keyword);
        List<MemberView> rows = all.stream()
                .filter(m -> users.containsKey(m.getUserId()))
                .filter(m -> filter == null || matches(users.get(m.getUserId()), filter))
                .sorted(Comparator.comparing(ProjectMember::getCreateTime)
                        .thenComparing(ProjectMember::getUserId)
                        .reversed())
                .map(m -> view(m, users.get(m.getUserId()), admins))
                .toList();
        int from = (int) Math.min(page.offset(), rows.size());
        int to = Math.min(from + page.pageSize(), rows.size());
        return PageInfo.of(page, rows.subList(from, to), rows.size());
    }

    /** The tenant's sub-accounts that are not yet members of the project. */
    @Transactional(readOnly = true)
    PageInfo<CandidateView> listCandidates(Caller caller, String projectId, String keyword, PageQuery page) {
        String id = access.require(caller, projectId, ProjectPermission.MEMBER_MANAGE)
                .projectId();
        Set<Long> memberIds = members.findByProjectId(id).stream()
                .map(ProjectMember::getUserId)
                .collect(Collectors.toSet());
        PageInfo<UserView> rows = accounts.pageSubAccounts(caller.tenantId(), keyword, null, memberIds, page);
        return PageInfo.of(
                page,
                rows.list().stream()
                        .map(u -> new CandidateView(u.userId(), u.userName(), u.realName(), u.orgName()))
                        .toList(),
                rows.total());
    }

    @Override
    public void checkDeletable(long tenantId, long userId) {
        for (ProjectMember membership : members.findByUserId(userId)) {
            if (membership.isAdmin()
                    && members.findByProjectId(membership.getProjectId()).stream()
                                    .filter(ProjectMember::isAdmin)
                                    .count()
                            == 1) {
                String projectName = projects.findById(membership.getProjectId())
                        .map(Project::getProjectName)
                        .orElse(membership.getProjectId());
                throw MsapException.conflict("member.lastAdminOf", projectName);
            }
        }
    }

    @Override
    public void onDeleted(long tenantId, long userId) {
        List<ProjectMember> memberships = members.findByUserId(userId);
        memberships.forEach(m -> projects.lockForMemberChange(m.getProjectId()));
        members.deleteAll(memberships);
        memberships.forEach(m -> membershipListeners
                .orderedStream()
                .forEach(listener -> listener.memberRemoved(m.getProjectId(), userId)));
    }

    /**
     * The project's members, read for a change under the project's row lock, so two concurrent member changes of one
     * project cannot both pass the last-admin rule.
     */
    private Map<Long, ProjectMember> membersForChange(String projectId) {
        projects.lockForMemberChange(projectId);
        return byUser(members.findByProjectId(projectId));
    }

    private void subAccount(Caller caller, String field, long userId, String userName) {
        UserView user = accounts.findUser(caller.tenantId(), userId)
                .filter(u -> !u.mainAccount())
                .orElseThrow(() -> MsapException.unknownField(field + ".userId", "account.user.notFound"));
        if (!user.userName().equalsIgnoreCase(userName.trim())) {
            throw MsapException.badField(
                    field + ".userName", "member.userNameMismatch", userName, String.valueOf(userId));
        }
    }

    private static Set<ProjectRole> roles(String field, List<Integer> ids) {
        if (ids == null || ids.isEmpty()) {
            throw MsapException.badField(field, "member.roles.required");
        }
        Set<ProjectRole> roles = EnumSet.noneOf(ProjectRole.class);
        for (Integer id : ids) {
            roles.add(ProjectRole.byId(id)
                    .orElseThrow(() -> MsapException.badField(field, "member.role.unknown", String.valueOf(id))));
        }
        return roles;
    }

    private static Map<Long, ProjectMember> byUser(List<ProjectMember> list) {
        Map<Long, ProjectMember> map = new HashMap<>();
        list.forEach(m -> map.put(m.getUserId(), m));
        return map;
    }

    private static boolean matches(UserView user, String filter) {
        String needle = filter.toLowerCase(Locale.ROOT);
        return user.userName().toLowerCase(Locale.ROOT).contains(needle)
                || user.realName().toLowerCase(Locale.ROOT).contains(needle);
    }

    private static MemberView view(ProjectMember member, UserView user, long admins) {
        Set<ProjectRole> roles = member.roles();
        return new MemberView(
                user.userId(),
                user.userName(),
                user.realName(),
                user.orgName(),
                roles.stream().map(ProjectRole::id).sorted().toList(),
                Messages.joinList(roles.stream().map(ProjectRole::displayName).toList()),
                !(member.isAdmin() && admins == 1),
                member.getCreateTime());
    }

    private static String memberIds(List<Long> ids) {
        String joined = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        return joined.length() > 64 ? joined.substring(0, 61) + "..." : joined;
    }
}
