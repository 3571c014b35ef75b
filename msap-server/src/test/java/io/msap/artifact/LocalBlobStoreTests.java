package io.msap.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local blob store: digests, storing once, nothing left behind by a failed put, no paths out of its directory. */
class LocalBlobStoreTests {

    @TempDir
    Path dir;

    private LocalBlobStore store() {
        return new LocalBlobStore(dir.resolve("blobs"));
    }

    @Test
    void storesByDigestOnceAndReadsBack() throws IOException {
        LocalBlobStore store = store();
        byte[] content = "hello blobs".getBytes(StandardCharsets.UTF_8);
        BlobStore.Stored first = store.put(new ByteArrayInputStream(content));
        assertThat(first.sha256()).isEqualTo(ArtifactTestSupport.sha256(content));
        assertThat(first.size()).isEqualTo(content.length);
        BlobStore.Stored second = store.put(new ByteArrayInputStream(content));
        assertThat(second).isEqualTo(first);
        assertThat(files(store.root())).containsExactly(store.path(first.sha256()));
        try (InputStream in = store.open(first.sha256())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(store.exists(first.sha256())).isTrue();
        assertThat(store.size(first.sha256())).isEqualTo(content.length);
        assertThat(store.path(first.sha256()).toString())
                .endsWith("sha256/" + first.sha256().substring(0, 2) + "/"
                        + first.sha256().substring(2, 4) + "/" + first.sha256());

        assertThat(store.delete(first.sha256())).isTrue();
        assertThat(store.exists(first.sha256())).isFalse();
        assertThat(store.size(first.sha256())).isEqualTo(-1);
        assertThat(store.delete(first.sha256())).isFalse();
        assertThatThrownBy(() -> store.open(first.sha256())).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aFailedPutLeavesNothing() throws IOException {
        LocalBlobStore store = store();
        InputStream failing = new InputStream() {
            private int left = 100_000;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw new IOException("connection reset");
                }
                return 'x';
            }
        };
        assertThatThrownBy(() -> store.put(failing)).isInstanceOf(IOException.class);
        assertThat(files(store.root())).isEmpty();
    }

    @Test
    void digestsAreCheckedSoNoPathLeavesTheStore() {
        LocalBlobStore store = store();
        assertThatThrownBy(() -> store.open("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.exists("ABCDEF")).isInstanceOf(IllegalArgumentException.class);
    }

    private static java.util.List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
