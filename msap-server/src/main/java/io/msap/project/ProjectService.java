package io.msap.project;

import io.msap.shared.AuditTrail;
import io.msap.shared.Caller;
import io.msap.shared.Ids;
import io.msap.shared.Messages;
import io.msap.shared.MsapException;
import io.msap.shared.PageInfo;
import io.msap.shared.PageQuery;
import io.msap.shared.Texts;
import io.msap.shared.Times;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Projects of a tenant (manual 5.8): the main account creates and deletes them, project admins update them. */
@Service
public class ProjectService {

    static final String OBJECT_PROJECT = "PROJECT";

    private final ProjectRepository projects;
    private final ProjectMemberRepository members;
    private final ProjectAccess access;
    /** Resolved when used: the guards (in higher modules) may depend on this module. */
    private final ObjectProvider<ProjectDeletionGuard> deletionGuards;

    private final Messages messages;

    ProjectService(
            ProjectRepository projects,
            ProjectMemberRepository members,
            ProjectAccess access,
            ObjectProvider<ProjectDeletionGuard> deletionGuards,
            Messages messages) {
        this.messages = messages;
        this.projects = projects;
        this.members = members;
        this.access = access;
        this.deletionGuards = deletionGuards;
    }

    /** A row of listProjectsPage, with the manual's fields. */
    record ProjectView(
            String projectId,
            String projectCode,
            String projectName,
            String description,
            long tenantId,
            Instant createTime) {

        static ProjectView of(Project p) {
            return new ProjectView(
                    p.getId(),
                    p.getProjectCode(),
                    p.getProjectName(),
                    p.getDescription(),
                    p.getTenantId(),
                    p.getCreateTime());
        }
    }

    @Transactional
    String create(Caller caller, ProjectRequests.CreateProjectRequest request) {
        String name = projectName(request.projectName());
        if (!caller.mainAccount()) {
            throw MsapException.forbidden("error.forbidden.permission", Messages.ref("permission.PROJECT_CREATE"));
        }
        String code = request.projectCode().trim();
        if (projects.existsByTenantIdAndProjectCodeAndDeletedFalse(caller.tenantId(), code)) {
            throw MsapException.conflict("project.code.exists", code);
        }
        Project project = new Project(
                Ids.newId(), caller.tenantId(), code, name, Texts.trimToNull(request.description()), Times.now());
        projects.saveAndFlush(project);
        AuditTrail.target(project.getId(), OBJECT_PROJECT, project.getId());
        return project.getId();
    }

    @Transactional
    void update(Caller caller, ProjectRequests.UpdateProjectRequest request) {
        String name = request.projectName() == null ? null : projectName(request.projectName());
        String projectId = access.require(caller, request.projectId(), ProjectPermission.PROJECT_UPDATE)
                .projectId();
        AuditTrail.target(projectId, OBJECT_PROJECT, projectId);
        String description =
                request.description() == null ? null : request.description().trim();
        projects.findById(projectId).orElseThrow().update(name, description, Times.now());
    }

    /**
     * Deletes a project that holds nothing else (main account only). Refused with 409 naming what remains while any
     * module still keeps objects in it; its memberships go with it.
     */
    @Transactional
    void delete(Caller caller, String projectIdParam) {
        Project project = access.visibleProject(caller, "projectId", projectIdParam);
        AuditTrail.target(project.getId(), OBJECT_PROJECT, project.getId());
        if (!caller.mainAccount()) {
            throw MsapException.forbidden("error.forbidden.permission", Messages.ref("permission.PROJECT_DELETE"));
        }
        List<MessageSourceResolvable> remaining = deletionGuards
                .orderedStream()
                .map(guard -> guard.remainingIn(project.getId()))
                .flatMap(Optional::stream)
                .toList();
        if (!remaining.isEmpty()) {
            throw MsapException.conflict(
                    "project.notEmpty",
                    Messages.joinList(remaining.stream().map(messages::get).toList()));
        }
        members.deleteByProjectId(project.getId());
        project.delete(Times.now());
    }

    @Transactional(readOnly = true)
    PageInfo<ProjectView> list(Caller caller, String projectName, PageQuery page) {
        String filter = Texts.trimToNull(projectName);
        return PageInfo.of(
                page,
                projects.search(
                        caller.tenantId(),
                        filter == null ? null : Texts.likePattern(filter),
                        caller.mainAccount() ? null : caller.userId(),
                        page.newestFirst()),
                ProjectView::of);
    }

    /** A trimmed project name within the manual's 3-30 characters. */
    private static String projectName(String name) {
        String trimmed = name.trim();
        if (trimmed.length() < 3 || trimmed.length() > 30) {
            throw MsapException.badField("projectName", "project.name.length");
        }
        return trimmed;
    }
}
