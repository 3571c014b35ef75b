package io.msap.connection;

import io.msap.project.ProjectAccess;
import io.msap.project.ProjectDeletionGuard;
import io.msap.project.ProjectPermission;
import io.msap.scm.GitAccessException;
import io.msap.scm.GitRepositories;
import io.msap.scm.RemoteRefs;
import io.msap.shared.AuditTrail;
import io.msap.shared.Caller;
import io.msap.shared.Failure;
import io.msap.shared.Ids;
import io.msap.shared.Messages;
import io.msap.shared.MsapException;
import io.msap.shared.SecretCipher;
import io.msap.shared.Texts;
import io.msap.shared.Times;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Service connections of projects: created, changed, verified and deleted by project admins, listed by every member,
 * their secrets encrypted with {@link SecretCipher} and never answered, logged or audited. Other modules find a
 * project's connection with {@link #require} and its credentials with {@link #credentials}.
 */
@Service
public class ConnectionService implements ProjectDeletionGuard {

    static final String OBJECT_CONNECTION = "SERVICE_CONNECTION";

    private final ServiceConnectionRepository connections;
    private final ProjectAccess projectAccess;
    private final GitRepositories git;
    private final SecretCipher cipher;
    private final ObjectProvider<ConnectionUsageGuard> usageGuards;
    private final Messages messages;

    ConnectionService(
            ServiceConnectionRepository connections,
            ProjectAccess projectAccess,
            GitRepositories git,
            SecretCipher cipher,
            ObjectProvider<ConnectionUsageGuard> usageGuards,
            Messages messages) {
        this.connections = connections;
        this.projectAccess = projectAccess;
        this.git = git;
        this.cipher = cipher;
        this.usageGuards = usageGuards;
        this.messages = messages;
    }

    /** A row of listServiceConnection: the manual's fields plus serverUrl, authType and userName (never a secret). */
    record ConnectionView(
            String connectionId,
            String connectionName,
            ConnectionType connectionType,
            String connectionTypeName,
            String createStaff,
            Instant createTime,
            String serverUrl,
            AuthType authType,
            String userName) {}

    /** What verifyServiceConnection found: the repository's branches and tags. */
    record VerifyView(
            boolean reachable, List<String> branches, List<String> tags, String defaultBranch, String message) {}

    // ---- for other modules ----

    /**
     * The connection {@code connectionId} (sent in {@code field}) of project {@code projectId}, if the caller may see
     * that project's connections; 404 "服务连接不存在" naming the field for an unknown id or one of another project or
     * tenant.
     */
    @Transactional(readOnly = true)
    public ConnectionRef require(Caller caller, String field, String projectId, String connectionId) {
        ServiceConnection connection = visible(caller, field, connectionId);
        String project = projectId == null ? "" : projectId.trim().toLowerCase(Locale.ROOT);
        if (!connection.getProjectId().equals(project)) {
            throw MsapException.unknownField(field, "connection.notFound");
        }
        return ref(connection);
    }

    /**
     * Checks that the code repository {@code repoUrl} (sent in {@code field}) can be reached through {@code connection}:
     * the connection reaches a git server, the address is one its type allows ({@code file://} only for GIT, under the
     * allowed roots) and it is on the connection's own server, so the connection's secret is only ever sent there.
     * 400 naming the field otherwise; nothing is contacted. Answers the address as given, trimmed.
     */
    @Transactional(readOnly = true)
    public String requireRepository(ConnectionRef ref, String field, String repoUrl) {
        ServiceConnection connection = connections.findById(ref.connectionId()).orElseThrow();
        if (!connection.getConnectionType().codeHost()) {
            throw MsapException.badField("connectionId", "connection.verify.notGit");
        }
        String url = repoUrl.trim();
        try {
            git.checkUrl(url, connection.getConnectionType().protocols());
        } catch (GitAccessException e) {
            throw failure(field, e);
        }
        if (!sameServer(connection, url)) {
            throw MsapException.badField(field, "connection.repoUrl.otherServer", connection.getServerUrl());
        }
        return url;
    }

    /** A connection by id, whoever asks (for a module that already checked the caller, e.g. a pipeline run). */
    @Transactional(readOnly = true)
    public Optional<ConnectionRef> find(String connectionId) {
        return connections.findById(connectionId).map(ConnectionService::ref);
    }

    /**
     * The decrypted credentials of a connection, for a module that has already checked the caller (a pipeline run
     * cloning its application's repository). Empty when the connection no longer exists.
     */
    @Transactional(readOnly = true)
    public Optional<ConnectionCredentials> credentials(String connectionId) {
        return connections
                .findById(connectionId)
                .map(c -> new ConnectionCredentials(
                        c.getAuthType(), c.getUserName(), cipher.decrypt(c.getSecretCipher())));
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<MessageSourceResolvable> remainingIn(String projectId) {
        long count = connections.countByProjectId(projectId);
        return count == 0
                ? Optional.empty()
                : Optional.of(
                        new DefaultMessageSourceResolvable(new String[] {"connection.count"}, new Object[] {count}));
    }

    // ---- endpoints ----

    @Transactional
    String create(Caller caller, ConnectionRequests.CreateConnectionRequest request) {
        ConnectionType type = request.connectionType();
        checkServerUrl(type, request.serverUrl());
        Secret secret = secretFor(request.authType(), request.token(), request.userName(), request.password());
        String projectId = projectAccess
                .require(caller, request.projectId(), ProjectPermission.CONNECTION_MANAGE)
                .projectId();
        String name = request.connectionName().trim();
        refuseDuplicate(projectId, name, null);
        ServiceConnection connection = connections.saveAndFlush(new ServiceConnection(
                Ids.newId(),
                caller.tenantId(),
                projectId,
                name,
                type,
                request.serverUrl().trim(),
                request.authType(),
                secret.userName(),
                cipher.encrypt(secret.value()),
                caller.userName(),
                caller.userId(),
                Times.now()));
        AuditTrail.target(projectId, OBJECT_CONNECTION, connection.getId());
        return connection.getId();
    }

    /**
     * Changes what is given. Changing the auth type needs the new credentials; moving the connection to another server
     * (scheme, host or port) needs the secret again, so a stored secret is never sent to a server it was not entered
     * for. The connection type cannot change (applications were checked against it).
     */
    @Transactional
    void update(Caller caller, ConnectionRequests.UpdateConnectionRequest request) {
        ServiceConnection connection = managed(caller, request.connectionId());
        String name = request.connectionName() == null
                ? null
                : request.connectionName().trim();
        if (name != null && name.isEmpty()) {
            throw MsapException.badField("connectionName", "error.field.required");
        }
        String serverUrl = Texts.trimToNull(request.serverUrl());
        if (request.serverUrl() != null && serverUrl == null) {
            throw MsapException.badField("serverUrl", "error.field.required");
        }
        AuthType authType = request.authType() == null ? connection.getAuthType() : request.authType();
        boolean authChanged = authType != connection.getAuthType();
        boolean secretGiven = authType == AuthType.TOKEN ? request.token() != null : request.password() != null;
        Secret secret = null;
        if (authChanged || secretGiven) {
            String userName = request.userName() != null || authChanged ? request.userName() : connection.getUserName();
            secret = secretFor(authType, request.token(), userName, request.password());
        } else {
            refuseForeignSecret(authType, request.token(), request.password());
        }
        if (serverUrl != null) {
            checkServerUrl(connection.getConnectionType(), serverUrl);
            if (!sameServer(connection, serverUrl) && secret == null) {
                throw MsapException.badField(
                        authType == AuthType.TOKEN ? "token" : "password", "connection.secret.newServer");
            }
        }
        if (name != null) {
            refuseDuplicate(connection.getProjectId(), name, connection.getId());
            connection.rename(name);
        }
        if (serverUrl != null) {
            connection.moveTo(serverUrl);
        }
        if (secret != null) {
            connection.authenticateWith(authType, secret.userName(), cipher.encrypt(secret.value()));
        } else if (request.userName() != null) {
            String userName = Texts.trimToNull(request.userName());
            if (userName == null && authType == AuthType.USERNAME_PASSWORD) {
                throw MsapException.badField("userName", "error.field.required");
            }
            connection.authenticateWith(authType, userName, null);
        }
        connection.touch(Times.now());
        connections.flush();
    }

    /** Deletes a connection nothing uses any more (409 naming the users otherwise). */
    @Transactional
    void delete(Caller caller, String connectionId) {
        ServiceConnection connection = managed(caller, connectionId);
        List<String> users = usageGuards
                .orderedStream()
                .map(guard -> guard.usersOf(connection.getId()))
                .flatMap(Optional::stream)
                .toList();
        if (!users.isEmpty()) {
            throw MsapException.conflict("connection.inUse", connection.getConnectionName(), Messages.joinList(users));
        }
        connections.delete(connection);
        connections.flush();
    }

    /**
     * Checks the connection for real: a git ls-remote of {@code repoUrl} (the server URL when absent, for a connection
     * to one repository) with the stored credentials. The repository must be on the connection's server. No database
     * transaction is held during the remote call.
     */
    VerifyView verify(Caller caller, ConnectionRequests.VerifyConnectionRequest request) {
        ServiceConnection connection = managed(caller, request.connectionId());
        if (!connection.getConnectionType().codeHost()) {
            throw MsapException.badField("connectionId", "connection.verify.notGit");
        }
        GitRepositories.Protocols protocols = connection.getConnectionType().protocols();
        String given = Texts.trimToNull(request.repoUrl());
        String repoUrl = given == null ? connection.getServerUrl() : given;
        String field = given == null ? "serverUrl" : "repoUrl";
        checkServerUrl(connection.getConnectionType(), connection.getServerUrl());
        try {
            git.checkUrl(repoUrl, protocols);
        } catch (GitAccessException e) {
            throw failure(field, e);
        }
        if (!sameServer(connection, repoUrl)) {
            throw MsapException.badField(field, "connection.repoUrl.otherServer", connection.getServerUrl());
        }
        ConnectionCredentials credentials = new ConnectionCredentials(
                connection.getAuthType(), connection.getUserName(), cipher.decrypt(connection.getSecretCipher()));
        RemoteRefs refs;
        try {
            refs = git.lsRemote(repoUrl, credentials.git(), protocols);
        } catch (GitAccessException e) {
            throw failure(field, e);
        }
        return new VerifyView(
                true,
                refs.branches(),
                refs.tags(),
                refs.defaultBranch(),
                messages.get(
                        "connection.verify.ok",
                        refs.branches().size(),
                        refs.tags().size()));
    }

    @Transactional(readOnly = true)
    List<ConnectionView> list(Caller caller, String projectId, ConnectionType type, String connectionName) {
        String project = projectAccess
                .require(caller, projectId, ProjectPermission.CONNECTION_VIEW)
                .projectId();
        String filter = Texts.trimToNull(connectionName);
        return connections.search(project, type, filter == null ? null : Texts.likePattern(filter)).stream()
                .map(c -> new ConnectionView(
                        c.getId(),
                        c.getConnectionName(),
                        c.getConnectionType(),
                        messages.get(c.getConnectionType().messageKey()),
                        c.getCreateStaff(),
                        c.getCreateTime(),
                        c.getServerUrl(),
                        c.getAuthType(),
                        c.getUserName()))
                .toList();
    }

    // ---- helpers ----

    /** A secret as a request gave it: the user name that goes with it (may be null for a token) and its value. */
    private record Secret(String userName, String value) {
        @Override
        public String toString() {
            return "Secret[userName=" + userName + ", value=****]";
        }
    }

    /** The credentials a request must give for {@code authType}: a token, or a user name and a password. */
    private static Secret secretFor(AuthType authType, String token, String userName, String password) {
        refuseForeignSecret(authType, token, password);
        String user = Texts.trimToNull(userName);
        if (authType == AuthType.TOKEN) {
            String value = Texts.trimToNull(token);
            if (value == null) {
                throw MsapException.badField("token", "connection.token.required");
            }
            return new Secret(user, value);
        }
        if (user == null) {
            throw MsapException.badField("userName", "connection.userName.required");
        }
        if (password == null || password.isBlank()) {
            throw MsapException.badField("password", "connection.password.required");
        }
        return new Secret(user, password);
    }

    /** A token sent with USERNAME_PASSWORD, or a password with TOKEN, is a mistake rather than something to drop. */
    private static void refuseForeignSecret(AuthType authType, String token, String password) {
        if (authType == AuthType.TOKEN && password != null) {
            throw MsapException.badField("password", "connection.password.notForToken");
        }
        if (authType == AuthType.USERNAME_PASSWORD && token != null) {
            throw MsapException.badField("token", "connection.token.notForPassword");
        }
    }

    private void checkServerUrl(ConnectionType type, String serverUrl) {
        try {
            git.checkUrl(serverUrl, type.protocols());
        } catch (GitAccessException e) {
            throw failure("serverUrl", e);
        }
    }

    /** Whether {@code url} is on the connection's server; false also when its stored address is no longer allowed. */
    private boolean sameServer(ServiceConnection connection, String url) {
        try {
            return git.sameServer(
                    connection.getServerUrl(),
                    url,
                    connection.getConnectionType().protocols());
        } catch (GitAccessException e) {
            return false;
        }
    }

    private void refuseDuplicate(String projectId, String name, String exceptId) {
        connections
                .findByProjectIdAndNameKey(projectId, ServiceConnection.nameKey(name))
                .filter(existing -> !existing.getId().equals(exceptId))
                .ifPresent(existing -> {
                    throw MsapException.conflict("connection.name.exists", name);
                });
    }

    /** A connection of a project the caller can see; 404 "服务连接不存在" naming the field otherwise. */
    private ServiceConnection visible(Caller caller, String field, String connectionId) {
        String id = Ids.require(field, connectionId, "connection.notFound");
        ServiceConnection connection = connections
                .findByIdAndTenantId(id, caller.tenantId())
                .orElseThrow(() -> MsapException.unknownField(field, "connection.notFound"));
        try {
            projectAccess.require(caller, field, connection.getProjectId(), ProjectPermission.PROJECT_VIEW);
        } catch (MsapException e) {
            throw MsapException.unknownField(field, "connection.notFound");
        }
        return connection;
    }

    /** A connection the caller may manage (CONNECTION_MANAGE in its project: 403 otherwise). */
    private ServiceConnection managed(Caller caller, String connectionId) {
        ServiceConnection connection = visible(caller, "connectionId", connectionId);
        AuditTrail.target(connection.getProjectId(), OBJECT_CONNECTION, connection.getId());
        projectAccess.require(caller, "connectionId", connection.getProjectId(), ProjectPermission.CONNECTION_MANAGE);
        return connection;
    }

    /**
     * A git failure as the caller sees it (docs/adr/0005): the caller's input — an address not allowed, credentials
     * refused, no such repository — is 400; a server that cannot be reached, times out or answers wrongly is 503.
     */
    private static MsapException failure(String field, GitAccessException e) {
        return switch (e.reason()) {
            case PROTOCOL_NOT_ALLOWED, REPOSITORY_NOT_FOUND, REF_NOT_FOUND ->
                MsapException.badField(field, e.messageKey(), e.args());
            case AUTHENTICATION_FAILED -> MsapException.badRequest(e.messageKey(), e.args());
            case HOST_UNREACHABLE, TIMED_OUT, TLS_FAILED, FAILED ->
                new MsapException(Failure.UNAVAILABLE, e.messageKey(), e.args());
        };
    }

    private static ConnectionRef ref(ServiceConnection c) {
        return new ConnectionRef(c.getId(), c.getProjectId(), c.getConnectionType(), c.getServerUrl());
    }
}
