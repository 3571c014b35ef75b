package io.msap.app;

import io.msap.project.ProjectAccess;
import io.msap.project.ProjectPermission;
import io.msap.shared.AuditTrail;
import io.msap.shared.Caller;
import io.msap.shared.Ids;
import io.msap.shared.MsapException;
import io.msap.shared.Times;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** App groups of a project (manual 5.2): names of at most 10 characters, unique in the project ignoring case. */
@Service
class AppGroupService {

    static final String OBJECT_GROUP = "APP_GROUP";

    private final AppGroupRepository groups;
    private final ApplicationRepository apps;
    private final ProjectAccess projectAccess;

    AppGroupService(AppGroupRepository groups, ApplicationRepository apps, ProjectAccess projectAccess) {
        this.groups = groups;
        this.apps = apps;
        this.projectAccess = projectAccess;
    }

    /** A row of listApplicationGroups; the manual names the group id appId, so both are given. */
    record GroupView(String appGroupId, String appId, String name, String projectId, Instant createTime) {}

    @Transactional
    String create(Caller caller, AppRequests.CreateGroupRequest request) {
        String projectId = projectAccess
                .require(caller, request.projectId(), ProjectPermission.APP_GROUP_MANAGE)
                .projectId();
        String name = name(request.name());
        if (groups.existsByProjectIdAndNameKey(projectId, AppGroup.key(name))) {
            throw MsapException.conflict("app.group.exists", name);
        }
        AppGroup group =
                groups.saveAndFlush(new AppGroup(Ids.newId(), caller.tenantId(), projectId, name, Times.now()));
        AuditTrail.target(projectId, OBJECT_GROUP, group.getId());
        return group.getId();
    }

    @Transactional
    void rename(Caller caller, AppRequests.UpdateGroupRequest request) {
        AppGroup group = managed(caller, request.appGroupId());
        String name = name(request.name());
        if (!AppGroup.key(name).equals(AppGroup.key(group.getName()))
                && groups.existsByProjectIdAndNameKey(group.getProjectId(), AppGroup.key(name))) {
            throw MsapException.conflict("app.group.exists", name);
        }
        group.rename(name);
    }

    /**
     * Deletes a group; its applications stay, ungrouped. Deleted applications are ungrouped too: they keep referring to
     * the group (a foreign key) and would otherwise make the delete fail.
     */
    @Transactional
    void delete(Caller caller, String appGroupId) {
        AppGroup group = managed(caller, appGroupId);
        Instant now = Times.now();
        apps.findByAppGroupId(group.getId()).forEach(app -> app.setGroup(null, now));
        apps.flush();
        groups.delete(group);
    }

    @Transactional(readOnly = true)
    List<GroupView> list(Caller caller, String projectId) {
        String id = projectAccess
                .require(caller, projectId, ProjectPermission.APP_VIEW)
                .projectId();
        return groups.findByProjectIdOrderByCreateTimeDescIdDesc(id).stream()
                .map(g -> new GroupView(g.getId(), g.getId(), g.getName(), g.getProjectId(), g.getCreateTime()))
                .toList();
    }

    private AppGroup managed(Caller caller, String appGroupId) {
        String id = Ids.require("appGroupId", appGroupId, "app.group.notFound");
        AppGroup group = groups.findByIdAndTenantId(id, caller.tenantId())
                .orElseThrow(() -> MsapException.unknownField("appGroupId", "app.group.notFound"));
        try {
            projectAccess.require(caller, "appGroupId", group.getProjectId(), ProjectPermission.PROJECT_VIEW);
        } catch (MsapException e) {
            throw MsapException.unknownField("appGroupId", "app.group.notFound");
        }
        AuditTrail.target(group.getProjectId(), OBJECT_GROUP, group.getId());
        projectAccess.require(caller, "appGroupId", group.getProjectId(), ProjectPermission.APP_GROUP_MANAGE);
        return group;
    }

    private static String name(String requested) {
        String name = requested.trim();
        if (name.isEmpty()) {
            throw MsapException.badField("name", "error.field.required");
        }
        return name;
    }
}
