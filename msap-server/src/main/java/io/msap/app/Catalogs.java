package io.msap.app;

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
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The build and runtime environment catalogues (listBuildEnvs, listRuntimeEnvs), read at start from
 * {@code catalog/build-envs.yml} and {@code catalog/runtime-envs.yml} and extended by the operator's files
 * ({@code msap.catalog.build-envs-file}, {@code msap.catalog.runtime-envs-file}); an operator entry with an existing
 * code replaces the built-in one. A build environment is available when its toolchain exists on this server.
 */
@Component
public class Catalogs {

    /** A build environment: the toolchain a pipeline's CODE_BUILD stage runs with. */
    public record BuildEnv(
            int buildEnvId,
            String buildEnvCode,
            String buildEnvName,
            String buildEnvLabel,
            String buildEnvType,
            String buildCommand,
            String description,
            String javaHome,
            String tool) {}

    /** A runtime environment: what a package runs on, in versions that each name their base image. */
    public record RuntimeEnv(
            int runtimeEnvId,
            String runtimeEnvCode,
            String runtimeEnvName,
            String label,
            String packageType,
            List<RuntimeEnvVersion> versionList) {}

    public record RuntimeEnvVersion(int runtimeEnvVerId, String runtimeEnvVer, String baseImage) {}

    record BuildEnvFile(List<BuildEnv> buildEnvs) {}

    record RuntimeEnvFile(List<RuntimeEnv> runtimeEnvs) {}

    private final List<BuildEnv> buildEnvs;
    private final List<RuntimeEnv> runtimeEnvs;

    Catalogs(
            @Value("${msap.catalog.build-envs-file:}") String buildEnvsFile,
            @Value("${msap.catalog.runtime-envs-file:}") String runtimeEnvsFile) {
        YAMLMapper yaml = YAMLMapper.builder().build();
        List<BuildEnv> builds = new ArrayList<>(
                read(yaml, "catalog/build-envs.yml", BuildEnvFile.class).buildEnvs());
        if (!buildEnvsFile.isBlank()) {
            builds.addAll(
                    readFile(yaml, Path.of(buildEnvsFile), BuildEnvFile.class).buildEnvs());
        }
        List<RuntimeEnv> runtimes = new ArrayList<>(
                read(yaml, "catalog/runtime-envs.yml", RuntimeEnvFile.class).runtimeEnvs());
        if (!runtimeEnvsFile.isBlank()) {
            runtimes.addAll(readFile(yaml, Path.of(runtimeEnvsFile), RuntimeEnvFile.class)
                    .runtimeEnvs());
        }
        this.buildEnvs = lastWins(builds, BuildEnv::buildEnvCode, Comparator.comparingInt(BuildEnv::buildEnvId));
        this.runtimeEnvs =
                lastWins(runtimes, RuntimeEnv::runtimeEnvCode, Comparator.comparingInt(RuntimeEnv::runtimeEnvId));
    }

    /** The build environments whose label is {@code label}, ignoring case. */
    public List<BuildEnv> buildEnvs(String label) {
        return buildEnvs.stream()
                .filter(b -> b.buildEnvLabel().equalsIgnoreCase(label.trim()))
                .toList();
    }

    public Optional<BuildEnv> buildEnv(String code) {
        return buildEnvs.stream().filter(b -> b.buildEnvCode().equals(code)).findFirst();
    }

    /** Every runtime environment of the catalogue, in its order. */
    public List<RuntimeEnv> runtimeEnvs() {
        return runtimeEnvs;
    }

    /** The runtime environments whose label is {@code label}, ignoring case. */
    public List<RuntimeEnv> runtimeEnvs(String label) {
        return runtimeEnvs.stream()
                .filter(r -> r.label().equalsIgnoreCase(label.trim()))
                .toList();
    }

    public Optional<RuntimeEnv> runtimeEnv(String code) {
        return runtimeEnvs.stream().filter(r -> r.runtimeEnvCode().equals(code)).findFirst();
    }

    /** Whether a build environment's toolchain (its JDK and its build tool) is installed on this server. */
    public boolean available(BuildEnv env) {
        return env.javaHome() != null
                && Files.isExecutable(Path.of(env.javaHome(), "bin", "java"))
                && toolPath(env.tool()).isPresent();
    }

    /** The build tool's executable: an absolute path as given, or found on the PATH. */
    public Optional<Path> toolPath(String tool) {
        if (tool == null || tool.isBlank()) {
            return Optional.empty();
        }
        Path given = Path.of(tool);
        if (given.isAbsolute()) {
            return Files.isExecutable(given) ? Optional.of(given) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, tool))) {
                return Optional.of(Path.of(dir, tool));
            }
        }
        return Optional.empty();
    }

    private static <T> T read(YAMLMapper yaml, String resource, Class<T> type) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            return yaml.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the catalogue " + resource, e);
        }
    }

    private static <T> T readFile(YAMLMapper yaml, Path file, Class<T> type) {
        try (InputStream in = Files.newInputStream(file)) {
            return yaml.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the catalogue file " + file, e);
        }
    }

    private static <T> List<T> lastWins(List<T> entries, Function<T, String> code, Comparator<T> order) {
        Map<String, T> byCode = new LinkedHashMap<>();
        entries.forEach(e -> byCode.put(code.apply(e).toLowerCase(Locale.ROOT), e));
        return byCode.values().stream().sorted(order).toList();
    }
}
