package io.msap.pipeline;

import io.msap.account.AccountService;
import io.msap.account.UserView;
import io.msap.project.MembershipListener;
import io.msap.project.ProjectAccess;
import io.msap.project.ProjectRole;
import io.msap.shared.AuditTrail;
import io.msap.shared.Caller;
import io.msap.shared.Failure;
import io.msap.shared.Messages;
import io.msap.shared.MsapException;
import io.msap.shared.PageInfo;
import io.msap.shared.PageQuery;
import io.msap.shared.Texts;
import io.msap.shared.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Pipeline member permissions (manual 5.12): a pipeline's permission mode, and in USER_DEFINED mode the members listed
 * with a permission type (VIEW, RUN, MANAGE). Changing them needs MANAGE on the pipeline; in DEFAULT mode members
 * cannot be added, replaced or removed (409). Removing a member from the project removes its listings there.
 */
@Service
class PipelinePermissionService implements MembershipListener {

    static final String OBJECT_PERMISSION = "PIPELINE_PERMISSION";

    private static final String NOT_FOUND = "pipeline.permission.pipelineNotFound";

    private final PipelinePermissionRepository permissions;
    private final PipelineRepository pipelines;
    private final PipelineAccess access;
    private final ProjectAccess projectAccess;
    private final AccountService accounts;

    PipelinePermissionService(
            PipelinePermissionRepository permissions,
            PipelineRepository pipelines,
            PipelineAccess access,
            ProjectAccess projectAccess,
            AccountService accounts) {
        this.permissions = permissions;
        this.pipelines = pipelines;
        this.access = access;
        this.projectAccess = projectAccess;
        this.accounts = accounts;
    }

    /** An entry of listPipelinePermissionTypes' attrValueList. */
    record PermTypeValue(String attrValue, String description, String name, int sequence) {}

    /** listPipelinePermissionTypes: the dictionary of permission types. */
    record PermTypeDictionary(
            List<PermTypeValue> attrValueList, String code, String description, String name, String type) {}

    /** A row of listPipelinePermissionsPage; permissionId is null for members who always hold their permission. */
    record PermissionRow(
            String createStaff,
            Instant createTime,
            String groupName,
            String orgName,
            PermMode permMode,
            PermType permType,
            String permTypeName,
            Long permissionId,
            String realName,
            String userName,
            long userId) {}

    /** A row of listEnablePipelineMembersPage: a project member who could be listed. */
    record MemberRow(
            boolean canRemove,
            Instant createTime,
            String groupName,
            String orgName,
            String realName,
            List<Integer> roleId,
            long userId,
            String userName) {}

    @Override
    public void memberRemoved(String projectId, long userId) {
        permissions.deleteByProjectAndUser(projectId, userId);
    }

    // ---- endpoints ----

    PermTypeDictionary types() {
        boolean english = Messages.english();
        List<PermTypeValue> values = java.util.Arrays.stream(PermType.values())
                .map(t -> new PermTypeValue(t.name(), t.description(), t.displayName(), t.sequence()))
                .toList();
        return new PermTypeDictionary(
                values,
                "PIPELINE_PERM_TYPE",
                english ? "Pipeline member permission types; each includes the ones before it" : "流水线成员权限类型，后者包含前者的权限",
                english ? "Pipeline member permission type" : "流水线成员权限类型",
                "PIPELINE_PERM_TYPE");
    }

    @Transactional(readOnly = true)
    PermMode mode(Caller caller, String pipelineOrderId) {
        Pipeline pipeline = access.visible(caller, "pipelineOrderId", pipelineOrderId, NOT_FOUND);
        access.require(caller, "pipelineOrderId", pipeline, PermType.VIEW);
        return pipeline.getPermMode();
    }

    @Transactional
    void changeMode(Caller caller, String pipelineOrderId, PermMode mode) {
        Pipeline pipeline = managed(caller, pipelineOrderId);
        if (pipeline.getPermMode() != mode) {
            pipeline.permMode(mode, caller.userName(), Times.now());
            pipelines.flush();
        }
    }

    /** Lists a member with a permission type (USER_DEFINED mode only). */
    @Transactional
    void insert(Caller caller, PipelineRequests.InsertPermissionRequest request) {
        Pipeline pipeline = managed(caller, request.pipelineOrderId());
        requireUserDefined(pipeline, "pipeline.permission.defaultModeAdd");
        Map<String, ProjectAccess.MemberRoles> members = membersByName(pipeline.getProjectId());
        ProjectAccess.MemberRoles member = listable(pipeline, members, "userName", request.userName());
        checkRoles("permType", request.userName(), member, request.permType());
        if (permissions
                .findByPipelineIdAndUserId(pipeline.getId(), member.userId())
                .isPresent()) {
            throw MsapException.conflict(
                    "pipeline.permission.exists", request.userName().trim());
        }
        permissions.saveAndFlush(new PipelinePermission(
                pipeline.getId(),
                pipeline.getProjectId(),
                member.userId(),
                request.permType(),
                caller.userName(),
                caller.userId(),
                Times.now()));
    }

    /** Replaces the listed members with {@code members} (USER_DEFINED mode only); listings kept keep their id. */
    @Transactional
    void replace(Caller caller, PipelineRequests.UpdatePermissionRequest request) {
        Pipeline pipeline = managed(caller, request.pipelineOrderId());
        requireUserDefined(pipeline, "pipeline.permission.defaultModeAdd");
        Map<String, ProjectAccess.MemberRoles> members = membersByName(pipeline.getProjectId());
        Map<Long, PermType> wanted = new LinkedHashMap<>();
        for (int i = 0; i < request.members().size(); i++) {
            PipelineRequests.Member given = request.members().get(i);
            String field = "members[" + i + "]";
            ProjectAccess.MemberRoles member = listable(pipeline, members, field + ".userName", given.userName());
            checkRoles(field + ".permType", given.userName(), member, given.permType());
            if (wanted.put(member.userId(), given.permType()) != null) {
                throw MsapException.badField(
                        field + ".userName",
                        "pipeline.permission.twice",
                        given.userName().trim());
            }
        }
        Instant now = Times.now();
        for (PipelinePermission existing : permissions.findByPipelineIdOrderByCreateTimeAscIdAsc(pipeline.getId())) {
            PermType type = wanted.remove(existing.getUserId());
            if (type == null) {
                permissions.delete(existing);
            } else if (type != existing.getPermType()) {
                existing.change(type, now);
            }
        }
        wanted.forEach((userId, type) -> permissions.save(new PipelinePermission(
                pipeline.getId(), pipeline.getProjectId(), userId, type, caller.userName(), caller.userId(), now)));
        permissions.flush();
    }

    @Transactional
    void delete(Caller caller, Long permissionId) {
        PipelinePermission permission = permissions
                .findById(permissionId)
                .orElseThrow(() -> MsapException.unknownField("permissionId", "pipeline.permission.notFound"));
        Pipeline pipeline;
        try {
            pipeline =
                    access.visible(caller, "permissionId", permission.getPipelineId(), "pipeline.permission.notFound");
        } catch (MsapException e) {
            if (e.failure() == Failure.NOT_FOUND) {
                throw MsapException.unknownField("permissionId", "pipeline.permission.notFound");
            }
            throw e;
        }
        AuditTrail.target(pipeline.getProjectId(), OBJECT_PERMISSION, String.valueOf(permission.getId()));
        access.require(caller, "permissionId", pipeline, PermType.MANAGE);
        requireUserDefined(pipeline, "pipeline.permission.defaultModeRemove");
        permissions.delete(permission);
        permissions.flush();
    }

    /**
     * listPipelinePermissionsPage: in USER_DEFINED mode project admins and the creator (MANAGE, no permissionId), then
     * the listed members; in DEFAULT mode every member with what the roles and data permissions give them.
     */
    @Transactional(readOnly = true)
    PageInfo<PermissionRow> list(Caller caller, String pipelineOrderId, String keyword, PageQuery page) {
        Pipeline pipeline = access.visible(caller, "pipelineOrderId", pipelineOrderId, NOT_FOUND);
        access.require(caller, "pipelineOrderId", pipeline, PermType.VIEW);
        List<ProjectAccess.MemberRoles> members = projectAccess.members(pipeline.getProjectId());
        Map<Long, UserView> users = accounts.findUsers(
                members.stream().map(ProjectAccess.MemberRoles::userId).toList());
        Map<Long, PipelinePermission> listed = new HashMap<>();
        permissions
                .findByPipelineIdOrderByCreateTimeAscIdAsc(pipeline.getId())
                .forEach(p -> listed.put(p.getUserId(), p));
        String filter = Texts.trimToNull(keyword);
        List<PermissionRow> rows = new ArrayList<>();
        for (ProjectAccess.MemberRoles member : members) {
            UserView user = users.get(member.userId());
            if (user == null || (filter != null && !matches(user, filter))) {
                continue;
            }
            PermissionRow row = pipeline.getPermMode() == PermMode.USER_DEFINED
                    ? userDefinedRow(pipeline, member, user, listed.get(member.userId()))
                    : defaultRow(pipeline, member, user);
            if (row != null) {
                rows.add(row);
            }
        }
        rows.sort(Comparator.comparing((PermissionRow r) -> r.permissionId() != null)
                .thenComparing(r -> r.permissionId() == null ? 0L : r.permissionId())
                .thenComparingLong(PermissionRow::userId));
        return page(rows, page);
    }

    /** listEnablePipelineMembersPage: project members who are not listed and do not always hold MANAGE. */
    @Transactional(readOnly = true)
    PageInfo<MemberRow> candidates(Caller caller, String pipelineOrderId, String keyword, PageQuery page) {
        Pipeline pipeline = managed(caller, pipelineOrderId);
        List<ProjectAccess.MemberRoles> members = projectAccess.members(pipeline.getProjectId());
        Map<Long, UserView> users = accounts.findUsers(
                members.stream().map(ProjectAccess.MemberRoles::userId).toList());
        Set<Long> listed = new java.util.HashSet<>();
        permissions.findByPipelineIdOrderByCreateTimeAscIdAsc(pipeline.getId()).forEach(p -> listed.add(p.getUserId()));
        String filter = Texts.trimToNull(keyword);
        List<MemberRow> rows = members.stream()
                .filter(m -> users.containsKey(m.userId()))
                .filter(m -> filter == null || matches(users.get(m.userId()), filter))
                .filter(m -> !listed.contains(m.userId()))
                .filter(m -> !access.alwaysManages(m.userId(), m.roles(), pipeline))
                .map(m -> {
                    UserView user = users.get(m.userId());
                    return new MemberRow(
                            false,
                            m.memberSince(),
                            groupName(m.roles()),
                            user.orgName(),
                            user.realName(),
                            m.roles().stream().map(ProjectRole::id).sorted().toList(),
                            user.userId(),
                            user.userName());
                })
                .toList();
        return page(rows, page);
    }

    // ---- helpers ----

    private Pipeline managed(Caller caller, String pipelineOrderId) {
        Pipeline pipeline = access.visible(caller, "pipelineOrderId", pipelineOrderId, NOT_FOUND);
        access.require(caller, "pipelineOrderId", pipeline, PermType.MANAGE);
        AuditTrail.target(pipeline.getProjectId(), OBJECT_PERMISSION, pipeline.getId());
        return pipeline;
    }

    private static void requireUserDefined(Pipeline pipeline, String messageKey) {
        if (pipeline.getPermMode() == PermMode.DEFAULT) {
            throw MsapException.conflict(messageKey);
        }
    }

    private Map<String, ProjectAccess.MemberRoles> membersByName(String projectId) {
        List<ProjectAccess.MemberRoles> members = projectAccess.members(projectId);
        Map<Long, UserView> users = accounts.findUsers(
                members.stream().map(ProjectAccess.MemberRoles::userId).toList());
        Map<String, ProjectAccess.MemberRoles> byName = new HashMap<>();
        members.forEach(m -> {
            UserView user = users.get(m.userId());
            if (user != null) {
                byName.put(user.userName().toLowerCase(Locale.ROOT), m);
            }
        });
        return byName;
    }

    /** The project member named {@code userName} who can be listed (not an admin or the creator): 400 otherwise. */
    private ProjectAccess.MemberRoles listable(
            Pipeline pipeline, Map<String, ProjectAccess.MemberRoles> members, String field, String userName) {
        String name = userName.trim();
        ProjectAccess.MemberRoles member = members.get(name.toLowerCase(Locale.ROOT));
        if (member == null) {
            throw MsapException.badField(field, "pipeline.permission.notMember", name);
        }
        if (access.alwaysManages(member.userId(), member.roles(), pipeline)) {
            throw MsapException.badField(field, "pipeline.permission.alwaysManages", name);
        }
        return member;
    }

    /** A member's roles must allow what the permission type gives (a viewer can only view). */
    private static void checkRoles(String field, String userName, ProjectAccess.MemberRoles member, PermType type) {
        boolean allowed = member.roles().stream().anyMatch(PipelineAccess.rolePermission(type)::grantedTo);
        if (!allowed) {
            throw MsapException.badField(
                    field,
                    "pipeline.permission.roleTooLow",
                    userName.trim(),
                    Messages.ref("pipeline.permType." + type.name()));
        }
    }

    private PermissionRow userDefinedRow(
            Pipeline pipeline, ProjectAccess.MemberRoles member, UserView user, PipelinePermission listed) {
        if (access.alwaysManages(member.userId(), member.roles(), pipeline)) {
            return row(pipeline, member, user, PermType.MANAGE, null, pipeline.getCreateStaff(), member.memberSince());
        }
        if (listed == null) {
            return null;
        }
        return row(
                pipeline,
                member,
                user,
                listed.getPermType(),
                listed.getId(),
                listed.getCreateStaff(),
                listed.getCreateTime());
    }

    private PermissionRow defaultRow(Pipeline pipeline, ProjectAccess.MemberRoles member, UserView user) {
        Caller asMember = new Caller(pipeline.getTenantId(), member.userId(), user.userName(), false, null);
        PermType right = access.right(asMember, pipeline);
        return right == null
                ? null
                : row(pipeline, member, user, right, null, pipeline.getCreateStaff(), member.memberSince());
    }

    private static PermissionRow row(
            Pipeline pipeline,
            ProjectAccess.MemberRoles member,
            UserView user,
            PermType type,
            Long permissionId,
            String createStaff,
            Instant createTime) {
        return new PermissionRow(
                createStaff,
                createTime,
                groupName(member.roles()),
                user.orgName(),
                pipeline.getPermMode(),
                type,
                type.displayName(),
                permissionId,
                user.realName(),
                user.userName(),
                user.userId());
    }

    private static String groupName(Set<ProjectRole> roles) {
        return Messages.joinList(roles.stream()
                .sorted(Comparator.comparingInt(ProjectRole::id))
                .map(ProjectRole::displayName)
                .toList());
    }

    private static boolean matches(UserView user, String filter) {
        String needle = filter.toLowerCase(Locale.ROOT);
        return user.userName().toLowerCase(Locale.ROOT).contains(needle)
                || user.realName().toLowerCase(Locale.ROOT).contains(needle);
    }

    private static <T> PageInfo<T> page(List<T> rows, PageQuery page) {
        int from = (int) Math.min(page.offset(), rows.size());
        int to = Math.min(from + page.pageSize(), rows.size());
        return PageInfo.of(page, rows.subList(from, to), rows.size());
    }
}
