package io.msap.pipeline;

import io.msap.artifact.PackageService;
import io.msap.artifact.PackageType;
import io.msap.artifact.PackageView;
import io.msap.scm.GitRefs;
import io.msap.shared.Messages;
import io.msap.shared.MsapException;
import io.msap.shared.WireLocale;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.FileSystemResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PACKAGE_PUBLISH {@code {packagePath, packageName, packageType}} (JAR or WAR): stores the file an earlier CODE_BUILD
 * built ({@code packagePath/packageName} in its checkout, a glob matching one file) in the artifact repository as a
 * package of the application (source CODE_GENERATE), named after the application, with the version
 * {@code <ref>-<commit>-<run>} ({@link #version}). The version is the same for every attempt of a run, so a retry (or
 * a run whose server died after publishing) finds the package it published instead of publishing it twice.
 */
@Component
class PackagePublishExecutor implements StageExecutor {

    private final PackageService packages;
    private final Messages messages;

    PackagePublishExecutor(PackageService packages, Messages messages) {
        this.packages = packages;
        this.messages = messages;
    }

    @Override
    public StageCategory category() {
        return StageCategory.PACKAGE_PUBLISH;
    }

    @Override
    public JsonNode validate(String field, JsonNode config) {
        ObjectNode given = StageConfigs.object(field, config);
        ObjectNode stored = given.objectNode();
        stored.put(
                "packagePath",
                StageConfigs.relativePath(
                        field + ".packagePath", StageConfigs.text(given, field, "packagePath", true, 255)));
        stored.put(
                "packageName",
                StageConfigs.fileName(
                        field + ".packageName", StageConfigs.text(given, field, "packageName", true, 255)));
        stored.put("packageType", StageConfigs.oneOf(given, field, "packageType", true, List.of("JAR", "WAR")));
        return stored;
    }

    @Override
    public StageOutcome execute(StageExecution execution) {
        Optional<StageExecution.EarlierStage> build = execution.output(StageCategory.CODE_BUILD);
        if (build.isEmpty()) {
            return StageOutcome.failed(text("pipeline.fail.noBuild", execution.stageName()));
        }
        Map<String, String> built = build.get().outputs();
        JsonNode config = execution.config();
        String packagePath = config.get("packagePath").asString();
        String packageName = config.get("packageName").asString();
        PackageType type = PackageType.valueOf(config.get("packageType").asString());
        Path source =
                execution.workspace().resolve("stage-" + build.get().sort()).resolve("source");
        if (!Files.isDirectory(source)) {
            return StageOutcome.failed(
                    text("pipeline.fail.workspaceGone", build.get().name(), built.get("host")));
        }
        List<Path> files;
        try {
            files = CodeBuildExecutor.matching(source.resolve(packagePath).normalize(), packageName);
        } catch (IOException e) {
            files = List.of();
        }
        if (files.size() != 1 || !files.get(0).startsWith(source)) {
            return StageOutcome.failed(
                    files.isEmpty()
                            ? text("pipeline.fail.noPackage", packagePath + "/" + packageName)
                            : text(
                                    "pipeline.fail.manyPackages",
                                    packagePath + "/" + packageName,
                                    String.join(
                                            ", ",
                                            files.stream()
                                                    .map(f -> f.getFileName().toString())
                                                    .toList())));
        }
        Path file = files.get(0);
        String sha256;
        try {
            sha256 = CodeBuildExecutor.sha256(file);
        } catch (IOException e) {
            return StageOutcome.failed(text("pipeline.fail.noPackage", packagePath + "/" + packageName));
        }
        String name = DeploySourceBuilds.packageName(execution.app());
        String version = version(built.get("ref"), built.get("commitId"), execution.runId());
        Optional<PackageView> published = packages.findVersion(execution.app().appId(), name, version);
        PackageView pkg;
        if (published.isPresent()) {
            // published by an earlier attempt of this run: the same bytes, or the build changed under us
            if (!published.get().sha256().equals(sha256)) {
                return StageOutcome.failed(text("pipeline.fail.versionTaken", name, version));
            }
            pkg = published.get();
            execution.log(text("pipeline.log.publishedBefore", name, version, pkg.packageId()));
        } else {
            execution.log(text("pipeline.log.publish", file.getFileName(), name, version));
            try {
                pkg = packages.publish(
                        new PackageService.Publication(
                                execution.starter().tenantId(),
                                execution.projectId(),
                                execution.app().appId(),
                                name,
                                version,
                                type,
                                file.getFileName().toString(),
                                built.get("ref"),
                                false,
                                execution.starter().userName(),
                                execution.starter().userId()),
                        new FileSystemResource(file));
            } catch (MsapException e) {
                return StageOutcome.failed(messages.get(WireLocale.CHINESE, e.messageKey(), e.args()));
            }
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("packageId", pkg.packageId());
        outputs.put("packageName", pkg.packageName());
        outputs.put("packageVer", pkg.packageVer());
        outputs.put("packageType", pkg.packageType().name());
        outputs.put("packageSize", String.valueOf(pkg.packageSize()));
        outputs.put("sha256", pkg.sha256());
        if (built.get("ref") != null) {
            outputs.put("ref", built.get("ref"));
        }
        execution.log(text("pipeline.log.published", pkg.packageName(), pkg.packageVer(), pkg.packageId()));
        return StageOutcome.succeeded(outputs);
    }

    /**
     * A run's version: the branch or tag it built (without {@code refs/heads/} or {@code refs/tags/}; characters outside {@code [A-Za-z0-9._-]} as {@code -}), the first 8
     * characters of the commit and of the run's id, e.g. {@code main-3f2a9c1d-642b96e7}; at most 64 characters.
     */
    static String version(String ref, String commitId, String runId) {
        String safeRef = ref == null ? "build" : GitRefs.versionPart(ref);
        String commit = commitId == null ? "" : commitId.substring(0, Math.min(8, commitId.length()));
        String run = runId.substring(0, Math.min(8, runId.length()));
        String tail = (commit.isEmpty() ? "" : "-" + commit) + "-" + run;
        int room = 64 - tail.length();
        if (safeRef.length() > room) {
            safeRef = safeRef.substring(0, room);
        }
        return safeRef + tail;
    }

    private String text(String key, Object... args) {
        return messages.get(WireLocale.CHINESE, key, args);
    }
}
