package io.msap.pipeline;

import io.msap.app.Catalogs;
import io.msap.shared.MsapException;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * IMAGE_BUILD {@code {runtimeEnvCode, runtimeEnvVer, imageName}}: will build an OCI image of the package an earlier
 * stage recorded on the runtime environment's base image (Jib, no Docker daemon). The configuration is checked
 * against the runtime catalogue; the stage is not available on this server until the artifact module (image storage
 * and push) provides its API, so a pipeline with it is refused when saved.
 */
@Component
class ImageBuildExecutor implements StageExecutor {

    /** A repository path as registries accept it: lower-case components separated by / . _ or -. */
    private static final Pattern IMAGE_NAME =
            Pattern.compile("^[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*$");

    private final Catalogs catalogs;

    ImageBuildExecutor(Catalogs catalogs) {
        this.catalogs = catalogs;
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
    public boolean availableOnThisServer() {
        return false;
    }

    @Override
    public boolean usesBuildSlot() {
        return true;
    }

    @Override
    public StageOutcome execute(StageExecution execution) {
        return StageOutcome.failed("IMAGE_BUILD is not available on this server yet");
    }
}
