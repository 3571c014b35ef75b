package io.msap.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msap.shared.MsapException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format checks of uploads, unpacking into image layers, and the file names downloads get. */
class ArchivesTests {

    @TempDir
    Path dir;

    @Test
    void zipTypesMustBeCompleteZipsAndTgzMustBeGzip() throws IOException {
        byte[] jar = ArtifactTestSupport.jar("unit", 10_000);
        Archives.verify("file", PackageType.JAR, new ByteArrayInputStream(jar));
        Archives.verify("file", PackageType.ZIP, new ByteArrayInputStream(jar));
        byte[] tgz = ArtifactTestSupport.tgz(Map.of("a.txt", "a"), Map.of());
        Archives.verify("file", PackageType.TGZ, new ByteArrayInputStream(tgz));

        assertRefused(PackageType.JAR, tgz, "artifact.package.notZip");
        assertRefused(PackageType.TGZ, jar, "artifact.package.notGzip");
        assertRefused(PackageType.WAR, new byte[0], "artifact.package.empty");
        assertRefused(PackageType.JAR, Arrays.copyOf(jar, jar.length - 200), "artifact.package.corrupt");
        assertRefused(PackageType.TGZ, Arrays.copyOf(tgz, tgz.length - 4), "artifact.package.corrupt");
        ByteArrayOutputStream empty = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(empty)) {
            zip.setComment("no entries");
        }
        assertRefused(PackageType.ZIP, empty.toByteArray(), "artifact.package.corrupt");
    }

    private static void assertRefused(PackageType type, byte[] content, String key) {
        assertThatThrownBy(() -> Archives.verify("file", type, new ByteArrayInputStream(content)))
                .isInstanceOfSatisfying(MsapException.class, e -> {
                    assertThat(e.messageKey()).isEqualTo(key);
                    assertThat(e.fieldProblems().get(0).field()).isEqualTo("file");
                });
    }

    @Test
    void unpackingKeepsFilesInsideAndTheirModes() throws IOException {
        Path tgz = Files.write(
                dir.resolve("p.tgz"),
                ArtifactTestSupport.tgz(
                        Map.of("bin/run.sh", "#!/bin/sh\n", "lib/a.jar", "jar"), Map.of("bin/run.sh", 0750)));
        List<Archives.Unpacked> files = Archives.unpack(PackageType.TGZ, tgz, dir.resolve("out"));
        assertThat(files).extracting(Archives.Unpacked::path).containsExactlyInAnyOrder("bin/run.sh", "lib/a.jar");
        assertThat(files)
                .filteredOn(f -> f.path().equals("bin/run.sh"))
                .extracting(Archives.Unpacked::mode)
                .containsExactly(0750);

        ByteArrayOutputStream evil = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(evil)) {
            zip.putNextEntry(new ZipEntry("../../escape.txt"));
            zip.write("x".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        Path zip = Files.write(dir.resolve("evil.zip"), evil.toByteArray());
        assertThatThrownBy(() -> Archives.unpack(PackageType.ZIP, zip, dir.resolve("zip-out")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("outside");
        assertThat(dir.getParent().resolve("escape.txt")).doesNotExist();
    }

    @Test
    void downloadsGetTheUploadedNameWithoutDirectoriesOrADefault() {
        assertThat(PackageService.fileName("target/orders-1.0.jar", "orders", "1.0", PackageType.JAR))
                .isEqualTo("orders-1.0.jar");
        assertThat(PackageService.fileName("C:\\build\\app.war", "app", "2", PackageType.WAR))
                .isEqualTo("app.war");
        assertThat(PackageService.fileName(null, "tools", "3", PackageType.TGZ)).isEqualTo("tools-3.tar.gz");
        assertThat(PackageService.fileName("a\"b;c.zip", "z", "1", PackageType.ZIP))
                .isEqualTo("abc.zip");
        assertThat(PackageService.fileName(".hidden", "z", "1", PackageType.ZIP))
                .isEqualTo("z-1.zip");
        assertThatThrownBy(() -> PackageService.fileName("x.tgz", "x", "1", PackageType.JAR))
                .isInstanceOf(MsapException.class);
        assertThat(PackageService.readable(512L * 1024 * 1024)).isEqualTo("512 MB");
        assertThat(PackageService.readable(1536 * 1024)).isEqualTo("1536 KB");
    }
}
