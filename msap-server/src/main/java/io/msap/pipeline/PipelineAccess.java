package io.msap.pipeline;

import io.msap.project.DataGrants;
import io.msap.project.ProjectAccess;
import io.msap.project.ProjectPermission;
import io.msap.project.ProjectRole;
import io.msap.shared.AuditTrail;
import io.msap.shared.Caller;
import io.msap.shared.Failure;
import io.msap.shared.Ids;
import io.msap.shared.Messages;
import io.msap.shared.MsapException;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who may do what with a pipeline (manual 5.12), on top of the one authorization policy ({@link ProjectAccess}). A
 * pipeline of another tenant or of a project the caller is not a member of does not exist (404). In DEFAULT mode the
 * project roles decide: {@code PIPELINE_VIEW} to view, {@code PIPELINE_RUN} to run and {@code PIPELINE_MANAGE} to
 * manage, the last two narrowed by the app's data permission. In USER_DEFINED mode project admins and the pipeline's
 * creator manage it, listed members hold their permission type in place of the app grant, and nobody else may even see
 * it; a member's roles still cap what the type allows (a viewer never changes anything).
 */
@Component
class PipelineAccess {

    static final String OBJECT_PIPELINE = "PIPELINE";

    private final PipelineRepository pipelines;
    private final PipelinePermissionRepository permissions;
    private final ProjectAccess projectAccess;
    private final ObjectProvider<DataGrants> dataGrants;

    PipelineAccess(
            PipelineRepository pipelines,
            PipelinePermissionRepository permissions,
            ProjectAccess projectAccess,
            ObjectProvider<DataGrants> dataGrants) {
        this.pipelines = pipelines;
        this.permissions = permissions;
        this.projectAccess = projectAccess;
        this.dataGrants = dataGrants;
    }

    /**
     * The live pipeline {@code id} (sent in {@code field}) of the caller's tenant, in a project the caller can see;
     * otherwise 404 naming the field with {@code notFoundKey}.
     */
    @Transactional(readOnly = true)
    Pipeline visible(Caller caller, String field, String id, String notFoundKey) {
        String pipelineId = Ids.require(field, id, notFoundKey);
        Pipeline pipeline = pipelines
                .findByIdAndTenantIdAndDeletedFalse(pipelineId, caller.tenantId())
                .orElseThrow(() -> MsapException.unknownField(field, notFoundKey));
        try {
            projectAccess.require(caller, field, pipeline.getProjectId(), ProjectPermission.PROJECT_VIEW);
        } catch (MsapException e) {
            if (e.failure() == Failure.NOT_FOUND) {
                throw MsapException.unknownField(field, notFoundKey);
            }
            throw e;
        }
        AuditTrail.target(pipeline.getProjectId(), OBJECT_PIPELINE, pipeline.getId());
        return pipeline;
    }

    /** Requires {@code needed} on the pipeline: 403 naming what is missing otherwise. */
    @Transactional(readOnly = true)
    void require(Caller caller, String field, Pipeline pipeline, PermType needed) {
        if (PermType.includes(right(caller, pipeline), needed)) {
            return;
        }
        String projectId = pipeline.getProjectId();
        // the policy's own refusal names what is missing: the role's permission, or the app's data permission
        if (pipeline.getPermMode() == PermMode.DEFAULT) {
            projectAccess.require(caller, field, projectId, rolePermission(needed), pipeline.getAppId());
        } else {
            projectAccess.require(caller, field, projectId, rolePermission(needed));
        }
        throw MsapException.forbidden(
                "pipeline.forbidden.userDefined",
                pipeline.getName(),
                Messages.ref("pipeline.permType." + needed.name()));
    }

    /**
     * The most the caller may do with the pipeline (null: nothing), asked without failing, for lists and their
     * enable* flags: in DEFAULT mode what the roles give (RUN and MANAGE only with the app's grant), in USER_DEFINED
     * mode MANAGE for admins and the creator, otherwise the listed type capped by the roles.
     */
    @Transactional(readOnly = true)
    PermType right(Caller caller, Pipeline pipeline) {
        if (caller.mainAccount()) {
            return PermType.MANAGE;
        }
        Set<ProjectRole> roles = projectAccess.members(pipeline.getProjectId()).stream()
                .filter(m -> m.userId() == caller.userId())
                .findFirst()
                .map(ProjectAccess.MemberRoles::roles)
                .orElse(Set.of());
        if (roles.contains(ProjectRole.PROJECT_ADMIN)) {
            return PermType.MANAGE;
        }
        PermType byRoles = null;
        for (PermType type : PermType.values()) {
            if (roles.stream().anyMatch(rolePermission(type)::grantedTo)) {
                byRoles = type;
            }
        }
        if (byRoles == null) {
            return null;
        }
        if (pipeline.getPermMode() == PermMode.DEFAULT) {
            if (byRoles != PermType.VIEW && !appGrant(caller.userId(), pipeline.getAppId())) {
                return PermType.VIEW;
            }
            return byRoles;
        }
        return PermType.min(byRoles, listed(caller.userId(), pipeline));
    }

    private boolean appGrant(long userId, String appId) {
        return dataGrants
                .orderedStream()
                .anyMatch(grants -> grants.holds(ProjectPermission.DataScope.APP, appId, userId));
    }

    /** The permission type a member holds in USER_DEFINED mode without a listing (admins and the creator): MANAGE. */
    boolean alwaysManages(long userId, Set<ProjectRole> roles, Pipeline pipeline) {
        return roles.contains(ProjectRole.PROJECT_ADMIN) || userId == pipeline.getCreateUserId();
    }

    private PermType listed(long userId, Pipeline pipeline) {
        if (userId == pipeline.getCreateUserId()) {
            return PermType.MANAGE;
        }
        Optional<PipelinePermission> permission = permissions.findByPipelineIdAndUserId(pipeline.getId(), userId);
        return permission.map(PipelinePermission::getPermType).orElse(null);
    }

    /** The role permission that caps a permission type. */
    static ProjectPermission rolePermission(PermType type) {
        return switch (type) {
            case VIEW -> ProjectPermission.PIPELINE_VIEW;
            case RUN -> ProjectPermission.PIPELINE_RUN;
            case MANAGE -> ProjectPermission.PIPELINE_MANAGE;
        };
    }
}
