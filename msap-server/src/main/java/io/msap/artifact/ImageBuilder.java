package io.msap.artifact;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import io.msap.app.AppService;
import io.msap.app.AppView;
import io.msap.app.Catalogs;
import io.msap.project.ProjectAccess;
import io.msap.shared.DataDirectory;
import io.msap.shared.Failure;
import io.msap.shared.MsapException;
import io.msap.shared.Texts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds container images from packages with Jib: no Docker daemon, the package as one layer on a base image, an
 * entrypoint that runs it ({@code java -jar /app/<jar>} for a JAR, Tomcat's {@code catalina.sh run} for a WAR, the
 * caller's command for an unpacked ZIP or TGZ). The image is pushed to the configured registry
 * ({@code msap.artifact.registry.*}, or the caller's) when there is one, and otherwise kept as an OCI image tarball in
 * the blob store, addressed {@code msap.local/<projectCode>/<imageName>:<imageVer>}. Either way an image record is
 * created, with the Dockerfile that builds the same image.
 *
 * <p>Base images are registry references or local {@code tar://} image tarballs (OCI or {@code docker save}). A
 * registry base is pulled when {@code msap.artifact.pull-base-images} says so (by default: when pushing to a
 * registry); otherwise the build falls back to the empty base {@code scratch} and says so in the image's Dockerfile
 * (fine for kube-sim, not for a real cluster). A base that cannot be had fails the build with 503 and the reason.
 *
 * <p>Used by pipelines (IMAGE_BUILD) and by deploys from packages; the caller has checked the user's rights. A build
 * takes seconds to minutes: never call it inside a transaction.
 */
@Service
public class ImageBuilder {

    /** The empty base image. */
    public static final String SCRATCH = "scratch";

    /** Where tarball-only images are addressed (they are in no registry). */
    public static final String LOCAL_REGISTRY = "msap.local";

    private static final Logger log = LoggerFactory.getLogger(ImageBuilder.class);
    private static final Pattern NAME = Pattern.compile(ImageService.NAME_PATTERN);
    private static final Pattern TAG = Pattern.compile(ImageService.TAG_PATTERN);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PackageService packages;
    private final ImageService images;
    private final BlobStore blobs;
    private final AppService apps;
    private final ProjectAccess projectAccess;
    private final Catalogs catalogs;
    private final ArtifactSettings settings;
    private final Path workRoot;
    private final Path cache;

    ImageBuilder(
            PackageService packages,
            ImageService images,
            BlobStore blobs,
            AppService apps,
            ProjectAccess projectAccess,
            Catalogs catalogs,
            ArtifactSettings settings,
            DataDirectory dataDirectory) {
        this.packages = packages;
        this.images = images;
        this.blobs = blobs;
        this.apps = apps;
        this.projectAccess = projectAccess;
        this.catalogs = catalogs;
        this.settings = settings;
        this.workRoot = dataDirectory.resolve("tmp").resolve("image-builds");
        this.cache = dataDirectory.resolve("cache").resolve("jib");
    }

    /**
     * A registry to push to instead of the configured one (e.g. from a DOCKER_REGISTRY service connection).
     *
     * @param serverUrl {@code host[:port]}, optionally with {@code http://} (plain HTTP) or {@code https://}
     * @param namespace a path prefix for the image, empty for none
     */
    public record RegistryTarget(
            String serverUrl, String namespace, String userName, String password, boolean insecure) {}

    /**
     * What to build.
     *
     * @param projectId the project the image belongs to; the package is one of its packages or a platform package
     * @param appId the application the image belongs to (an app of the project)
     * @param baseImage a registry reference, {@code tar:///path/to/image.tar}, or {@code scratch}; see
     *     {@link #baseImage(String, String)}
     * @param imageName the image's repository name (lower-case path), e.g. the app's code
     * @param imageVer its tag
     * @param entrypoint the command to run; null for the package type's default (required for ZIP and TGZ)
     * @param branchName the branch the package was built from, if known (shown by getImage)
     * @param registry where to push; null for {@code msap.artifact.registry.*} (a tarball when none is configured)
     */
    public record BuildRequest(
            long tenantId,
            String projectId,
            String appId,
            String packageId,
            String baseImage,
            String imageName,
            String imageVer,
            List<String> entrypoint,
            String branchName,
            String staff,
            long userId,
            RegistryTarget registry) {}

    /**
     * The reference an image of project {@code projectId} built now gets: in the configured registry, or
     * {@code msap.local/...} when images are kept as tarballs. 404 naming projectId for an unknown project.
     */
    public String referenceFor(String projectId, String imageName, String imageVer) {
        String projectCode = projectAccess
                .find(projectId)
                .orElseThrow(() -> MsapException.unknownField("projectId", "project.notFound"))
                .projectCode()
                .toLowerCase(Locale.ROOT);
        return target(null).reference(projectCode, imageName, imageVer);
    }

    /** The base image of a runtime environment version in the catalogue (runtime-envs.yml). */
    public Optional<String> baseImage(String runtimeEnvCode, String runtimeEnvVer) {
        if (runtimeEnvCode == null || runtimeEnvVer == null) {
            return Optional.empty();
        }
        return catalogs.runtimeEnv(runtimeEnvCode.trim())
                .flatMap(env -> env.versionList().stream()
                        .filter(v -> v.runtimeEnvVer().equals(runtimeEnvVer.trim()))
                        .findFirst())
                .map(Catalogs.RuntimeEnvVersion::baseImage);
    }

    /**
     * Builds the image and records it. Progress goes line by line to {@code log} (from Jib's threads too: the sink
     * must be thread-safe). Failures: 400 for a bad name, tag, base or missing ZIP/TGZ entrypoint, 404 for an unknown
     * package, app or project, 409 for a version that exists, 503 when a base image or the registry cannot be reached.
     */
    public ImageView build(BuildRequest request, Consumer<String> log) {
        Consumer<String> out = log == null ? line -> {} : log;
        String imageName = Texts.trimToNull(request.imageName());
        if (imageName == null
                || imageName.length() > 128
                || !NAME.matcher(imageName).matches()) {
            throw MsapException.badField("imageName", "artifact.image.name.pattern");
        }
        String imageVer = Texts.trimToNull(request.imageVer());
        if (imageVer == null || !TAG.matcher(imageVer).matches()) {
            throw MsapException.badField("imageVer", "artifact.image.ver.pattern");
        }
        String base = Texts.trimToNull(request.baseImage());
        if (base == null) {
            throw MsapException.badField("baseImage", "error.field.required");
        }
        PackageView pkg = packages.find(request.packageId())
                .filter(p -> p.platform() || p.projectId().equals(request.projectId()))
                .orElseThrow(() -> MsapException.unknownField("packageId", PackageService.NOT_FOUND));
        AppView app = apps.find(request.appId())
                .filter(a -> a.projectId().equals(request.projectId()))
                .orElseThrow(() -> MsapException.unknownField("appId", "app.notFound"));
        String projectCode = projectAccess
                .find(request.projectId())
                .orElseThrow(() -> MsapException.unknownField("projectId", "project.notFound"))
                .projectCode()
                .toLowerCase(Locale.ROOT);
        List<String> entrypoint = entrypoint(pkg, request.entrypoint());
        images.requireNewVersion(app.appId(), app.name(), imageName, imageVer);
        Target target = target(request.registry());
        String imageUrl = target.reference(projectCode, imageName, imageVer);
        checkReference(imageUrl);

        Path work = null;
        try {
            Files.createDirectories(workRoot);
            work = Files.createTempDirectory(workRoot, "build-");
            out.accept("Building image " + imageUrl + " from package " + pkg.packageName() + " " + pkg.packageVer()
                    + " (" + pkg.packageType() + ", sha256 " + pkg.sha256() + ")");
            Base from = base(base, target, work, out);
            Layer layer = layer(pkg, work);
            String dockerfile = dockerfile(from, pkg, layer, entrypoint);
            out.accept("Equivalent Dockerfile:");
            dockerfile.lines().forEach(line -> out.accept("  " + line));

            JibContainerBuilder builder = from.builder()
                    .setFormat(ImageFormat.OCI)
                    .addFileEntriesLayer(layer.layer())
                    .setEntrypoint(entrypoint)
                    .setLabels(labels(pkg, imageName, imageVer));
            if (layer.workingDirectory() != null) {
                builder.setWorkingDirectory(AbsoluteUnixPath.get(layer.workingDirectory()));
            }
            Path tarball = work.resolve("image.tar");
            Containerizer containerizer = target.registry()
                    ? Containerizer.to(registryImage(imageUrl, target))
                    : Containerizer.to(TarImage.at(tarball).named(imageUrl));
            containerizer
                    .setToolName("msap")
                    .setOfflineMode(!target.registry() && !from.pulled())
                    .setAllowInsecureRegistries(target.insecure())
                    .setBaseImageLayersCache(cache.resolve("base"))
                    .setApplicationLayersCache(cache.resolve("app"))
                    .addEventHandler(LogEvent.class, event -> {
                        if (event.getLevel() != LogEvent.Level.DEBUG
                                && !event.getMessage().isBlank()) {
                            out.accept(event.getMessage());
                        }
                    });
            JibContainer container = builder.containerize(containerizer);
            String digest = container.getDigest().toString();

            String tarballSha256 = null;
            Long tarballSize = null;
            if (!target.registry()) {
                Path loadable = work.resolve("image-loadable.tar");
                Path stored = Archives.addDockerManifest(tarball, loadable, imageUrl) ? loadable : tarball;
                try (InputStream in = Files.newInputStream(stored)) {
                    BlobStore.Stored blob = blobs.put(in);
                    tarballSha256 = blob.sha256();
                    tarballSize = blob.size();
                }
                out.accept("Kept the image as an OCI tarball (sha256 " + tarballSha256 + ", " + tarballSize
                        + " bytes): no registry is configured");
            } else {
                out.accept("Pushed " + imageUrl + " (" + digest + ")");
            }
            ImageView image = images.record(
                    new ArtifactImage.Owner(request.tenantId(), request.projectId(), app.appId()),
                    app.name(),
                    imageName,
                    imageVer,
                    imageUrl,
                    ImageSource.BUILD,
                    new ArtifactImage.Build(
                            pkg.packageId(),
                            pkg.packageName(),
                            pkg.packageVer(),
                            Texts.trimToNull(request.branchName()),
                            from.reference(),
                            from.scratch(),
                            dockerfile,
                            digest,
                            tarballSha256,
                            tarballSize,
                            target.registry()),
                    request.staff(),
                    request.userId());
            out.accept("Image " + image.imageId() + " recorded: " + imageUrl + " " + digest);
            return image;
        } catch (MsapException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(imageUrl, "interrupted", out);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw failed(imageUrl, describe(cause), out);
        } catch (RegistryUnauthorizedException e) {
            throw failed(imageUrl, "the registry refused the credentials for " + e.getImageReference(), out);
        } catch (Exception e) {
            throw failed(imageUrl, describe(e), out);
        } finally {
            deleteQuietly(work);
        }
    }

    // ---- where the image goes ----

    /** The registry to push to, or none (a tarball). */
    record Target(boolean registry, String host, String namespace, String userName, String password, boolean insecure) {

        static final Target TARBALL = new Target(false, LOCAL_REGISTRY, "", "", "", false);

        String reference(String projectCode, String imageName, String imageVer) {
            StringBuilder ref = new StringBuilder(host).append('/');
            if (!namespace.isBlank()) {
                ref.append(namespace.replaceAll("^/+|/+$", "")).append('/');
            }
            return ref.append(projectCode)
                    .append('/')
                    .append(imageName)
                    .append(':')
                    .append(imageVer)
                    .toString();
        }
    }

    private Target target(RegistryTarget requested) {
        if (requested != null && Texts.trimToNull(requested.serverUrl()) != null) {
            return target(
                    requested.serverUrl(),
                    requested.namespace(),
                    requested.userName(),
                    requested.password(),
                    requested.insecure());
        }
        ArtifactSettings.Registry configured = settings.registry();
        if (configured.configured()) {
            return target(
                    configured.url(),
                    configured.namespace(),
                    configured.username(),
                    configured.password(),
                    configured.insecure());
        }
        return Target.TARBALL;
    }

    private static Target target(String url, String namespace, String userName, String password, boolean insecure) {
        String host = url.trim();
        boolean plain = false;
        if (host.regionMatches(true, 0, "http://", 0, 7)) {
            host = host.substring(7);
            plain = true;
        } else if (host.regionMatches(true, 0, "https://", 0, 8)) {
            host = host.substring(8);
        }
        host = host.replaceAll("/+$", "");
        return new Target(
                true,
                host,
                namespace == null ? "" : namespace.trim(),
                userName == null ? "" : userName,
                password == null ? "" : password,
                insecure || plain);
    }

    private static RegistryImage registryImage(String reference, Target target) throws InvalidImageReferenceException {
        RegistryImage image = RegistryImage.named(reference);
        if (!target.userName().isBlank()) {
            image.addCredential(target.userName(), target.password());
        }
        return image;
    }

    private static void checkReference(String reference) {
        try {
            ImageReference.parse(reference);
        } catch (InvalidImageReferenceException e) {
            throw MsapException.badField("imageName", "artifact.image.name.pattern");
        }
    }

    // ---- the base image ----

    /**
     * The base: what Jib builds on, the reference recorded ("scratch" after a fallback), whether it is pulled from a
     * registry, and why the build fell back to scratch (null when it did not).
     */
    record Base(
            JibContainerBuilder builder, String reference, boolean scratch, boolean pulled, String fallbackReason) {}

    private Base base(String base, Target target, Path work, Consumer<String> out)
            throws IOException, InvalidImageReferenceException {
        if (SCRATCH.equalsIgnoreCase(base)) {
            out.accept("Base image: scratch (empty)");
            return new Base(Jib.fromScratch(), SCRATCH, true, false, null);
        }
        if (base.regionMatches(true, 0, "docker://", 0, 9)) {
            throw MsapException.badField("baseImage", "artifact.image.base.daemon", base);
        }
        if (base.regionMatches(true, 0, "tar://", 0, 6)) {
            Path tar = Path.of(base.substring(6));
            if (!Files.isRegularFile(tar) || !Files.isReadable(tar)) {
                throw new MsapException(
                        Failure.UNAVAILABLE, "artifact.image.base.unreachable", base, "no such readable file");
            }
            Path usable = work.resolve("base.tar");
            if (!Archives.addDockerManifest(tar, usable, null)) {
                usable = tar;
            }
            out.accept("Base image: the image tarball " + tar);
            return new Base(Jib.from(TarImage.at(usable)), base, false, false, null);
        }
        ImageReference reference;
        try {
            reference = ImageReference.parse(base);
        } catch (InvalidImageReferenceException e) {
            throw MsapException.badField("baseImage", "artifact.image.base.invalid", base);
        }
        if (!settings.pullsBaseImages(target.registry())) {
            String reason = "no image registry is configured and msap.artifact.pull-base-images is "
                    + settings.pullBaseImages().trim() + ", so the base image " + base + " was not pulled";
            out.accept("Base image: scratch (empty) instead of " + base + ": " + reason);
            return new Base(Jib.fromScratch(), SCRATCH, true, false, reason);
        }
        RegistryImage image = RegistryImage.named(reference);
        if (target.registry()
                && reference.getRegistry().equals(target.host())
                && !target.userName().isBlank()) {
            image.addCredential(target.userName(), target.password());
        }
        out.accept("Base image: " + base + " (pulled from its registry)");
        return new Base(Jib.from(image), base, false, true, null);
    }

    // ---- the package layer ----

    /** The package's layer, what the Dockerfile copies, and the working directory (null to keep the base's). */
    record Layer(FileEntriesLayer layer, String copyLine, String workingDirectory) {}

    private Layer layer(PackageView pkg, Path work) throws IOException {
        Path dir = Files.createDirectories(work.resolve("package"));
        Path file = dir.resolve(safeFileName(pkg));
        try (InputStream in = packages.open(pkg)) {
            Files.copy(in, file);
        }
        String name = file.getFileName().toString();
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("package");
        return switch (pkg.packageType()) {
            case JAR -> {
                layer.addEntry(file, AbsoluteUnixPath.get("/app/" + name));
                yield new Layer(layer.build(), "COPY " + name + " /app/" + name, "/app");
            }
            case WAR -> {
                layer.addEntry(file, AbsoluteUnixPath.get("/usr/local/tomcat/webapps/ROOT.war"));
                yield new Layer(layer.build(), "COPY " + name + " /usr/local/tomcat/webapps/ROOT.war", null);
            }
            case ZIP, TGZ -> {
                Path unpacked = Files.createDirectories(work.resolve("unpacked"));
                for (Archives.Unpacked entry : Archives.unpack(pkg.packageType(), file, unpacked)) {
                    layer.addEntry(
                            entry.file(),
                            AbsoluteUnixPath.get("/app/" + entry.path()),
                            FilePermissions.fromOctalString(String.format("%03o", entry.mode() & 0777)));
                }
                String copy = pkg.packageType() == PackageType.TGZ
                        ? "ADD " + name + " /app/"
                        : "# the files of " + name + ", unpacked\nCOPY " + stem(name) + "/ /app/";
                yield new Layer(layer.build(), copy, "/app");
            }
        };
    }

    /** The default entrypoint of a package type, or the caller's; ZIP and TGZ packages need the caller's. */
    private static List<String> entrypoint(PackageView pkg, List<String> requested) {
        if (requested != null && !requested.isEmpty()) {
            if (requested.stream().anyMatch(arg -> arg == null || arg.length() > 4096)) {
                throw MsapException.badField("entrypoint", "error.field.invalid");
            }
            return List.copyOf(requested);
        }
        return switch (pkg.packageType()) {
            case JAR -> List.of("java", "-jar", "/app/" + safeFileName(pkg));
            case WAR -> List.of("catalina.sh", "run");
            case ZIP, TGZ ->
                throw MsapException.badField(
                        "entrypoint",
                        "artifact.image.entrypointRequired",
                        pkg.packageType().name());
        };
    }

    /** The package's file name as it goes into the image: no directories, no leading dot. */
    private static String safeFileName(PackageView pkg) {
        String name = pkg.fileName().replace('/', '_').replace('\\', '_');
        return name.isBlank() || name.startsWith(".")
                ? pkg.packageName() + "-" + pkg.packageVer() + "."
                        + pkg.packageType().extension()
                : name;
    }

    private static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    private static Map<String, String> labels(PackageView pkg, String imageName, String imageVer) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.title", imageName);
        labels.put("org.opencontainers.image.version", imageVer);
        labels.put("io.msap.package", pkg.packageName() + ":" + pkg.packageVer());
        labels.put("io.msap.package-id", pkg.packageId());
        labels.put("io.msap.package-sha256", pkg.sha256());
        return labels;
    }

    /** A Dockerfile that builds the same image, with a note when the build fell back to scratch. */
    static String dockerfile(Base from, PackageView pkg, Layer layer, List<String> entrypoint) {
        List<String> lines = new ArrayList<>();
        lines.add("# Built by MSAP with Jib (no Docker daemon); this Dockerfile builds an equivalent image.");
        if (from.fallbackReason() != null) {
            lines.add("# Built offline on scratch: " + from.fallbackReason() + ".");
            lines.add("# The image holds the package alone, without a runtime: fine for kube-sim, not for a real"
                    + " cluster.");
        }
        lines.add("FROM " + (from.scratch() ? SCRATCH : from.reference()));
        lines.add("LABEL io.msap.package=\"" + pkg.packageName() + ":" + pkg.packageVer() + "\"");
        lines.addAll(layer.copyLine().lines().toList());
        if (layer.workingDirectory() != null) {
            lines.add("WORKDIR " + layer.workingDirectory());
        }
        lines.add("ENTRYPOINT " + JSON.writeValueAsString(entrypoint));
        return String.join("\n", lines) + "\n";
    }

    // ---- failures ----

    private static MsapException failed(String imageUrl, String reason, Consumer<String> out) {
        log.warn("image build of {} failed: {}", imageUrl, reason);
        out.accept("Image build failed: " + reason);
        return new MsapException(Failure.UNAVAILABLE, "artifact.image.build.failed", imageUrl, reason);
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        Throwable current = e;
        int depth = 0;
        while (current != null && depth < 4) {
            String message = current.getMessage();
            if (message != null && !message.isBlank() && !text.toString().contains(message)) {
                if (!text.isEmpty()) {
                    text.append(": ");
                }
                text.append(message.strip());
            }
            current = current.getCause() == current ? null : current.getCause();
            depth++;
        }
        String described = text.isEmpty() ? e.getClass().getSimpleName() : text.toString();
        return described.length() > 500 ? described.substring(0, 500) + "…" : described;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    log.debug("could not delete {}", path, e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.debug("could not clean up {}", dir, e);
        }
    }
}
