package io.msap.artifact;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where artifact bytes live: content-addressed blobs named by the lowercase hex SHA-256 of their content, so equal
 * content is stored once and a blob never changes. The local implementation keeps them under
 * {@code $MSAP_DATA_DIR/blobs} (or {@code msap.artifact.blob-dir}, a volume replicas can share); an S3-compatible one
 * can follow behind the same interface. Other modules (pipeline stage outputs and logs) store their blobs here too, and
 * say which blobs they still need through {@link BlobReferences}.
 */
public interface BlobStore {

    /** A stored blob: its content digest (lowercase hex SHA-256) and size in bytes. */
    record Stored(String sha256, long size) {}

    /**
     * Stores the content read from {@code content} to its end (the caller closes the stream) and returns its digest and
     * size. Content already stored is not written twice. A blob becomes visible only complete: a failed or interrupted
     * put leaves nothing behind.
     */
    Stored put(InputStream content) throws IOException;

    /**
     * Opens a stored blob for reading; the caller closes the stream.
     *
     * @throws java.nio.file.NoSuchFileException when no blob has this digest
     * @throws IllegalArgumentException when {@code sha256} is not 64 lowercase hex digits
     */
    InputStream open(String sha256) throws IOException;

    /** Whether a blob with this digest is stored. */
    boolean exists(String sha256);

    /** The size in bytes of a stored blob, or -1 when it is not stored. */
    long size(String sha256);

    /** Removes a blob; true when it was there. Callers make sure nothing refers to it ({@link BlobReferences}). */
    boolean delete(String sha256) throws IOException;
}
