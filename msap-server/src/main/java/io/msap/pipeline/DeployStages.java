package io.msap.pipeline;

import io.msap.app.AppCategory;
import io.msap.app.AppView;
import io.msap.environment.EnvironmentService;
import io.msap.shared.Ids;
import io.msap.shared.MsapException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The deploy stages IMAGE_DEPLOY (general applications) and MS_IMAGE_DEPLOY (microservice applications):
 * {@code {deployEnvId, ...the deploy fields of 5.3.18 other than the source}}. They will deploy the image an earlier
 * IMAGE_BUILD recorded as a change order of the release module (checking the starter's environment grant when the
 * stage starts). Their configuration is checked here (an environment of the app's project, the app's category); they
 * are not available on this server until the release module offers deploys to other modules, so a pipeline with one
 * is refused when saved.
 */
final class DeployStages {

    private DeployStages() {}

    /** IMAGE_DEPLOY. */
    @Component
    static class ImageDeployExecutor extends Base {
        ImageDeployExecutor(EnvironmentService environments) {
            super(environments, StageCategory.IMAGE_DEPLOY, AppCategory.GENERAL_APP);
        }
    }

    /** MS_IMAGE_DEPLOY. */
    @Component
    static class MsImageDeployExecutor extends Base {
        MsImageDeployExecutor(EnvironmentService environments) {
            super(environments, StageCategory.MS_IMAGE_DEPLOY, AppCategory.MICRO_SERVICE);
        }
    }

    abstract static class Base implements StageExecutor {

        private final EnvironmentService environments;
        private final StageCategory category;
        private final AppCategory appCategory;

        Base(EnvironmentService environments, StageCategory category, AppCategory appCategory) {
            this.environments = environments;
            this.category = category;
            this.appCategory = appCategory;
        }

        @Override
        public StageCategory category() {
            return category;
        }

        @Override
        public JsonNode validate(String field, JsonNode config) {
            ObjectNode given = StageConfigs.object(field, config);
            String envId = StageConfigs.text(given, field, "deployEnvId", true, 64);
            ObjectNode stored = given.deepCopy();
            stored.put("deployEnvId", Ids.require(field + ".deployEnvId", envId, "environment.notFound"));
            return stored;
        }

        @Override
        public boolean availableOnThisServer() {
            return false;
        }

        @Override
        public void checkApp(String field, JsonNode config, AppView app) {
            if (app.category() != appCategory) {
                throw MsapException.badField(field, "pipeline.deploy.appCategory", category.name(), appCategory.name());
            }
            String envId = config.get("deployEnvId").asString();
            environments
                    .find(envId)
                    .filter(e -> e.projectId().equals(app.projectId()))
                    .orElseThrow(() -> MsapException.unknownField(field + ".deployEnvId", "environment.notFound"));
        }

        @Override
        public StageOutcome execute(StageExecution execution) {
            return StageOutcome.failed(category + " is not available on this server yet");
        }
    }
}
