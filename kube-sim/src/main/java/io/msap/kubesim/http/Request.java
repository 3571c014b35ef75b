package io.msap.kubesim.http;

import com.sun.net.httpserver.HttpExchange;
import io.msap.kubesim.api.ApiException;
import io.msap.kubesim.json.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** One HTTP request as the API server sees it: method, path segments, query parameters, headers and body. */
final class Request {
    final HttpExchange exchange;
    final String method;
    final String path;
    final List<String> segments;
    final Map<String, String> query = new HashMap<>();
    private byte[] body;

    Request(HttpExchange exchange) {
        this.exchange = exchange;
        this.method = exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
        String p = exchange.getRequestURI().getRawPath();
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        this.path = p;
        this.segments = new ArrayList<>();
        for (String s : p.split("/")) {
            if (!s.isEmpty()) {
                segments.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
            }
        }
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.putIfAbsent(k, v);
            }
        }
    }

    String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    String param(String name) {
        return query.get(name);
    }

    boolean flag(String name) {
        String v = query.get(name);
        return v != null && (v.isEmpty() || v.equals("true") || v.equals("1"));
    }

    long longParam(String name, long fallback) {
        String v = query.get(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid value for " + name + ": " + v);
        }
    }

    String contentType() {
        String ct = header("Content-Type");
        return ct == null ? "application/json" : ct.trim().toLowerCase(java.util.Locale.ROOT);
    }

    byte[] body() throws IOException {
        if (body == null) {
            body = exchange.getRequestBody().readAllBytes();
        }
        return body;
    }

    /** The body as a JSON tree; YAML bodies (apply patches, {@code application/yaml}) are parsed as YAML. */
    JsonNode json() throws IOException {
        byte[] b = body();
        if (b.length == 0) {
            return null;
        }
        String ct = contentType();
        if (ct.contains("protobuf") || ct.contains("cbor")) {
            throw new ApiException(
                    415,
                    "UnsupportedMediaType",
                    "kube-sim accepts JSON and YAML request bodies only (got " + ct + "); kubectl's typed generators"
                            + " such as 'kubectl create namespace' send protobuf: use 'kubectl create -f' or"
                            + " 'kubectl apply -f' instead",
                    null);
        }
        try {
            return ct.contains("yaml") ? Json.parseYaml(b) : Json.parse(b);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("the body of the request could not be decoded: " + e.getMessage());
        }
    }

    /** Whether the client asked for a meta.k8s.io Table (kubectl get). */
    boolean wantsTable() {
        String accept = header("Accept");
        return accept != null && accept.contains("as=Table");
    }

    /** The field manager: the fieldManager parameter, else the client's User-Agent up to its first '/'. */
    String fieldManager(boolean required) {
        String fm = param("fieldManager");
        if (fm != null && !fm.isEmpty()) {
            return fm;
        }
        if (required) {
            return null;
        }
        String ua = header("User-Agent");
        if (ua == null || ua.isBlank()) {
            return "unknown";
        }
        int slash = ua.indexOf('/');
        return (slash > 0 ? ua.substring(0, slash) : ua).trim();
    }
}
