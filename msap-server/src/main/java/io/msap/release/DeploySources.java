package io.msap.release;

import io.msap.artifact.ImageBuilder;
import io.msap.artifact.ImageService;
import io.msap.artifact.PackageService;
import io.msap.artifact.PackageType;
import io.msap.artifact.PackageView;
import io.msap.scm.GitRefs;
import io.msap.shared.Caller;
import io.msap.shared.MsapException;
import io.msap.shared.Texts;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Where a deploy's image comes from (deploySource): an image reference or an image of the artifact repository (IMAGE),
 * a package built into an image first (PACKAGE: packageId, or an official demo), or source built into a package and
 * then an image (CODE). Checks the source's fields, and resolves it into the image the deploy runs and the builds its
 * change order runs first ({@link ChangeParams.Build}).
 */
@Component
class DeploySources {

    /** A repository path for an image: lower-case components separated by . _ or -. */
    private static final Pattern IMAGE_NAME = Pattern.compile("^[a-z0-9]+([._-][a-z0-9]+)*$");

    /** A deploy's source as asked for, its fields checked. */
    record Source(
            DeployRequests.DeploySource kind,
            String imageUrl,
            String imageId,
            String ref,
            String buildEnvCode,
            String packagePath,
            String packageName,
            String packageId,
            String officialDemoCode) {}

    /** The image a deploy runs, and the builds that make it first (null for an image that exists). */
    record Resolved(String image, ChangeParams.Build build) {}

    private final ImageService images;
    private final PackageService packages;
    private final ImageBuilder imageBuilder;
    private final ObjectProvider<SourceBuilds> sourceBuilds;

    DeploySources(
            ImageService images,
            PackageService packages,
            ImageBuilder imageBuilder,
            ObjectProvider<SourceBuilds> sourceBuilds) {
        this.images = images;
        this.packages = packages;
        this.imageBuilder = imageBuilder;
        this.sourceBuilds = sourceBuilds;
    }

    /** Checks the fields of the deploy's source on their own (400 naming the field). */
    Source check(DeployRequests.DeployRequest request) {
        return switch (request.deploySource()) {
            case IMAGE -> {
                String image = Texts.trimToNull(request.imageUrl());
                String imageId = Texts.trimToNull(request.imageId());
                if (image == null && imageId == null) {
                    throw MsapException.badField("imageUrl", "release.image.required");
                }
                if (image != null && !ImageRef.valid(image)) {
                    throw MsapException.badField("imageUrl", "release.image.invalid");
                }
                yield new Source(request.deploySource(), image, imageId, null, null, null, null, null, null);
            }
            case PACKAGE -> {
                String packageId = Texts.trimToNull(request.packageId());
                String demo = Texts.trimToNull(request.officialDemoCode());
                String packageSource = Texts.trimToNull(request.packageSource());
                boolean official = packageSource != null && packageSource.equalsIgnoreCase("OFFICIAL_DEMO");
                if (official && demo == null) {
                    throw MsapException.badField("officialDemoCode", "release.package.demoRequired");
                }
                if (!official && packageId == null) {
                    throw MsapException.badField("packageId", "release.package.required");
                }
                yield new Source(
                        request.deploySource(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        official ? null : packageId,
                        official ? demo : null);
            }
            case CODE -> {
                String ref = required("branchOrTagName", request.branchOrTagName());
                if (!GitRefs.valid(ref)) {
                    throw MsapException.badField("branchOrTagName", "release.code.ref");
                }
                String buildEnvCode = required("buildEnvCode", request.buildEnvCode());
                String packagePath =
                        required("packagePath", request.packagePath()).replace('\\', '/');
                if (packagePath.startsWith("/") || ("/" + packagePath + "/").contains("/../")) {
                    throw MsapException.badField("packagePath", "release.code.path");
                }
                String packageName = required("packageName", request.packageName());
                if (packageName.contains("/") || packageName.contains("\\") || packageName.startsWith(".")) {
                    throw MsapException.badField("packageName", "release.code.fileName");
                }
                yield new Source(
                        request.deploySource(), null, null, ref, buildEnvCode, packagePath, packageName, null, null);
            }
        };
    }

    /**
     * Resolves a checked source for a deploy of the application {@code appCode} ({@code appId}, null while a
     * microservice application is being created) in project {@code projectId}, as change order {@code changeOrderId}.
     * Images and packages must be visible to the caller in the project (404 naming the field).
     */
    Resolved resolve(
            Caller caller,
            String projectId,
            String appId,
            String appCode,
            Source source,
            String runtimeEnvCode,
            String runtimeEnvVer,
            String changeOrderId) {
        return switch (source.kind()) {
            case IMAGE -> {
                if (source.imageUrl() != null) {
                    yield new Resolved(source.imageUrl(), null);
                }
                var image = images.require(caller, "imageId", source.imageId(), projectId);
                yield new Resolved(image.imageUrl(), null);
            }
            case PACKAGE -> {
                PackageView pkg = source.packageId() != null
                        ? packages.require(caller, "packageId", source.packageId(), projectId)
                        : packages.officialDemo(source.officialDemoCode())
                                .orElseThrow(
                                        () -> MsapException.unknownField("officialDemoCode", "release.package.noDemo"));
                if (pkg.packageType() != PackageType.JAR && pkg.packageType() != PackageType.WAR) {
                    // a ZIP or TGZ has no entry point an image could start
                    throw MsapException.badField(
                            "packageId",
                            "release.package.type",
                            pkg.packageType().name());
                }
                String imageName = imageName(appCode);
                String imageVer = tag(pkg.packageVer()) + "-" + pkg.packageId().substring(0, 8);
                String base = baseImage(runtimeEnvCode, runtimeEnvVer);
                yield new Resolved(
                        imageBuilder.referenceFor(projectId, imageName, imageVer),
                        new ChangeParams.Build(
                                "PACKAGE",
                                null,
                                null,
                                null,
                                null,
                                pkg.packageVer(),
                                pkg.packageId(),
                                base,
                                imageName,
                                imageVer,
                                null));
            }
            case CODE -> {
                SourceBuilds builds = sourceBuilds.getIfAvailable();
                if (builds == null) {
                    throw MsapException.badField("deploySource", "release.fail.noSourceBuilds");
                }
                builds.check("buildEnvCode", appId, source.buildEnvCode());
                String version = tag(GitRefs.versionPart(source.ref()));
                if (version.length() > 50) {
                    version = version.substring(0, 50);
                }
                version = version + "-" + changeOrderId.substring(0, 8);
                String imageName = imageName(appCode);
                String base = baseImage(runtimeEnvCode, runtimeEnvVer);
                yield new Resolved(
                        imageBuilder.referenceFor(projectId, imageName, version),
                        new ChangeParams.Build(
                                "CODE",
                                source.ref(),
                                source.buildEnvCode(),
                                source.packagePath(),
                                source.packageName(),
                                version,
                                null,
                                base,
                                imageName,
                                version,
                                null));
            }
        };
    }

    private String baseImage(String runtimeEnvCode, String runtimeEnvVer) {
        return imageBuilder
                .baseImage(runtimeEnvCode, runtimeEnvVer)
                .orElseThrow(() -> MsapException.badField("runtimeEnvVer", "release.runtime.noBaseImage"));
    }

    /** The image of an application is named after it. */
    private static String imageName(String appCode) {
        String name = appCode.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        if (!IMAGE_NAME.matcher(name).matches()) {
            throw MsapException.badField("name", "release.image.appName", appCode);
        }
        return name;
    }

    /** A version as an image tag: characters outside {@code [A-Za-z0-9_.-]} become {@code -}. */
    private static String tag(String version) {
        String tag = version.replaceAll("[^A-Za-z0-9_.-]", "-");
        return tag.startsWith(".") || tag.startsWith("-") ? "v" + tag : tag;
    }

    private static String required(String field, String value) {
        String text = Texts.trimToNull(value);
        if (text == null) {
            throw MsapException.badField(field, "release.code.required");
        }
        return text;
    }
}
