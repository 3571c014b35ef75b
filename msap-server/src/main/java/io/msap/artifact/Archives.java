package io.msap.artifact;

import io.msap.shared.MsapException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the artifact module knows of archive formats: whether an uploaded file really is what its package type says
 * (a JAR, WAR or ZIP is a zip, a TGZ is gzip), unpacking ZIP and TGZ packages into an image layer, and image tarballs.
 */
final class Archives {

    /** Verification reads at most this much unpacked content, so a zip bomb costs bounded time. */
    static final long VERIFY_BUDGET = 1L << 30;

    private static final byte[] ZIP_MAGIC = {0x50, 0x4b, 0x03, 0x04};
    private static final byte[] ZIP_EMPTY = {0x50, 0x4b, 0x05, 0x06};
    private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Archives() {}

    /** The format a file name promises, if it has a known extension. */
    static PackageType formatOfName(String fileName) {
        if (fileName == null) {
            return null;
        }
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".jar")) {
            return PackageType.JAR;
        }
        if (name.endsWith(".war")) {
            return PackageType.WAR;
        }
        if (name.endsWith(".zip")) {
            return PackageType.ZIP;
        }
        if (name.endsWith(".tgz") || name.endsWith(".tar.gz")) {
            return PackageType.TGZ;
        }
        return null;
    }

    /**
     * Checks that {@code content} is a complete archive of {@code type}'s format: a zip with at least one entry whose
     * entries all read back, or a gzip stream that decompresses to its end. 400 naming {@code field} otherwise.
     */
    static void verify(String field, PackageType type, InputStream content) throws IOException {
        BufferedInputStream in = new BufferedInputStream(content);
        in.mark(8);
        byte[] head = in.readNBytes(4);
        in.reset();
        if (head.length == 0) {
            throw MsapException.badField(field, "artifact.package.empty");
        }
        if (type.zipFormat()) {
            if (startsWith(head, ZIP_EMPTY)) {
                throw MsapException.badField(field, "artifact.package.corrupt", type.name());
            }
            if (!startsWith(head, ZIP_MAGIC)) {
                throw MsapException.badField(field, "artifact.package.notZip", type.name());
            }
            verifyZip(field, type, in);
        } else {
            if (!startsWith(head, GZIP_MAGIC)) {
                throw MsapException.badField(field, "artifact.package.notGzip", type.name());
            }
            verifyGzip(field, type, in);
        }
    }

    /**
     * Reads every entry (within the budget), then the rest of the file, which must end with the central directory's
     * end record: a file cut short anywhere, even after its last entry, is refused.
     */
    private static void verifyZip(String field, PackageType type, InputStream in) throws IOException {
        long budget = VERIFY_BUDGET;
        int entries = 0;
        byte[] buffer = new byte[64 * 1024];
        Tail tail = new Tail(in);
        try (ZipInputStream zip = new ZipInputStream(tail)) {
            ZipEntry entry;
            while (budget > 0 && (entry = zip.getNextEntry()) != null) {
                entries++;
                if (entry.getName().isEmpty()) {
                    throw MsapException.badField(field, "artifact.package.corrupt", type.name());
                }
                int read;
                while (budget > 0 && (read = zip.read(buffer)) >= 0) {
                    budget -= read;
                }
            }
            if (budget > 0) {
                tail.transferTo(OutputStream.nullOutputStream());
                if (!tail.endsWithZipEnd()) {
                    throw MsapException.badField(field, "artifact.package.corrupt", type.name());
                }
            }
        } catch (ZipException | java.io.EOFException e) {
            throw MsapException.badField(field, "artifact.package.corrupt", type.name());
        }
        if (entries == 0) {
            throw MsapException.badField(field, "artifact.package.corrupt", type.name());
        }
    }

    /** A stream that remembers the last bytes read through it, to find a zip's end record. */
    private static final class Tail extends java.io.FilterInputStream {

        /** The end record (22 bytes) plus the longest comment it may carry. */
        private static final int KEEP = 22 + 0xFFFF;

        private final byte[] ring = new byte[KEEP];
        private long total;

        Tail(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                ring[(int) (total++ % KEEP)] = (byte) b;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            for (int i = 0; i < n; i++) {
                ring[(int) (total++ % KEEP)] = b[off + i];
            }
            return n;
        }

        @Override
        public void close() {
            // the caller closes the underlying stream
        }

        /** Whether an end-of-central-directory record (PK 5 6) ends the bytes read, its comment length matching. */
        boolean endsWithZipEnd() {
            int size = (int) Math.min(total, KEEP);
            byte[] last = new byte[size];
            for (int i = 0; i < size; i++) {
                last[i] = ring[(int) ((total - size + i) % KEEP)];
            }
            for (int at = size - 22; at >= 0; at--) {
                if (last[at] == 0x50 && last[at + 1] == 0x4b && last[at + 2] == 0x05 && last[at + 3] == 0x06) {
                    int comment = (last[at + 20] & 0xff) | (last[at + 21] & 0xff) << 8;
                    return at + 22 + comment == size;
                }
            }
            return false;
        }
    }

    private static void verifyGzip(String field, PackageType type, InputStream in) throws IOException {
        long budget = VERIFY_BUDGET;
        byte[] buffer = new byte[64 * 1024];
        try (GZIPInputStream gzip = new GZIPInputStream(in)) {
            int read;
            while (budget > 0 && (read = gzip.read(buffer)) >= 0) {
                budget -= read;
            }
        } catch (ZipException | java.io.EOFException e) {
            throw MsapException.badField(field, "artifact.package.corrupt", type.name());
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** A file unpacked from an archive: where it is on disk, its path inside the archive, and its mode bits. */
    record Unpacked(Path file, String path, int mode) {}

    /**
     * Unpacks a ZIP or TGZ package into {@code dir}: regular files and directories only (links are skipped), none
     * outside {@code dir}. Returns the files in archive order.
     */
    static List<Unpacked> unpack(PackageType type, Path archive, Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        List<Unpacked> files = new ArrayList<>();
        if (type.zipFormat()) {
            try (ZipFile zip = new ZipFile(archive.toFile())) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    Path target = inside(root, entry.getName());
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                    files.add(new Unpacked(target, relative(root, target), 0644));
                }
            }
        } else {
            try (InputStream raw = Files.newInputStream(archive);
                    TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    if (entry.isDirectory()) {
                        Files.createDirectories(inside(root, entry.getName()));
                        continue;
                    }
                    if (!entry.isFile()) {
                        continue;
                    }
                    Path target = inside(root, entry.getName());
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                    files.add(new Unpacked(target, relative(root, target), entry.getMode() & 0777));
                }
            }
        }
        return files;
    }

    private static Path inside(Path root, String name) throws IOException {
        Path target = root.resolve(name).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new IOException("archive entry outside its directory: " + name);
        }
        return target;
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    /**
     * Copies an image tarball to {@code out}, adding a Docker {@code manifest.json} (pointing at the OCI blobs) when
     * it has only an OCI {@code index.json}: the result loads with {@code docker load} and {@code podman load} and
     * serves Jib as a {@code tar://} base. Returns false (and writes nothing) when the tarball already has a
     * {@code manifest.json}.
     *
     * @param repoTag the reference to tag the image with on load; null for none
     * @throws IOException when the tarball is neither a Docker nor an OCI image tarball
     */
    static boolean addDockerManifest(Path tarball, Path out, String repoTag) throws IOException {
        Map<String, byte[]> small = new HashMap<>();
        try (InputStream raw = Files.newInputStream(tarball);
                TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entryName(entry);
                if ("manifest.json".equals(name)) {
                    return false;
                }
                if (entry.isFile() && entry.getSize() <= 1024 * 1024) {
                    small.put(name, tar.readAllBytes());
                }
            }
        }
        byte[] index = small.get("index.json");
        if (index == null) {
            throw new IOException("neither manifest.json nor index.json in the image tarball");
        }
        JsonNode manifests = JSON.readTree(index).path("manifests");
        if (!manifests.isArray() || manifests.isEmpty()) {
            throw new IOException("index.json lists no image manifest");
        }
        byte[] manifestBytes =
                small.get(blobPath(manifests.get(0).path("digest").asString()));
        if (manifestBytes == null) {
            throw new IOException("the image manifest named by index.json is missing");
        }
        JsonNode manifest = JSON.readTree(manifestBytes);
        ObjectNode docker = JSON.createObjectNode();
        docker.put("Config", blobPath(manifest.path("config").path("digest").asString()));
        ArrayNode tags = docker.putArray("RepoTags");
        if (repoTag != null) {
            tags.add(repoTag);
        }
        ArrayNode layers = docker.putArray("Layers");
        for (JsonNode layer : manifest.path("layers")) {
            layers.add(blobPath(layer.path("digest").asString()));
        }
        ArrayNode list = JSON.createArrayNode().add(docker);
        byte[] dockerManifest = JSON.writeValueAsString(list).getBytes(StandardCharsets.UTF_8);

        try (InputStream raw = Files.newInputStream(tarball);
                TarArchiveInputStream tar = new TarArchiveInputStream(raw);
                OutputStream target = Files.newOutputStream(out);
                TarArchiveOutputStream copy = new TarArchiveOutputStream(target)) {
            copy.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                TarArchiveEntry copied = new TarArchiveEntry(entryName(entry));
                copied.setSize(entry.getSize());
                copied.setMode(entry.getMode());
                copied.setModTime(entry.getModTime());
                copy.putArchiveEntry(copied);
                tar.transferTo(copy);
                copy.closeArchiveEntry();
            }
            TarArchiveEntry added = new TarArchiveEntry("manifest.json");
            added.setSize(dockerManifest.length);
            added.setMode(0644);
            added.setModTime(0);
            copy.putArchiveEntry(added);
            copy.write(dockerManifest);
            copy.closeArchiveEntry();
            copy.finish();
        }
        return true;
    }

    /** The names of the entries of a tarball, in order (for checks of what an image tarball holds). */
    static List<String> entries(InputStream tarball) throws IOException {
        List<String> names = new ArrayList<>();
        TarArchiveInputStream tar = new TarArchiveInputStream(tarball);
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            names.add(entryName(entry));
        }
        return names;
    }

    private static String entryName(TarArchiveEntry entry) {
        String name = entry.getName();
        return name.startsWith("./") ? name.substring(2) : name;
    }

    private static String blobPath(String digest) throws IOException {
        int colon = digest == null ? -1 : digest.indexOf(':');
        if (colon <= 0) {
            throw new IOException("not a digest: " + digest);
        }
        return "blobs/" + digest.substring(0, colon) + "/" + digest.substring(colon + 1);
    }
}
