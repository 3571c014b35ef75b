package io.msap.app;

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
 * An application of a project: a general application tied to a code repository through a service connection, or (with
 * releases) a microservice application. Its name becomes a Kubernetes name later, so it is unique in the project
 * ignoring case. Deleting is soft: statusCd turns SOX, the name becomes free.
 */
@Entity
@Table(name = "application")
class Application {

    /** statusCd of a live application. */
    static final String VALID = "SOA";

    /** statusCd of a deleted application. */
    static final String INVALID = "SOX";

    @Id
    private String id;

    @Column(nullable = false)
    private long tenantId;

    @Column(nullable = false)
    private String projectId;

    @Column(name = "app_name", nullable = false)
    private String name;

    @Column(nullable = false)
    private String nameKey;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private AppCategory category;

    @Enumerated(EnumType.STRING)
    @Column(name = "app_type", nullable = false)
    private AppType type;

    @Column(nullable = false)
    private String origin;

    private String codeReposAddress;
    private String codeReposName;
    private String codeReposOrganization;
    private String connectionId;
    private String description;
    private String appGroupId;
    private String createStaff;

    @Column(nullable = false)
    private long createUserId;

    @Column(nullable = false)
    private Instant createTime;

    @Column(nullable = false)
    private Instant updateTime;

    @Column(nullable = false)
    private String statusCd;

    @Column(nullable = false)
    private Instant statusTime;

    @Column(nullable = false)
    private boolean deleted;

    private Instant deleteTime;

    @Column(nullable = false)
    private String deletedToken = "";

    @Version
    private long version;

    protected Application() {}

    Application(
            String id,
            long tenantId,
            String projectId,
            String name,
            AppCategory category,
            AppType type,
            String origin,
            Repository repository,
            String connectionId,
            String description,
            String createStaff,
            long createUserId,
            Instant now) {
        this.id = id;
        this.tenantId = tenantId;
        this.projectId = projectId;
        this.name = name;
        this.nameKey = key(name);
        this.category = category;
        this.type = type;
        this.origin = origin;
        this.connectionId = connectionId;
        this.description = description;
        this.createStaff = createStaff;
        this.createUserId = createUserId;
        this.createTime = now;
        this.updateTime = now;
        this.statusCd = VALID;
        this.statusTime = now;
        setRepository(repository);
    }

    /** A code repository address with the organization and name derived from it. */
    record Repository(String address, String organization, String name) {}

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    void update(String newConnectionId, String newDescription, Instant now) {
        if (newConnectionId != null) {
            this.connectionId = newConnectionId;
        }
        if (newDescription != null) {
            this.description = newDescription;
        }
        this.updateTime = now;
    }

    void setGroup(String groupId, Instant now) {
        this.appGroupId = groupId;
        this.updateTime = now;
    }

    void delete(Instant now) {
        this.deleted = true;
        this.deleteTime = now;
        this.deletedToken = id;
        this.statusCd = INVALID;
        this.statusTime = now;
    }

    private void setRepository(Repository repository) {
        if (repository != null) {
            this.codeReposAddress = repository.address();
            this.codeReposOrganization = repository.organization();
            this.codeReposName = repository.name();
        }
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

    String getName() {
        return name;
    }

    AppCategory getCategory() {
        return category;
    }

    AppType getType() {
        return type;
    }

    String getOrigin() {
        return origin;
    }

    String getCodeReposAddress() {
        return codeReposAddress;
    }

    String getCodeReposName() {
        return codeReposName;
    }

    String getCodeReposOrganization() {
        return codeReposOrganization;
    }

    String getConnectionId() {
        return connectionId;
    }

    String getDescription() {
        return description;
    }

    String getAppGroupId() {
        return appGroupId;
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

    String getStatusCd() {
        return statusCd;
    }

    Instant getStatusTime() {
        return statusTime;
    }
}
