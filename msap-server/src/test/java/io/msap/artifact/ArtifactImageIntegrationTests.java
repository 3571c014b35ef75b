package io.msap.artifact;

import static io.msap.artifact.ArtifactTestSupport.ids;
import static io.msap.artifact.ArtifactTestSupport.jar;
import static io.msap.artifact.ArtifactTestSupport.sha256;
import static io.msap.test.Fixtures.DEVELOPER;
import static io.msap.test.Fixtures.VIEWER;
import static io.msap.test.Replies.assertFailure;
import static io.msap.test.Replies.assertField;
import static io.msap.test.Replies.assertOk;
import static io.msap.test.Replies.assertTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msap.project.ProjectAccess;
import io.msap.shared.Failure;
import io.msap.shared.MsapException;
import io.msap.test.Api;
import io.msap.test.Fixtures.User;
import io.msap.test.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Container images over HTTP: createImage for images built elsewhere, images built by {@link ImageBuilder} from an
 * uploaded package into an OCI tarball (its manifest, config and the package layer checked inside the tar), a tarball
 * image as the base of another, ZIP/TGZ packages, getImage (5.7.2) and listImagesPage (5.7.4) field by field,
 * markOfficial, deleteImage with a usage guard, the refusals of a build, roles, outsiders and other tenants.
 */
class ArtifactImageIntegrationTests extends IntegrationTest {

    private static final String NOT_FOUND = "镜像不存在";
    private static final String WIRE_TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+00:00";
    private static final String NO_MANAGE = "没有权限：缺少“管理制品”权限";

    @Autowired
    private ImageBuilder builder;

    @Autowired
    private ProjectAccess projectAccess;

    @Autowired
    private PackageService packageService;

    @Autowired
    private TestArtifactUsage usage;

    private ArtifactTestSupport support;
    private long adminUserId;

    @BeforeEach
    void support() {
        support = new ArtifactTestSupport(api);
        Api.Reply whoami = api.get("/v1/account/whoami", ADMIN_TOKEN);
        assertOk(whoami);
        adminUserId = whoami.data().get("userId").asLong();
    }

    private record Setup(String projectId, String projectCode, String appId, String appName) {}

    private Setup setup() {
        String projectId = fixtures.project();
        String appName = unique("orders");
        String code = projectAccess.find(projectId).orElseThrow().projectCode();
        return new Setup(projectId, code, support.app(ADMIN_TOKEN, projectId, appName), appName);
    }

    private ImageBuilder.BuildRequest request(
            Setup s, String packageId, String base, String name, String version, List<String> entrypoint) {
        return new ImageBuilder.BuildRequest(
                1,
                s.projectId(),
                s.appId(),
                packageId,
                base,
                name,
                version,
                entrypoint,
                "main",
                "admin",
                adminUserId,
                null);
    }

    private Api.Reply getImage(String token, String imageId) {
        return api.get("/v1/product/getImage", token, "imageId", imageId);
    }

    private Api.Reply list(String token, Object... params) {
        return api.get("/v1/product/listImagesPage", token, params);
    }

    private Map<String, Object> createBody(Setup s, String name, String version, String url) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("projectId", s.projectId());
        body.put("appId", s.appId());
        body.put("imageName", name);
        body.put("imageVer", version);
        body.put("imageUrl", url);
        return body;
    }

    /** The entries of an image tarball by name, with their bytes. */
    private static Map<String, byte[]> untar(InputStream tarball) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(tarball)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                entries.put(entry.getName(), tar.readAllBytes());
            }
        }
        return entries;
    }

    /** The files of a gzip-compressed layer by path, with their bytes and modes. */
    private record LayerFile(byte[] bytes, int mode) {}

    private static Map<String, LayerFile> layer(byte[] gzipped) throws IOException {
        Map<String, LayerFile> files = new HashMap<>();
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(gzipped)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile()) {
                    files.put(entry.getName(), new LayerFile(tar.readAllBytes(), entry.getMode() & 0777));
                }
            }
        }
        return files;
    }

    // ---- images built elsewhere --------------------------------------------------------------------------------

    @Test
    void createImageRecordsAnImageBuiltElsewhere() {
        Setup s = setup();
        Api.Reply created = api.post(
                "/v1/product/createImage",
                ADMIN_TOKEN,
                createBody(s, "team/orders", "1.0.0", "registry.example.com/team/orders:1.0.0"));
        assertOk(created);
        String imageId = created.data().asString();

        Api.Reply got = getImage(ADMIN_TOKEN, imageId);
        assertOk(got);
        JsonNode i = got.data();
        assertThat(i.get("branchName").isNull()).isTrue();
        assertThat(i.get("createStaff").asString()).isEqualTo("admin");
        assertThat(i.get("createTime").asString()).matches(WIRE_TIME);
        assertThat(i.get("dockerfileContent").isNull()).isTrue();
        assertThat(i.get("imageId").asString()).isEqualTo(imageId);
        assertThat(i.get("imageName").asString()).isEqualTo("team/orders");
        assertThat(i.get("imageUrl").asString()).isEqualTo("registry.example.com/team/orders:1.0.0");
        assertThat(i.get("imageVer").asString()).isEqualTo("1.0.0");
        assertThat(i.get("isOfficial").isBoolean()).isTrue();
        assertThat(i.get("isOfficial").asBoolean()).isFalse();
        assertThat(i.get("packageName").isNull()).isTrue();
        assertThat(i.get("packageVer").isNull()).isTrue();
        assertThat(i.get("updateStaff").asString()).isEqualTo("admin");
        assertThat(i.get("updateTime").asString()).matches(WIRE_TIME);
        assertThat(i.get("imageSource").asString()).isEqualTo("EXTERNAL");
        assertThat(i.get("downloadable").asBoolean()).isFalse();
        assertThat(i.get("appId").asString()).isEqualTo(s.appId());

        Api.Reply listed = list(ADMIN_TOKEN, "projectId", s.projectId());
        assertThat(ids(listed, "imageId")).containsExactly(imageId);
        JsonNode row = listed.data().get("list").get(0);
        for (String field : List.of(
                "branchName",
                "createStaff",
                "createTime",
                "imageId",
                "imageName",
                "imageUrl",
                "imageVer",
                "isOfficial",
                "packageName")) {
            assertThat(row.has(field)).as(field).isTrue();
        }

        assertFailure(
                api.post(
                        "/v1/product/createImage",
                        ADMIN_TOKEN,
                        createBody(s, "team/orders", "1.0.0", "registry.example.com/team/orders:1.0.0")),
                409,
                "应用 " + s.appName() + " 中已存在镜像 team/orders 的版本 1.0.0");
        Api.Reply badUrl =
                api.post("/v1/product/createImage", ADMIN_TOKEN, createBody(s, "team/orders", "2.0.0", "http://xxx"));
        assertFailure(badUrl, 400, "imageUrl: 不是有效的镜像地址（形如 registry.example.com/team/app:1.0.0，不带 http://）");
        Api.Reply badName =
                api.post("/v1/product/createImage", ADMIN_TOKEN, createBody(s, "Orders!", "2.0.0", "r.io/o:2"));
        assertField(badName, "imageName");
        assertThat(badName.status()).isEqualTo(400);
        Map<String, Object> noVersion = createBody(s, "team/orders", "2.0.0", "r.io/o:2");
        noVersion.remove("imageVer");
        assertFailure(api.post("/v1/product/createImage", ADMIN_TOKEN, noVersion), 400, "imageVer: 此属性是必填项");
        Map<String, Object> foreign = createBody(s, "team/orders", "2.0.0", "r.io/o:2");
        foreign.put("appId", support.app(ADMIN_TOKEN, fixtures.project(), unique("x")));
        assertFailure(api.post("/v1/product/createImage", ADMIN_TOKEN, foreign), 404, "应用不存在");
        assertThat(list(ADMIN_TOKEN, "projectId", s.projectId())
                        .data()
                        .get("total")
                        .asLong())
                .isEqualTo(1);

        assertFailure(
                api.get("/v1/product/downloadImage", ADMIN_TOKEN, "imageId", imageId),
                409,
                "镜像 registry.example.com/team/orders:1.0.0 没有本地镜像包：它已推送到镜像仓库或在别处构建");
    }

    // ---- images built here -------------------------------------------------------------------------------------

    @Test
    void anImageBuiltFromAnUploadedJarIsAnOciTarballHoldingTheJar() throws IOException {
        Setup s = setup();
        byte[] jar = jar("image-orders", 3_000);
        String packageId = support.uploadJar(ADMIN_TOKEN, s.projectId(), s.appId(), "orders", "1.0.0", jar);
        String base = builder.baseImage("java", "17").orElseThrow();
        assertThat(base).isEqualTo("eclipse-temurin:17-jre");

        List<String> log = new CopyOnWriteArrayList<>();
        ImageView image = builder.build(request(s, packageId, base, "orders", "1.0.0", null), log::add);
        String imageUrl = "msap.local/" + s.projectCode().toLowerCase() + "/orders:1.0.0";
        assertThat(image.imageUrl()).isEqualTo(imageUrl);
        assertThat(image.onScratch()).isTrue();
        assertThat(image.imageSource()).isEqualTo(ImageSource.BUILD);
        assertThat(image.tarballSha256()).isNotNull();
        assertThat(log)
                .anyMatch(line -> line.startsWith("Base image: scratch (empty) instead of eclipse-temurin:17-jre"));
        assertThat(log).contains("Equivalent Dockerfile:");

        Api.Reply got = getImage(ADMIN_TOKEN, image.imageId());
        assertOk(got);
        JsonNode i = got.data();
        assertThat(i.get("imageName").asString()).isEqualTo("orders");
        assertThat(i.get("imageVer").asString()).isEqualTo("1.0.0");
        assertThat(i.get("imageUrl").asString()).isEqualTo(imageUrl);
        assertThat(i.get("imageSource").asString()).isEqualTo("BUILD");
        assertThat(i.get("packageName").asString()).isEqualTo("orders");
        assertThat(i.get("packageVer").asString()).isEqualTo("1.0.0");
        assertThat(i.get("packageId").asString()).isEqualTo(packageId);
        assertThat(i.get("branchName").asString()).isEqualTo("main");
        assertThat(i.get("baseImage").asString()).isEqualTo("scratch");
        assertThat(i.get("downloadable").asBoolean()).isTrue();
        assertThat(i.get("imageDigest").asString()).matches("sha256:[0-9a-f]{64}");
        assertThat(i.get("dockerfileContent").asString()).isEqualTo("""
                        # Built by MSAP with Jib (no Docker daemon); this Dockerfile builds an equivalent image.
                        # Built offline on scratch: no image registry is configured and msap.artifact.pull-base-images \
                        is auto, so the base image eclipse-temurin:17-jre was not pulled.
                        # The image holds the package alone, without a runtime: fine for kube-sim, not for a real \
                        cluster.
                        FROM scratch
                        LABEL io.msap.package="orders:1.0.0"
                        COPY orders-1.0.0.jar /app/orders-1.0.0.jar
                        WORKDIR /app
                        ENTRYPOINT ["java","-jar","/app/orders-1.0.0.jar"]
                        """);
        assertThat(ids(list(ADMIN_TOKEN, "projectId", s.projectId(), "appId", s.appId()), "imageId"))
                .containsExactly(image.imageId());

        Api.Reply download = api.get("/v1/product/downloadImage", ADMIN_TOKEN, "imageId", image.imageId());
        assertThat(download.status()).as(download.toString()).isEqualTo(200);
        assertThat(download.header("Content-Type")).isEqualTo("application/x-tar");
        assertThat(download.header("X-Checksum-Sha256")).isEqualTo(sha256(download.bytes()));
        assertThat(download.header("Content-Disposition")).isEqualTo("attachment; filename=\"orders-1.0.0.tar\"");

        Map<String, byte[]> tar = untar(new ByteArrayInputStream(download.bytes()));
        assertThat(tar).containsKeys("oci-layout", "index.json", "manifest.json");
        JsonNode index = Api.JSON.readTree(tar.get("index.json"));
        assertThat(index.get("manifests").get(0).get("digest").asString())
                .isEqualTo(i.get("imageDigest").asString());
        JsonNode manifest = Api.JSON.readTree(tar.get("manifest.json")).get(0);
        assertThat(manifest.get("RepoTags").get(0).asString()).isEqualTo(imageUrl);
        assertThat(manifest.get("Layers")).hasSize(1);
        JsonNode config = Api.JSON.readTree(tar.get(manifest.get("Config").asString()));
        assertThat(config.get("config").get("Entrypoint").toString())
                .isEqualTo("[\"java\",\"-jar\",\"/app/orders-1.0.0.jar\"]");
        assertThat(config.get("config").get("WorkingDir").asString()).isEqualTo("/app");
        assertThat(config.get("config").get("Labels").get("io.msap.package-id").asString())
                .isEqualTo(packageId);
        Map<String, LayerFile> files =
                layer(tar.get(manifest.get("Layers").get(0).asString()));
        assertThat(files).containsOnlyKeys("app/orders-1.0.0.jar");
        assertThat(files.get("app/orders-1.0.0.jar").bytes()).isEqualTo(jar);

        // the tarball serves as the base of another image
        Path baseTar = Files.createTempFile("orders-base-", ".tar");
        Files.write(baseTar, download.bytes());
        try {
            ImageView onBase = builder.build(
                    request(s, packageId, "tar://" + baseTar, "orders-layered", "1.0.0", List.of("/app/run")), null);
            assertThat(onBase.onScratch()).isFalse();
            assertThat(onBase.baseImage()).isEqualTo("tar://" + baseTar);
            Api.Reply layered = api.get("/v1/product/downloadImage", ADMIN_TOKEN, "imageId", onBase.imageId());
            Map<String, byte[]> layeredTar = untar(new ByteArrayInputStream(layered.bytes()));
            JsonNode layeredManifest =
                    Api.JSON.readTree(layeredTar.get("manifest.json")).get(0);
            assertThat(layeredManifest.get("Layers")).hasSize(2);
            assertThat(getImage(ADMIN_TOKEN, onBase.imageId())
                            .data()
                            .get("dockerfileContent")
                            .asString())
                    .contains("FROM tar://" + baseTar + "\n")
                    .contains("ENTRYPOINT [\"/app/run\"]");
        } finally {
            Files.deleteIfExists(baseTar);
        }
    }

    @Test
    void anImageIsPushedToTheRegistryItIsGiven() throws IOException {
        Setup s = setup();
        byte[] jar = jar("pushed", 2_000);
        String packageId = support.uploadJar(ADMIN_TOKEN, s.projectId(), s.appId(), "pushed", "1.0.0", jar);
        try (FakeRegistry registry = new FakeRegistry()) {
            List<String> log = new CopyOnWriteArrayList<>();
            ImageView image = builder.build(
                    new ImageBuilder.BuildRequest(
                            1,
                            s.projectId(),
                            s.appId(),
                            packageId,
                            "scratch",
                            "pushed",
                            "1.0.0",
                            null,
                            null,
                            "admin",
                            adminUserId,
                            new ImageBuilder.RegistryTarget("http://" + registry.host(), "team", null, null, true)),
                    log::add);
            String repository = "team/" + s.projectCode().toLowerCase() + "/pushed";
            assertThat(image.imageUrl()).isEqualTo(registry.host() + "/" + repository + ":1.0.0");
            assertThat(image.pushed()).isTrue();
            assertThat(image.tarballSha256()).isNull();
            assertThat(log).anyMatch(line -> line.startsWith("Pushed " + image.imageUrl()));

            byte[] manifest = registry.manifest(repository, "1.0.0");
            assertThat(manifest).as(String.join("\n", log)).isNotNull();
            assertThat(image.imageDigest()).isEqualTo("sha256:" + sha256(manifest));
            JsonNode layers = Api.JSON.readTree(manifest).get("layers");
            assertThat(layers).hasSize(1);
            Map<String, LayerFile> files =
                    layer(registry.blob(layers.get(0).get("digest").asString()));
            assertThat(files.get("app/pushed-1.0.0.jar").bytes()).isEqualTo(jar);
        }
        Api.Reply got = getImage(ADMIN_TOKEN, builderImageId(s, "pushed"));
        assertThat(got.data().get("downloadable").asBoolean()).isFalse();
        assertThat(got.data().get("dockerfileContent").asString()).contains("FROM scratch\n");
    }

    private String builderImageId(Setup s, String imageName) {
        Api.Reply listed = list(ADMIN_TOKEN, "projectId", s.projectId(), "imageName", imageName);
        return ids(listed, "imageId").get(0);
    }

    @Test
    void unpackedPackagesNeedAnEntrypointAndKeepTheirModes() throws IOException {
        Setup s = setup();
        byte[] tgz = ArtifactTestSupport.tgz(
                Map.of("bin/run.sh", "#!/bin/sh\necho hi\n", "conf/app.conf", "x=1\n"), Map.of("bin/run.sh", 0755));
        Api.Reply uploaded = support.upload(
                ADMIN_TOKEN,
                ArtifactTestSupport.form(s.projectId(), s.appId(), "bundle", "1.0", "TGZ"),
                "bundle.tgz",
                tgz);
        assertOk(uploaded);
        String packageId = uploaded.data().asString();

        assertThatThrownBy(() -> builder.build(request(s, packageId, "scratch", "bundle", "1.0", null), null))
                .isInstanceOfSatisfying(MsapException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.BAD_REQUEST);
                    assertThat(e.messageKey()).isEqualTo("artifact.image.entrypointRequired");
                    assertThat(e.fieldProblems().get(0).field()).isEqualTo("entrypoint");
                });

        ImageView image =
                builder.build(request(s, packageId, "scratch", "bundle", "1.0", List.of("/app/bin/run.sh")), null);
        assertThat(image.onScratch()).isTrue();
        Api.Reply download = api.get("/v1/product/downloadImage", ADMIN_TOKEN, "imageId", image.imageId());
        Map<String, byte[]> tar = untar(new ByteArrayInputStream(download.bytes()));
        JsonNode manifest = Api.JSON.readTree(tar.get("manifest.json")).get(0);
        Map<String, LayerFile> files =
                layer(tar.get(manifest.get("Layers").get(0).asString()));
        assertThat(files).containsOnlyKeys("app/bin/run.sh", "app/conf/app.conf");
        assertThat(files.get("app/bin/run.sh").mode()).isEqualTo(0755);
        assertThat(new String(files.get("app/conf/app.conf").bytes(), StandardCharsets.UTF_8))
                .isEqualTo("x=1\n");
        assertThat(getImage(ADMIN_TOKEN, image.imageId())
                        .data()
                        .get("dockerfileContent")
                        .asString())
                .contains("FROM scratch\n")
                .doesNotContain("Built offline")
                .contains("ADD bundle.tgz /app/\n")
                .contains("ENTRYPOINT [\"/app/bin/run.sh\"]");
    }

    @Test
    void aBuildRefusesBadRequestsBeforeBuilding() {
        Setup s = setup();
        String packageId = support.uploadJar(ADMIN_TOKEN, s.projectId(), s.appId(), "app", "1.0", jar("refusals"));
        builder.build(request(s, packageId, "scratch", "app", "1.0", null), null);

        assertRefused(request(s, packageId, "scratch", "app", "1.0", null), Failure.CONFLICT, "artifact.image.exists");
        assertRefused(
                request(s, packageId, "scratch", "Bad Name", "1.0", null),
                Failure.BAD_REQUEST,
                "artifact.image.name.pattern");
        assertRefused(
                request(s, packageId, "scratch", "app", "1.0/x", null),
                Failure.BAD_REQUEST,
                "artifact.image.ver.pattern");
        assertRefused(
                request(s, "5b0d1c3e-0000-4000-8000-000000000000", "scratch", "app", "2.0", null),
                Failure.NOT_FOUND,
                PackageService.NOT_FOUND);
        Setup other = setup();
        String foreign = support.uploadJar(ADMIN_TOKEN, other.projectId(), other.appId(), "app", "1.0", jar("f"));
        assertRefused(request(s, foreign, "scratch", "app", "2.0", null), Failure.NOT_FOUND, PackageService.NOT_FOUND);
        assertRefused(
                request(s, packageId, "docker://eclipse-temurin:17", "app", "2.0", null),
                Failure.BAD_REQUEST,
                "artifact.image.base.daemon");
        assertRefused(
                request(s, packageId, "tar:///nonexistent/base.tar", "app", "2.0", null),
                Failure.UNAVAILABLE,
                "artifact.image.base.unreachable");
        assertThat(list(ADMIN_TOKEN, "projectId", s.projectId())
                        .data()
                        .get("total")
                        .asLong())
                .isEqualTo(1);
    }

    private void assertRefused(ImageBuilder.BuildRequest request, Failure failure, String key) {
        assertThatThrownBy(() -> builder.build(request, null)).isInstanceOfSatisfying(MsapException.class, e -> {
            assertThat(e.failure()).isEqualTo(failure);
            assertThat(e.messageKey()).isEqualTo(key);
        });
    }

    @Test
    void theOfficialDemoBuildsIntoAnyProject() throws IOException {
        Setup s = setup();
        PackageView demo = packageService.officialDemo("hello-msap").orElseThrow();
        ImageView image = builder.build(
                request(s, demo.packageId(), builder.baseImage("java", "17").orElseThrow(), "hello", "1.0.0", null),
                null);
        assertThat(image.packageId()).isEqualTo(demo.packageId());
        assertThat(image.projectId()).isEqualTo(s.projectId());
        Api.Reply download = api.get("/v1/product/downloadImage", ADMIN_TOKEN, "imageId", image.imageId());
        Map<String, byte[]> tar = untar(new ByteArrayInputStream(download.bytes()));
        JsonNode manifest = Api.JSON.readTree(tar.get("manifest.json")).get(0);
        Map<String, LayerFile> files =
                layer(tar.get(manifest.get("Layers").get(0).asString()));
        assertThat(files).containsOnlyKeys("app/hello-msap-1.0.0.jar");
        assertThat(sha256(files.get("app/hello-msap-1.0.0.jar").bytes())).isEqualTo(demo.sha256());
    }

    // ---- mark, delete, lists -----------------------------------------------------------------------------------

    @Test
    void markOfficialAndDeleteWithAUsageGuard() {
        Setup s = setup();
        String imageId = api.post(
                        "/v1/product/createImage", ADMIN_TOKEN, createBody(s, "orders", "1.0.0", "r.example.com/o:1"))
                .data()
                .asString();
        assertTrue(api.post("/v1/product/markOfficial", ADMIN_TOKEN, Map.of("imageId", imageId, "isOfficial", true)));
        assertThat(getImage(ADMIN_TOKEN, imageId).data().get("isOfficial").asBoolean())
                .isTrue();
        assertThat(list(ADMIN_TOKEN, "projectId", s.projectId())
                        .data()
                        .get("list")
                        .get(0)
                        .get("isOfficial")
                        .asBoolean())
                .isTrue();
        assertTrue(
                api.post("/v1/product/markOfficial", ADMIN_TOKEN, Map.of("imageId", imageId, "isOfficial", "false")));
        assertThat(getImage(ADMIN_TOKEN, imageId).data().get("isOfficial").asBoolean())
                .isFalse();
        assertFailure(
                api.post(
                        "/v1/product/markOfficial",
                        ADMIN_TOKEN,
                        Map.of("imageId", imageId, "packageId", imageId, "isOfficial", true)),
                400,
                "packageId: 请只给出 imageId 和 packageId 中的一个");
        assertFailure(
                api.post("/v1/product/markOfficial", ADMIN_TOKEN, Map.of("isOfficial", true)),
                400,
                "imageId: 请只给出 imageId 和 packageId 中的一个");
        assertFailure(
                api.post("/v1/product/markOfficial", ADMIN_TOKEN, Map.of("imageId", imageId)),
                400,
                "isOfficial: 此属性是必填项");

        usage.use(imageId, "应用部署 orders-prod");
        try {
            assertFailure(
                    api.post("/v1/product/deleteImage", ADMIN_TOKEN, Map.of("imageId", imageId)),
                    409,
                    "镜像 r.example.com/o:1 正在被使用，不能删除：应用部署 orders-prod");
            assertOk(getImage(ADMIN_TOKEN, imageId));
        } finally {
            usage.release(imageId);
        }
        assertTrue(api.post("/v1/product/deleteImage", ADMIN_TOKEN, Map.of("imageId", imageId)));
        assertFailure(getImage(ADMIN_TOKEN, imageId), 404, NOT_FOUND);
        assertThat(ids(list(ADMIN_TOKEN, "projectId", s.projectId()), "imageId"))
                .isEmpty();
        // the name and version are free again
        assertOk(api.post(
                "/v1/product/createImage", ADMIN_TOKEN, createBody(s, "orders", "1.0.0", "r.example.com/o:1")));
        assertFailure(getImage(ADMIN_TOKEN, "not-a-uuid"), 404, NOT_FOUND);
        assertFailure(api.get("/v1/product/getImage", ADMIN_TOKEN), 400, "imageId: 此属性是必填项");
    }

    @Test
    void listsFilterByGroupAppAndName() {
        Setup s = setup();
        String other = support.app(ADMIN_TOKEN, s.projectId(), unique("billing"));
        Api.Reply group = api.post(
                "/v1/app/group/insertApplicationGroup", ADMIN_TOKEN, Map.of("projectId", s.projectId(), "name", "g"));
        assertOk(api.post(
                "/v1/app/setApplicationGroup",
                ADMIN_TOKEN,
                Map.of("appId", other, "appGroupId", group.data().asString())));
        String a1 = api.post("/v1/product/createImage", ADMIN_TOKEN, createBody(s, "orders", "1", "r.io/orders:1"))
                .data()
                .asString();
        String a2 = api.post("/v1/product/createImage", ADMIN_TOKEN, createBody(s, "orders", "2", "r.io/orders:2"))
                .data()
                .asString();
        Map<String, Object> billing = createBody(s, "billing_api", "1", "r.io/billing:1");
        billing.put("appId", other);
        String b1 =
                api.post("/v1/product/createImage", ADMIN_TOKEN, billing).data().asString();

        assertThat(ids(list(ADMIN_TOKEN, "projectId", s.projectId()), "imageId"))
                .containsExactly(b1, a2, a1);
        assertThat(ids(list(ADMIN_TOKEN, "projectId", s.projectId(), "appId", s.appId()), "imageId"))
                .containsExactly(a2, a1);
        assertThat(ids(
                        list(
                                ADMIN_TOKEN,
                                "projectId",
                                s.projectId(),
                                "appGroupId",
                                group.data().asString()),
                        "imageId"))
                .containsExactly(b1);
        assertThat(ids(list(ADMIN_TOKEN, "projectId", s.projectId(), "imageName", "ORD"), "imageId"))
                .containsExactly(a2, a1);
        assertThat(ids(list(ADMIN_TOKEN, "projectId", s.projectId(), "imageName", "_"), "imageId"))
                .containsExactly(b1);
        Api.Reply page = list(ADMIN_TOKEN, "projectId", s.projectId(), "pageNum", 2, "pageSize", 2);
        assertThat(ids(page, "imageId")).containsExactly(a1);
        assertThat(page.data().get("total").asLong()).isEqualTo(3);
        assertThat(page.data().get("pages").asInt()).isEqualTo(2);
    }

    // ---- who may -----------------------------------------------------------------------------------------------

    @Test
    void viewersReadOutsidersAndOtherTenantsSeeNothing() {
        Setup s = setup();
        String imageId = api.post(
                        "/v1/product/createImage", ADMIN_TOKEN, createBody(s, "orders", "1.0.0", "r.example.com/o:1"))
                .data()
                .asString();
        User viewer = fixtures.subAccount();
        fixtures.member(s.projectId(), viewer, VIEWER);
        assertOk(getImage(viewer.token(), imageId));
        assertThat(ids(list(viewer.token(), "projectId", s.projectId()), "imageId"))
                .containsExactly(imageId);
        assertFailure(
                api.post(
                        "/v1/product/createImage",
                        viewer.token(),
                        createBody(s, "orders", "2.0.0", "r.example.com/o:2")),
                403,
                NO_MANAGE);
        assertFailure(
                api.post("/v1/product/markOfficial", viewer.token(), Map.of("imageId", imageId, "isOfficial", true)),
                403,
                NO_MANAGE);
        assertFailure(api.post("/v1/product/deleteImage", viewer.token(), Map.of("imageId", imageId)), 403, NO_MANAGE);

        User developer = fixtures.subAccount();
        fixtures.member(s.projectId(), developer, DEVELOPER);
        assertFailure(
                api.post(
                        "/v1/product/createImage",
                        developer.token(),
                        createBody(s, "orders", "2.0.0", "r.example.com/o:2")),
                403,
                "没有权限：需要该应用的数据权限才能管理制品，请联系项目管理员授权");

        for (User stranger : List.of(fixtures.subAccount(), fixtures.tenant())) {
            assertFailure(getImage(stranger.token(), imageId), 404, NOT_FOUND);
            assertFailure(list(stranger.token(), "projectId", s.projectId()), 404, "项目不存在");
            assertFailure(
                    api.post("/v1/product/deleteImage", stranger.token(), Map.of("imageId", imageId)), 404, NOT_FOUND);
            assertFailure(api.get("/v1/product/downloadImage", stranger.token(), "imageId", imageId), 404, NOT_FOUND);
        }
        assertThat(getImage(ADMIN_TOKEN, imageId).data().get("isOfficial").asBoolean())
                .isFalse();
    }
}
