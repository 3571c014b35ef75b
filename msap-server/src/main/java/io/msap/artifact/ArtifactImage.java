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
 * A container image of an application: built here from a package (with the Dockerfile that would build the same, and
 * the OCI tarball in the blob store unless it was pushed to a registry), or built elsewhere and recorded by its
 * address. Name and version are unique in the application ignoring case. Deleted softly, like packages.
 */
@Entity
@Table(name = "artifact_image")
class ArtifactImage {

    @Id
    private String id;

    @Column(nullable = false)
    private long tenantId;

    @Column(nullable = false)
    private String projectId;

    @Column(nullable = false)
    private String appId;

    @Column(nullable = false)
    private String imageName;

    @Column(nullable = false)
    private String nameKey;

    @Column(nullable = false)
    private String imageVer;

    @Column(nullable = false)
    private String verKey;

    @Column(nullable = false)
    private String imageUrl;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ImageSource imageSource;

    private String packageId;
    private String packageName;
    private String packageVer;
    private String branchName;
    private String baseImage;

    @Column(nullable = false)
    private boolean onScratch;

    private String dockerfileContent;
    private String imageDigest;
    private String tarballSha256;
    private Long tarballSize;

    @Column(nullable = false)
    private boolean pushed;

    @Column(name = "is_official", nullable = false)
    private boolean official;

    private String createStaff;

    @Column(nullable = false)
    private long createUserId;

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

    protected ArtifactImage() {}

    /** The application an image belongs to. */
    record Owner(long tenantId, String projectId, String appId) {}

    /** How a built image was made; all null for images built elsewhere. */
    record Build(
            String packageId,
            String packageName,
            String packageVer,
            String branchName,
            String baseImage,
            boolean onScratch,
            String dockerfileContent,
            String imageDigest,
            String tarballSha256,
            Long tarballSize,
            boolean pushed) {

        static final Build NONE = new Build(null, null, null, null, null, false, null, null, null, null, false);
    }

    ArtifactImage(
            String id,
            Owner owner,
            String imageName,
            String imageVer,
            String imageUrl,
            ImageSource imageSource,
            Build build,
            String staff,
            long userId,
            Instant now) {
        this.id = id;
        this.tenantId = owner.tenantId();
        this.projectId = owner.projectId();
        this.appId = owner.appId();
        this.imageName = imageName;
        this.nameKey = key(imageName);
        this.imageVer = imageVer;
        this.verKey = key(imageVer);
        this.imageUrl = imageUrl;
        this.imageSource = imageSource;
        this.packageId = build.packageId();
        this.packageName = build.packageName();
        this.packageVer = build.packageVer();
        this.branchName = build.branchName();
        this.baseImage = build.baseImage();
        this.onScratch = build.onScratch();
        this.dockerfileContent = build.dockerfileContent();
        this.imageDigest = build.imageDigest();
        this.tarballSha256 = build.tarballSha256();
        this.tarballSize = build.tarballSize();
        this.pushed = build.pushed();
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

    ImageView view() {
        return new ImageView(
                id,
                tenantId,
                projectId,
                appId,
                imageName,
                imageVer,
                imageUrl,
                imageSource,
                packageId,
                baseImage,
                onScratch,
                imageDigest,
                tarballSha256,
                pushed,
                official);
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

    String getAppId() {
        return appId;
    }

    String getImageName() {
        return imageName;
    }

    String getImageVer() {
        return imageVer;
    }

    String getImageUrl() {
        return imageUrl;
    }

    ImageSource getImageSource() {
        return imageSource;
    }

    String getPackageId() {
        return packageId;
    }

    String getPackageName() {
        return packageName;
    }

    String getPackageVer() {
        return packageVer;
    }

    String getBranchName() {
        return branchName;
    }

    String getBaseImage() {
        return baseImage;
    }

    boolean isOnScratch() {
        return onScratch;
    }

    String getDockerfileContent() {
        return dockerfileContent;
    }

    String getImageDigest() {
        return imageDigest;
    }

    String getTarballSha256() {
        return tarballSha256;
    }

    Long getTarballSize() {
        return tarballSize;
    }

    boolean isPushed() {
        return pushed;
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
