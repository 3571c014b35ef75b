package io.msap.artifact;

import io.msap.shared.DataDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The blob store on the local file system: {@code <dir>/sha256/ab/cd/abcd…} under {@code $MSAP_DATA_DIR/blobs} (or
 * {@code msap.artifact.blob-dir}). A put streams to a temporary file in {@code <dir>/tmp} while hashing, forces it to
 * disk, and moves it into place atomically; content already present is not written again.
 */
@Component
class LocalBlobStore implements BlobStore {

    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    private final Path root;
    private final Path tmp;

    @Autowired
    LocalBlobStore(ArtifactSettings settings, DataDirectory dataDirectory) {
        this(
                settings.blobDir().isBlank()
                        ? dataDirectory.resolve("blobs")
                        : Path.of(settings.blobDir()).toAbsolutePath().normalize());
    }

    /** A store in {@code root}. */
    LocalBlobStore(Path root) {
        this.root = root;
        this.tmp = root.resolve("tmp");
        try {
            Files.createDirectories(root.resolve("sha256"));
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the blob directory " + root, e);
        }
    }

    /** The directory blobs are kept in. */
    Path root() {
        return root;
    }

    @Override
    public Stored put(InputStream content) throws IOException {
        Path part = Files.createTempFile(tmp, "put-", ".part");
        try {
            MessageDigest digest = sha256();
            long size = 0;
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                byte[] buffer = new byte[64 * 1024];
                int read;
                while ((read = content.read(buffer)) >= 0) {
                    digest.update(buffer, 0, read);
                    out.write(buffer, 0, read);
                    size += read;
                }
                out.flush();
                channel.force(true);
            }
            String sha256 = HexFormat.of().formatHex(digest.digest());
            Path target = path(sha256);
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                try {
                    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return new Stored(sha256, size);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        return Files.newInputStream(path(sha256));
    }

    @Override
    public boolean exists(String sha256) {
        return Files.isRegularFile(path(sha256));
    }

    @Override
    public long size(String sha256) {
        try {
            return Files.size(path(sha256));
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public boolean delete(String sha256) throws IOException {
        return Files.deleteIfExists(path(sha256));
    }

    /** Where the blob with this digest lives (whether or not it is there). */
    Path path(String sha256) {
        if (sha256 == null || !DIGEST.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a lowercase hex SHA-256 digest: " + sha256);
        }
        return root.resolve("sha256")
                .resolve(sha256.substring(0, 2))
                .resolve(sha256.substring(2, 4))
                .resolve(sha256);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
