package io.msap.kubesim;

import static org.assertj.core.api.Assertions.assertThat;

import io.msap.kubesim.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The wire protocol as kubectl and client-go see it: discovery, tables, watch resumption, status codes. */
class HttpProtocolTests {
    static KubeSim sim;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        sim = KubeSim.start(KubeSimConfig.fast());
        send("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"wire\"}}", "application/json", null);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static HttpResponse<String> send(String method, String path, String body, String contentType, String accept)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.url() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send("GET", path, null, null, null);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return Json.parse(r.body());
    }

    @Test
    void discoveryDocuments() throws Exception {
        assertThat(get("/version").get("gitVersion").asString()).startsWith("v1.32");
        assertThat(get("/api").get("versions").toString()).isEqualTo("[\"v1\"]");
        assertThat(get("/apis").toString()).contains("\"apps/v1\"");
        JsonNode core = get("/api/v1");
        List<String> names = new ArrayList<>();
        core.get("resources").forEach(r -> names.add(r.get("name").asString()));
        assertThat(names)
                .contains(
                        "pods",
                        "pods/log",
                        "pods/status",
                        "services",
                        "configmaps",
                        "secrets",
                        "namespaces",
                        "nodes",
                        "events",
                        "endpoints");
        JsonNode apps = get("/apis/apps/v1");
        assertThat(apps.toString()).contains("\"deploy\"").contains("\"rs\"").contains("deployments/scale");
        assertThat(core.toString())
                .contains("\"po\"")
                .contains("\"svc\"")
                .contains("\"cm\"")
                .contains("\"ns\"")
                .contains("\"no\"")
                .contains("\"ev\"")
                .contains("\"ep\"");
        assertThat(get("/openapi/v3")
                        .at("/paths/apis~1apps~1v1/serverRelativeURL")
                        .asString())
                .startsWith("/openapi/v3/apis/apps/v1");
        assertThat(get("/openapi/v3/apis/apps/v1").toString()).contains("fieldValidation");
    }

    @Test
    void tablesForKubectl() throws Exception {
        HttpResponse<String> r = send(
                "GET",
                "/api/v1/nodes",
                null,
                null,
                "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,"
                        + "application/json");
        JsonNode table = Json.parse(r.body());
        assertThat(table.get("kind").asString()).isEqualTo("Table");
        assertThat(table.at("/columnDefinitions/0/name").asString()).isEqualTo("Name");
        assertThat(table.at("/rows/0/cells/0").asString()).isEqualTo("sim-node-1");
        assertThat(table.at("/rows/0/cells/1").asString()).isEqualTo("Ready");
        assertThat(table.at("/rows/0/object/kind").asString()).isEqualTo("PartialObjectMetadata");
    }

    @Test
    void watchResumesFromAResourceVersionAndExpiresOldOnes() throws Exception {
        String rv = get("/api/v1/namespaces/wire/configmaps")
                .at("/metadata/resourceVersion")
                .asString();
        send("POST", "/api/v1/namespaces/wire/configmaps", "{\"metadata\":{\"name\":\"a\"}}", "application/json", null);
        send("DELETE", "/api/v1/namespaces/wire/configmaps/a", null, null, null);
        HttpRequest req = HttpRequest.newBuilder(URI.create(sim.url()
                        + "/api/v1/namespaces/wire/configmaps?watch=true&resourceVersion=" + rv + "&timeoutSeconds=2"))
                .build();
        HttpResponse<java.io.InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        List<String> types = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null && types.size() < 2) {
                types.add(Json.parse(line).get("type").asString());
            }
        }
        assertThat(types).containsExactly("ADDED", "DELETED");
    }

    @Test
    void statusCodes() throws Exception {
        HttpResponse<String> missing = send("GET", "/api/v1/namespaces/wire/pods/nope", null, null, null);
        assertThat(missing.statusCode()).isEqualTo(404);
        JsonNode status = Json.parse(missing.body());
        assertThat(status.get("kind").asString()).isEqualTo("Status");
        assertThat(status.get("reason").asString()).isEqualTo("NotFound");
        assertThat(status.get("message").asString()).isEqualTo("pods \"nope\" not found");

        assertThat(send("PUT", "/api/v1/namespaces/wire/configmaps", "{}", "application/json", null)
                        .statusCode())
                .isEqualTo(405);
        assertThat(send(
                                "POST",
                                "/api/v1/namespaces/wire/configmaps",
                                "k8s\0...",
                                "application/vnd.kubernetes.protobuf",
                                null)
                        .statusCode())
                .isEqualTo(415);
        assertThat(send("PATCH", "/api/v1/namespaces/wire/configmaps/x", "{}", "text/plain", null)
                        .statusCode())
                .isIn(404, 415);
        assertThat(send("POST", "/api/v1/namespaces/wire/configmaps", "{not json", "application/json", null)
                        .statusCode())
                .isEqualTo(400);
        assertThat(send("GET", "/apis/batch/v1/jobs", null, null, null).statusCode())
                .isEqualTo(404);

        HttpResponse<String> created = send(
                "POST",
                "/api/v1/namespaces/wire/configmaps",
                "{\"metadata\":{\"name\":\"d\"}}",
                "application/json",
                null);
        assertThat(created.statusCode()).isEqualTo(201);
        HttpResponse<String> deleted = send("DELETE", "/api/v1/namespaces/wire/configmaps/d", null, null, null);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(Json.parse(deleted.body()).get("status").asString()).isEqualTo("Success");
        // dry run stores nothing
        HttpResponse<String> dry = send(
                "POST",
                "/api/v1/namespaces/wire/configmaps?dryRun=All",
                "{\"metadata\":{\"name\":\"dry\"}}",
                "application/json",
                null);
        assertThat(dry.statusCode()).isEqualTo(201);
        assertThat(send("GET", "/api/v1/namespaces/wire/configmaps/dry", null, null, null)
                        .statusCode())
                .isEqualTo(404);
    }
}
