package io.msap.project;

import static org.assertj.core.api.Assertions.assertThat;

import io.msap.test.Api;
import io.msap.test.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ProjectIntegrationTests extends IntegrationTest {

    @Test
    void createdProjectIsListedWithEveryDocumentedField() {
        String code = unique("demo-");
        Api.Reply created = api.post(
                "/v1/project/createProject",
                ADMIN_TOKEN,
                Map.of("projectCode", code, "projectName", "测试项目 " + code, "description", "测试项目"));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.code()).isEqualTo(200);
        assertThat(created.msg()).isEmpty();
        String projectId = created.data().asString();
        assertThat(projectId).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

        Api.Reply list = api.get("/v1/project/listProjectsPage", ADMIN_TOKEN, "projectName", code.toUpperCase());
        assertThat(list.status()).isEqualTo(200);
        JsonNode page = list.data();
        assertThat(page.get("total").asInt()).isEqualTo(1);
        JsonNode row = page.get("list").get(0);
        assertThat(row.get("projectId").asString()).isEqualTo(projectId);
        assertThat(row.get("projectCode").asString()).isEqualTo(code);
        assertThat(row.get("projectName").asString()).isEqualTo("测试项目 " + code);
        assertThat(row.get("description").asString()).isEqualTo("测试项目");
        assertThat(row.get("tenantId").asLong()).isEqualTo(1);
        assertThat(row.get("createTime").asString())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+00:00");
    }
}
