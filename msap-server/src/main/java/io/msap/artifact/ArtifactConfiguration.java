package io.msap.artifact;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.msap.shared.DataDirectory;
import io.msap.shared.EnvelopeWriter;
import jakarta.servlet.MultipartConfigElement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ArtifactSettings.class)
class ArtifactConfiguration {

    /** After the request body limit (-150), before security (-100): an oversized upload is refused unread. */
    static final int UPLOAD_LIMIT_ORDER = -140;

    /**
     * The multipart limits of every endpoint follow the package limit: a file part may be as large as a package, a
     * whole request a little larger (the form fields). Parts over 256 KB are spooled to
     * {@code $MSAP_DATA_DIR/tmp/uploads} while the request is parsed.
     */
    @Bean
    MultipartConfigElement multipartConfigElement(ArtifactSettings settings, DataDirectory dataDirectory) {
        Path location = dataDirectory.resolve("tmp").resolve("uploads");
        try {
            Files.createDirectories(location);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the upload directory " + location, e);
        }
        long limit = settings.maxPackageSize().toBytes();
        return new MultipartConfigElement(
                location.toString(), limit, limit + PackageUploadLimitFilter.FORM_OVERHEAD, 256 * 1024);
    }

    @Bean
    FilterRegistrationBean<PackageUploadLimitFilter> packageUploadLimitFilter(
            ArtifactSettings settings, EnvelopeWriter envelope) {
        FilterRegistrationBean<PackageUploadLimitFilter> registration = new FilterRegistrationBean<>(
                new PackageUploadLimitFilter(settings.maxPackageSize().toBytes(), envelope));
        registration.setOrder(UPLOAD_LIMIT_ORDER);
        return registration;
    }

    /** The blob retention job, hourly on one server. */
    @Bean
    RecurringTask<Void> artifactBlobPurge(BlobPurge purge) {
        return Tasks.recurring("artifact-blob-purge", FixedDelay.of(Duration.ofHours(1)))
                .execute((instance, context) -> purge.purge());
    }
}
