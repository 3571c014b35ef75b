package io.msap.test;

import io.msap.MsapApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The base of integration tests: one MSAP server per test JVM on a random port, with its own data directory and a
 * fresh database (H2, or PostgreSQL with {@code -Dmsap.test.db=postgresql}), driven over HTTP. Tests share the server,
 * so each makes its own projects and users with unique names ({@link #unique}).
 */
@SpringBootTest(classes = MsapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(IntegrationTest.TestClockConfiguration.class)
public abstract class IntegrationTest {

    /** The admin token of tenant 1, set through MSAP_BOOTSTRAP_TOKEN. */
    protected static final String ADMIN_TOKEN = "it-admin-" + UUID.randomUUID();

    protected static final String ADMIN_PASSWORD = "admin-Passw0rd";

    static final Path DATA_DIR = tempDir();

    private static Map<String, String> database;

    @LocalServerPort
    protected int port;

    @Autowired
    protected MutableClock clock;

    protected Api api;
    protected Fixtures fixtures;

    @DynamicPropertySource
    static void serverProperties(DynamicPropertyRegistry registry) {
        synchronized (IntegrationTest.class) {
            if (database == null) {
                database = TestServers.properties(DATA_DIR);
            }
        }
        database.forEach((key, value) -> registry.add(key, () -> value));
        registry.add("msap.bootstrap.token", () -> ADMIN_TOKEN);
        registry.add("msap.bootstrap.password", () -> ADMIN_PASSWORD);
    }

    @BeforeEach
    void connect() {
        api = new Api(port);
        fixtures = new Fixtures(api, ADMIN_TOKEN);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** A name no other test uses: {@code prefix} plus a short random suffix, lowercase. */
    protected static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("msap-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClockConfiguration {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock();
        }
    }
}
