package io.msap.project;

import static io.msap.project.ProjectRole.DEVELOPER;
import static io.msap.project.ProjectRole.OPERATOR;
import static io.msap.project.ProjectRole.PROJECT_ADMIN;
import static io.msap.project.ProjectRole.TESTER;
import static io.msap.project.ProjectRole.VIEWER;

import java.util.EnumSet;
import java.util.Set;

/**
 * What each project role may do: the one table of role permissions (documented in {@code docs/permissions.md}). The
 * tenant's main account may do everything in its tenant's projects and alone creates and deletes projects; later
 * capabilities add their operations here.
 */
public enum ProjectPermission {
    /** See the project and list it. */
    PROJECT_VIEW(PROJECT_ADMIN, DEVELOPER, TESTER, OPERATOR, VIEWER),
    /** Rename the project or change its description. */
    PROJECT_UPDATE(PROJECT_ADMIN),
    /** List the project's members and their roles. */
    MEMBER_VIEW(PROJECT_ADMIN, DEVELOPER, TESTER, OPERATOR, VIEWER),
    /** Add members, change their roles, remove them; list the sub-accounts that can be added. */
    MEMBER_MANAGE(PROJECT_ADMIN),
    /** Read the project's audit log. */
    AUDIT_VIEW(PROJECT_ADMIN),
    /** See environments, their types and imported cluster namespaces. */
    ENV_VIEW(PROJECT_ADMIN, DEVELOPER, TESTER, OPERATOR, VIEWER),
    /** Create, update and delete environments; import and remove cluster namespaces. */
    ENV_MANAGE(PROJECT_ADMIN, OPERATOR),
    /** Create and delete namespaces on the tenant's clusters (held in any project of the tenant). */
    NAMESPACE_MANAGE(PROJECT_ADMIN, OPERATOR),
    /** See ConfigMaps. */
    CONFIGMAP_VIEW(PROJECT_ADMIN, DEVELOPER, TESTER, OPERATOR, VIEWER),
    /** Create, update and delete ConfigMaps. */
    CONFIGMAP_MANAGE(PROJECT_ADMIN, OPERATOR);

    private final Set<ProjectRole> roles;

    ProjectPermission(ProjectRole first, ProjectRole... others) {
        this.roles = EnumSet.of(first, others);
    }

    public boolean grantedTo(ProjectRole role) {
        return roles.contains(role);
    }

    public Set<ProjectRole> roles() {
        return EnumSet.copyOf(roles);
    }

    /** The message key of the permission's name, e.g. "管理项目成员". */
    public String messageKey() {
        return "permission." + name();
    }
}
