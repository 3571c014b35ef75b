package io.msap.artifact;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A registry for tests that speaks the part of the OCI distribution API an image push uses, over plain HTTP on
 * loopback: blob existence checks, chunked or monolithic blob uploads checked against their digest, and manifest
 * uploads. It keeps what it received, so a test can look inside the pushed image.
 */
final class FakeRegistry implements AutoCloseable {

    private final HttpServer server;
    private final java.net.ServerSocket front;
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, ByteArrayOutputStream> uploads = new ConcurrentHashMap<>();
    private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();

    FakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        front = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "fake-registry-front");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * The registry's front door: a client that opens with a TLS handshake (registry clients try HTTPS first) is hung
     * up on at once, so it falls back to plain HTTP; everything else is passed through to the HTTP server.
     */
    private void accept() {
        while (!front.isClosed()) {
            try {
                java.net.Socket client = front.accept();
                Thread pipe = new Thread(() -> pipe(client), "fake-registry-pipe");
                pipe.setDaemon(true);
                pipe.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pipe(java.net.Socket client) {
        try (client) {
            java.io.InputStream in = client.getInputStream();
            int first = in.read();
            if (first < 0 || first == 0x16) {
                return;
            }
            try (java.net.Socket backend = new java.net.Socket(
                    java.net.InetAddress.getLoopbackAddress(),
                    server.getAddress().getPort())) {
                backend.getOutputStream().write(first);
                Thread up = new Thread(() -> {
                    try {
                        in.transferTo(backend.getOutputStream());
                        backend.shutdownOutput();
                    } catch (IOException ignored) {
                        // the other side closed
                    }
                });
                up.setDaemon(true);
                up.start();
                backend.getInputStream().transferTo(client.getOutputStream());
            }
        } catch (IOException ignored) {
            // a client or the server went away
        }
    }

    /** {@code 127.0.0.1:<port>}. */
    String host() {
        return "127.0.0.1:" + front.getLocalPort();
    }

    byte[] blob(String digest) {
        return blobs.get(digest);
    }

    /** The manifest pushed as {@code <repository>:<tag>}, or null. */
    byte[] manifest(String repository, String tag) {
        return manifests.get(repository + ":" + tag);
    }

    @Override
    public void close() {
        try {
            front.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.equals("/v2/")) {
                respond(exchange, 200, Map.of());
                return;
            }
            int blobsAt = path.indexOf("/blobs/");
            int manifestsAt = path.indexOf("/manifests/");
            if (blobsAt > 0 && path.startsWith("/blobs/uploads", blobsAt)) {
                String repository = path.substring(4, blobsAt);
                String rest = path.substring(blobsAt + "/blobs/uploads".length());
                if (method.equals("POST")) {
                    String id = UUID.randomUUID().toString();
                    uploads.put(id, new ByteArrayOutputStream());
                    uploads.get(id).writeBytes(body);
                    respond(exchange, 202, Map.of("Location", "/v2/" + repository + "/blobs/uploads/" + id));
                    return;
                }
                String id = rest.replaceFirst("^/", "");
                ByteArrayOutputStream upload = uploads.get(id);
                if (upload == null) {
                    respond(exchange, 404, Map.of());
                    return;
                }
                upload.writeBytes(body);
                if (method.equals("PATCH")) {
                    respond(
                            exchange,
                            202,
                            Map.of(
                                    "Location", "/v2/" + repository + "/blobs/uploads/" + id,
                                    "Range", "0-" + Math.max(0, upload.size() - 1)));
                    return;
                }
                if (method.equals("PUT") && query != null && query.startsWith("digest=")) {
                    String digest =
                            java.net.URLDecoder.decode(query.substring(7), java.nio.charset.StandardCharsets.UTF_8);
                    byte[] content = upload.toByteArray();
                    uploads.remove(id);
                    if (!digest.equals(digest(content))) {
                        respond(exchange, 400, Map.of());
                        return;
                    }
                    blobs.put(digest, content);
                    respond(exchange, 201, Map.of("Docker-Content-Digest", digest));
                    return;
                }
                respond(exchange, 405, Map.of());
                return;
            }
            if (blobsAt > 0) {
                String digest = path.substring(blobsAt + "/blobs/".length());
                byte[] blob = blobs.get(digest);
                if (blob == null) {
                    respond(exchange, 404, Map.of());
                } else if (method.equals("HEAD")) {
                    exchange.getResponseHeaders().set("Content-Length", String.valueOf(blob.length));
                    exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
                    exchange.sendResponseHeaders(200, -1);
                } else {
                    exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
                    exchange.sendResponseHeaders(200, blob.length);
                    exchange.getResponseBody().write(blob);
                }
                return;
            }
            if (manifestsAt > 0) {
                String repository = path.substring(4, manifestsAt);
                String tag = path.substring(manifestsAt + "/manifests/".length());
                if (method.equals("PUT")) {
                    manifests.put(repository + ":" + tag, body);
                    respond(exchange, 201, Map.of("Docker-Content-Digest", digest(body)));
                } else {
                    respond(exchange, 404, Map.of());
                }
                return;
            }
            respond(exchange, 404, Map.of());
        }
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers) throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, -1);
    }

    private static String digest(byte[] content) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
