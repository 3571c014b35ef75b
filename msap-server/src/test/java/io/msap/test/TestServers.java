package io.msap.test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The settings of a server under test: a fresh database ({@link TestDatabase}), its data directory, the embedded
 * kube-sim on any free port with short simulated delays, a scheduler that polls often, git calls that time out
 * after 3 s, change orders that look at the cluster every 300 ms, and a 1536 KB package limit.
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
        return properties;
    }
}
