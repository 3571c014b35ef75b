package io.msap.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The database an integration test runs on, chosen by the system property {@code msap.test.db}: {@code h2} (default,
 * a file database in the test's data directory) or {@code postgresql}. For PostgreSQL every call gets a fresh database
 * on the server named by {@code MSAP_TEST_POSTGRES_URL} (plus {@code _USER}, {@code _PASSWORD}); without it, a private
 * server is started once per JVM from the PostgreSQL binaries installed on the machine (Debian's
 * {@code /usr/lib/postgresql/<version>/bin}; as root, run as the {@code postgres} user) and stopped at exit.
 */
public final class TestDatabase {

    private static String adminUrl;
    private static String user;
    private static String password;

    private TestDatabase() {}

    public static boolean postgresql() {
        return "postgresql".equalsIgnoreCase(System.getProperty("msap.test.db", "h2"));
    }

    /** Spring properties that point a server with data directory {@code dataDir} at a fresh, empty database. */
    public static synchronized Map<String, String> freshDatabase(Path dataDir) {
        Map<String, String> properties = new HashMap<>();
        properties.put("msap.data-dir", dataDir.toString());
        if (!postgresql()) {
            return properties;
        }
        if (adminUrl == null) {
            connectOrStart();
        }
        String database =
                "msap_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + adminUrl, e);
        }
        properties.put("spring.datasource.url", adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database);
        properties.put("spring.datasource.username", user);
        properties.put("spring.datasource.password", password);
        return properties;
    }

    private static void connectOrStart() {
        String url = System.getenv("MSAP_TEST_POSTGRES_URL");
        if (url != null && !url.isBlank()) {
            adminUrl = url;
            user = System.getenv().getOrDefault("MSAP_TEST_POSTGRES_USER", "postgres");
            password = System.getenv().getOrDefault("MSAP_TEST_POSTGRES_PASSWORD", "postgres");
            return;
        }
        Path bin = postgresBin();
        try {
            Path dir = Files.createTempDirectory("msap-pg-");
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                run(List.of("chown", "postgres", dir.toString()));
            }
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path data = dir.resolve("data");
            run(asUser(
                    root,
                    bin.resolve("initdb").toString(),
                    "-D",
                    data.toString(),
                    "-A",
                    "trust",
                    "-U",
                    "postgres",
                    "-E",
                    "UTF8",
                    "--locale=C"));
            run(asUser(
                    root,
                    bin.resolve("pg_ctl").toString(),
                    "-D",
                    data.toString(),
                    "-o",
                    "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
                    "-l",
                    dir.resolve("log").toString(),
                    "-w",
                    "start"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(root, bin, data, dir)));
            adminUrl = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
            user = "postgres";
            password = "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path postgresBin() {
        Path base = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.exists(base) ? Files.list(base) : Stream.empty()) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> Integer.parseInt(
                            b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IllegalStateException(
                            "msap.test.db=postgresql needs MSAP_TEST_POSTGRES_URL or PostgreSQL installed under " + base
                                    + " (Debian: apt-get install postgresql; .ci/run does this)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> asUser(boolean root, String... command) {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static void stop(boolean root, Path bin, Path data, Path dir) {
        try {
            run(asUser(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop"));
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (RuntimeException | IOException e) {
            System.err.println("could not stop the test PostgreSQL in " + dir + ": " + e);
        }
    }

    private static void run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** "H2" or "PostgreSQL", for test names and messages. */
    public static String name() {
        return postgresql() ? "PostgreSQL" : "H2";
    }
}
