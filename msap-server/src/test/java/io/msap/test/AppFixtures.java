package io.msap.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

/**
 * Setup steps for tests that need applications: service connections, applications and app groups, made over the API
 * as a user would.
 */
public final class AppFixtures {

    private final Api api;

    public AppFixtures(Api api) {
        this.api = api;
    }

    /** A TOKEN service connection of the project; returns its connectionId. */
    public String connection(String token, String projectId, String name, String type, String serverUrl) {
        Api.Reply created = api.post(
                "/v1/service/connection/createServiceConnection",
                token,
                Map.of(
                        "projectId",
                        projectId,
                        "connectionName",
                        name,
                        "connectionType",
                        type,
                        "serverUrl",
                        serverUrl,
                        "authType",
                        "TOKEN",
                        "token",
                        "tok-" + name));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.data().asString();
    }

    /** A GITHUB connection to https://github.com. */
    public String github(String token, String projectId) {
        return connection(token, projectId, "github-" + System.nanoTime(), "GITHUB", "https://github.com");
    }

    /** The body of createApplication; a mutable map so tests can change or drop fields. */
    public static Map<String, Object> appBody(
            String projectId, String name, String origin, String address, String connectionId) {
        Map<String, Object> body = new HashMap<>();
        body.put("projectId", projectId);
        body.put("name", name);
        body.put("origin", origin);
        body.put("codeReposAddress", address);
        body.put("connectionId", connectionId);
        return body;
    }

    public Api.Reply createApp(String token, Map<String, ?> body) {
        return api.post("/v1/app/createApplication", token, body);
    }

    /** A GITHUB application at https://github.com/msap/{name}.git through {@code connectionId}; returns its appId. */
    public String app(String token, String projectId, String connectionId, String name) {
        Api.Reply created = createApp(
                token, appBody(projectId, name, "GITHUB", "https://github.com/msap/" + name + ".git", connectionId));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.data().asString();
    }

    /** A new app group of the project; returns its appGroupId. */
    public String group(String token, String projectId, String name) {
        Api.Reply created =
                api.post("/v1/app/group/insertApplicationGroup", token, Map.of("projectId", projectId, "name", name));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.data().asString();
    }
}
