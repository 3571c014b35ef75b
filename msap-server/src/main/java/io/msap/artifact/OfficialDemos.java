package io.msap.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Publishes the official demo packages bundled with the server ({@code official-demo/<code>.jar}, built from the
 * {@code msap-demo} module) as platform packages when the server is ready: {@code hello-msap} in the version its jar's
 * manifest names. Publishing is idempotent across restarts and across servers sharing a database: a version's row has
 * a fixed id and is created once; every server puts the file into its own blob store. A bundled jar that differs from
 * the published one of the same version is not published again (bump the demo's version to publish a change).
 */
@Component
class OfficialDemos {

    /** The official demo a deploy names with {@code packageSource=OFFICIAL_DEMO, officialDemoCode=hello-msap}. */
    static final String HELLO_MSAP = "hello-msap";

    private static final Logger log = LoggerFactory.getLogger(OfficialDemos.class);

    private final PackageService packages;

    OfficialDemos(PackageService packages) {
        this.packages = packages;
    }

    @EventListener(ApplicationReadyEvent.class)
    void publishBundled() {
        publish(HELLO_MSAP, new ClassPathResource("official-demo/" + HELLO_MSAP + ".jar"));
    }

    /** Publishes one bundled demo; a missing or unreadable jar is logged, never fatal. */
    void publish(String code, ClassPathResource jar) {
        if (!jar.exists()) {
            log.warn(
                    "The official demo {} is not bundled with this build ({} is missing): build from the repository root so msap-demo is packaged first.",
                    code,
                    jar.getPath());
            return;
        }
        try {
            String version = version(jar);
            PackageService.Published published = packages.publishOfficialDemo(code, version, jar);
            if (published.created()) {
                log.info(
                        "Published the official demo package {} {} ({})",
                        code,
                        version,
                        published.pkg().packageId());
            } else if (!published.pkg().sha256().equals(published.bundledSha256())) {
                log.warn(
                        "The bundled official demo {} {} (sha256 {}) differs from the published one (sha256 {}); keeping the published one. Bump the demo's version to publish a change.",
                        code,
                        version,
                        published.bundledSha256(),
                        published.pkg().sha256());
            }
        } catch (IOException | RuntimeException e) {
            log.error("Could not publish the official demo package {}", code, e);
        }
    }

    /** The Implementation-Version in the jar's manifest. */
    static String version(ClassPathResource jar) throws IOException {
        try (InputStream in = jar.getInputStream();
                JarInputStream jarIn = new JarInputStream(in)) {
            Manifest manifest = jarIn.getManifest();
            String version =
                    manifest == null ? null : manifest.getMainAttributes().getValue("Implementation-Version");
            if (version == null || !PackageService.VERSION.matcher(version).matches()) {
                throw new IOException("the demo jar's manifest names no usable Implementation-Version: " + version);
            }
            return version;
        }
    }
}
