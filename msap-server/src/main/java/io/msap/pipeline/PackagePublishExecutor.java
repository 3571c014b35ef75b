package io.msap.pipeline;

import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PACKAGE_PUBLISH {@code {packagePath, packageName, packageType}} (JAR or WAR): will store the package an earlier
 * CODE_BUILD recorded ({@code packageFile}, checked against its {@code sha256}) in the artifact repository. The
 * configuration is checked; the stage is not available on this server until the artifact module provides its API, so
 * a pipeline with it is refused when saved.
 */
@Component
class PackagePublishExecutor implements StageExecutor {

    @Override
    public StageCategory category() {
        return StageCategory.PACKAGE_PUBLISH;
    }

    @Override
    public JsonNode validate(String field, JsonNode config) {
        ObjectNode given = StageConfigs.object(field, config);
        ObjectNode stored = given.objectNode();
        stored.put(
                "packagePath",
                StageConfigs.relativePath(
                        field + ".packagePath", StageConfigs.text(given, field, "packagePath", true, 255)));
        stored.put(
                "packageName",
                StageConfigs.fileName(
                        field + ".packageName", StageConfigs.text(given, field, "packageName", true, 255)));
        stored.put("packageType", StageConfigs.oneOf(given, field, "packageType", true, List.of("JAR", "WAR")));
        return stored;
    }

    @Override
    public boolean availableOnThisServer() {
        return false;
    }

    @Override
    public StageOutcome execute(StageExecution execution) {
        return StageOutcome.failed("PACKAGE_PUBLISH is not available on this server yet");
    }
}
