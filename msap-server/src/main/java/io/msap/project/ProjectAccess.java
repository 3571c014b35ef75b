package io.msap.project;

import io.msap.shared.AuditTrail;
import io.msap.shared.Caller;
import io.msap.shared.Ids;
import io.msap.shared.Messages;
import io.msap.shared.MsapException;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Object-level authorization for everything that lives in a project. A project of another tenant, a deleted one, or
 * one a sub-account is not a member of behaves as if it did not exist (404 项目不存在); a member whose roles lack a
 * permission gets 403 naming it. The tenant's main account may do everything in its tenant's projects.
 */
@Service
public class ProjectAccess {

    private final ProjectRepository projects;
    private final ProjectMemberRepository members;
    private final ObjectProvider<DataGrants> dataGrants;

    ProjectAccess(ProjectRepository projects, ProjectMemberRepository members, ObjectProvider<DataGrants> dataGrants) {
        this.projects = projects;
        this.members = members;
        this.dataGrants = dataGrants;
    }

    /** What a caller may know of a project it can see. */
    public record ProjectRef(String projectId, long tenantId, String projectCode, String projectName) {}

    /**
     * The project {@code projectId} (as sent in {@code field}) if the caller may see it, after checking that the
     * caller's roles grant {@code permission}.
     */
    @Transactional(readOnly = true)
    public ProjectRef require(Caller caller, String field, String projectId, ProjectPermission permission) {
        Project project = visibleProject(caller, field, projectId);
        if (!caller.mainAccount() && rolesOf(caller, project).stream().noneMatch(permission::grantedTo)) {
            throw MsapException.forbidden("error.forbidden.permission", Messages.ref(permission.messageKey()));
        }
        return new ProjectRef(
                project.getId(), project.getTenantId(), project.getProjectCode(), project.getProjectName());
    }

    /**
     * {@link #require(Caller, String, String, ProjectPermission)} for a permission on one object: for a permission
     * narrowed by data permissions, a member who is not a project admin also needs the grant on {@code objectId}
     * (403 naming the object's kind otherwise).
     */
    @Transactional(readOnly = true)
    public ProjectRef require(
            Caller caller, String field, String projectId, ProjectPermission permission, String objectId) {
        ProjectRef project = require(caller, field, projectId, permission);
        if (permission.scope() == ProjectPermission.DataScope.NONE || caller.mainAccount()) {
            return project;
        }
        Set<ProjectRole> roles = members.findByProjectIdAndUserId(project.projectId(), caller.userId())
                .map(ProjectMember::roles)
                .orElseGet(() -> EnumSet.noneOf(ProjectRole.class));
        if (roles.contains(ProjectRole.PROJECT_ADMIN)) {
            return project;
        }
        boolean granted = dataGrants
                .orderedStream()
                .anyMatch(grants -> grants.holds(permission.scope(), objectId, caller.userId()));
        if (!granted) {
            throw MsapException.forbidden(
                    "error.forbidden.dataGrant",
                    Messages.ref(
                            "error.forbidden.dataGrant." + permission.scope().name()),
                    Messages.ref(permission.messageKey()));
        }
        return project;
    }

    /** A live project by id, whoever asks (for modules that already checked access to it, e.g. to name images). */
    @Transactional(readOnly = true)
    public java.util.Optional<ProjectRef> find(String projectId) {
        return projects.findByIdAndDeletedFalse(projectId)
                .map(p -> new ProjectRef(p.getId(), p.getTenantId(), p.getProjectCode(), p.getProjectName()));
    }

    /** {@link #require(Caller, String, String, ProjectPermission)} for the usual field name {@code projectId}. */
    public ProjectRef require(Caller caller, String projectId, ProjectPermission permission) {
        return require(caller, "projectId", projectId, permission);
    }

    /** Whether the caller's roles in a project it can see grant {@code permission}. */
    @Transactional(readOnly = true)
    public boolean allows(Caller caller, String projectId, ProjectPermission permission) {
        if (caller.mainAccount()) {
            return true;
        }
        return members.findByProjectIdAndUserId(projectId, caller.userId())
                .map(m -> m.roles().stream().anyMatch(permission::grantedTo))
                .orElse(false);
    }

    /**
     * Requires {@code permission} in at least one project of the caller's tenant (for tenant-wide resources such as
     * namespaces); the main account always has it. 403 naming the permission otherwise.
     */
    @Transactional(readOnly = true)
    public void requireInSomeProject(Caller caller, ProjectPermission permission) {
        if (caller.mainAccount()) {
            return;
        }
        boolean granted = members.findByUserId(caller.userId()).stream()
                .filter(m -> projects.findByIdAndTenantIdAndDeletedFalse(m.getProjectId(), caller.tenantId())
                        .isPresent())
                .anyMatch(m -> m.roles().stream().anyMatch(permission::grantedTo));
        if (!granted) {
            throw MsapException.forbidden("error.forbidden.permission", Messages.ref(permission.messageKey()));
        }
    }

    /** The ids of the tenant's live projects the caller can see: all for the main account, its own otherwise. */
    @Transactional(readOnly = true)
    public java.util.List<String> visibleProjectIds(Caller caller) {
        if (caller.mainAccount()) {
            return projects.findIdsByTenant(caller.tenantId());
        }
        return members.findByUserId(caller.userId()).stream()
                .map(ProjectMember::getProjectId)
                .filter(id -> projects.findByIdAndTenantIdAndDeletedFalse(id, caller.tenantId())
                        .isPresent())
                .toList();
    }

    /** A member of a project with its roles, for modules that list members (data permissions). */
    public record MemberRoles(long userId, Set<ProjectRole> roles, java.time.Instant memberSince) {}

    /** The members of a project (which the caller was already checked to see), oldest first. */
    @Transactional(readOnly = true)
    public java.util.List<MemberRoles> members(String projectId) {
        return members.findByProjectId(projectId).stream()
                .sorted(java.util.Comparator.comparing(ProjectMember::getCreateTime)
                        .thenComparing(ProjectMember::getUserId))
                .map(m -> new MemberRoles(m.getUserId(), m.roles(), m.getCreateTime()))
                .toList();
    }

    /** The project entity, if the caller may see it; otherwise 404 naming the field. */
    Project visibleProject(Caller caller, String field, String projectId) {
        String id = Ids.require(field, projectId, "project.notFound");
        Project project = projects.findByIdAndTenantIdAndDeletedFalse(id, caller.tenantId())
                .orElseThrow(() -> MsapException.unknownField(field, "project.notFound"));
        if (!caller.mainAccount()
                && members.findByProjectIdAndUserId(id, caller.userId()).isEmpty()) {
            throw MsapException.unknownField(field, "project.notFound");
        }
        AuditTrail.inProject(id);
        return project;
    }

    private Set<ProjectRole> rolesOf(Caller caller, Project project) {
        return members.findByProjectIdAndUserId(project.getId(), caller.userId())
                .map(ProjectMember::roles)
                .orElseGet(() -> EnumSet.noneOf(ProjectRole.class));
    }
}
