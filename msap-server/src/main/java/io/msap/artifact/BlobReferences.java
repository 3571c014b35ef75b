package io.msap.artifact;

/**
 * Tells the blob retention job which blobs a module still needs. Blobs are shared by content, so before the job
 * deletes the blob of a package or image deleted long ago it asks every implementation (the artifact module's own, and
 * higher modules that store blobs, such as pipeline stage outputs) whether the digest is still referenced.
 */
public interface BlobReferences {

    /** Whether this module still needs the blob with this digest. */
    boolean references(String sha256);
}
