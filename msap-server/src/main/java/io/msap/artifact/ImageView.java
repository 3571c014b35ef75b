package io.msap.artifact;

/**
 * What other modules may know of an image: where to pull it from, and how it was made.
 *
 * @param imageUrl the reference a cluster pulls (for tarball-only images {@code msap.local/<projectCode>/<name>:<ver>})
 * @param tarballSha256 the blob holding the OCI image tarball, null when the image was pushed or built elsewhere
 * @param onScratch whether the build fell back to the empty base image (no runtime inside)
 */
public record ImageView(
        String imageId,
        long tenantId,
        String projectId,
        String appId,
        String imageName,
        String imageVer,
        String imageUrl,
        ImageSource imageSource,
        String packageId,
        String baseImage,
        boolean onScratch,
        String imageDigest,
        String tarballSha256,
        boolean pushed,
        boolean official) {}
