package io.msap.release;

import io.msap.artifact.ImageService;
import io.msap.artifact.ImageUsageGuard;
import io.msap.artifact.ImageView;
import io.msap.artifact.PackageUsageGuard;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps the images and packages that app deployments run from being deleted: an image while a live app deployment of
 * its project runs it, a package while one runs an image built from it. The answers name the app deployments.
 */
final class ArtifactUsage {

    private ArtifactUsage() {}

    /** Images in use. */
    @Component
    static class Images implements ImageUsageGuard {

        private final AppDeploymentRepository deployments;
        private final ImageService images;

        Images(AppDeploymentRepository deployments, ImageService images) {
            this.deployments = deployments;
            this.images = images;
        }

        @Override
        @Transactional(readOnly = true)
        public Optional<String> usersOf(String imageId) {
            return images.find(imageId).flatMap(image -> running(deployments, List.of(image)));
        }
    }

    /** Packages whose images are in use (an official demo's images live in many projects). */
    @Component
    static class Packages implements PackageUsageGuard {

        private final AppDeploymentRepository deployments;
        private final ImageService images;

        Packages(AppDeploymentRepository deployments, ImageService images) {
            this.deployments = deployments;
            this.images = images;
        }

        @Override
        @Transactional(readOnly = true)
        public Optional<String> usersOf(String packageId) {
            return running(deployments, images.builtFrom(packageId));
        }
    }

    /** The app deployments (of each image's own project) that run one of {@code images}. */
    private static Optional<String> running(AppDeploymentRepository deployments, List<ImageView> images) {
        Map<String, List<String>> urlsByProject = images.stream()
                .collect(Collectors.groupingBy(
                        ImageView::projectId, Collectors.mapping(ImageView::imageUrl, Collectors.toList())));
        List<String> names = urlsByProject.entrySet().stream()
                .flatMap(
                        e -> deployments.findByProjectIdAndImageUrlInAndDeletedFalse(e.getKey(), e.getValue()).stream())
                .map(AppDeployment::getAppDeployCode)
                .distinct()
                .sorted()
                .toList();
        return names.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", names));
    }
}
