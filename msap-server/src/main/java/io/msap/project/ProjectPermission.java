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
    PROJECT_VIEW(DataScope.NONE, PROJECT_ADMIN, DEVELOPER, TESTER, OPERATOR, VIEWER),
    /** Rename the project or change its description. */
    PROJECT_UPDATE(DataScope.NONE, PROJECT_ADMIN),
    /** List the project's members and their roles. */
    MEMBER_VIEW(DataScope.NONE, PROJECT_ADMIN, DEVELOPER, TESTER, OPERATOR, VIEWER),
    /** Add members, change their roles, remove them; list the sub-accounts that can be added. */
    MEMBER_MANAGE(DataScope.NONE, PROJECT_ADMIN),
    /** Read the project's audit log. */
    AUDIT_VIEW(DataScope.NONE, PROJECT_ADMIN),
    /** See environments, their types and imported cluster namespaces. */
    ENV_VIEW(DataScope.NONE, PROJECT_ADMIN, DEVELOPER, TESTER, OPERATOR, VIEWER),
    /** Create environments. */
    ENV_CREATE(DataScope.NONE, PROJECT_ADMIN, OPERATOR),
    /** Update and delete one environment; import and remove its cluster namespace: needs its environment grant. */
    ENV_MANAGE(DataScope.ENV, PROJECT_ADMIN, OPERATOR),
    /** Deploy into one environment (with releases): needs its environment grant, and the app grant of the app. */
    ENV_DEPLOY(DataScope.ENV, PROJECT_ADMIN, DEVELOPER, TESTER, OPERATOR),
    /** Create and delete namespaces on the tenant's clusters (held in any project of the tenant). */
    NAMESPACE_MANAGE(DataScope.NONE, PROJECT_ADMIN, OPERATOR),
    /** See ConfigMaps. */
    CONFIGMAP_VIEW(DataScope.NONE, PROJECT_ADMIN, DEVELOPER, TESTER, OPERATOR, VIEWER),
    /** Create, update and delete the ConfigMaps of one environment: needs its environment grant. */
    CONFIGMAP_MANAGE(DataScope.ENV, PROJECT_ADMIN, OPERATOR),
    /** See the project's service connections (never their secrets). */
    CONNECTION_VIEW(DataScope.NONE, PROJECT_ADMIN, DEVELOPER, TESTER, OPERATOR, VIEWER),
    /** Create, update, verify and delete service connections. */
    CONNECTION_MANAGE(DataScope.NONE, PROJECT_ADMIN),
    /** See applications, app groups and the build and runtime catalogues. */
    APP_VIEW(DataScope.NONE, PROJECT_ADMIN, DEVELOPER, TESTER, OPERATOR, VIEWER),
    /** Create applications. */
    APP_CREATE(DataScope.NONE, PROJECT_ADMIN, DEVELOPER),
    /** Update, delete, regroup (and later deploy, scale, run pipelines of) one application: needs its app grant. */
    APP_OPERATE(DataScope.APP, PROJECT_ADMIN, DEVELOPER, TESTER, OPERATOR),
    /** Create, rename and delete app groups. */
    APP_GROUP_MANAGE(DataScope.NONE, PROJECT_ADMIN, DEVELOPER),
    /** Grant and remove members' operation rights on single applications and environments. */
    DATA_PERMISSION_MANAGE(DataScope.NONE, PROJECT_ADMIN),
    /** See packages and images (5.7) and download them; platform packages (official demos) need only a login. */
    ARTIFACT_VIEW(DataScope.NONE, PROJECT_ADMIN, DEVELOPER, TESTER, OPERATOR, VIEWER),
    /** Upload, record, mark official and delete the packages and images of one application: needs its app grant. */
    ARTIFACT_MANAGE(DataScope.APP, PROJECT_ADMIN, DEVELOPER, OPERATOR),
    /** See pipelines, their runs and stage logs (in USER_DEFINED mode: only listed members, admins and the creator). */
    PIPELINE_VIEW(DataScope.NONE, PROJECT_ADMIN, DEVELOPER, TESTER, OPERATOR, VIEWER),
    /** Run, stop and retry the pipelines of one application: needs its app grant (DEFAULT mode). */
    PIPELINE_RUN(DataScope.APP, PROJECT_ADMIN, DEVELOPER, TESTER, OPERATOR),
    /** Create, change and delete the pipelines of one application and their member permissions: needs its app grant. */
    PIPELINE_MANAGE(DataScope.APP, PROJECT_ADMIN, DEVELOPER);

    /**
     * Whether a permission is narrowed by data permissions (5.11): for roles other than project admin it holds on one
     * application or environment only with a grant on that object (or as its creator).
     */
    public enum DataScope {
        NONE,
        APP,
        ENV
    }

    private final DataScope scope;
    private final Set<ProjectRole> roles;

    ProjectPermission(DataScope scope, ProjectRole first, ProjectRole... others) {
        this.scope = scope;
        this.roles = EnumSet.of(first, others);
    }

    public DataScope scope() {
        return scope;
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
