package hellomsap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * hello-msap, the official demo package: {@code GET /} says hello with its version, {@code GET /health} answers 200
 * {@code {"status":"UP"}} for probes. Listens on {@code $PORT} (default 8080); nothing but the JDK.
 */
public final class HelloMsap {

    private HelloMsap() {}

    public static void main(String[] args) throws IOException {
        int port = port(System.getenv("PORT"));
        String version = version();
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/health", exchange -> {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                answer(exchange, 405, "text/plain", "use GET\n");
            } else if (!"/health".equals(exchange.getRequestURI().getPath())) {
                answer(exchange, 404, "text/plain", "not found\n");
            } else {
                answer(exchange, 200, "application/json", "{\"status\":\"UP\"}");
            }
        });
        server.createContext("/", exchange -> {
            if (!"/".equals(exchange.getRequestURI().getPath())) {
                answer(exchange, 404, "text/plain", "not found\n");
            } else {
                String host = System.getenv().getOrDefault("HOSTNAME", "localhost");
                answer(exchange, 200, "text/plain", "Hello from hello-msap " + version + " on " + host + "\n");
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(1)));
        server.start();
        System.out.println("hello-msap " + version + " listening on port " + port);
    }

    /** The port in {@code PORT}, 8080 when unset; anything else stops the service with a clear message. */
    static int port(String value) {
        if (value == null || value.isBlank()) {
            return 8080;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("PORT must be a port number (0-65535), not " + value);
    }

    /** The version in the jar's manifest; "dev" when run from classes. */
    static String version() {
        String version = HelloMsap.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    private static void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType + "; charset=utf-8");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }
}
