package io.msap;

import static org.assertj.core.api.Assertions.assertThat;

import io.msap.test.Api;
import io.msap.test.IntegrationTest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The operating contract of DESIGN.md section 8: health without credentials, an OpenAPI document that lists every
 * endpoint the server answers under /v1, the Swagger UI and Prometheus metrics.
 */
class OperatingContractIntegrationTests extends IntegrationTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void healthIsUpWithoutAToken() {
        Api.Reply health = api.get("/actuator/health", null);
        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");

        Api.Reply readiness = api.get("/actuator/health/readiness", null);
        assertThat(readiness.status()).as(readiness.toString()).isEqualTo(200);
        assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
        Api.Reply liveness = api.get("/actuator/health/liveness", null);
        assertThat(liveness.status()).as(liveness.toString()).isEqualTo(200);
    }

    /** Every "METHOD /path" the application serves under /v1, from Spring MVC's own mapping table. */
    private Set<String> servedEndpoints() {
        Set<String> served = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            for (String path : info.getPatternValues()) {
                if (!path.startsWith("/v1/")) {
                    continue;
                }
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                assertThat(methods).as("%s must name its HTTP method", path).isNotEmpty();
                methods.forEach(m -> served.add(m.name() + " " + path));
            }
        });
        return served;
    }

    @Test
    void openApiDocumentsEveryV1Endpoint() {
        Api.Reply docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).as(docs.toString()).isEqualTo(200);
        JsonNode paths = docs.json().get("paths");
        assertThat(paths).isNotNull();

        Set<String> documented = new TreeSet<>();
        for (String path : paths.propertyNames()) {
            for (String method : paths.get(path).propertyNames()) {
                if (Set.of("get", "post", "put", "delete", "patch").contains(method)) {
                    documented.add(method.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }

        Set<String> served = servedEndpoints();
        assertThat(served)
                .contains(
                        "POST /v1/project/createProject",
                        "POST /v1/project/member/authorizeRole",
                        "POST /v1/account/login",
                        "GET /v1/audit/listAuditLogsPage");
        assertThat(documented).containsAll(served);
        List<String> documentedButNotServed = new ArrayList<>();
        documented.stream()
                .filter(e -> e.contains(" /v1/") && !served.contains(e))
                .forEach(documentedButNotServed::add);
        assertThat(documentedButNotServed).isEmpty();

        assertThat(paths.propertyNames()).noneMatch(p -> p.equals("/error") || p.startsWith("/error/"));
        assertThat(paths.propertyNames()).allMatch(p -> p.startsWith("/v1/"));

        // a documented endpoint says what it does and what it takes
        JsonNode create = paths.get("/v1/project/createProject").get("post");
        assertThat(create.get("summary").asString()).isNotBlank();
        assertThat(create.get("requestBody")).isNotNull();
        JsonNode list = paths.get("/v1/project/listProjectsPage").get("get");
        List<String> parameters = new ArrayList<>();
        list.get("parameters").forEach(p -> parameters.add(p.get("name").asString()));
        assertThat(parameters).contains("projectName", "pageNum", "pageSize");
        // the Caller parameter is filled from credentials, never asked of the client
        assertThat(parameters).doesNotContain("caller", "tenantId", "userId", "credential");
        // both authentication methods are documented
        JsonNode schemes = docs.json().get("components").get("securitySchemes");
        assertThat(schemes.propertyNames()).contains("bearer", "eop");
    }

    @Test
    void swaggerUiAnswers() {
        Api.Reply ui = api.get("/swagger-ui.html", null);
        assertThat(ui.status()).as(ui.toString()).isIn(200, 301, 302, 303, 307, 308);
        if (ui.status() != 200) {
            String location = ui.header("Location");
            assertThat(location).as("redirect target").isNotBlank();
            String target = URI.create(api.base() + "/").resolve(location).toString();
            String path = target.substring(target.indexOf('/', "http://".length()));
            ui = api.get(path, null);
            assertThat(ui.status()).as(path + " " + ui).isEqualTo(200);
        }
        assertThat(ui.text()).containsIgnoringCase("swagger");
        assertThat(ui.header("Content-Type")).startsWith("text/html");
    }

    @Test
    void prometheusMetricsAnswer() {
        api.get("/v1/account/whoami", ADMIN_TOKEN);
        Api.Reply metrics = api.get("/actuator/prometheus", null);
        assertThat(metrics.status()).as(metrics.toString()).isEqualTo(200);
        assertThat(metrics.header("Content-Type")).startsWith("text/plain");
        assertThat(metrics.text()).contains("jvm_memory_used_bytes").contains("http_server_requests");
    }

    @Test
    void theApiStillNeedsCredentialsWhileOperatingEndpointsAreOpen() {
        assertThat(api.get("/v1/project/listProjectsPage", null).status()).isEqualTo(401);
        assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
        assertThat(api.get("/v3/api-docs", null).status()).isEqualTo(200);
    }
}
