package io.msap.artifact;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * A test-only user of packages and images, standing in for releases and pipelines: tests say which package or image
 * it uses, and deletePackage / deleteImage must refuse while it does. Found by component scanning of the test classes;
 * it uses nothing until a test tells it to.
 */
@Component
class TestArtifactUsage implements PackageUsageGuard, ImageUsageGuard {

    private final Map<String, String> users = new ConcurrentHashMap<>();

    void use(String id, String user) {
        users.put(id, user);
    }

    void release(String id) {
        users.remove(id);
    }

    @Override
    public Optional<String> usersOf(String id) {
        return Optional.ofNullable(users.get(id));
    }
}
