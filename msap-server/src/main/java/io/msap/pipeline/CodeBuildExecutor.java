package io.msap.pipeline;

import io.msap.app.AppView;
import io.msap.app.Catalogs;
import io.msap.connection.ConnectionCredentials;
import io.msap.connection.ConnectionRef;
import io.msap.connection.ConnectionService;
import io.msap.scm.GitAccessException;
import io.msap.scm.GitRepositories;
import io.msap.shared.Messages;
import io.msap.shared.MsapException;
import io.msap.shared.WireLocale;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * CODE_BUILD {@code {buildEnvCode, packagePath, packageName, branchOrTagName?, variableList?}}: clones the app's
 * repository (its codeReposAddress, with its service connection's credentials) at the run's branch (or the stage's
 * branchOrTagName) into {@code <workspace>/stage-<sort>/source}, runs the build environment's {@code buildCommand}
 * there with {@code sh -c} (JAVA_HOME and PATH from the catalogue entry, the stage's and the run's variables as
 * environment variables, nothing of the server's MSAP_* or SPRING_* variables), and records the built file
 * {@code packagePath/packageName} (a glob such as {@code *.jar} must match one file): its path, size and sha256.
 */
@Component
class CodeBuildExecutor implements StageExecutor {

    private final Catalogs catalogs;
    private final ConnectionService connections;
    private final GitRepositories git;
    private final Messages messages;
    private final Duration buildTimeout;

    CodeBuildExecutor(
            Catalogs catalogs,
            ConnectionService connections,
            GitRepositories git,
            Messages messages,
            @Value("${msap.pipeline.build-timeout:60m}") Duration buildTimeout) {
        this.catalogs = catalogs;
        this.connections = connections;
        this.git = git;
        this.messages = messages;
        this.buildTimeout = buildTimeout;
    }

    @Override
    public StageCategory category() {
        return StageCategory.CODE_BUILD;
    }

    @Override
    public JsonNode validate(String field, JsonNode config) {
        ObjectNode given = StageConfigs.object(field, config);
        String code = StageConfigs.text(given, field, "buildEnvCode", true, 64);
        Catalogs.BuildEnv env = catalogs.buildEnv(code)
                .orElseThrow(() -> MsapException.badField(field + ".buildEnvCode", "pipeline.buildEnv.unknown", code));
        requireAvailable(field + ".buildEnvCode", env);
        String packagePath = StageConfigs.relativePath(
                field + ".packagePath", StageConfigs.text(given, field, "packagePath", true, 255));
        String packageName = StageConfigs.fileName(
                field + ".packageName", StageConfigs.text(given, field, "packageName", true, 255));
        String ref = StageConfigs.refName(
                field + ".branchOrTagName", StageConfigs.text(given, field, "branchOrTagName", false, 255));
        ObjectNode stored = given.objectNode();
        stored.put("buildEnvCode", env.buildEnvCode());
        stored.put("packagePath", packagePath);
        stored.put("packageName", packageName);
        if (ref != null) {
            stored.put("branchOrTagName", ref);
        }
        stored.set("variableList", StageConfigs.variables(field + ".variableList", given.get("variableList")));
        return stored;
    }

    @Override
    public void checkApp(String field, JsonNode config, AppView app) {
        if (app.codeReposAddress() == null || app.connectionId() == null) {
            throw MsapException.badField(field, "pipeline.codeBuild.noRepository", app.name());
        }
    }

    @Override
    public void checkRunnable(String stageName, JsonNode config) {
        String code = config.get("buildEnvCode").asString();
        Optional<Catalogs.BuildEnv> env = catalogs.buildEnv(code);
        if (env.isEmpty()) {
            throw MsapException.badRequest("pipeline.buildEnv.gone", stageName, code);
        }
        if (!catalogs.available(env.get())) {
            throw MsapException.badRequest(
                    "pipeline.buildEnv.unavailableForRun",
                    stageName,
                    code,
                    env.get().javaHome(),
                    env.get().tool());
        }
    }

    @Override
    public boolean usesBuildSlot() {
        return true;
    }

    @Override
    public StageOutcome execute(StageExecution execution) throws InterruptedException {
        JsonNode config = execution.config();
        String ref = execution.branchName() != null
                ? execution.branchName()
                : config.hasNonNull("branchOrTagName")
                        ? config.get("branchOrTagName").asString()
                        : null;
        Map<String, String> variables = new LinkedHashMap<>();
        JsonNode stageVariables = config.get("variableList");
        if (stageVariables != null) {
            stageVariables.forEach(
                    v -> variables.put(v.get("name").asString(), v.get("value").asString()));
        }
        execution.variables().forEach(v -> variables.put(v.name(), v.value() == null ? "" : v.value()));
        return build(
                execution.app(),
                config.get("buildEnvCode").asString(),
                ref,
                config.get("packagePath").asString(),
                config.get("packageName").asString(),
                variables,
                execution.workspace().resolve("stage-" + execution.sort()),
                new BuildContext() {
                    @Override
                    public void log(String line) {
                        execution.log(line);
                    }

                    @Override
                    public boolean cancelled() {
                        return execution.cancelled();
                    }

                    @Override
                    public BuildProcesses.Result run(
                            List<String> command, Path dir, Map<String, String> env, Duration timeout)
                            throws IOException, InterruptedException {
                        return execution.run(command, dir, env, timeout);
                    }
                });
    }

    /** Where a build writes its lines, how it starts processes, and whether it was stopped. */
    interface BuildContext {
        void log(String line);

        boolean cancelled();

        BuildProcesses.Result run(List<String> command, Path dir, Map<String, String> env, Duration timeout)
                throws IOException, InterruptedException;
    }

    /**
     * Clones {@code app}'s repository at {@code ref} into {@code stageDir/source} (emptied first), runs the build
     * environment's command there with {@code variables} in its environment, and answers the one file
     * {@code packagePath/packageName} matches: outputs {@code packageFile, packagePath, packageName, packageSize,
     * sha256, ref, commitId, buildEnvCode, host}, or a failure with its reason.
     */
    StageOutcome build(
            AppView app,
            String buildEnvCode,
            String ref,
            String packagePath,
            String packageName,
            Map<String, String> variables,
            Path stageDir,
            BuildContext context)
            throws InterruptedException {
        Optional<Catalogs.BuildEnv> found = catalogs.buildEnv(buildEnvCode).filter(catalogs::available);
        if (found.isEmpty()) {
            return StageOutcome.failed(text("pipeline.fail.buildEnv", buildEnvCode));
        }
        Catalogs.BuildEnv env = found.get();
        if (app.codeReposAddress() == null || app.connectionId() == null) {
            return StageOutcome.failed(text("pipeline.codeBuild.noRepository", app.name()));
        }
        Optional<ConnectionRef> connection = connections.find(app.connectionId());
        Optional<ConnectionCredentials> credentials = connections.credentials(app.connectionId());
        if (connection.isEmpty() || credentials.isEmpty()) {
            return StageOutcome.failed(text("pipeline.fail.connectionGone", app.name()));
        }
        if (ref == null) {
            return StageOutcome.failed(text("pipeline.fail.noBranch"));
        }
        Path source = stageDir.resolve("source");
        try {
            FileSystemUtils.deleteRecursively(stageDir);
            Files.createDirectories(stageDir);
        } catch (IOException e) {
            return StageOutcome.failed(text("pipeline.fail.workspace", stageDir, e.getMessage()));
        }

        context.log(text("pipeline.log.clone", app.codeReposAddress(), ref));
        GitRepositories.CloneResult clone;
        try {
            clone = git.cloneTo(
                    app.codeReposAddress(),
                    ref,
                    credentials.get().git(),
                    connection.get().connectionType().protocols(),
                    source,
                    context::cancelled);
        } catch (GitAccessException e) {
            return StageOutcome.failed(messages.get(WireLocale.CHINESE, e.messageKey(), e.args()));
        }
        context.log(text("pipeline.log.cloned", clone.ref(), clone.commitId()));

        Map<String, String> environment = environment(env, variables);
        context.log("$ " + env.buildCommand());
        BuildProcesses.Result result;
        try {
            result = context.run(List.of("sh", "-c", env.buildCommand()), source, environment, buildTimeout);
        } catch (IOException e) {
            return StageOutcome.failed(text("pipeline.fail.start", e.getMessage()));
        }
        if (result.timedOut()) {
            return StageOutcome.failed(text("pipeline.fail.timeout", buildTimeout.toMinutes()));
        }
        if (result.exitCode() != 0) {
            return StageOutcome.failed(text("pipeline.fail.exitCode", result.exitCode()));
        }

        Path dir = source.resolve(packagePath).normalize();
        List<Path> files;
        try {
            files = matching(dir, packageName);
        } catch (IOException e) {
            files = List.of();
        }
        if (!dir.startsWith(source) || files.isEmpty()) {
            return StageOutcome.failed(text("pipeline.fail.noPackage", packagePath + "/" + packageName));
        }
        if (files.size() > 1) {
            return StageOutcome.failed(text(
                    "pipeline.fail.manyPackages",
                    packagePath + "/" + packageName,
                    String.join(
                            ", ",
                            files.stream().map(f -> f.getFileName().toString()).toList())));
        }
        Path file = files.get(0);
        String sha256;
        long size;
        try {
            sha256 = sha256(file);
            size = Files.size(file);
        } catch (IOException e) {
            return StageOutcome.failed(text("pipeline.fail.noPackage", packagePath + "/" + packageName));
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("packageFile", file.toString());
        outputs.put("packagePath", packagePath);
        outputs.put("packageName", file.getFileName().toString());
        outputs.put("packageSize", String.valueOf(size));
        outputs.put("sha256", sha256);
        outputs.put("ref", clone.ref());
        outputs.put("commitId", clone.commitId());
        outputs.put("buildEnvCode", env.buildEnvCode());
        outputs.put("host", BuildProcesses.HOST);
        context.log(text("pipeline.log.package", file.getFileName(), size, sha256));
        return StageOutcome.succeeded(outputs);
    }

    /**
     * The build's environment: the server's, less anything of MSAP or Spring (database passwords, keys), plus
     * JAVA_HOME and PATH of the build environment, then {@code variables} (the stage's, then the run's).
     */
    private Map<String, String> environment(Catalogs.BuildEnv env, Map<String, String> variables) {
        Map<String, String> environment = new LinkedHashMap<>();
        System.getenv().forEach((name, value) -> {
            String upper = name.toUpperCase(Locale.ROOT);
            if (!upper.startsWith("MSAP_") && !upper.startsWith("SPRING_")) {
                environment.put(name, value);
            }
        });
        List<String> path = new ArrayList<>();
        path.add(Path.of(env.javaHome(), "bin").toString());
        catalogs.toolPath(env.tool())
                .ifPresent(tool -> path.add(tool.getParent().toString()));
        path.add(environment.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        environment.put("PATH", String.join(":", path));
        environment.put("JAVA_HOME", env.javaHome());
        environment.putAll(variables);
        return environment;
    }

    private void requireAvailable(String field, Catalogs.BuildEnv env) {
        if (!catalogs.available(env)) {
            throw MsapException.badField(
                    field, "pipeline.buildEnv.unavailable", env.buildEnvCode(), env.javaHome(), env.tool());
        }
    }

    static List<Path> matching(Path dir, String name) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        boolean glob = name.contains("*") || name.contains("?") || name.contains("[");
        if (!glob) {
            Path file = dir.resolve(name);
            return Files.isRegularFile(file) ? List.of(file) : List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + name);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry) && matcher.matches(entry.getFileName())) {
                    files.add(entry);
                }
            }
        }
        files.sort(null);
        return files;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buffer = new byte[65536];
            while (in.read(buffer) >= 0) {
                // reading feeds the digest
            }
            return HexFormat.of()
                    .formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private String text(String key, Object... args) {
        return messages.get(WireLocale.CHINESE, key, args);
    }
}
