package io.msap.artifact;

import static io.msap.artifact.ArtifactTestSupport.form;
import static io.msap.artifact.ArtifactTestSupport.ids;
import static io.msap.artifact.ArtifactTestSupport.jar;
import static io.msap.artifact.ArtifactTestSupport.sha256;
import static io.msap.test.Fixtures.DEVELOPER;
import static io.msap.test.Fixtures.OPERATOR;
import static io.msap.test.Fixtures.TESTER;
import static io.msap.test.Fixtures.VIEWER;
import static io.msap.test.Replies.assertFailure;
import static io.msap.test.Replies.assertField;
import static io.msap.test.Replies.assertOk;
import static io.msap.test.Replies.assertTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.msap.test.Api;
import io.msap.test.Fixtures.User;
import io.msap.test.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;

/**
 * Generic packages over HTTP: uploadPackage and downloadPackage (5.7.1) byte for byte with their checksum, getPackage
 * (5.7.3) and listPackagesPage (5.7.5) field by field with their filters and pages, deletePackage with usage guards,
 * every refusal of a bad upload (nothing stored), storage by content, the official demo hello-msap (and that its jar
 * runs), roles, outsiders and other tenants.
 */
class ArtifactPackageIntegrationTests extends IntegrationTest {

    private static final String NOT_FOUND = "程序包不存在";
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String WIRE_TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+00:00";
    private static final String NO_MANAGE = "没有权限：缺少“管理制品”权限";
    private static final String NO_APP_GRANT = "没有权限：需要该应用的数据权限才能管理制品，请联系项目管理员授权";

    @Autowired
    private BlobStore blobStore;

    @Autowired
    private TestArtifactUsage usage;

    @Autowired
    private PackageService packageService;

    @Autowired
    private OfficialDemos officialDemos;

    @Autowired
    private BlobPurge purge;

    private ArtifactTestSupport support;

    @BeforeEach
    void support() {
        support = new ArtifactTestSupport(api);
    }

    private record Setup(String projectId, String appId, String appName) {}

    private Setup setup() {
        String projectId = fixtures.project();
        String appName = unique("orders");
        return new Setup(projectId, support.app(ADMIN_TOKEN, projectId, appName), appName);
    }

    private Api.Reply list(String token, Object... params) {
        return api.get("/v1/product/listPackagesPage", token, params);
    }

    private Api.Reply get(String token, String packageId) {
        return api.get("/v1/product/getPackage", token, "packageId", packageId);
    }

    private long blobCount() throws IOException {
        Path root = ((LocalBlobStore) blobStore).root().resolve("sha256");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    /** The packages of the app in the project: what a bad request must leave unchanged. */
    private long packagesOf(Setup s) {
        Api.Reply reply = list(ADMIN_TOKEN, "projectId", s.projectId(), "appId", s.appId());
        assertOk(reply);
        return reply.data().get("total").asLong();
    }

    // ---- upload and download -----------------------------------------------------------------------------------

    @Test
    void anUploadedJarDownloadsByteForByteWithItsChecksum() {
        Setup s = setup();
        byte[] jar = jar("orders", 20_000);
        Api.Reply uploaded = support.upload(
                ADMIN_TOKEN, form(s.projectId(), s.appId(), "orders", "1.0.0", "JAR"), "target/orders-1.0.0.jar", jar);
        assertOk(uploaded);
        String packageId = uploaded.data().asString();
        assertThat(packageId).matches(UUID_PATTERN);

        Api.Reply download = support.download(ADMIN_TOKEN, packageId);
        assertThat(download.status()).as(download.toString()).isEqualTo(200);
        assertThat(download.bytes()).isEqualTo(jar);
        assertThat(download.header("X-Checksum-Sha256")).isEqualTo(sha256(jar));
        assertThat(sha256(download.bytes())).isEqualTo(download.header("X-Checksum-Sha256"));
        assertThat(download.header("Content-Length")).isEqualTo(String.valueOf(jar.length));
        assertThat(download.header("Content-Disposition")).isEqualTo("attachment; filename=\"orders-1.0.0.jar\"");
        assertThat(download.header("Content-Type")).isEqualTo("application/java-archive");
        assertThat(download.header("ETag")).isEqualTo("\"" + sha256(jar) + "\"");

        Api.Reply unchanged = api.request("GET", "/v1/product/downloadPackage")
                .token(ADMIN_TOKEN)
                .query("packageId", packageId)
                .header("If-None-Match", "\"" + sha256(jar) + "\"")
                .send();
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.bytes()).isEmpty();

        Api.Reply got = get(ADMIN_TOKEN, packageId);
        assertOk(got);
        JsonNode p = got.data();
        assertThat(p.get("branchName").isNull()).isTrue();
        assertThat(p.get("createStaff").asString()).isEqualTo("admin");
        assertThat(p.get("createTime").asString()).matches(WIRE_TIME);
        assertThat(p.get("isOfficial").isBoolean()).isTrue();
        assertThat(p.get("isOfficial").asBoolean()).isFalse();
        assertThat(p.get("packageId").asString()).isEqualTo(packageId);
        assertThat(p.get("packageName").asString()).isEqualTo("orders");
        assertThat(p.get("packageSize").isIntegralNumber()).isTrue();
        assertThat(p.get("packageSize").asLong()).isEqualTo(jar.length);
        assertThat(p.get("packageSource").asString()).isEqualTo("USER_UPLOAD");
        assertThat(p.get("packageType").asString()).isEqualTo("JAR");
        assertThat(p.get("packageVer").asString()).isEqualTo("1.0.0");
        assertThat(p.get("updateStaff").asString()).isEqualTo("admin");
        assertThat(p.get("updateTime").asString()).isEqualTo(p.get("createTime").asString());
        assertThat(p.get("appId").asString()).isEqualTo(s.appId());
        assertThat(p.get("projectId").asString()).isEqualTo(s.projectId());
        assertThat(p.get("sha256").asString()).isEqualTo(sha256(jar));
        assertThat(p.get("fileName").asString()).isEqualTo("orders-1.0.0.jar");
    }

    @Test
    void equalContentIsStoredOnceAndEveryFormatIsAccepted() throws IOException {
        Setup s = setup();
        byte[] jar = jar("dedupe", 5_000);
        support.uploadJar(ADMIN_TOKEN, s.projectId(), s.appId(), "dedupe", "1.0.0", jar);
        long blobs = blobCount();
        String second = support.uploadJar(ADMIN_TOKEN, s.projectId(), s.appId(), "dedupe", "1.0.1", jar);
        assertThat(blobCount()).isEqualTo(blobs);
        assertThat(blobStore.exists(sha256(jar))).isTrue();
        assertThat(support.download(ADMIN_TOKEN, second).bytes()).isEqualTo(jar);

        byte[] war = ArtifactTestSupport.zip(Map.of("WEB-INF/web.xml", "<web-app/>", "index.html", "hi"));
        assertOk(support.upload(ADMIN_TOKEN, form(s.projectId(), s.appId(), "shop", "2.0", "WAR"), "shop.war", war));
        byte[] zip = ArtifactTestSupport.zip(Map.of("bin/start.sh", "#!/bin/sh\necho hi\n"));
        assertOk(support.upload(ADMIN_TOKEN, form(s.projectId(), s.appId(), "tools", "1.0", "zip"), "tools.zip", zip));
        byte[] tgz = ArtifactTestSupport.tgz(Map.of("bin/run.sh", "#!/bin/sh\n"), Map.of("bin/run.sh", 0755));
        Api.Reply tgzUpload =
                support.upload(ADMIN_TOKEN, form(s.projectId(), s.appId(), "bundle", "1.0", "TGZ"), "bundle.tgz", tgz);
        assertOk(tgzUpload);
        Api.Reply tgzDownload = support.download(ADMIN_TOKEN, tgzUpload.data().asString());
        assertThat(tgzDownload.bytes()).isEqualTo(tgz);
        assertThat(tgzDownload.header("Content-Type")).isEqualTo("application/gzip");
        assertThat(packagesOf(s)).isEqualTo(5);
    }

    @Test
    void badUploadsAreRefusedAndStoreNothing() throws IOException {
        Setup s = setup();
        byte[] jar = jar("bad");
        long blobs = blobCount();

        for (String field : List.of("projectId", "packageName", "packageVer", "packageType", "appId")) {
            Map<String, String> form = form(s.projectId(), s.appId(), "bad", "1.0.0", "JAR");
            form.remove(field);
            Api.Reply reply = support.upload(ADMIN_TOKEN, form, "bad.jar", jar);
            assertFailure(reply, 400, field + ": 此属性是必填项");
            assertField(reply, field);
        }
        assertFailure(
                support.upload(ADMIN_TOKEN, form(s.projectId(), s.appId(), "bad", "1.0.0", "JAR"), null, null),
                400,
                "file: 此属性是必填项");
        assertFailure(
                support.upload(
                        ADMIN_TOKEN, form(s.projectId(), s.appId(), "bad", "1.0.0", "JAR"), "e.jar", new byte[0]),
                400,
                "file: 程序包文件为空");
        assertFailure(
                support.upload(ADMIN_TOKEN, form(s.projectId(), s.appId(), "bad", "1.0.0", "EAR"), "bad.jar", jar),
                400,
                "packageType: 取值无效，可选值：JAR, WAR, ZIP, TGZ");
        assertFailure(
                support.upload(ADMIN_TOKEN, form(s.projectId(), s.appId(), "bad name", "1.0.0", "JAR"), "b.jar", jar),
                400,
                "packageName: 须以字母或数字开头，只能包含字母、数字、. _ -");
        assertFailure(
                support.upload(ADMIN_TOKEN, form(s.projectId(), s.appId(), "bad", "1.0/0", "JAR"), "b.jar", jar),
                400,
                "packageVer: 须以字母或数字开头，只能包含字母、数字、. _ + -");
        Map<String, String> official = form(s.projectId(), s.appId(), "bad", "1.0.0", "JAR");
        official.put("isOfficial", "yes");
        assertFailure(support.upload(ADMIN_TOKEN, official, "b.jar", jar), 400, "isOfficial: 必须是 true 或 false");

        byte[] text = "this is not a jar".getBytes(StandardCharsets.UTF_8);
        assertFailure(
                support.upload(ADMIN_TOKEN, form(s.projectId(), s.appId(), "bad", "1.0.0", "JAR"), "bad.jar", text),
                400,
                "file: JAR 类型的程序包须是 zip 格式的文件（.jar、.war、.zip 都是 zip 文件）");
        assertFailure(
                support.upload(ADMIN_TOKEN, form(s.projectId(), s.appId(), "bad", "1.0.0", "TGZ"), "bad.tgz", jar),
                400,
                "file: TGZ 类型的程序包须是 gzip 压缩的 tar 文件");
        byte[] truncated = Arrays.copyOf(jar, jar.length / 2);
        assertFailure(
                support.upload(
                        ADMIN_TOKEN, form(s.projectId(), s.appId(), "bad", "1.0.0", "JAR"), "bad.jar", truncated),
                400,
                "file: 文件不是完整的 JAR 程序包（归档已损坏或为空）");
        assertFailure(
                support.upload(ADMIN_TOKEN, form(s.projectId(), s.appId(), "bad", "1.0.0", "JAR"), "bad.tar.gz", jar),
                400,
                "file: 文件 bad.tar.gz 的扩展名与程序包类型 JAR 不符");

        Api.Reply json = api.post(
                "/v1/product/uploadPackage", ADMIN_TOKEN, form(s.projectId(), s.appId(), "bad", "1.0.0", "JAR"));
        assertFailure(json, 415, "请以 multipart/form-data 上传程序包（文件放在 file 字段）");

        Api.Reply english = api.request("POST", "/v1/product/uploadPackage")
                .token(ADMIN_TOKEN)
                .english()
                .json(Map.of())
                .send();
        assertFailure(english, 415, "Upload packages as multipart/form-data (the file in the field named file)");

        assertThat(packagesOf(s)).isZero();
        assertThat(blobCount()).isEqualTo(blobs);
    }

    @Test
    void packagesOverTheLimitAreRefusedWith413() throws Exception {
        Setup s = setup();
        long blobs = blobCount();
        // 1536 KB is the test servers' limit; random bytes do not compress
        byte[] tooLarge = jar("large", 1536 * 1024 + 100);
        Api.Reply reply = support.upload(
                ADMIN_TOKEN, form(s.projectId(), s.appId(), "large", "1.0.0", "JAR"), "large.jar", tooLarge);
        assertFailure(reply, 413, "程序包超过 1536 KB 的上限");

        // sent chunked, without a Content-Length: refused while the body is read
        io.msap.test.Multipart body = new io.msap.test.Multipart();
        form(s.projectId(), s.appId(), "large", "1.0.1", "JAR").forEach(body::field);
        body.file("file", "large.jar", tooLarge, "application/java-archive");
        byte[] bytes = body.bytes();
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.base() + "/v1/product/uploadPackage"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", body.contentType())
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build();
        HttpResponse<byte[]> response =
                HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
        Api.Reply chunked = new Api.Reply(response.statusCode(), response.body(), response.headers());
        assertFailure(chunked, 413, "程序包超过 1536 KB 的上限");

        byte[] justUnder = jar("under", 1400 * 1024);
        assertThat(justUnder.length).isLessThan(1536 * 1024);
        String packageId = support.uploadJar(ADMIN_TOKEN, s.projectId(), s.appId(), "under", "1.0.0", justUnder);
        assertThat(support.download(ADMIN_TOKEN, packageId).bytes()).isEqualTo(justUnder);
        assertThat(packagesOf(s)).isEqualTo(1);
        assertThat(blobCount()).isEqualTo(blobs + 1);
    }

    @Test
    void aVersionIsUniquePerAppIgnoringCaseUntilDeleted() {
        Setup s = setup();
        String first = support.uploadJar(ADMIN_TOKEN, s.projectId(), s.appId(), "orders", "1.0.0-RC1", jar("a"));
        Api.Reply again = support.upload(
                ADMIN_TOKEN, form(s.projectId(), s.appId(), "ORDERS", "1.0.0-rc1", "JAR"), "o.jar", jar("b"));
        assertFailure(again, 409, "应用 " + s.appName() + " 中已存在程序包 ORDERS 的版本 1.0.0-rc1");
        assertThat(packagesOf(s)).isEqualTo(1);

        String otherApp = support.app(ADMIN_TOKEN, s.projectId(), unique("other"));
        support.uploadJar(ADMIN_TOKEN, s.projectId(), otherApp, "orders", "1.0.0-RC1", jar("c"));

        assertTrue(api.post("/v1/product/deletePackage", ADMIN_TOKEN, Map.of("packageId", first)));
        String reused = support.uploadJar(ADMIN_TOKEN, s.projectId(), s.appId(), "orders", "1.0.0-RC1", jar("d"));
        assertThat(reused).isNotEqualTo(first);
    }

    // ---- lists -------------------------------------------------------------------------------------------------

    @Test
    void listsFilterByAppGroupAndNameNewestFirstInPages() {
        String projectId = fixtures.project();
        String orders = support.app(ADMIN_TOKEN, projectId, unique("orders"));
        String billing = support.app(ADMIN_TOKEN, projectId, unique("billing"));
        Api.Reply group = api.post(
                "/v1/app/group/insertApplicationGroup", ADMIN_TOKEN, Map.of("projectId", projectId, "name", "g1"));
        assertOk(group);
        String groupId = group.data().asString();
        assertOk(api.post("/v1/app/setApplicationGroup", ADMIN_TOKEN, Map.of("appId", billing, "appGroupId", groupId)));

        String o1 = support.uploadJar(ADMIN_TOKEN, projectId, orders, "orders-api", "1.0", jar("o1"));
        String o2 = support.uploadJar(ADMIN_TOKEN, projectId, orders, "orders-api", "1.1", jar("o2"));
        String b1 = support.uploadJar(ADMIN_TOKEN, projectId, billing, "billing_v2", "1.0", jar("b1"));

        Api.Reply all = list(ADMIN_TOKEN, "projectId", projectId);
        assertOk(all);
        List<String> allIds = ids(all, "packageId");
        assertThat(allIds.subList(0, 3)).containsExactly(b1, o2, o1);
        String demoId = allIds.get(3);
        assertThat(all.data().get("total").asLong()).isEqualTo(4);
        JsonNode row = all.data().get("list").get(0);
        assertThat(row.get("branchName").isNull()).isTrue();
        assertThat(row.get("createStaff").asString()).isEqualTo("admin");
        assertThat(row.get("createTime").asString()).matches(WIRE_TIME);
        assertThat(row.get("isOfficial").asBoolean()).isFalse();
        assertThat(row.get("packageId").asString()).isEqualTo(b1);
        assertThat(row.get("packageName").asString()).isEqualTo("billing_v2");
        assertThat(row.get("packageSource").asString()).isEqualTo("USER_UPLOAD");
        assertThat(row.get("packageType").asString()).isEqualTo("JAR");
        assertThat(row.get("packageVer").asString()).isEqualTo("1.0");
        assertThat(row.get("appId").asString()).isEqualTo(billing);
        JsonNode demo = all.data().get("list").get(3);
        assertThat(demo.get("packageName").asString()).isEqualTo("hello-msap");
        assertThat(demo.get("packageSource").asString()).isEqualTo("OFFICIAL_DEMO");
        assertThat(demo.get("officialDemoCode").asString()).isEqualTo("hello-msap");
        assertThat(demo.get("appId").isNull()).isTrue();
        assertThat(packageService.officialDemo("hello-msap").orElseThrow().packageId())
                .isEqualTo(demoId);

        assertThat(ids(list(ADMIN_TOKEN, "projectId", projectId, "appId", orders), "packageId"))
                .containsExactly(o2, o1);
        assertThat(ids(list(ADMIN_TOKEN, "projectId", projectId, "appld", orders), "packageId"))
                .containsExactly(o2, o1);
        assertThat(ids(list(ADMIN_TOKEN, "projectId", projectId, "appGroupId", groupId), "packageId"))
                .containsExactly(b1);
        assertThat(ids(list(ADMIN_TOKEN, "projectId", projectId, "appGroupId", groupId, "appId", orders), "packageId"))
                .isEmpty();
        assertThat(ids(list(ADMIN_TOKEN, "projectId", projectId, "packageName", "ORDERS"), "packageId"))
                .containsExactly(o2, o1);
        assertThat(ids(list(ADMIN_TOKEN, "projectId", projectId, "packageName", "%"), "packageId"))
                .isEmpty();
        assertThat(ids(list(ADMIN_TOKEN, "projectId", projectId, "packageName", "_"), "packageId"))
                .containsExactly(b1);
        assertThat(ids(list(ADMIN_TOKEN, "projectId", projectId, "packageName", "hello"), "packageId"))
                .containsExactly(demoId);

        Api.Reply page2 = list(ADMIN_TOKEN, "projectId", projectId, "pageNum", 2, "pageSize", 3);
        assertOk(page2);
        JsonNode p = page2.data();
        assertThat(ids(page2, "packageId")).containsExactly(demoId);
        assertThat(p.get("pageNum").asInt()).isEqualTo(2);
        assertThat(p.get("pageSize").asInt()).isEqualTo(3);
        assertThat(p.get("size").asInt()).isEqualTo(1);
        assertThat(p.get("total").asLong()).isEqualTo(4);
        assertThat(p.get("pages").asInt()).isEqualTo(2);
        assertThat(p.get("startRow").asLong()).isEqualTo(4);
        assertThat(p.get("endRow").asLong()).isEqualTo(4);
        assertThat(p.get("isLastPage").asBoolean()).isTrue();
        assertThat(p.get("hasPreviousPage").asBoolean()).isTrue();
        assertThat(ids(list(ADMIN_TOKEN, "projectId", projectId, "pageNum", 9), "packageId"))
                .isEmpty();
        assertFailure(list(ADMIN_TOKEN, "projectId", projectId, "pageNum", 0), 400, "pageNum: 必须大于等于 1");
        assertFailure(list(ADMIN_TOKEN), 400, "projectId: 此属性是必填项");

        String otherProject = fixtures.project();
        String foreignApp = support.app(ADMIN_TOKEN, otherProject, unique("foreign"));
        assertFailure(list(ADMIN_TOKEN, "projectId", projectId, "appId", foreignApp), 404, "应用不存在");
        Api.Reply foreignGroup = api.post(
                "/v1/app/group/insertApplicationGroup", ADMIN_TOKEN, Map.of("projectId", otherProject, "name", "g2"));
        assertFailure(
                list(
                        ADMIN_TOKEN,
                        "projectId",
                        projectId,
                        "appGroupId",
                        foreignGroup.data().asString()),
                404,
                "应用分组不存在");
        // the other project sees the official demo but none of these packages
        assertThat(ids(list(ADMIN_TOKEN, "projectId", otherProject), "packageId"))
                .containsExactly(demoId);
    }

    // ---- delete ------------------------------------------------------------------------------------------------

    @Test
    void deleteIsRefusedWhileSomethingUsesThePackageAndThenHidesIt() {
        Setup s = setup();
        byte[] jar = jar("used");
        String packageId = support.uploadJar(ADMIN_TOKEN, s.projectId(), s.appId(), "used", "1.0.0", jar);
        usage.use(packageId, "应用部署 orders-dev");
        try {
            Api.Reply refused = api.post("/v1/product/deletePackage", ADMIN_TOKEN, Map.of("packageId", packageId));
            assertFailure(refused, 409, "程序包 used 1.0.0 正在被使用，不能删除：应用部署 orders-dev");
            assertOk(get(ADMIN_TOKEN, packageId));
        } finally {
            usage.release(packageId);
        }
        assertTrue(api.post("/v1/product/deletePackage", ADMIN_TOKEN, Map.of("packageId", packageId)));
        assertFailure(get(ADMIN_TOKEN, packageId), 404, NOT_FOUND);
        assertFailure(support.download(ADMIN_TOKEN, packageId), 404, NOT_FOUND);
        assertFailure(
                api.post("/v1/product/deletePackage", ADMIN_TOKEN, Map.of("packageId", packageId)), 404, NOT_FOUND);
        assertThat(packagesOf(s)).isZero();
        assertThat(packageService.find(packageId)).isEmpty();

        assertFailure(api.post("/v1/product/deletePackage", ADMIN_TOKEN, Map.of()), 400, "packageId: 此属性是必填项");
        assertFailure(api.post("/v1/product/deletePackage", ADMIN_TOKEN, Map.of("packageId", "nope")), 404, NOT_FOUND);
        assertFailure(get(ADMIN_TOKEN, "6f1c1d9e-0000-4000-8000-000000000000"), 404, NOT_FOUND);
    }

    @Test
    void deletingTheAppDeletesItsPackages() {
        Setup s = setup();
        String packageId = support.uploadJar(ADMIN_TOKEN, s.projectId(), s.appId(), "gone", "1.0.0", jar("gone"));
        assertOk(api.post("/v1/app/deleteApplication", ADMIN_TOKEN, Map.of("appId", s.appId())));
        assertFailure(get(ADMIN_TOKEN, packageId), 404, NOT_FOUND);
        assertThat(ids(list(ADMIN_TOKEN, "projectId", s.projectId()), "packageId"))
                .doesNotContain(packageId);
    }

    @Test
    void theBlobOfADeletedPackageIsPurgedAfterTheRetentionUnlessStillNeeded() {
        Setup s = setup();
        byte[] shared = jar("shared");
        byte[] alone = jar("alone");
        String a = support.uploadJar(ADMIN_TOKEN, s.projectId(), s.appId(), "shared", "1.0", shared);
        support.uploadJar(ADMIN_TOKEN, s.projectId(), s.appId(), "shared", "1.1", shared);
        String c = support.uploadJar(ADMIN_TOKEN, s.projectId(), s.appId(), "alone", "1.0", alone);
        assertTrue(api.post("/v1/product/deletePackage", ADMIN_TOKEN, Map.of("packageId", a)));
        assertTrue(api.post("/v1/product/deletePackage", ADMIN_TOKEN, Map.of("packageId", c)));

        purge.purge();
        assertThat(blobStore.exists(sha256(alone)))
                .as("kept during the retention")
                .isTrue();

        clock.advance(Duration.ofDays(31));
        purge.purge();
        assertThat(blobStore.exists(sha256(alone))).isFalse();
        assertThat(blobStore.exists(sha256(shared)))
                .as("still used by version 1.1")
                .isTrue();
    }

    // ---- the official demo -------------------------------------------------------------------------------------

    @Test
    void theOfficialDemoIsVisibleEverywhereReadOnlyAndItsJarRuns() throws Exception {
        PackageView demo = packageService.officialDemo("hello-msap").orElseThrow();
        assertThat(demo.platform()).isTrue();
        assertThat(demo.packageSource()).isEqualTo(PackageSource.OFFICIAL_DEMO);
        byte[] bundled;
        try (var in = new ClassPathResource("official-demo/hello-msap.jar").getInputStream()) {
            bundled = in.readAllBytes();
        }

        // a new tenant's project lists it, and its main account and a viewer read and download it
        User tenant = fixtures.tenant();
        String projectId = fixtures.project(tenant.token());
        User viewer = fixtures.subAccount(tenant.token());
        fixtures.member(tenant.token(), projectId, viewer, VIEWER);
        Api.Reply listed = list(viewer.token(), "projectId", projectId);
        assertThat(ids(listed, "packageId")).containsExactly(demo.packageId());
        JsonNode row = listed.data().get("list").get(0);
        assertThat(row.get("isOfficial").asBoolean()).isTrue();
        assertThat(row.get("packageType").asString()).isEqualTo("JAR");
        assertThat(row.get("packageVer").asString()).isEqualTo("1.0.0");

        Api.Reply got = get(tenant.token(), demo.packageId());
        assertOk(got);
        assertThat(got.data().get("packageName").asString()).isEqualTo("hello-msap");
        assertThat(got.data().get("packageSource").asString()).isEqualTo("OFFICIAL_DEMO");
        assertThat(got.data().get("projectId").isNull()).isTrue();
        assertThat(got.data().get("packageSize").asLong()).isEqualTo(bundled.length);

        Api.Reply download = support.download(viewer.token(), demo.packageId());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.bytes()).isEqualTo(bundled);
        assertThat(download.header("X-Checksum-Sha256")).isEqualTo(sha256(bundled));
        assertThat(download.header("Content-Disposition")).contains("hello-msap-1.0.0.jar");

        assertFailure(
                api.post("/v1/product/deletePackage", tenant.token(), Map.of("packageId", demo.packageId())),
                403,
                "程序包 hello-msap 是平台提供的官方 DEMO，只读");
        assertFailure(
                api.post("/v1/product/deletePackage", ADMIN_TOKEN, Map.of("packageId", demo.packageId())),
                403,
                "程序包 hello-msap 是平台提供的官方 DEMO，只读");
        assertFailure(
                api.post(
                        "/v1/product/markOfficial",
                        ADMIN_TOKEN,
                        Map.of("packageId", demo.packageId(), "isOfficial", false)),
                403,
                "程序包 hello-msap 是平台提供的官方 DEMO，只读");

        // publishing again (a restart, a second server) finds it instead of adding another
        officialDemos.publishBundled();
        assertThat(ids(list(viewer.token(), "projectId", projectId), "packageId"))
                .containsExactly(demo.packageId());
        assertThat(PackageService.officialDemoId("hello-msap", "1.0.0")).isEqualTo(demo.packageId());

        runsAndAnswersHealth(download.bytes());
    }

    /** Starts the downloaded jar with java -jar on a free port and asks it GET /health and GET /. */
    private static void runsAndAnswersHealth(byte[] jarBytes) throws Exception {
        Path jarFile = Files.createTempFile("hello-msap-", ".jar");
        Files.write(jarFile, jarBytes);
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(javaBin, "-jar", jarFile.toString()).redirectErrorStream(true);
        builder.environment().put("PORT", String.valueOf(port));
        Path output = Files.createTempFile("hello-msap-", ".log");
        builder.redirectOutput(output.toFile());
        Process process = builder.start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> health = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    health = client.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    break;
                } catch (IOException notYet) {
                    assertThat(process.isAlive()).as(Files.readString(output)).isTrue();
                    Thread.sleep(200);
                }
            }
            assertThat(health)
                    .as("hello-msap answered: " + Files.readString(output))
                    .isNotNull();
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
            HttpResponse<String> hello = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.body()).startsWith("Hello from hello-msap 1.0.0");
        } finally {
            process.destroy();
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            Files.deleteIfExists(jarFile);
            Files.deleteIfExists(output);
        }
    }

    // ---- who may -----------------------------------------------------------------------------------------------

    @Test
    void membersReadViewersAndTestersNeverChangeManagersNeedTheAppGrant() {
        Setup s = setup();
        String packageId = support.uploadJar(ADMIN_TOKEN, s.projectId(), s.appId(), "perm", "1.0.0", jar("perm"));
        User viewer = fixtures.subAccount();
        fixtures.member(s.projectId(), viewer, VIEWER);
        User tester = fixtures.subAccount();
        fixtures.member(s.projectId(), tester, TESTER);
        User developer = fixtures.subAccount();
        fixtures.member(s.projectId(), developer, DEVELOPER);
        User operator = fixtures.subAccount();
        fixtures.member(s.projectId(), operator, OPERATOR);

        for (User reader : List.of(viewer, tester, developer)) {
            assertOk(get(reader.token(), packageId));
            assertThat(ids(list(reader.token(), "projectId", s.projectId()), "packageId"))
                    .contains(packageId);
            assertThat(support.download(reader.token(), packageId).status()).isEqualTo(200);
        }
        for (User nonManager : List.of(viewer, tester)) {
            assertFailure(
                    support.upload(
                            nonManager.token(),
                            form(s.projectId(), s.appId(), "perm", "2.0.0", "JAR"),
                            "p.jar",
                            jar("p2")),
                    403,
                    NO_MANAGE);
            assertFailure(
                    api.post("/v1/product/deletePackage", nonManager.token(), Map.of("packageId", packageId)),
                    403,
                    NO_MANAGE);
            assertFailure(
                    api.post(
                            "/v1/product/markOfficial",
                            nonManager.token(),
                            Map.of("packageId", packageId, "isOfficial", true)),
                    403,
                    NO_MANAGE);
        }
        // developers and operators manage the artifacts of the apps they are granted
        assertFailure(
                support.upload(
                        developer.token(), form(s.projectId(), s.appId(), "perm", "2.0.0", "JAR"), "p.jar", jar("p3")),
                403,
                NO_APP_GRANT);
        assertTrue(api.post(
                "/v1/data/authorize/authorizeApplication",
                ADMIN_TOKEN,
                Map.of(
                        "projectId",
                        s.projectId(),
                        "appId",
                        s.appId(),
                        "userIds",
                        List.of(developer.userId(), operator.userId()))));
        String byDeveloper = support.uploadJar(developer.token(), s.projectId(), s.appId(), "perm", "2.0.0", jar("p4"));
        assertThat(get(ADMIN_TOKEN, byDeveloper).data().get("createStaff").asString())
                .isEqualTo(developer.userName());
        assertTrue(api.post(
                "/v1/product/markOfficial", operator.token(), Map.of("packageId", byDeveloper, "isOfficial", "true")));
        Api.Reply marked = get(viewer.token(), byDeveloper);
        assertThat(marked.data().get("isOfficial").asBoolean()).isTrue();
        assertThat(marked.data().get("updateStaff").asString()).isEqualTo(operator.userName());
        assertTrue(api.post("/v1/product/deletePackage", operator.token(), Map.of("packageId", byDeveloper)));
        assertThat(packagesOf(s)).isEqualTo(1);
    }

    @Test
    void outsidersAndOtherTenantsSeeNothing() {
        Setup s = setup();
        String packageId = support.uploadJar(ADMIN_TOKEN, s.projectId(), s.appId(), "secret", "1.0.0", jar("secret"));
        User outsider = fixtures.subAccount();
        User otherTenant = fixtures.tenant();
        for (User stranger : List.of(outsider, otherTenant)) {
            assertFailure(get(stranger.token(), packageId), 404, NOT_FOUND);
            assertFailure(support.download(stranger.token(), packageId), 404, NOT_FOUND);
            assertFailure(list(stranger.token(), "projectId", s.projectId()), 404, "项目不存在");
            assertFailure(
                    api.post("/v1/product/deletePackage", stranger.token(), Map.of("packageId", packageId)),
                    404,
                    NOT_FOUND);
            assertFailure(
                    support.upload(
                            stranger.token(),
                            form(s.projectId(), s.appId(), "secret", "2.0.0", "JAR"),
                            "s.jar",
                            jar("s2")),
                    404,
                    "项目不存在");
        }
        // an app of another project cannot be named in this one
        String otherProject = fixtures.project();
        assertFailure(
                support.upload(ADMIN_TOKEN, form(otherProject, s.appId(), "x", "1.0", "JAR"), "x.jar", jar("x")),
                404,
                "应用不存在");
        assertThat(packagesOf(s)).isEqualTo(1);
        assertFailure(support.download(null, packageId), 401, "用户鉴权失败：未提供认证信息");
    }
}
