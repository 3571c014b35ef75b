package io.msap.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code $MSAP_DATA_DIR}: the one directory the server writes to (H2 files, local blobs, caches, workspaces, logs and
 * first-start secrets). Created on start.
 */
@Component
public class DataDirectory {

    private final Path root;

    DataDirectory(@Value("${msap.data-dir}") String dataDir) {
        this.root = Path.of(dataDir).toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    /** A path inside the data directory. */
    public Path resolve(String relative) {
        return root.resolve(relative);
    }
}
