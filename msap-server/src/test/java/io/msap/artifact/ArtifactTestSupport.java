package io.msap.artifact;

import static io.msap.test.Replies.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.msap.test.Api;
import io.msap.test.Multipart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Setup steps and files for the artifact tests: apps over the API, jars, zips and tarballs, uploads. */
final class ArtifactTestSupport {

    private final Api api;

    ArtifactTestSupport(Api api) {
        this.api = api;
    }

    /** A general application of the project, made over the API with a GITHUB connection; returns its appId. */
    String app(String token, String projectId, String name) {
        Api.Reply connection = api.post(
                "/v1/service/connection/createServiceConnection",
                token,
                Map.of(
                        "projectId", projectId,
                        "connectionName", "gh-" + UUID.randomUUID().toString().substring(0, 8),
                        "connectionType", "GITHUB",
                        "serverUrl", "https://github.com",
                        "authType", "TOKEN",
                        "token", "tok-secret"));
        assertOk(connection);
        Api.Reply created = api.post(
                "/v1/app/createApplication",
                token,
                Map.of(
                        "projectId",
                        projectId,
                        "name",
                        name,
                        "origin",
                        "GITHUB",
                        "codeReposAddress",
                        "https://github.com/msap/" + name + ".git",
                        "connectionId",
                        connection.data().asString()));
        assertOk(created);
        return created.data().asString();
    }

    /** The form of an upload with every required field; a mutable copy. */
    static Map<String, String> form(String projectId, String appId, String name, String version, String type) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("projectId", projectId);
        form.put("appId", appId);
        form.put("packageName", name);
        form.put("packageVer", version);
        form.put("packageType", type);
        return form;
    }

    Api.Reply upload(String token, Map<String, String> form, String fileName, byte[] file) {
        Multipart body = new Multipart();
        form.forEach(body::field);
        if (file != null) {
            body.file("file", fileName, file, "application/octet-stream");
        }
        return api.request("POST", "/v1/product/uploadPackage")
                .token(token)
                .body(body.contentType(), body.bytes())
                .send();
    }

    /** Uploads a JAR and returns its packageId. */
    String uploadJar(String token, String projectId, String appId, String name, String version, byte[] jar) {
        Api.Reply reply =
                upload(token, form(projectId, appId, name, version, "JAR"), name + "-" + version + ".jar", jar);
        assertOk(reply);
        return reply.data().asString();
    }

    Api.Reply download(String token, String packageId) {
        return api.get("/v1/product/downloadPackage", token, "packageId", packageId);
    }

    /** A real jar with a manifest, a class-like entry and {@code padding} random bytes (stored, not compressed). */
    static byte[] jar(String label, int padding) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_TITLE, label);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new ZipEntry("app/Main.txt"));
            jar.write(("hello from " + label + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
            if (padding > 0) {
                byte[] random = new byte[padding];
                new Random(label.hashCode()).nextBytes(random);
                jar.putNextEntry(new ZipEntry("app/padding.bin"));
                jar.write(random);
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] jar(String label) {
        return jar(label, 0);
    }

    /** A zip holding the given files. */
    static byte[] zip(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A gzip-compressed tar holding the files, each with its mode. */
    static byte[] tgz(Map<String, String> files, Map<String, Integer> modes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(content.length);
                entry.setMode(modes.getOrDefault(file.getKey(), 0644));
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The packageIds of a list answer's rows. */
    static List<String> ids(Api.Reply list, String field) {
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return list.data()
                .get("list")
                .valueStream()
                .map(r -> r.get(field).asString())
                .toList();
    }
}
