package io.msap.artifact;

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
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.InputStreamSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Generic packages (manual 5.7.1, 5.7.3, 5.7.5 and uploadPackage, deletePackage beyond it): files of an application
 * kept in the blob store, and the platform's official demos, which every project sees read-only. Every project member
 * reads and downloads its project's packages; uploading, marking and deleting one needs {@code ARTIFACT_MANAGE} on its
 * application. Pipelines publish what they build through {@link #publish}; releases find what they deploy through
 * {@link #require}, {@link #officialDemo} and {@link #open}.
 */
@Service
public class PackageService implements AppDeletionGuard, BlobReferences {

    static final String OBJECT_PACKAGE = "PACKAGE";
    static final String NOT_FOUND = "artifact.package.notFound";

    /** Package names: a letter or digit, then letters, digits, '.', '_' or '-'. */
    static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

    /** Package versions: a letter or digit, then letters, digits, '.', '_', '+' or '-'. */
    static final Pattern VERSION = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$");

    private static final Logger log = LoggerFactory.getLogger(PackageService.class);

    private final ArtifactPackageRepository packages;
    private final BlobStore blobs;
    private final AppService apps;
    private final ProjectAccess projectAccess;
    private final ObjectProvider<PackageUsageGuard> usageGuards;
    private final TransactionTemplate transaction;
    private final ArtifactSettings settings;
    private final Clock clock;

    PackageService(
            ArtifactPackageRepository packages,
            BlobStore blobs,
            AppService apps,
            ProjectAccess projectAccess,
            ObjectProvider<PackageUsageGuard> usageGuards,
            TransactionTemplate transaction,
            ArtifactSettings settings,
            Clock clock) {
        this.packages = packages;
        this.blobs = blobs;
        this.apps = apps;
        this.projectAccess = projectAccess;
        this.usageGuards = usageGuards;
        this.transaction = transaction;
        this.settings = settings;
        this.clock = clock;
    }

    /** The answer of getPackage (5.7.3): every documented field, plus where the package belongs and its checksum. */
    record PackageDetail(
            String appId,
            String branchName,
            String createStaff,
            Instant createTime,
            String fileName,
            boolean isOfficial,
            String officialDemoCode,
            String packageId,
            String packageName,
            long packageSize,
            String packageSource,
            String packageType,
            String packageVer,
            String projectId,
            String sha256,
            String updateStaff,
            Instant updateTime) {}

    /** A row of listPackagesPage (5.7.5): every documented field, plus the app and the size. */
    record PackageRow(
            String appId,
            String branchName,
            String createStaff,
            Instant createTime,
            boolean isOfficial,
            String officialDemoCode,
            String packageId,
            String packageName,
            long packageSize,
            String packageSource,
            String packageType,
            String packageVer) {}

    /**
     * A package a pipeline built (PACKAGE_PUBLISH), published as CODE_GENERATE by the user who started the run.
     *
     * @param fileName the file name downloads get; null for {@code <name>-<ver>.<ext>}
     */
    public record Publication(
            long tenantId,
            String projectId,
            String appId,
            String packageName,
            String packageVer,
            PackageType packageType,
            String fileName,
            String branchName,
            boolean official,
            String staff,
            long userId) {}

    // ---- for other modules ----

    /** A live package by id, whoever asks (for modules that already checked access). */
    @Transactional(readOnly = true)
    public Optional<PackageView> find(String packageId) {
        return packages.findByIdAndDeletedFalse(packageId).map(ArtifactPackage::view);
    }

    /**
     * The package {@code packageId} (sent in {@code field}) as usable in project {@code projectId}: one of that
     * project's packages, or a platform package. 404 "程序包不存在" naming the field when the caller cannot see it
     * there.
     */
    @Transactional(readOnly = true)
    public PackageView require(Caller caller, String field, String packageId, String projectId) {
        ArtifactPackage found = visible(caller, field, packageId);
        if (!found.isPlatform() && !found.getProjectId().equals(projectId)) {
            throw MsapException.unknownField(field, NOT_FOUND);
        }
        return found.view();
    }

    /**
     * The live version {@code packageVer} of package {@code packageName} of application {@code appId} (names and
     * versions ignore case), whoever asks: how a pipeline that published a version before it died finds it again.
     */
    @Transactional(readOnly = true)
    public Optional<PackageView> findVersion(String appId, String packageName, String packageVer) {
        return packages.findByScopeKeyAndNameKeyAndVerKeyAndDeletedFalse(
                        appId, ArtifactPackage.key(packageName), ArtifactPackage.key(packageVer))
                .map(ArtifactPackage::view);
    }

    /** The newest live version of an official demo package (e.g. {@code hello-msap}), visible in every project. */
    @Transactional(readOnly = true)
    public Optional<PackageView> officialDemo(String code) {
        if (code == null) {
            return Optional.empty();
        }
        return packages
                .findByOfficialDemoCodeAndPlatformTrueAndDeletedFalseOrderByCreateTimeDescIdDesc(code.trim())
                .stream()
                .findFirst()
                .map(ArtifactPackage::view);
    }

    /**
     * Opens a package's file; the caller closes the stream. 503 "程序包文件不可用" when its blob is not in this
     * server's blob store.
     */
    public InputStream open(PackageView pkg) {
        try {
            return blobs.open(pkg.sha256());
        } catch (NoSuchFileException e) {
            log.error("the blob {} of package {} is missing from the blob store", pkg.sha256(), pkg.packageId());
            throw new MsapException(Failure.UNAVAILABLE, "artifact.blob.missing", pkg.packageName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Publishes a package a pipeline built (source CODE_GENERATE). Checks name and version (400), that the app lives
     * in the project (404 naming appId), that the version is new (409), and the content's format (400 naming file);
     * the caller has checked the starter's rights.
     */
    public PackageView publish(Publication publication, InputStreamSource content) {
        String name = checkedName("packageName", publication.packageName());
        String version = checkedVersion("packageVer", publication.packageVer());
        AppView app = apps.find(publication.appId())
                .filter(a -> a.projectId().equals(publication.projectId()))
                .orElseThrow(() -> MsapException.unknownField("appId", "app.notFound"));
        String fileName = publication.fileName() == null
                ? name + "-" + version + "." + publication.packageType().extension()
                : fileName(publication.fileName(), name, version, publication.packageType());
        return store(
                ArtifactPackage.Owner.app(publication.tenantId(), app.projectId(), app.appId()),
                app.name(),
                name,
                version,
                publication.packageType(),
                PackageSource.CODE_GENERATE,
                fileName,
                publication.branchName(),
                publication.official(),
                publication.staff(),
                publication.userId(),
                content);
    }

    @Override
    public Optional<String> blockers(String appId) {
        // packages never keep an application: they go with it
        return Optional.empty();
    }

    @Override
    @Transactional
    public void onDeleted(String appId) {
        Instant now = Times.now();
        packages.findByAppIdAndDeletedFalse(appId).forEach(p -> p.delete(null, now));
    }

    @Override
    @Transactional(readOnly = true)
    public boolean references(String sha256) {
        return packages.blobNeeded(sha256, clock.instant().minus(settings.blobRetention()));
    }

    // ---- endpoints ----

    /**
     * uploadPackage: stores the file as a new version of a package of the application. Field rules (400), the
     * project and app (404), the caller's right to manage the app's artifacts (403), a version that is new in the app
     * (409), then the file's size (413) and format (400); nothing is stored unless all pass.
     */
    String upload(Caller caller, ArtifactRequests.UploadPackageRequest request, PackageType type, UploadedFile file) {
        String name = request.packageName().trim();
        String version = request.packageVer().trim();
        String fileName = fileName(file.originalName(), name, version, type);
        String projectId = projectAccess
                .require(caller, request.projectId(), ProjectPermission.ARTIFACT_VIEW)
                .projectId();
        AppView app = apps.require(caller, "appId", request.app(), ProjectPermission.APP_VIEW);
        if (!app.projectId().equals(projectId)) {
            throw MsapException.unknownField("appId", "app.notFound");
        }
        projectAccess.require(caller, "appId", projectId, ProjectPermission.ARTIFACT_MANAGE, app.appId());
        requireNewVersion(app.appId(), app.name(), name, version);
        long limit = settings.maxPackageSize().toBytes();
        if (file.size() > limit) {
            throw new MsapException(Failure.PAYLOAD_TOO_LARGE, "artifact.package.tooLarge", readable(limit));
        }
        PackageView stored = store(
                ArtifactPackage.Owner.app(caller.tenantId(), projectId, app.appId()),
                app.name(),
                name,
                version,
                type,
                PackageSource.USER_UPLOAD,
                fileName,
                Texts.trimToNull(request.branchName()),
                request.official(),
                caller.userName(),
                caller.userId(),
                file.content());
        AuditTrail.target(projectId, OBJECT_PACKAGE, stored.packageId());
        return stored.packageId();
    }

    /** getPackage (5.7.3). */
    @Transactional(readOnly = true)
    PackageDetail get(Caller caller, String packageId) {
        ArtifactPackage p = visible(caller, "packageId", packageId);
        return new PackageDetail(
                p.getAppId(),
                p.getBranchName(),
                p.getCreateStaff(),
                p.getCreateTime(),
                p.getFileName(),
                p.isOfficial(),
                p.getOfficialDemoCode(),
                p.getId(),
                p.getPackageName(),
                p.getPackageSize(),
                p.getPackageSource().name(),
                p.getPackageType().name(),
                p.getPackageVer(),
                p.getProjectId(),
                p.getSha256(),
                p.getUpdateStaff(),
                p.getUpdateTime());
    }

    /**
     * listPackagesPage (5.7.5): the project's packages and the platform packages, newest first; with appId or
     * appGroupId only the packages of those applications; packageName is a case-insensitive substring filter.
     */
    @Transactional(readOnly = true)
    PageInfo<PackageRow> list(
            Caller caller, String projectId, String appGroupId, String appId, String packageName, PageQuery page) {
        String project = projectAccess
                .require(caller, projectId, ProjectPermission.ARTIFACT_VIEW)
                .projectId();
        AppFilter filter = AppFilter.of(apps, caller, project, appGroupId, appId);
        String name = Texts.trimToNull(packageName);
        return PageInfo.of(
                page,
                packages.search(
                        project,
                        !filter.active(),
                        filter.active(),
                        filter.ids(),
                        name == null ? null : Texts.likePattern(name),
                        page.newestFirst()),
                PackageService::row);
    }

    /** downloadPackage (5.7.1): the file and what its headers say. */
    Download download(Caller caller, String packageId) {
        PackageView pkg = transaction.execute(
                status -> visible(caller, "packageId", packageId).view());
        return new Download(
                pkg.fileName(),
                pkg.packageSize(),
                pkg.sha256(),
                pkg.packageType().contentType(),
                open(pkg));
    }

    /** The checksum of a package the caller may download, for answering a conditional request without the file. */
    @Transactional(readOnly = true)
    String checksum(Caller caller, String packageId) {
        return visible(caller, "packageId", packageId).getSha256();
    }

    /** deletePackage: soft delete, refused (409) while a guard reports a user and for platform packages (403). */
    @Transactional
    void delete(Caller caller, String packageId) {
        ArtifactPackage p = writable(caller, "packageId", packageId);
        List<String> users = usageGuards
                .orderedStream()
                .map(g -> g.usersOf(p.getId()))
                .flatMap(Optional::stream)
                .toList();
        if (!users.isEmpty()) {
            throw MsapException.conflict(
                    "artifact.package.inUse", p.getPackageName(), p.getPackageVer(), Messages.joinList(users));
        }
        p.delete(caller.userName(), Times.now());
    }

    /** markOfficial for a package. */
    @Transactional
    void markOfficial(Caller caller, String packageId, boolean official) {
        ArtifactPackage p = writable(caller, "packageId", packageId);
        p.markOfficial(official, caller.userName(), Times.now());
    }

    // ---- the official demos (OfficialDemos at start) ----

    /**
     * Publishes a bundled official demo as a platform package, once: the row's id follows from the code and version,
     * so servers sharing a database (and restarts) find it instead of adding another. Returns the package, and
     * whether this call created it. The file goes into this server's blob store every time (stored once by content).
     */
    Published publishOfficialDemo(String code, String version, InputStreamSource content) throws IOException {
        String id = officialDemoId(code, version);
        BlobStore.Stored blob;
        try (InputStream in = content.getInputStream()) {
            blob = blobs.put(in);
        }
        Optional<ArtifactPackage> existing = packages.findById(id);
        if (existing.isPresent()) {
            return new Published(existing.get().view(), blob.sha256(), false);
        }
        ArtifactPackage created = new ArtifactPackage(
                id,
                ArtifactPackage.Owner.officialDemo(code),
                code,
                version,
                PackageType.JAR,
                PackageSource.OFFICIAL_DEMO,
                new ArtifactPackage.Content(code + "-" + version + ".jar", blob.size(), blob.sha256()),
                null,
                true,
                null,
                null,
                Times.now());
        try {
            transaction.executeWithoutResult(status -> packages.saveAndFlush(created));
            return new Published(created.view(), blob.sha256(), true);
        } catch (DataIntegrityViolationException e) {
            // another server published it at the same moment
            return new Published(packages.findById(id).orElseThrow().view(), blob.sha256(), false);
        }
    }

    /** What publishing an official demo found: the package, the digest of the bundled file, and whether it is new. */
    record Published(PackageView pkg, String bundledSha256, boolean created) {}

    /** The fixed id of an official demo's version: the same on every server. */
    static String officialDemoId(String code, String version) {
        return UUID.nameUUIDFromBytes(("msap-official-demo:" + code + ":" + version)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }

    // ---- storing ----

    /** Checks the format, stores the blob, then the row (409 if the version was taken meanwhile). */
    private PackageView store(
            ArtifactPackage.Owner owner,
            String appName,
            String name,
            String version,
            PackageType type,
            PackageSource source,
            String fileName,
            String branchName,
            boolean official,
            String staff,
            Long userId,
            InputStreamSource content) {
        requireNewVersion(owner.scopeKey(), appName, name, version);
        BlobStore.Stored blob;
        try {
            try (InputStream in = content.getInputStream()) {
                Archives.verify("file", type, in);
            }
            try (InputStream in = content.getInputStream()) {
                blob = blobs.put(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long limit = settings.maxPackageSize().toBytes();
        if (blob.size() > limit) {
            throw new MsapException(Failure.PAYLOAD_TOO_LARGE, "artifact.package.tooLarge", readable(limit));
        }
        ArtifactPackage created = new ArtifactPackage(
                Ids.newId(),
                owner,
                name,
                version,
                type,
                source,
                new ArtifactPackage.Content(fileName, blob.size(), blob.sha256()),
                branchName,
                official,
                staff,
                userId,
                Times.now());
        try {
            transaction.executeWithoutResult(status -> packages.saveAndFlush(created));
        } catch (DataIntegrityViolationException e) {
            throw MsapException.conflict("artifact.package.exists", appName, name, version);
        }
        return created.view();
    }

    private void requireNewVersion(String scopeKey, String appName, String name, String version) {
        if (packages.existsByScopeKeyAndNameKeyAndVerKeyAndDeletedFalse(
                scopeKey, ArtifactPackage.key(name), ArtifactPackage.key(version))) {
            throw MsapException.conflict("artifact.package.exists", appName, name, version);
        }
    }

    // ---- access ----

    /**
     * A live package the caller can see: a platform package, or one of its tenant in a project it is a member of.
     * 404 "程序包不存在" naming the field otherwise.
     */
    private ArtifactPackage visible(Caller caller, String field, String packageId) {
        String id = Ids.require(field, packageId, NOT_FOUND);
        ArtifactPackage p =
                packages.findByIdAndDeletedFalse(id).orElseThrow(() -> MsapException.unknownField(field, NOT_FOUND));
        if (p.isPlatform()) {
            return p;
        }
        if (p.getTenantId() != caller.tenantId()) {
            throw MsapException.unknownField(field, NOT_FOUND);
        }
        try {
            projectAccess.require(caller, field, p.getProjectId(), ProjectPermission.ARTIFACT_VIEW);
        } catch (MsapException e) {
            if (e.failure() == Failure.NOT_FOUND) {
                throw MsapException.unknownField(field, NOT_FOUND);
            }
            throw e;
        }
        AuditTrail.target(p.getProjectId(), OBJECT_PACKAGE, p.getId());
        return p;
    }

    /** A package the caller may change: not a platform package (403), and ARTIFACT_MANAGE on its app (403). */
    private ArtifactPackage writable(Caller caller, String field, String packageId) {
        ArtifactPackage p = visible(caller, field, packageId);
        if (p.isPlatform()) {
            throw MsapException.forbidden("artifact.package.platformReadOnly", p.getPackageName());
        }
        projectAccess.require(caller, field, p.getProjectId(), ProjectPermission.ARTIFACT_MANAGE, p.getAppId());
        return p;
    }

    // ---- helpers ----

    static String checkedName(String field, String value) {
        String name = Texts.trimToNull(value);
        if (name == null) {
            throw MsapException.badField(field, "error.field.required");
        }
        if (!NAME.matcher(name).matches()) {
            throw MsapException.badField(field, "artifact.package.name.pattern");
        }
        return name;
    }

    static String checkedVersion(String field, String value) {
        String version = Texts.trimToNull(value);
        if (version == null) {
            throw MsapException.badField(field, "error.field.required");
        }
        if (!VERSION.matcher(version).matches()) {
            throw MsapException.badField(field, "artifact.package.ver.pattern");
        }
        return version;
    }

    /**
     * The name downloads give the file: the uploaded file's own name without directories (control characters and
     * quotes dropped), or {@code <name>-<ver>.<ext>}. A name whose extension promises another format than the package
     * type is refused (400 naming file).
     */
    static String fileName(String original, String name, String version, PackageType type) {
        String base = original == null ? "" : original.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        StringBuilder clean = new StringBuilder();
        base.codePoints()
                .filter(c -> !Character.isISOControl(c) && c != '"' && c != ';')
                .forEach(clean::appendCodePoint);
        String fileName = clean.toString().trim();
        if (fileName.length() > 200) {
            fileName = "";
        }
        PackageType byName = Archives.formatOfName(fileName);
        if (byName != null && byName.zipFormat() != type.zipFormat()) {
            throw MsapException.badField("file", "artifact.package.nameMismatch", fileName, type.name());
        }
        if (fileName.isEmpty() || fileName.startsWith(".")) {
            return name + "-" + version + "." + type.extension();
        }
        return fileName;
    }

    /** A size as people write it: 512 MB, 1536 KB, 100 B. */
    static String readable(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " B";
    }

    private static PackageRow row(ArtifactPackage p) {
        return new PackageRow(
                p.getAppId(),
                p.getBranchName(),
                p.getCreateStaff(),
                p.getCreateTime(),
                p.isOfficial(),
                p.getOfficialDemoCode(),
                p.getId(),
                p.getPackageName(),
                p.getPackageSize(),
                p.getPackageSource().name(),
                p.getPackageType().name(),
                p.getPackageVer());
    }
}
