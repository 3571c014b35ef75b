package io.msap.app;

import io.msap.connection.ConnectionRef;
import io.msap.connection.ConnectionService;
import io.msap.connection.ConnectionUsageGuard;
import io.msap.project.ProjectAccess;
import io.msap.project.ProjectDeletionGuard;
import io.msap.project.ProjectPermission;
import io.msap.shared.AuditTrail;
import io.msap.shared.Caller;
import io.msap.shared.Ids;
import io.msap.shared.Messages;
import io.msap.shared.MsapException;
import io.msap.shared.PageInfo;
import io.msap.shared.PageQuery;
import io.msap.shared.Texts;
import io.msap.shared.Times;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applications of a project (manual 5.1): general applications tied to a code repository through a service
 * connection. Other modules find an application, and check the caller's right to operate it, here.
 */
@Service
public class AppService implements ProjectDeletionGuard, ConnectionUsageGuard {

    static final String OBJECT_APP = "APP";

    private final ApplicationRepository apps;
    private final AppGroupRepository groups;
    private final ProjectAccess projectAccess;
    private final ConnectionService connections;
    private final ObjectProvider<AppDeletionGuard> deletionGuards;

    AppService(
            ApplicationRepository apps,
            AppGroupRepository groups,
            ProjectAccess projectAccess,
            ConnectionService connections,
            ObjectProvider<AppDeletionGuard> deletionGuards) {
        this.apps = apps;
        this.groups = groups;
        this.projectAccess = projectAccess;
        this.connections = connections;
        this.deletionGuards = deletionGuards;
    }

    /** A row of getApplicationListPage and the answer of getApplication, with every documented field. */
    record AppRow(
            String appId,
            String projectId,
            String name,
            String appName,
            AppCategory category,
            AppType type,
            String origin,
            String codeReposAddress,
            String codeReposName,
            String codeReposOrganization,
            String connectionId,
            String description,
            String appGroupId,
            String appGroupName,
            String createStaff,
            Instant createTime,
            String statusCd,
            Instant statusTime) {}

    // ---- for other modules ----

    /**
     * The application {@code appId} (sent in {@code field}) if the caller may see its project, after checking that
     * the caller may use {@code permission} on it (for permissions narrowed by data permissions, the app grant).
     * 404 "应用不存在" when the caller may not see it.
     */
    @Transactional(readOnly = true)
    public AppView require(Caller caller, String field, String appId, ProjectPermission permission) {
        Application app = visible(caller, field, appId);
        AuditTrail.target(app.getProjectId(), OBJECT_APP, app.getId());
        projectAccess.require(caller, field, app.getProjectId(), permission, app.getId());
        return view(app);
    }

    /** A live application by id, whoever asks (for modules that already checked access to its project). */
    @Transactional(readOnly = true)
    public Optional<AppView> find(String appId) {
        return apps.findByIdAndDeletedFalse(appId).map(AppService::view);
    }

    /**
     * The live applications in app group {@code appGroupId} of project {@code projectId}, for other modules' filters by
     * group; 404 "应用分组不存在" naming {@code field} when the project has no such group.
     */
    @Transactional(readOnly = true)
    public List<String> appIdsInGroup(String projectId, String field, String appGroupId) {
        String groupId = Ids.require(field, appGroupId, "app.group.notFound");
        groups.findById(groupId)
                .filter(g -> g.getProjectId().equals(projectId))
                .orElseThrow(() -> MsapException.unknownField(field, "app.group.notFound"));
        return apps.findByAppGroupIdAndDeletedFalse(groupId).stream()
                .map(Application::getId)
                .toList();
    }

    /** Live applications by id, whoever asks (for lists of modules that already checked access); others left out. */
    @Transactional(readOnly = true)
    public Map<String, AppView> findAll(java.util.Collection<String> appIds) {
        if (appIds.isEmpty()) {
            return Map.of();
        }
        return apps.findByIdInAndDeletedFalse(appIds).stream()
                .map(AppService::view)
                .collect(Collectors.toMap(AppView::appId, v -> v));
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<MessageSourceResolvable> remainingIn(String projectId) {
        long count = apps.countByProjectIdAndDeletedFalse(projectId);
        return count == 0
                ? Optional.empty()
                : Optional.of(new DefaultMessageSourceResolvable(new String[] {"app.count"}, new Object[] {count}));
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<String> usersOf(String connectionId) {
        List<String> names = apps.findByConnectionIdAndDeletedFalse(connectionId).stream()
                .map(Application::getName)
                .sorted()
                .toList();
        return names.isEmpty() ? Optional.empty() : Optional.of(Messages.joinList(names));
    }

    /** 409 "应用名称 … 已存在" when the project has a live application of that name (ignoring case). */
    @Transactional(readOnly = true)
    public void requireFreeName(String projectId, String name) {
        String appName = name.trim();
        if (apps.existsByProjectIdAndNameKeyAndDeletedFalse(projectId, Application.key(appName))) {
            throw MsapException.conflict("app.name.exists", appName);
        }
    }

    /**
     * Creates a microservice application (5.1.6) whose first deploy the caller starts in the same transaction. Checks
     * what the app module owns: the caller may create apps in the project, and the name is free.
     */
    @Transactional
    public AppView createMicroservice(
            Caller caller, String projectId, String name, String origin, AppType type, String description) {
        return createMicroservice(caller, projectId, name, origin, type, description, null, null);
    }

    /**
     * Creates a microservice application (5.1.6) with the repository its deploys from source build
     * ({@code codeReposAddress} through the service connection {@code connectionId}, whose type must be the origin);
     * both null for an application deployed from packages or images.
     */
    @Transactional
    public AppView createMicroservice(
            Caller caller,
            String projectId,
            String name,
            String origin,
            AppType type,
            String description,
            String codeReposAddress,
            String connectionId) {
        String project = projectAccess
                .require(caller, projectId, ProjectPermission.APP_CREATE)
                .projectId();
        String appName = name.trim();
        requireFreeName(project, appName);
        Application.Repository repository = null;
        String connectionRef = null;
        if (Texts.trimToNull(codeReposAddress) != null) {
            repository = repository(codeReposAddress.trim());
            ConnectionRef connection = connections.require(caller, "connectionId", project, connectionId);
            CodeOrigin codeOrigin;
            try {
                codeOrigin = CodeOrigin.valueOf(origin);
            } catch (IllegalArgumentException e) {
                throw MsapException.badField(
                        "origin",
                        "app.origin.mismatch",
                        origin,
                        connection.connectionType().name());
            }
            requireMatchingOrigin(codeOrigin, connection);
            connections.requireRepository(connection, "codeReposAddress", repository.address());
            connectionRef = connection.connectionId();
        }
        Application app = apps.saveAndFlush(new Application(
                Ids.newId(),
                caller.tenantId(),
                project,
                appName,
                AppCategory.MICRO_SERVICE,
                type,
                origin,
                repository,
                connectionRef,
                Texts.trimToNull(description),
                caller.userName(),
                caller.userId(),
                Times.now()));
        AuditTrail.target(project, OBJECT_APP, app.getId());
        return view(app);
    }

    // ---- endpoints ----

    @Transactional
    String create(Caller caller, AppRequests.CreateApplicationRequest request) {
        String name = request.name().trim();
        Application.Repository repository = repository(request.codeReposAddress());
        String projectId = projectAccess
                .require(caller, request.projectId(), ProjectPermission.APP_CREATE)
                .projectId();
        ConnectionRef connection = connections.require(caller, "connectionId", projectId, request.connectionId());
        requireMatchingOrigin(request.origin(), connection);
        connections.requireRepository(connection, "codeReposAddress", repository.address());
        if (apps.existsByProjectIdAndNameKeyAndDeletedFalse(projectId, Application.key(name))) {
            throw MsapException.conflict("app.name.exists", name);
        }
        Application app = apps.saveAndFlush(new Application(
                Ids.newId(),
                caller.tenantId(),
                projectId,
                name,
                AppCategory.GENERAL_APP,
                AppType.EXTERNAL_CODE,
                request.origin().name(),
                repository,
                connection.connectionId(),
                Texts.trimToNull(request.description()),
                caller.userName(),
                caller.userId(),
                Times.now()));
        AuditTrail.target(projectId, OBJECT_APP, app.getId());
        return app.getId();
    }

    /** Changes the description or the connection (which must serve the app's repository and match its origin). */
    @Transactional
    void update(Caller caller, AppRequests.UpdateApplicationRequest request) {
        Application app = operated(caller, request.appId());
        String connectionId = null;
        if (request.connectionId() != null && !request.connectionId().isBlank()) {
            ConnectionRef connection =
                    connections.require(caller, "connectionId", app.getProjectId(), request.connectionId());
            requireMatchingOrigin(CodeOrigin.valueOf(app.getOrigin()), connection);
            connections.requireRepository(connection, "connectionId", app.getCodeReposAddress());
            connectionId = connection.connectionId();
        }
        String description =
                request.description() == null ? null : request.description().trim();
        app.update(connectionId, description, Times.now());
    }

    /**
     * Deletes an application that no module still needs (refused while it is deployed in any environment, naming
     * where); what belongs only to it goes with it.
     */
    @Transactional
    void delete(Caller caller, String appId) {
        Application app = operated(caller, appId);
        List<AppDeletionGuard> guards = deletionGuards.orderedStream().toList();
        List<String> blockers = guards.stream()
                .map(g -> g.blockers(app.getId()))
                .flatMap(Optional::stream)
                .toList();
        if (!blockers.isEmpty()) {
            throw MsapException.conflict("app.inUse", app.getName(), Messages.joinList(blockers));
        }
        guards.forEach(g -> g.onDeleted(app.getId()));
        app.delete(Times.now());
    }

    /** Puts an application into a group of its project. */
    @Transactional
    void setGroup(Caller caller, AppRequests.SetGroupRequest request) {
        Application app = operated(caller, request.appId());
        String groupId = Ids.require("appGroupId", request.appGroupId(), "app.group.notFound");
        AppGroup group = groups.findByIdAndTenantId(groupId, caller.tenantId())
                .filter(g -> g.getProjectId().equals(app.getProjectId()))
                .orElseThrow(() -> MsapException.unknownField("appGroupId", "app.group.notFound"));
        app.setGroup(group.getId(), Times.now());
    }

    @Transactional(readOnly = true)
    PageInfo<AppRow> list(Caller caller, String projectId, String appGroupId, String name, PageQuery page) {
        String id = projectAccess
                .require(caller, projectId, ProjectPermission.APP_VIEW)
                .projectId();
        String groupId = null;
        if (Texts.trimToNull(appGroupId) != null) {
            groupId = Ids.require("appGroupId", appGroupId, "app.group.notFound");
            String checked = groupId;
            groups.findByIdAndTenantId(checked, caller.tenantId())
                    .filter(g -> g.getProjectId().equals(id))
                    .orElseThrow(() -> MsapException.unknownField("appGroupId", "app.group.notFound"));
        }
        String filter = Texts.trimToNull(name);
        Map<String, String> groupNames = groups.findByProjectIdOrderByCreateTimeDescIdDesc(id).stream()
                .collect(Collectors.toMap(AppGroup::getId, AppGroup::getName));
        return PageInfo.of(
                page,
                apps.search(id, groupId, filter == null ? null : Texts.likePattern(filter), page.newestFirst()),
                a -> row(a, groupNames));
    }

    @Transactional(readOnly = true)
    AppRow get(Caller caller, String appId) {
        AppView view = require(caller, "appId", appId, ProjectPermission.APP_VIEW);
        Application app = apps.findById(view.appId()).orElseThrow();
        Map<String, String> groupNames = app.getAppGroupId() == null
                ? Map.of()
                : groups.findById(app.getAppGroupId()).stream()
                        .collect(Collectors.toMap(AppGroup::getId, AppGroup::getName));
        return row(app, groupNames);
    }

    // ---- helpers ----

    /** A live application of a project the caller can see; 404 "应用不存在" naming the field otherwise. */
    private Application visible(Caller caller, String field, String appId) {
        String id = Ids.require(field, appId, "app.notFound");
        Application app = apps.findByIdAndTenantIdAndDeletedFalse(id, caller.tenantId())
                .orElseThrow(() -> MsapException.unknownField(field, "app.notFound"));
        try {
            projectAccess.require(caller, field, app.getProjectId(), ProjectPermission.PROJECT_VIEW);
        } catch (MsapException e) {
            throw MsapException.unknownField(field, "app.notFound");
        }
        return app;
    }

    /** An application the caller may operate (APP_OPERATE, with its app grant for members other than admins). */
    private Application operated(Caller caller, String appId) {
        Application app = visible(caller, "appId", appId);
        AuditTrail.target(app.getProjectId(), OBJECT_APP, app.getId());
        projectAccess.require(caller, "appId", app.getProjectId(), ProjectPermission.APP_OPERATE, app.getId());
        return app;
    }

    private static void requireMatchingOrigin(CodeOrigin origin, ConnectionRef connection) {
        if (!origin.name().equals(connection.connectionType().name())) {
            throw MsapException.badField(
                    "origin",
                    "app.origin.mismatch",
                    origin.name(),
                    connection.connectionType().name());
        }
    }

    /**
     * The repository address with the organization and name derived from its path: {@code https://host/org/repo.git}
     * gives organization {@code org} and name {@code repo} (GitLab subgroups stay in the organization).
     */
    static Application.Repository repository(String address) {
        String trimmed = address.trim();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw MsapException.badField("codeReposAddress", "app.repository.invalid");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!List.of("http", "https", "file").contains(scheme) || uri.getPath() == null) {
            throw MsapException.badField("codeReposAddress", "app.repository.invalid");
        }
        List<String> segments = Arrays.stream(uri.getPath().split("/"))
                .filter(s -> !s.isBlank())
                .toList();
        if (segments.isEmpty() || (!"file".equals(scheme) && uri.getHost() == null)) {
            throw MsapException.badField("codeReposAddress", "app.repository.invalid");
        }
        String name = segments.get(segments.size() - 1);
        if (name.endsWith(".git")) {
            name = name.substring(0, name.length() - 4);
        }
        String organization = segments.size() > 1 ? String.join("/", segments.subList(0, segments.size() - 1)) : null;
        return new Application.Repository(trimmed, organization, name);
    }

    private static AppView view(Application a) {
        return new AppView(
                a.getId(),
                a.getTenantId(),
                a.getProjectId(),
                a.getName(),
                a.getCategory(),
                a.getType(),
                a.getOrigin(),
                a.getCodeReposAddress(),
                a.getConnectionId(),
                a.getAppGroupId(),
                a.getCreateUserId(),
                a.getCreateTime());
    }

    private static AppRow row(Application a, Map<String, String> groupNames) {
        return new AppRow(
                a.getId(),
                a.getProjectId(),
                a.getName(),
                a.getName(),
                a.getCategory(),
                a.getType(),
                a.getOrigin(),
                a.getCodeReposAddress(),
                a.getCodeReposName(),
                a.getCodeReposOrganization(),
                a.getConnectionId(),
                a.getDescription(),
                a.getAppGroupId(),
                a.getAppGroupId() == null ? null : groupNames.get(a.getAppGroupId()),
                a.getCreateStaff(),
                a.getCreateTime(),
                a.getStatusCd(),
                a.getStatusTime());
    }
}
