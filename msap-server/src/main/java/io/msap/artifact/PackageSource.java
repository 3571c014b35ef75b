package io.msap.artifact;

/**
 * Where a package came from, in the manual's words (5.1.6 packageSource). {@code EXISTED_PACKAGE}, the fourth value
 * there, is how a deploy refers to a package already in the repository, not where one came from.
 */
public enum PackageSource {
    /** Uploaded by a user (uploadPackage). */
    USER_UPLOAD,
    /** An official demo published by the platform (hello-msap), read-only in every project. */
    OFFICIAL_DEMO,
    /** Built from code by a pipeline (PACKAGE_PUBLISH). */
    CODE_GENERATE
}
