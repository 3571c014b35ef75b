package io.msap.artifact;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import io.msap.app.AppDeletionGuard;
import io.msap.app.AppService;
import io.msap.app.AppView;
import io.msap.project.ProjectAccess;
import io.msap.project.ProjectPermission;
import io.msap.shared.AuditTrail;
import io.msap.shared.Caller;
import io.msap.shared.Failure;
import io.msap.shared.Ids;
import io.msap.shared.Messages;
import io.msap.shared.MsapException;
import io.msap.shared.PageInfo;
import io.msap.shared.PageQuery;
import io.msap.shared.Texts;
import io.msap.shared.Times;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Container images of applications (manual 5.7.2, 5.7.4, and createImage, deleteImage, markOfficial, downloadImage
 * beyond it): images built here by {@link ImageBuilder}, and images built elsewhere recorded by their address. Every
 * project member reads them; recording, marking and deleting one needs {@code ARTIFACT_MANAGE} on its application.
 * Releases find an image to deploy through {@link #require}.
 */
@Service
public class ImageService implements AppDeletionGuard, BlobReferences {

    static final String OBJECT_IMAGE = "IMAGE";
    static final String NOT_FOUND = "artifact.image.notFound";

    /** An image repository path as registries accept it: lower-case components separated by '/'. */
    static final String NAME_PATTERN =
            "^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$";

    /** An image tag. */
    static final String TAG_PATTERN = "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$";

    private static final Logger log = LoggerFactory.getLogger(ImageService.class);

    private final ArtifactImageRepository images;
    private final BlobStore blobs;
    private final AppService apps;
    private final ProjectAccess projectAccess;
    private final ObjectProvider<ImageUsageGuard> usageGuards;
    private final TransactionTemplate transaction;
    private final ArtifactSettings settings;
    private final Clock clock;

    ImageService(
            ArtifactImageRepository images,
            BlobStore blobs,
            AppService apps,
            ProjectAccess projectAccess,
            ObjectProvider<ImageUsageGuard> usageGuards,
            TransactionTemplate transaction,
            ArtifactSettings settings,
            Clock clock) {
        this.images = images;
        this.blobs = blobs;
        this.apps = apps;
        this.projectAccess = projectAccess;
        this.usageGuards = usageGuards;
        this.transaction = transaction;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The answer of getImage (5.7.2): every documented field, plus the app, how it was built and whether its tarball
     * can be downloaded. {@code dockerfileContent} is null for images built elsewhere.
     */
    record ImageDetail(
            String appId,
            String baseImage,
            String branchName,
            String createStaff,
            Instant createTime,
            String dockerfileContent,
            boolean downloadable,
            String imageDigest,
            String imageId,
            String imageName,
            String imageSource,
            String imageUrl,
            String imageVer,
            boolean isOfficial,
            String packageId,
            String packageName,
            String packageVer,
            String projectId,
            String updateStaff,
            Instant updateTime) {}

    /** A row of listImagesPage (5.7.4): every documented field, plus the app and the package's id and version. */
    record ImageRow(
            String appId,
            String branchName,
            String createStaff,
            Instant createTime,
            String imageId,
            String imageName,
            String imageSource,
            String imageUrl,
            String imageVer,
            boolean isOfficial,
            String packageId,
            String packageName,
            String packageVer) {}

    // ---- for other modules ----

    /** A live image by id, whoever asks (for modules that already checked access). */
    @Transactional(readOnly = true)
    public Optional<ImageView> find(String imageId) {
        return images.findByIdAndDeletedFalse(imageId).map(ArtifactImage::view);
    }

    /**
     * The image {@code imageId} (sent in {@code field}) of project {@code projectId} the caller can see; 404
     * "镜像不存在" naming the field otherwise.
     */
    @Transactional(readOnly = true)
    public ImageView require(Caller caller, String field, String imageId, String projectId) {
        ArtifactImage image = visible(caller, field, imageId);
        if (!image.getProjectId().equals(projectId)) {
            throw MsapException.unknownField(field, NOT_FOUND);
        }
        return image.view();
    }

    @Override
    public Optional<String> blockers(String appId) {
        return Optional.empty();
    }

    @Override
    @Transactional
    public void onDeleted(String appId) {
        Instant now = Times.now();
        images.findByAppIdAndDeletedFalse(appId).forEach(i -> i.delete(null, now));
    }

    @Override
    @Transactional(readOnly = true)
    public boolean references(String sha256) {
        return images.blobNeeded(sha256, clock.instant().minus(settings.blobRetention()));
    }

    // ---- endpoints ----

    /** createImage: records an image built elsewhere; returns its imageId. */
    String create(Caller caller, ArtifactRequests.CreateImageRequest request) {
        String imageUrl = checkedReference("imageUrl", request.imageUrl());
        String projectId = projectAccess
                .require(caller, request.projectId(), ProjectPermission.ARTIFACT_VIEW)
                .projectId();
        AppView app = apps.require(caller, "appId", request.app(), ProjectPermission.APP_VIEW);
        if (!app.projectId().equals(projectId)) {
            throw MsapException.unknownField("appId", "app.notFound");
        }
        projectAccess.require(caller, "appId", projectId, ProjectPermission.ARTIFACT_MANAGE, app.appId());
        ArtifactImage.Build build = new ArtifactImage.Build(
                null, null, null, Texts.trimToNull(request.branchName()), null, false, null, null, null, null, false);
        ImageView image = record(
                new ArtifactImage.Owner(caller.tenantId(), projectId, app.appId()),
                app.name(),
                request.imageName(),
                request.imageVer(),
                imageUrl,
                ImageSource.EXTERNAL,
                build,
                caller.userName(),
                caller.userId());
        AuditTrail.target(projectId, OBJECT_IMAGE, image.imageId());
        return image.imageId();
    }

    /** getImage (5.7.2). */
    @Transactional(readOnly = true)
    ImageDetail get(Caller caller, String imageId) {
        ArtifactImage i = visible(caller, "imageId", imageId);
        return new ImageDetail(
                i.getAppId(),
                i.getBaseImage(),
                i.getBranchName(),
                i.getCreateStaff(),
                i.getCreateTime(),
                i.getDockerfileContent(),
                i.getTarballSha256() != null,
                i.getImageDigest(),
                i.getId(),
                i.getImageName(),
                i.getImageSource().name(),
                i.getImageUrl(),
                i.getImageVer(),
                i.isOfficial(),
                i.getPackageId(),
                i.getPackageName(),
                i.getPackageVer(),
                i.getProjectId(),
                i.getUpdateStaff(),
                i.getUpdateTime());
    }

    /** listImagesPage (5.7.4): the project's images, newest first, filtered by app, group and name. */
    @Transactional(readOnly = true)
    PageInfo<ImageRow> list(
            Caller caller, String projectId, String appGroupId, String appId, String imageName, PageQuery page) {
        String project = projectAccess
                .require(caller, projectId, ProjectPermission.ARTIFACT_VIEW)
                .projectId();
        AppFilter filter = AppFilter.of(apps, caller, project, appGroupId, appId);
        String name = Texts.trimToNull(imageName);
        return PageInfo.of(
                page,
                images.search(
                        project,
                        filter.active(),
                        filter.ids(),
                        name == null ? null : Texts.likePattern(name),
                        page.newestFirst()),
                ImageService::row);
    }

    /** deleteImage: soft delete, refused (409) while a guard reports a user. */
    @Transactional
    void delete(Caller caller, String imageId) {
        ArtifactImage image = writable(caller, "imageId", imageId);
        List<String> users = usageGuards
                .orderedStream()
                .map(g -> g.usersOf(image.getId()))
                .flatMap(Optional::stream)
                .toList();
        if (!users.isEmpty()) {
            throw MsapException.conflict("artifact.image.inUse", image.getImageUrl(), Messages.joinList(users));
        }
        image.delete(caller.userName(), Times.now());
    }

    /** markOfficial for an image: marks it a release build (or not). */
    @Transactional
    void markOfficial(Caller caller, String imageId, boolean official) {
        ArtifactImage image = writable(caller, "imageId", imageId);
        image.markOfficial(official, caller.userName(), Times.now());
    }

    /** downloadImage: the OCI image tarball of an image kept in the blob store (409 for pushed or external ones). */
    Download downloadTarball(Caller caller, String imageId) {
        ArtifactImage image = transaction.execute(status -> visible(caller, "imageId", imageId));
        if (image.getTarballSha256() == null) {
            throw MsapException.conflict("artifact.image.noTarball", image.getImageUrl());
        }
        String fileName = image.getImageName().replace('/', '_') + "-" + image.getImageVer() + ".tar";
        try {
            InputStream content = blobs.open(image.getTarballSha256());
            return new Download(
                    fileName,
                    image.getTarballSize() == null ? blobs.size(image.getTarballSha256()) : image.getTarballSize(),
                    image.getTarballSha256(),
                    "application/x-tar",
                    content);
        } catch (NoSuchFileException e) {
            log.error("the tarball blob {} of image {} is missing", image.getTarballSha256(), image.getId());
            throw new MsapException(Failure.UNAVAILABLE, "artifact.blob.missing", image.getImageUrl());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tarball digest of an image the caller may download, for conditional requests. */
    @Transactional(readOnly = true)
    String tarballChecksum(Caller caller, String imageId) {
        return visible(caller, "imageId", imageId).getTarballSha256();
    }

    // ---- for ImageBuilder ----

    /**
     * The live version {@code imageVer} of image {@code imageName} of application {@code appId} (ignoring case),
     * whoever asks: how a build that recorded an image before its server died finds it again.
     */
    @Transactional(readOnly = true)
    public Optional<ImageView> findVersion(String appId, String imageName, String imageVer) {
        return images.findByAppIdAndNameKeyAndVerKeyAndDeletedFalse(
                        appId, ArtifactImage.key(imageName), ArtifactImage.key(imageVer))
                .map(ArtifactImage::view);
    }

    /** The live images built from package {@code packageId}, whoever asks. */
    @Transactional(readOnly = true)
    public List<ImageView> builtFrom(String packageId) {
        return images.findByPackageIdAndDeletedFalse(packageId).stream()
                .map(ArtifactImage::view)
                .toList();
    }

    /** 409 "应用 … 中已存在镜像 …:…" when the app has a live image of that name and version (ignoring case). */
    @Transactional(readOnly = true)
    void requireNewVersion(String appId, String appName, String imageName, String imageVer) {
        if (images.existsByAppIdAndNameKeyAndVerKeyAndDeletedFalse(
                appId, ArtifactImage.key(imageName), ArtifactImage.key(imageVer))) {
            throw MsapException.conflict("artifact.image.exists", appName, imageName, imageVer);
        }
    }

    /** Stores an image record (409 if the name and version were taken meanwhile). */
    ImageView record(
            ArtifactImage.Owner owner,
            String appName,
            String imageName,
            String imageVer,
            String imageUrl,
            ImageSource source,
            ArtifactImage.Build build,
            String staff,
            long userId) {
        requireNewVersion(owner.appId(), appName, imageName, imageVer);
        ArtifactImage image = new ArtifactImage(
                Ids.newId(), owner, imageName, imageVer, imageUrl, source, build, staff, userId, Times.now());
        try {
            transaction.executeWithoutResult(status -> images.saveAndFlush(image));
        } catch (DataIntegrityViolationException e) {
            throw MsapException.conflict("artifact.image.exists", appName, imageName, imageVer);
        }
        return image.view();
    }

    /** An image reference as a registry client reads it ({@code host/path:tag}); 400 naming the field otherwise. */
    static String checkedReference(String field, String value) {
        String reference = Texts.trimToNull(value);
        if (reference == null) {
            throw MsapException.badField(field, "error.field.required");
        }
        try {
            ImageReference.parse(reference);
        } catch (InvalidImageReferenceException e) {
            throw MsapException.badField(field, "artifact.image.url.invalid");
        }
        return reference;
    }

    // ---- access ----

    /** A live image of the caller's tenant in a project it is a member of; 404 "镜像不存在" naming the field otherwise. */
    private ArtifactImage visible(Caller caller, String field, String imageId) {
        String id = Ids.require(field, imageId, NOT_FOUND);
        ArtifactImage image = images.findByIdAndTenantIdAndDeletedFalse(id, caller.tenantId())
                .orElseThrow(() -> MsapException.unknownField(field, NOT_FOUND));
        try {
            projectAccess.require(caller, field, image.getProjectId(), ProjectPermission.ARTIFACT_VIEW);
        } catch (MsapException e) {
            if (e.failure() == Failure.NOT_FOUND) {
                throw MsapException.unknownField(field, NOT_FOUND);
            }
            throw e;
        }
        AuditTrail.target(image.getProjectId(), OBJECT_IMAGE, image.getId());
        return image;
    }

    private ArtifactImage writable(Caller caller, String field, String imageId) {
        ArtifactImage image = visible(caller, field, imageId);
        projectAccess.require(caller, field, image.getProjectId(), ProjectPermission.ARTIFACT_MANAGE, image.getAppId());
        return image;
    }

    private static ImageRow row(ArtifactImage i) {
        return new ImageRow(
                i.getAppId(),
                i.getBranchName(),
                i.getCreateStaff(),
                i.getCreateTime(),
                i.getId(),
                i.getImageName(),
                i.getImageSource().name(),
                i.getImageUrl(),
                i.getImageVer(),
                i.isOfficial(),
                i.getPackageId(),
                i.getPackageName(),
                i.getPackageVer());
    }
}
