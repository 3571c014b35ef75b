package io.msap.connection;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Locale;

/**
 * A service connection of a project: a server (code host or Docker registry) and the credentials to reach it, the
 * secret encrypted with the platform's secret cipher. Its name is unique in the project ignoring case (nameKey is the
 * lower-cased name). Deleting is a hard delete: history refers to connections by id only.
 */
@Entity
@Table(name = "service_connection")
class ServiceConnection {

    @Id
    private String id;

    @Column(nullable = false)
    private long tenantId;

    @Column(nullable = false)
    private String projectId;

    @Column(nullable = false)
    private String connectionName;

    @Column(nullable = false)
    private String nameKey;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ConnectionType connectionType;

    @Column(nullable = false)
    private String serverUrl;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private AuthType authType;

    private String userName;

    @Column(nullable = false)
    private String secretCipher;

    @Column(nullable = false)
    private String createStaff;

    @Column(nullable = false)
    private long createUserId;

    @Column(nullable = false)
    private Instant createTime;

    @Column(nullable = false)
    private Instant updateTime;

    @Version
    private long version;

    protected ServiceConnection() {}

    ServiceConnection(
            String id,
            long tenantId,
            String projectId,
            String connectionName,
            ConnectionType connectionType,
            String serverUrl,
            AuthType authType,
            String userName,
            String secretCipher,
            String createStaff,
            long createUserId,
            Instant now) {
        this.id = id;
        this.tenantId = tenantId;
        this.projectId = projectId;
        rename(connectionName);
        this.connectionType = connectionType;
        this.serverUrl = serverUrl;
        this.authType = authType;
        this.userName = userName;
        this.secretCipher = secretCipher;
        this.createStaff = createStaff;
        this.createUserId = createUserId;
        this.createTime = now;
        this.updateTime = now;
    }

    static String nameKey(String connectionName) {
        return connectionName.toLowerCase(Locale.ROOT);
    }

    void rename(String newName) {
        this.connectionName = newName;
        this.nameKey = nameKey(newName);
    }

    void moveTo(String newServerUrl) {
        this.serverUrl = newServerUrl;
    }

    /** New credentials: the auth type, the user name (null for a token without one) and the encrypted secret. */
    void authenticateWith(AuthType newAuthType, String newUserName, String newSecretCipher) {
        this.authType = newAuthType;
        this.userName = newUserName;
        if (newSecretCipher != null) {
            this.secretCipher = newSecretCipher;
        }
    }

    void touch(Instant now) {
        this.updateTime = now;
    }

    String getId() {
        return id;
    }

    long getTenantId() {
        return tenantId;
    }

    String getProjectId() {
        return projectId;
    }

    String getConnectionName() {
        return connectionName;
    }

    ConnectionType getConnectionType() {
        return connectionType;
    }

    String getServerUrl() {
        return serverUrl;
    }

    AuthType getAuthType() {
        return authType;
    }

    String getUserName() {
        return userName;
    }

    String getSecretCipher() {
        return secretCipher;
    }

    String getCreateStaff() {
        return createStaff;
    }

    long getCreateUserId() {
        return createUserId;
    }

    Instant getCreateTime() {
        return createTime;
    }

    Instant getUpdateTime() {
        return updateTime;
    }
}
