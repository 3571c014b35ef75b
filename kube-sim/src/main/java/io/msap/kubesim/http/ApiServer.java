package io.msap.kubesim.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.msap.kubesim.KubeSimConfig;
import io.msap.kubesim.api.ApiException;
import io.msap.kubesim.api.DeleteOptions;
import io.msap.kubesim.api.Registry;
import io.msap.kubesim.api.ResourceType;
import io.msap.kubesim.api.ResourceTypes;
import io.msap.kubesim.api.Write;
import io.msap.kubesim.json.Json;
import io.msap.kubesim.select.FieldSelector;
import io.msap.kubesim.select.LabelSelector;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Kubernetes REST API over HTTP/1.1 (JDK HttpServer): discovery, OpenAPI, CRUD on the served kinds and their
 * status, scale and log subresources, list paging, chunked watches and Table output. Requests are parsed here and
 * carried out by the {@link Registry}.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ApiServer.class.getName());

    private final Registry registry;
    private final KubeSimConfig config;
    private final PodLogs logs;
    private final HttpServer server;
    private final ExecutorService executor;

    public ApiServer(Registry registry, KubeSimConfig config) throws IOException {
        this.registry = registry;
        this.config = config;
        this.logs = new PodLogs(config);
        this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 128);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "kube-sim-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        registry.store().closeWatches();
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            Request req = new Request(exchange);
            try {
                String upgrade = req.header("Upgrade");
                if (upgrade != null && upgrade.equalsIgnoreCase("websocket") && req.flag("watch")) {
                    // no WebSocket here: a plain 200 makes clients (fabric8, client-go) watch over chunked HTTP
                    ApiException refusal = new ApiException(
                            200, "BadRequest", "kube-sim serves watches over chunked HTTP, not WebSocket", null);
                    sendJson(exchange, 200, refusal.status());
                    return;
                }
                route(req);
            } catch (ApiException e) {
                sendJson(exchange, e.code(), e.status());
            } catch (IOException e) {
                // the client went away
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "kube-sim: " + req.method + " " + req.path + " failed", e);
                ApiException internal = new ApiException(500, "InternalError", "Internal error occurred: " + e, null);
                sendJson(exchange, 500, internal.status());
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    // ---------------------------------------------------------------- routing

    private void route(Request req) throws IOException {
        List<String> s = req.segments;
        if (s.isEmpty()) {
            ObjectNode paths = Json.object();
            ArrayNode a = paths.putArray("paths");
            for (String p : List.of(
                    "/api",
                    "/api/v1",
                    "/apis",
                    "/apis/apps",
                    "/apis/apps/v1",
                    "/healthz",
                    "/livez",
                    "/openapi/v2",
                    "/readyz",
                    "/version")) {
                a.add(p);
            }
            sendJson(req.exchange, 200, paths);
            return;
        }
        switch (s.get(0)) {
            case "version" -> sendJson(req.exchange, 200, Discovery.version());
            case "healthz", "livez", "readyz" -> sendText(req.exchange, 200, "ok");
            case "openapi" -> openApi(req, s);
            case "api" -> {
                if (s.size() == 1) {
                    sendJson(req.exchange, 200, Discovery.coreVersions(config.host() + ":" + port()));
                } else if (s.get(1).equals("v1")) {
                    resources(req, "", "v1", s.subList(2, s.size()));
                } else {
                    throw notFound();
                }
            }
            case "apis" -> {
                if (s.size() == 1) {
                    sendJson(req.exchange, 200, Discovery.groupList());
                } else if (s.size() == 2) {
                    if (ResourceTypes.groupVersions().stream().anyMatch(gv -> gv.startsWith(s.get(1) + "/"))) {
                        sendJson(req.exchange, 200, Discovery.group(s.get(1), "v1"));
                    } else {
                        throw notFound();
                    }
                } else if (ResourceTypes.groupVersions().contains(s.get(1) + "/" + s.get(2))) {
                    resources(req, s.get(1), s.get(2), s.subList(3, s.size()));
                } else {
                    throw notFound();
                }
            }
            default -> throw notFound();
        }
    }

    private void openApi(Request req, List<String> s) throws IOException {
        String accept = req.header("Accept");
        if (s.size() == 2 && s.get(1).equals("v2")) {
            // kubectl asks for protobuf only; answering JSON would fail its parser, a 404 makes it do without
            if (accept != null && accept.contains("protobuf") && !accept.contains("json") && !accept.contains("*/*")) {
                throw notFound();
            }
            sendJson(req.exchange, 200, OpenApi.v2());
        } else if (s.size() == 2 && s.get(1).equals("v3")) {
            sendJson(req.exchange, 200, OpenApi.v3Root());
        } else if (s.size() == 4 && s.get(1).equals("v3") && s.get(2).equals("api")) {
            requireGroupVersion("", s.get(3));
            sendJson(req.exchange, 200, OpenApi.v3("", s.get(3)));
        } else if (s.size() == 5 && s.get(1).equals("v3") && s.get(2).equals("apis")) {
            requireGroupVersion(s.get(3), s.get(4));
            sendJson(req.exchange, 200, OpenApi.v3(s.get(3), s.get(4)));
        } else {
            throw notFound();
        }
    }

    private static void requireGroupVersion(String group, String version) {
        if (!ResourceTypes.groupVersions().contains(group + "/" + version)) {
            throw notFound();
        }
    }

    private static ApiException notFound() {
        return new ApiException(404, "NotFound", "the server could not find the requested resource", null);
    }

    /** {@code [watch/][namespaces/{ns}/]{plural}[/{name}[/{subresource}]]} under a group/version. */
    private void resources(Request req, String group, String version, List<String> rest) throws IOException {
        if (rest.isEmpty()) {
            sendJson(req.exchange, 200, Discovery.resourceList(group, version));
            return;
        }
        boolean legacyWatch = false;
        if (rest.get(0).equals("watch")) {
            legacyWatch = true;
            rest = rest.subList(1, rest.size());
        }
        String namespace = null;
        if (rest.size() >= 3
                && rest.get(0).equals("namespaces")
                && !List.of("status", "finalize").contains(rest.get(2))) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        if (rest.isEmpty() || rest.size() > 3) {
            throw notFound();
        }
        ResourceType type = ResourceTypes.byPath(group, version, rest.get(0)).orElseThrow(ApiServer::notFound);
        String name = rest.size() > 1 ? rest.get(1) : null;
        String sub = rest.size() > 2 ? rest.get(2) : null;
        if (namespace != null && !type.namespaced()) {
            throw notFound();
        }
        if (sub != null && !type.hasSubresource(sub) && !(type.kind().equals("Namespace") && sub.equals("finalize"))) {
            throw notFound();
        }
        if (type.namespaced() && namespace == null && name != null) {
            throw notFound();
        }
        if (legacyWatch) {
            req.query.put("watch", "true");
            if (name != null) {
                req.query.put("fieldSelector", "metadata.name=" + name);
                name = null;
            }
        }
        dispatch(req, type, namespace, name, sub);
    }

    private void dispatch(Request req, ResourceType type, String ns, String name, String sub) throws IOException {
        HttpExchange ex = req.exchange;
        boolean dryRun = req.param("dryRun") != null && !req.param("dryRun").isEmpty();
        switch (req.method) {
            case "GET" -> {
                if (name == null) {
                    if (req.flag("watch")) {
                        watch(req, type, ns);
                    } else {
                        list(req, type, ns);
                    }
                } else if ("log".equals(sub)) {
                    podLog(req, ns, name);
                } else if ("scale".equals(sub)) {
                    sendJson(ex, 200, registry.getScale(type, ns, name));
                } else {
                    ObjectNode o = registry.get(type, ns, name);
                    sendObject(req, type, o, 200);
                }
            }
            case "POST" -> {
                if (name != null) {
                    throw ApiException.methodNotAllowed(
                            "the server does not allow this method on the requested" + " resource");
                }
                ObjectNode body = objectBody(req);
                ObjectNode created = registry.create(type, ns, body, new Write(req.fieldManager(false), dryRun, false));
                sendObject(req, type, created, 201);
            }
            case "PUT" -> {
                requireName(name);
                ObjectNode body = objectBody(req);
                Write w = new Write(req.fieldManager(false), dryRun, false);
                if ("scale".equals(sub)) {
                    sendJson(ex, 200, registry.updateScale(type, ns, name, body, null, null, w));
                } else if ("finalize".equals(sub)) {
                    sendObject(req, type, registry.update(type, ns, name, null, body, w), 200);
                } else {
                    sendObject(req, type, registry.update(type, ns, name, sub, body, w), 200);
                }
            }
            case "PATCH" -> {
                requireName(name);
                String ct = req.contentType();
                JsonNode patch = req.json();
                if (patch == null) {
                    throw ApiException.badRequest("the patch body is empty");
                }
                boolean apply = ct.startsWith("application/apply-patch");
                Write w = new Write(req.fieldManager(apply), dryRun, req.flag("force"));
                if ("scale".equals(sub)) {
                    sendJson(ex, 200, registry.updateScale(type, ns, name, null, ct, patch, w));
                } else {
                    boolean existed = registry.find(type, ns, name) != null;
                    ObjectNode result = registry.patch(type, ns, name, sub, ct, patch, w);
                    sendObject(req, type, result, apply && !existed ? 201 : 200);
                }
            }
            case "DELETE" -> {
                JsonNode body = req.body().length == 0 ? null : req.json();
                DeleteOptions opts =
                        DeleteOptions.of(body, req.param("propagationPolicy"), req.param("orphanDependents"), dryRun);
                if (name == null) {
                    List<ObjectNode> deleted = registry.deleteCollection(
                            type,
                            ns,
                            LabelSelector.parse(req.param("labelSelector")),
                            FieldSelector.parse(req.param("fieldSelector"), type),
                            opts);
                    ObjectNode list = Json.object();
                    list.put("kind", type.listKind());
                    list.put("apiVersion", type.apiVersion());
                    list.putObject("metadata")
                            .put(
                                    "resourceVersion",
                                    Long.toString(registry.store().resourceVersion()));
                    ArrayNode items = list.putArray("items");
                    deleted.forEach(items::add);
                    sendJson(ex, 200, list);
                    return;
                }
                ObjectNode result = registry.delete(type, ns, name, opts);
                boolean gone = registry.find(type, ns, name) == null && !opts.dryRun();
                if (gone && !type.kind().equals("Pod")) {
                    ObjectNode status = Json.object();
                    status.put("kind", "Status");
                    status.put("apiVersion", "v1");
                    status.putObject("metadata");
                    status.put("status", "Success");
                    ObjectNode details = status.putObject("details");
                    details.put("name", name);
                    if (!type.group().isEmpty()) {
                        details.put("group", type.group());
                    }
                    details.put("kind", type.plural());
                    details.put("uid", Json.str(result, "metadata", "uid"));
                    sendJson(ex, 200, status);
                } else {
                    sendJson(ex, gone ? 200 : 202, result);
                }
            }
            default ->
                throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    private static void requireName(String name) {
        if (name == null) {
            throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    private static ObjectNode objectBody(Request req) throws IOException {
        JsonNode body = req.json();
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("the request body must be an object");
        }
        return (ObjectNode) body;
    }

    // ---------------------------------------------------------------- list, watch, logs

    private void list(Request req, ResourceType type, String ns) throws IOException {
        Registry.Page page = registry.list(
                type,
                ns,
                LabelSelector.parse(req.param("labelSelector")),
                FieldSelector.parse(req.param("fieldSelector"), type),
                req.longParam("limit", 0),
                req.param("continue"));
        if (req.wantsTable()) {
            sendJson(
                    req.exchange,
                    200,
                    Tables.table(
                            type,
                            page.items(),
                            req.param("includeObject"),
                            page.resourceVersion(),
                            page.continueToken()));
            return;
        }
        ObjectNode list = Json.object();
        list.put("kind", type.listKind());
        list.put("apiVersion", type.apiVersion());
        ObjectNode meta = list.putObject("metadata");
        meta.put("resourceVersion", Long.toString(page.resourceVersion()));
        if (page.continueToken() != null) {
            meta.put("continue", page.continueToken());
            meta.put("remainingItemCount", page.remaining());
        }
        ArrayNode items = list.putArray("items");
        page.items().forEach(items::add);
        sendJson(req.exchange, 200, list);
    }

    private void watch(Request req, ResourceType type, String ns) throws IOException {
        WatchStream.Spec spec = new WatchStream.Spec(
                type,
                ns,
                LabelSelector.parse(req.param("labelSelector")),
                FieldSelector.parse(req.param("fieldSelector"), type),
                req.param("resourceVersion"),
                req.longParam("timeoutSeconds", 0),
                req.flag("allowWatchBookmarks"),
                req.wantsTable(),
                req.param("includeObject"));
        HttpExchange ex = req.exchange;
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Cache-Control", "no-cache, private");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            WatchStream.run(registry.store(), spec, out);
        }
    }

    private void podLog(Request req, String ns, String name) throws IOException {
        ObjectNode pod = registry.get(ResourceTypes.PODS, ns, name);
        JsonNode container = PodLogs.container(pod, req.param("container"));
        boolean previous = req.flag("previous");
        Instant now = Instant.now();
        List<PodLogs.Line> lines = logs.lines(pod, container, previous, now);
        String text = PodLogs.render(lines, req, now);
        HttpExchange ex = req.exchange;
        ex.getResponseHeaders().set("Content-Type", "text/plain");
        if (!req.flag("follow") || previous) {
            sendText(ex, 200, text);
            return;
        }
        // follow: the current lines, then new ones as they appear, until the pod or its container stops
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            Instant last = lines.isEmpty() ? now : lines.get(lines.size() - 1).time();
            boolean timestamps = req.flag("timestamps");
            long deadline = System.currentTimeMillis() + 3_600_000;
            while (System.currentTimeMillis() < deadline) {
                Thread.sleep(Math.max(50, config.logInterval().toMillis()));
                ObjectNode current = registry.find(ResourceTypes.PODS, ns, name);
                if (current == null
                        || !Json.strOr(current, "", "metadata", "uid").equals(Json.str(pod, "metadata", "uid"))) {
                    return;
                }
                List<PodLogs.Line> more;
                try {
                    more = logs.lines(current, container, false, Instant.now());
                } catch (ApiException e) {
                    return;
                }
                for (PodLogs.Line l : more) {
                    if (l.time().isAfter(last)) {
                        out.write(PodLogs.format(l, timestamps).getBytes(StandardCharsets.UTF_8));
                        last = l.time();
                    }
                }
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- responses

    private void sendObject(Request req, ResourceType type, ObjectNode o, int code) throws IOException {
        if (req.wantsTable()) {
            sendJson(
                    req.exchange,
                    code,
                    Tables.table(
                            type,
                            List.of(o),
                            req.param("includeObject"),
                            registry.store().resourceVersion(),
                            null));
        } else {
            sendJson(req.exchange, code, o);
        }
    }

    static void sendJson(HttpExchange ex, int code, JsonNode body) throws IOException {
        byte[] bytes = Json.bytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Cache-Control", "no-cache, private");
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void sendText(HttpExchange ex, int code, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (ex.getResponseHeaders().getFirst("Content-Type") == null) {
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        }
        ex.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
