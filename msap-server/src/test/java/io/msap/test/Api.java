package io.msap.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for driving a running MSAP server the way a user's script does. */
public final class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public String base() {
        return base;
    }

    /** GET with query parameters given as name, value pairs (null values are left out). */
    public Reply get(String path, String token, Object... params) {
        return request("GET", path).token(token).query(params).send();
    }

    /** POST of a JSON body: a Map, a record, or a String sent as is. */
    public Reply post(String path, String token, Object body) {
        return request("POST", path).token(token).json(body).send();
    }

    public Call request(String method, String path) {
        return new Call(method, path);
    }

    /** One request being built. */
    public final class Call {
        private final String method;
        private String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body;

        Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public Call token(String token) {
            if (token != null) {
                headers.put("Authorization", "Bearer " + token);
            }
            return this;
        }

        public Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Call english() {
            return header("Accept-Language", "en");
        }

        public Call query(Object... params) {
            StringBuilder query = new StringBuilder();
            for (int i = 0; i + 1 < params.length; i += 2) {
                if (params[i + 1] == null) {
                    continue;
                }
                query.append(query.isEmpty() ? "" : "&")
                        .append(params[i])
                        .append('=')
                        .append(URLEncoder.encode(String.valueOf(params[i + 1]), StandardCharsets.UTF_8)
                                .replace("+", "%20"));
            }
            if (!query.isEmpty()) {
                path = path + (path.contains("?") ? "&" : "?") + query;
            }
            return this;
        }

        public Call json(Object value) {
            headers.putIfAbsent("Content-Type", "application/json");
            this.body = value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(value);
            return this;
        }

        public Call body(String contentType, byte[] bytes) {
            headers.put("Content-Type", contentType);
            this.body = bytes;
            return this;
        }

        public String path() {
            return path;
        }

        public byte[] bodyBytes() {
            return body == null ? new byte[0] : body.clone();
        }

        public Reply send() {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(60))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(builder::header);
            try {
                HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
                return new Reply(response.statusCode(), response.body(), response.headers());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** An answer: the HTTP status, the envelope's parts and the raw text. */
    public record Reply(int status, byte[] bytes, HttpHeaders headers) {

        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            return JSON.readTree(bytes);
        }

        public int code() {
            return json().get("code").asInt();
        }

        public JsonNode data() {
            return json().get("data");
        }

        public String msg() {
            return json().get("msg").asString();
        }

        public JsonNode errors() {
            return json().get("errors");
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }
}
