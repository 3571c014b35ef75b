package io.msap.release;

import static io.msap.test.Replies.assertField;
import static io.msap.test.Replies.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.msap.test.Api;
import io.msap.test.AppFixtures;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A deploy of a general application takes what it leaves out from the app's image deployment configuration (5.5)
 * for the environment: checked on the Deployment the platform applied.
 */
class DeployDefaultsIntegrationTests extends ReleaseTestBase {

    private static final Map<String, Object> RESOURCES =
            Map.of("cpuLimit", 0.5, "cpuRequest", 0.25, "memoryLimit", 256, "memoryRequest", 128);

    private String generalApp(Setup s) {
        AppFixtures apps = new AppFixtures(api);
        String connectionId = apps.github(s.token(), s.projectId());
        return apps.app(s.token(), s.projectId(), connectionId, "gen" + suffix());
    }

    private String config(Setup s, String appId, String name, Map<String, Object> parts) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(parts);
        body.put("appId", appId);
        body.put("deployEnvId", s.envId());
        body.put("name", name);
        Api.Reply created = api.post("/v1/image/deploy/configs/createDeployConfig", s.token(), body);
        assertOk(created);
        return created.data().asString();
    }

    private static Map<String, Object> configParts() {
        return Map.of(
                "podResourceSpec",
                RESOURCES,
                "startCommand",
                Map.of("command", "java", "args", List.of("-jar", "/app.jar")),
                "envVariableList",
                List.of(Map.of("name", "SPRING_PROFILES_ACTIVE", "type", "CUSTOM", "value", "test")),
                "lifeCycleMgt",
                Map.of(
                        "readiness",
                        Map.of(
                                "enabled",
                                true,
                                "mode",
                                "TCP_SOCKET",
                                "tcpSocket",
                                Map.of("port", 8080),
                                "periodSeconds",
                                7)));
    }

    private static Container containerOf(Setup s, String appId) {
        List<Deployment> found = s.cluster()
                .client()
                .apps()
                .deployments()
                .inNamespace(s.namespace())
                .withLabel("msap.io/app-id", appId)
                .list()
                .getItems();
        assertThat(found).hasSize(1);
        return found.get(0).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Map<String, String> env(Container c) {
        return c.getEnv().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    @Test
    void theOnlyConfigurationOfTheEnvironmentFillsWhatTheDeployLeavesOut() {
        Setup s = setup();
        String appId = generalApp(s);
        config(s, appId, "default", configParts());

        awaitSucceeded(s.token(), deployChange(s.token(), deploy(appId, s.envId(), image("gen", "1"), "v1")));

        Container c = containerOf(s, appId);
        assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo("250m");
        assertThat(c.getResources().getLimits().get("cpu").toString()).isEqualTo("500m");
        assertThat(c.getResources().getRequests().get("memory").toString()).isEqualTo("128Mi");
        assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("256Mi");
        assertThat(env(c)).containsEntry("SPRING_PROFILES_ACTIVE", "test");
        assertThat(String.join(" ", c.getCommand()) + " " + String.join(" ", c.getArgs()))
                .contains("java")
                .contains("/app.jar");
        assertThat(c.getReadinessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(8080);
        assertThat(c.getReadinessProbe().getPeriodSeconds()).isEqualTo(7);
        assertThat(c.getLivenessProbe()).isNull();
    }

    @Test
    void whatTheDeployGivesWinsPartByPart() {
        Setup s = setup();
        String appId = generalApp(s);
        config(s, appId, "default", configParts());

        Map<String, Object> body = deploy(appId, s.envId(), image("gen", "2"), "v2");
        body.put("podResourceSpec", Map.of("cpuLimit", 1, "cpuRequest", 1, "memoryLimit", 512, "memoryRequest", 512));
        body.put("envVariableList", List.of(Map.of("name", "ONLY", "value", "mine")));
        awaitSucceeded(s.token(), deployChange(s.token(), body));

        Container c = containerOf(s, appId);
        assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("512Mi");
        assertThat(env(c)).containsEntry("ONLY", "mine").doesNotContainKey("SPRING_PROFILES_ACTIVE");
        // the parts the deploy left out still come from the configuration
        assertThat(c.getReadinessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(8080);
    }

    @Test
    void withSeveralConfigurationsOnlyTheNamedOneApplies() {
        Setup s = setup();
        String appId = generalApp(s);
        config(s, appId, "small", configParts());
        String big = config(
                s,
                appId,
                "big",
                Map.of(
                        "podResourceSpec",
                        Map.of("cpuLimit", 2, "cpuRequest", 1, "memoryLimit", 1024, "memoryRequest", 1024)));

        // none named and more than one: none applies
        awaitSucceeded(s.token(), deployChange(s.token(), deploy(appId, s.envId(), image("gen", "1"), "v1")));
        Container plain = containerOf(s, appId);
        assertThat(env(plain)).doesNotContainKey("SPRING_PROFILES_ACTIVE");
        assertThat(plain.getReadinessProbe()).isNull();

        Map<String, Object> named = deploy(appId, s.envId(), image("gen", "2"), "v2");
        named.put("deployConfigId", big);
        awaitSucceeded(s.token(), deployChange(s.token(), named));
        Container c = containerOf(s, appId);
        assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("1024Mi");
        assertThat(c.getResources().getLimits().get("cpu").getNumericalAmount())
                .isEqualByComparingTo(java.math.BigDecimal.valueOf(2));
    }

    @Test
    void aConfigurationOfAnotherEnvironmentOrAppIsNotFound() {
        Setup s = setup();
        String appId = generalApp(s);
        Setup other = setup(cluster, s.tenant(), s.projectId());
        Map<String, Object> parts = Map.of("podResourceSpec", RESOURCES);
        Map<String, Object> body = new java.util.LinkedHashMap<>(parts);
        body.put("appId", appId);
        body.put("deployEnvId", other.envId());
        body.put("name", "elsewhere");
        Api.Reply created = api.post("/v1/image/deploy/configs/createDeployConfig", s.token(), body);
        assertOk(created);

        Map<String, Object> deploy = deploy(appId, s.envId(), image("gen", "1"), "v1");
        deploy.put("deployConfigId", created.data().asString());
        Api.Reply refused = api.post(INST + "deployK8sApplication", s.token(), deploy);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(404);
        assertField(refused, "deployConfigId");
        // nothing was deployed
        assertThat(s.cluster()
                        .client()
                        .apps()
                        .deployments()
                        .inNamespace(s.namespace())
                        .withLabel("msap.io/app-id", appId)
                        .list()
                        .getItems())
                .isEmpty();
    }

    @Test
    void aLivenessProbeMustSucceedOnce() {
        Setup s = setup();
        String appId = generalApp(s);
        Map<String, Object> body = deploy(appId, s.envId(), image("gen", "1"), "v1");
        body.put(
                "lifeCycleMgt",
                Map.of(
                        "liveness",
                        Map.of(
                                "enabled",
                                true,
                                "mode",
                                "TCP_SOCKET",
                                "tcpSocket",
                                Map.of("port", 80),
                                "successThreshold",
                                2)));
        Api.Reply refused = api.post(INST + "deployK8sApplication", s.token(), body);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertField(refused, "lifeCycleMgt.liveness.successThreshold");
    }
}
