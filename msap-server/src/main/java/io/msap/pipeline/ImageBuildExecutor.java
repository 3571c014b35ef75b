package io.msap.pipeline;

import io.msap.app.Catalogs;
import io.msap.artifact.ImageBuilder;
import io.msap.artifact.ImageService;
import io.msap.artifact.ImageView;
import io.msap.shared.Messages;
import io.msap.shared.MsapException;
import io.msap.shared.WireLocale;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * IMAGE_BUILD {@code {runtimeEnvCode, runtimeEnvVer, imageName}}: builds an OCI image of the package an earlier
 * PACKAGE_PUBLISH published, on the runtime environment's base image, with Jib (no Docker daemon), pushed to the
 * configured registry or kept as a tarball in the artifact repository ({@link ImageBuilder}); either way an image record
 * whose version is the package's. A retry finds the image an earlier attempt recorded instead of building it twice.
 */
@Component
class ImageBuildExecutor implements StageExecutor {

    /** A repository path as registries accept it: lower-case components separated by / . _ or -. */
    private static final Pattern IMAGE_NAME =
            Pattern.compile("^[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*$");

    private final Catalogs catalogs;
    private final ImageBuilder builder;
    private final ImageService images;
    private final Messages messages;

    ImageBuildExecutor(Catalogs catalogs, ImageBuilder builder, ImageService images, Messages messages) {
        this.catalogs = catalogs;
        this.builder = builder;
        this.images = images;
        this.messages = messages;
    }

    @Override
    public StageCategory category() {
        return StageCategory.IMAGE_BUILD;
    }

    @Override
    public JsonNode validate(String field, JsonNode config) {
        ObjectNode given = StageConfigs.object(field, config);
        String code = StageConfigs.text(given, field, "runtimeEnvCode", true, 64);
        Catalogs.RuntimeEnv runtime = catalogs.runtimeEnv(code)
                .orElseThrow(() -> MsapException.badField(field + ".runtimeEnvCode", "pipeline.runtimeEnv.unknown"));
        String version = StageConfigs.text(given, field, "runtimeEnvVer", true, 64);
        if (runtime.versionList().stream().noneMatch(v -> v.runtimeEnvVer().equals(version))) {
            throw MsapException.badField(field + ".runtimeEnvVer", "pipeline.runtimeEnvVer.unknown", code);
        }
        String imageName = StageConfigs.text(given, field, "imageName", true, 255);
        if (!IMAGE_NAME.matcher(imageName).matches()) {
            throw MsapException.badField(field + ".imageName", "pipeline.imageName.invalid");
        }
        ObjectNode stored = given.objectNode();
        stored.put("runtimeEnvCode", runtime.runtimeEnvCode());
        stored.put("runtimeEnvVer", version);
        stored.put("imageName", imageName);
        return stored;
    }

    @Override
    public boolean usesBuildSlot() {
        return true;
    }

    @Override
    public StageOutcome execute(StageExecution execution) {
        Optional<StageExecution.EarlierStage> publish = execution.output(StageCategory.PACKAGE_PUBLISH);
        if (publish.isEmpty()) {
            return StageOutcome.failed(text("pipeline.fail.noPublish", execution.stageName()));
        }
        Map<String, String> published = publish.get().outputs();
        JsonNode config = execution.config();
        String runtimeEnvCode = config.get("runtimeEnvCode").asString();
        String runtimeEnvVer = config.get("runtimeEnvVer").asString();
        String imageName = config.get("imageName").asString();
        String imageVer = published.get("packageVer");
        String appId = execution.app().appId();
        Optional<ImageView> recorded = images.findVersion(appId, imageName, imageVer);
        ImageView image;
        if (recorded.isPresent()) {
            if (!published.get("packageId").equals(recorded.get().packageId())) {
                return StageOutcome.failed(text("pipeline.fail.imageTaken", imageName, imageVer));
            }
            image = recorded.get();
            execution.log(text("pipeline.log.builtBefore", image.imageUrl(), image.imageId()));
        } else {
            Optional<String> base = builder.baseImage(runtimeEnvCode, runtimeEnvVer);
            if (base.isEmpty()) {
                return StageOutcome.failed(text("pipeline.fail.noBaseImage", runtimeEnvCode, runtimeEnvVer));
            }
            try {
                image = builder.build(
                        new ImageBuilder.BuildRequest(
                                execution.starter().tenantId(),
                                execution.projectId(),
                                appId,
                                published.get("packageId"),
                                base.get(),
                                imageName,
                                imageVer,
                                null,
                                published.get("ref"),
                                execution.starter().userName(),
                                execution.starter().userId(),
                                null),
                        execution::log);
            } catch (MsapException e) {
                return StageOutcome.failed(messages.get(WireLocale.CHINESE, e.messageKey(), e.args()));
            }
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("imageId", image.imageId());
        outputs.put("imageUrl", image.imageUrl());
        outputs.put("imageName", image.imageName());
        outputs.put("imageVer", image.imageVer());
        outputs.put("runtimeEnvCode", runtimeEnvCode);
        outputs.put("runtimeEnvVer", runtimeEnvVer);
        outputs.put("packageId", published.get("packageId"));
        outputs.put("packageVer", imageVer);
        if (image.imageDigest() != null) {
            outputs.put("imageDigest", image.imageDigest());
        }
        outputs.put("pushed", String.valueOf(image.pushed()));
        execution.log(text("pipeline.log.image", image.imageUrl(), image.imageId()));
        return StageOutcome.succeeded(outputs);
    }

    private String text(String key, Object... args) {
        return messages.get(WireLocale.CHINESE, key, args);
    }
}
