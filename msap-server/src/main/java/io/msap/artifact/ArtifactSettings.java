package io.msap.artifact;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code msap.artifact.*}: the package size limit, where blobs live and how long deleted ones are kept, whether image
 * builds pull base images, and the registry built images are pushed to.
 *
 * @param maxPackageSize the largest package uploadPackage accepts (multipart limits follow it)
 * @param blobDir the local blob directory; empty for {@code $MSAP_DATA_DIR/blobs}
 * @param blobRetention how long the blob of a deleted package or image is kept before it is purged
 * @param pullBaseImages {@code auto} (pull registry base images when a registry is configured, otherwise build on
 *     scratch), {@code true} (always pull; an unreachable base fails the build) or {@code false} (never pull; only
 *     {@code tar://} bases are used)
 */
@ConfigurationProperties("msap.artifact")
record ArtifactSettings(
        @DefaultValue("512MB") DataSize maxPackageSize,
        @DefaultValue("") String blobDir,
        @DefaultValue("30d") Duration blobRetention,
        @DefaultValue("auto") String pullBaseImages,
        @DefaultValue Registry registry) {

    /**
     * The registry built images are pushed to; none when {@code url} is empty (images are then kept as tarballs).
     *
     * @param url the registry's address, e.g. {@code registry.example.com:5000} ({@code http://} means plain HTTP)
     * @param namespace a path prefix for pushed images, e.g. {@code msap}; empty for none
     * @param insecure allow plain HTTP and unverified certificates
     */
    record Registry(
            @DefaultValue("") String url,
            @DefaultValue("") String namespace,
            @DefaultValue("") String username,
            @DefaultValue("") String password,
            @DefaultValue("false") boolean insecure) {

        boolean configured() {
            return !url.isBlank();
        }
    }

    /** Whether a build pulls a registry base image, given whether it pushes to a registry. */
    boolean pullsBaseImages(boolean registryTarget) {
        return switch (pullBaseImages.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> registryTarget;
        };
    }
}
