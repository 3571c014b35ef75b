package io.msap.pipeline;

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

    PipelineAccess(
            PipelineRepository pipelines, PipelinePermissionRepository permissions, ProjectAccess projectAccess) {
        this.pipelines = pipelines;
        this.permissions = permissions;
        this.projectAccess = projectAccess;
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
        if (caller.mainAccount()) {
            return;
        }
        String projectId = pipeline.getProjectId();
        if (pipeline.getPermMode() == PermMode.DEFAULT) {
            switch (needed) {
                case VIEW -> projectAccess.require(caller, field, projectId, ProjectPermission.PIPELINE_VIEW);
                case RUN ->
                    projectAccess.require(
                            caller, field, projectId, ProjectPermission.PIPELINE_RUN, pipeline.getAppId());
                case MANAGE ->
                    projectAccess.require(
                            caller, field, projectId, ProjectPermission.PIPELINE_MANAGE, pipeline.getAppId());
            }
            return;
        }
        if (isAdmin(caller, projectId)) {
            return;
        }
        // the member's roles still cap what a listed permission type allows
        projectAccess.require(caller, field, projectId, rolePermission(needed));
        PermType held = listed(caller.userId(), pipeline);
        if (!PermType.includes(held, needed)) {
            throw MsapException.forbidden(
                    "pipeline.forbidden.userDefined",
                    pipeline.getName(),
                    Messages.ref("pipeline.permType." + needed.name()));
        }
    }

    /** The most the caller may do with the pipeline (null: nothing), for lists and their enable* flags. */
    @Transactional(readOnly = true)
    PermType right(Caller caller, Pipeline pipeline) {
        for (PermType type : new PermType[] {PermType.MANAGE, PermType.RUN, PermType.VIEW}) {
            try {
                require(caller, "pipelineOrderId", pipeline, type);
                return type;
            } catch (MsapException e) {
                if (e.failure() != Failure.FORBIDDEN) {
                    throw e;
                }
            }
        }
        return null;
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

    private boolean isAdmin(Caller caller, String projectId) {
        return projectAccess.members(projectId).stream()
                .anyMatch(m -> m.userId() == caller.userId() && m.roles().contains(ProjectRole.PROJECT_ADMIN));
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
