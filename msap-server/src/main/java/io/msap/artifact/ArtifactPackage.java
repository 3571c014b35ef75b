package io.msap.artifact;

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
 * A generic package: a file in the blob store (by its sha256) with a name and version unique in its application
 * (ignoring case), or, for platform packages (the official demos), unique per demo code. Deleted softly: the row stays
 * for history, its name and version become free, and its blob is purged after the retention period.
 */
@Entity
@Table(name = "artifact_package")
class ArtifactPackage {

    /** The uniqueness scope of platform packages: one per official demo code. */
    static final String DEMO_SCOPE_PREFIX = "official-demo:";

    @Id
    private String id;

    private Long tenantId;
    private String projectId;
    private String appId;

    @Column(nullable = false)
    private boolean platform;

    @Column(nullable = false)
    private String scopeKey;

    @Column(nullable = false)
    private String packageName;

    @Column(nullable = false)
    private String nameKey;

    @Column(nullable = false)
    private String packageVer;

    @Column(nullable = false)
    private String verKey;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private PackageType packageType;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private PackageSource packageSource;

    private String officialDemoCode;

    @Column(nullable = false)
    private String fileName;

    @Column(nullable = false)
    private long packageSize;

    @Column(nullable = false)
    private String sha256;

    private String branchName;

    @Column(name = "is_official", nullable = false)
    private boolean official;

    private String createStaff;
    private Long createUserId;

    @Column(nullable = false)
    private Instant createTime;

    private String updateStaff;

    @Column(nullable = false)
    private Instant updateTime;

    @Column(nullable = false)
    private boolean deleted;

    private Instant deleteTime;

    @Column(nullable = false)
    private String deletedToken = "";

    @Column(nullable = false)
    private boolean blobPurged;

    @Version
    private long version;

    protected ArtifactPackage() {}

    /** Who owns a package: an app of a project of a tenant, or nobody (a platform package of an official demo). */
    record Owner(Long tenantId, String projectId, String appId, String officialDemoCode) {

        static Owner app(long tenantId, String projectId, String appId) {
            return new Owner(tenantId, projectId, appId, null);
        }

        static Owner officialDemo(String code) {
            return new Owner(null, null, null, code);
        }

        boolean platform() {
            return appId == null;
        }

        String scopeKey() {
            return platform() ? DEMO_SCOPE_PREFIX + officialDemoCode : appId;
        }
    }

    /** The file: its name for downloads, size and digest. */
    record Content(String fileName, long size, String sha256) {}

    ArtifactPackage(
            String id,
            Owner owner,
            String packageName,
            String packageVer,
            PackageType packageType,
            PackageSource packageSource,
            Content content,
            String branchName,
            boolean official,
            String staff,
            Long userId,
            Instant now) {
        this.id = id;
        this.tenantId = owner.tenantId();
        this.projectId = owner.projectId();
        this.appId = owner.appId();
        this.platform = owner.platform();
        this.scopeKey = owner.scopeKey();
        this.officialDemoCode = owner.officialDemoCode();
        this.packageName = packageName;
        this.nameKey = key(packageName);
        this.packageVer = packageVer;
        this.verKey = key(packageVer);
        this.packageType = packageType;
        this.packageSource = packageSource;
        this.fileName = content.fileName();
        this.packageSize = content.size();
        this.sha256 = content.sha256();
        this.branchName = branchName;
        this.official = official;
        this.createStaff = staff;
        this.createUserId = userId;
        this.createTime = now;
        this.updateStaff = staff;
        this.updateTime = now;
    }

    static String key(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    void markOfficial(boolean official, String staff, Instant now) {
        this.official = official;
        this.updateStaff = staff;
        this.updateTime = now;
    }

    /** Deletes softly: the name and version are free again, the blob waits for the retention job. */
    void delete(String staff, Instant now) {
        this.deleted = true;
        this.deleteTime = now;
        this.deletedToken = id;
        this.updateStaff = staff;
        this.updateTime = now;
    }

    void blobPurged() {
        this.blobPurged = true;
    }

    PackageView view() {
        return new PackageView(
                id,
                tenantId,
                projectId,
                appId,
                packageName,
                packageVer,
                packageType,
                packageSource,
                officialDemoCode,
                fileName,
                packageSize,
                sha256,
                official,
                platform);
    }

    String getId() {
        return id;
    }

    Long getTenantId() {
        return tenantId;
    }

    String getProjectId() {
        return projectId;
    }

    String getAppId() {
        return appId;
    }

    boolean isPlatform() {
        return platform;
    }

    String getPackageName() {
        return packageName;
    }

    String getPackageVer() {
        return packageVer;
    }

    PackageType getPackageType() {
        return packageType;
    }

    PackageSource getPackageSource() {
        return packageSource;
    }

    String getOfficialDemoCode() {
        return officialDemoCode;
    }

    String getFileName() {
        return fileName;
    }

    long getPackageSize() {
        return packageSize;
    }

    String getSha256() {
        return sha256;
    }

    String getBranchName() {
        return branchName;
    }

    boolean isOfficial() {
        return official;
    }

    String getCreateStaff() {
        return createStaff;
    }

    Instant getCreateTime() {
        return createTime;
    }

    String getUpdateStaff() {
        return updateStaff;
    }

    Instant getUpdateTime() {
        return updateTime;
    }

    boolean isDeleted() {
        return deleted;
    }
}
