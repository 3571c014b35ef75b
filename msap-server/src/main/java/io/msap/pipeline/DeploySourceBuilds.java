package io.msap.pipeline;

import io.msap.app.AppService;
import io.msap.app.AppView;
import io.msap.app.Catalogs;
import io.msap.artifact.PackageService;
import io.msap.artifact.PackageType;
import io.msap.artifact.PackageView;
import io.msap.release.SourceBuilds;
import io.msap.shared.DataDirectory;
import io.msap.shared.Failure;
import io.msap.shared.MsapException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.springframework.core.io.FileSystemResource;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * The builds of deploys from source (deploySource CODE): the same clone-and-build as a CODE_BUILD stage, in
 * {@code $MSAP_DATA_DIR/workspaces/deploy-<changeOrderId>}, then the built file published as a CODE_GENERATE package
 * named after the application. Asked again for a version it published, it answers that package.
 */
@Component
class DeploySourceBuilds implements SourceBuilds {

    private final CodeBuildExecutor builds;
    private final PackageService packages;
    private final AppService apps;
    private final Catalogs catalogs;
    private final DataDirectory dataDirectory;

    DeploySourceBuilds(
            CodeBuildExecutor builds,
            PackageService packages,
            AppService apps,
            Catalogs catalogs,
            DataDirectory dataDirectory) {
        this.builds = builds;
        this.packages = packages;
        this.apps = apps;
        this.catalogs = catalogs;
        this.dataDirectory = dataDirectory;
    }

    @Override
    public void check(String field, String appId, String buildEnvCode) {
        Catalogs.BuildEnv env = catalogs.buildEnv(buildEnvCode)
                .orElseThrow(() -> MsapException.badField(field, "pipeline.buildEnv.unknown", buildEnvCode));
        if (!catalogs.available(env)) {
            throw MsapException.badField(
                    field, "pipeline.buildEnv.unavailable", env.buildEnvCode(), env.javaHome(), env.tool());
        }
        Optional<AppView> app = appId == null ? Optional.empty() : apps.find(appId);
        if (app.isPresent()
                && (app.get().codeReposAddress() == null || app.get().connectionId() == null)) {
            throw MsapException.badField(
                    "deploySource", "pipeline.codeBuild.noRepository", app.get().name());
        }
    }

    @Override
    public Built build(Request request, Consumer<String> log, BooleanSupplier cancelled) throws InterruptedException {
        AppView app = apps.find(request.appId())
                .orElseThrow(() -> new MsapException(Failure.CONFLICT, "pipeline.fail.appGone"));
        String name = packageName(app);
        Optional<PackageView> published = packages.findVersion(app.appId(), name, request.packageVer());
        if (published.isPresent()) {
            log.accept("Package " + name + " " + request.packageVer() + " was published before: "
                    + published.get().packageId());
            return new Built(published.get().packageId(), name, request.packageVer(), null);
        }
        Path dir = dataDirectory.resolve("workspaces").resolve("deploy-" + request.workKey());
        try (LineStream out = new LineStream(log)) {
            StageOutcome outcome = builds.build(
                    app,
                    request.buildEnvCode(),
                    request.ref(),
                    request.packagePath(),
                    request.packageName(),
                    Map.of(),
                    dir,
                    new CodeBuildExecutor.BuildContext() {
                        @Override
                        public void log(String line) {
                            log.accept(line);
                        }

                        @Override
                        public boolean cancelled() {
                            return cancelled.getAsBoolean();
                        }

                        @Override
                        public BuildProcesses.Result run(
                                List<String> command, Path workDir, Map<String, String> env, java.time.Duration timeout)
                                throws IOException, InterruptedException {
                            return BuildProcesses.run(command, workDir, env, timeout, out, process -> {}, cancelled);
                        }
                    });
            if (!outcome.succeeded()) {
                throw new MsapException(Failure.CONFLICT, "pipeline.fail.deployBuild", outcome.reason());
            }
            Map<String, String> built = outcome.outputs();
            Path file = Path.of(built.get("packageFile"));
            PackageType type =
                    file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".war")
                            ? PackageType.WAR
                            : PackageType.JAR;
            PackageView pkg = packages.publish(
                    new PackageService.Publication(
                            request.tenantId(),
                            request.projectId(),
                            app.appId(),
                            name,
                            request.packageVer(),
                            type,
                            file.getFileName().toString(),
                            built.get("ref"),
                            false,
                            request.staff(),
                            request.userId()),
                    new FileSystemResource(file));
            log.accept("Published package " + name + " " + pkg.packageVer() + ": " + pkg.packageId());
            return new Built(pkg.packageId(), name, pkg.packageVer(), built.get("commitId"));
        } finally {
            FileSystemUtils.deleteRecursively(dir.toFile());
        }
    }

    /** The package a deploy builds is named after the application, as PACKAGE_PUBLISH names it. */
    static String packageName(AppView app) {
        String name = app.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    /** Hands a build's output on line by line. */
    private static final class LineStream extends OutputStream {

        private final Consumer<String> lines;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineStream(Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                emit();
            } else if (line.size() < 8192) {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        private void emit() {
            lines.accept(line.toString(StandardCharsets.UTF_8));
            line.reset();
        }

        @Override
        public synchronized void close() {
            if (line.size() > 0) {
                emit();
            }
        }
    }
}
