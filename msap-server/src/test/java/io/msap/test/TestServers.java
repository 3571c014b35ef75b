package io.msap.test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The settings of a server under test: a fresh database ({@link TestDatabase}), its data directory, the embedded
 * kube-sim on any free port with short simulated delays, a scheduler that polls often, git calls that time out
 * after 3 s, change orders that look at the cluster every 300 ms, a 1536 KB package limit, and quick pipelines with a
 * shell build environment.
 */
public final class TestServers {

    private TestServers() {}

    public static Map<String, String> properties(Path dataDir) {
        Map<String, String> properties = new HashMap<>(TestDatabase.freshDatabase(dataDir));
        properties.put("msap.embedded-cluster.port", "0");
        properties.put("msap.embedded-cluster.pod-start-delay", "300ms");
        properties.put("msap.embedded-cluster.slow-start-delay", "3s");
        properties.put("msap.embedded-cluster.crash-loop-interval", "500ms");
        properties.put("msap.embedded-cluster.image-pull-back-off", "500ms");
        properties.put("db-scheduler.polling-interval", "500ms");
        properties.put("db-scheduler.heartbeat-interval", "5s");
        properties.put("msap.scm.timeout", "3s");
        properties.put("msap.release.poll-interval", "300ms");
        // small enough that a test can send an oversized package
        properties.put("msap.artifact.max-package-size", "1536KB");
        properties.putAll(pipelineProperties(dataDir));
        return properties;
    }

    /**
     * Pipelines that look at their runs every 300 ms, send heartbeats every second and give a stage up as interrupted
     * after 5 s without one, run at most two builds at once, and a build environment {@code test-shell} (label TEST) that runs the repository's
     * {@code build.sh} with this JVM's JDK, written into the data directory as the operator's catalogue file.
     */
    public static Map<String, String> pipelineProperties(Path dataDir) {
        Path catalogue = dataDir.resolve("test-build-envs.yml");
        try {
            java.nio.file.Files.createDirectories(dataDir);
            java.nio.file.Files.writeString(catalogue, """
                    buildEnvs:
                      - buildEnvId: 901
                        buildEnvCode: test-shell
                        buildEnvName: Shell (tests)
                        buildEnvLabel: TEST
                        buildEnvType: SHELL
                        buildCommand: sh ./build.sh
                        description: runs the repository's build.sh
                        javaHome: %s
                        tool: sh
                    """.formatted(System.getProperty("java.home")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, String> properties = new HashMap<>();
        properties.put("msap.catalog.build-envs-file", catalogue.toString());
        properties.put("msap.pipeline.poll-interval", "300ms");
        properties.put("msap.pipeline.heartbeat-interval", "1s");
        properties.put("msap.pipeline.heartbeat-timeout", "5s");
        properties.put("msap.pipeline.log-flush-interval", "200ms");
        properties.put("msap.pipeline.max-concurrent-builds", "2");
        return properties;
    }
}
