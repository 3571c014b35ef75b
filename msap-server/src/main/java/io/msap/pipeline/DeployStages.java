package io.msap.pipeline;

import io.msap.app.AppCategory;
import io.msap.app.AppView;
import io.msap.environment.EnvironmentService;
import io.msap.release.ReleaseDeploys;
import io.msap.shared.Ids;
import io.msap.shared.Messages;
import io.msap.shared.MsapException;
import io.msap.shared.WireLocale;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The deploy stages IMAGE_DEPLOY (general applications) and MS_IMAGE_DEPLOY (microservice applications):
 * {@code {deployEnvId, ...the other deploy settings of 5.3.18}}. A stage deploys the image the nearest earlier
 * IMAGE_BUILD built as a change order of the release module, as the user who started the run (so their environment
 * grant is checked when the stage starts), and follows the change order, batches included, to its end: the stage
 * succeeds or fails with it, and stopping the stage aborts it. Unset settings default to the build's: deployVer and
 * packageVer to the image's version, runtimeEnvCode and runtimeEnvVer to the IMAGE_BUILD's, podNum to 1.
 *
 * <p>The change order's id is derived from the stage and the run's attempt, so an attempt that is run again after its
 * server died follows the change order it started instead of deploying twice; a retry follows an earlier attempt's
 * change order that is still running, or takes over one that succeeded.
 */
final class DeployStages {

    private DeployStages() {}

    /** IMAGE_DEPLOY. */
    @Component
    static class ImageDeployExecutor extends Base {
        ImageDeployExecutor(
                EnvironmentService environments,
                ReleaseDeploys deploys,
                Messages messages,
                @Value("${msap.pipeline.poll-interval:1s}") Duration pollInterval) {
            super(environments, deploys, messages, pollInterval, StageCategory.IMAGE_DEPLOY, AppCategory.GENERAL_APP);
        }
    }

    /** MS_IMAGE_DEPLOY. */
    @Component
    static class MsImageDeployExecutor extends Base {
        MsImageDeployExecutor(
                EnvironmentService environments,
                ReleaseDeploys deploys,
                Messages messages,
                @Value("${msap.pipeline.poll-interval:1s}") Duration pollInterval) {
            super(
                    environments,
                    deploys,
                    messages,
                    pollInterval,
                    StageCategory.MS_IMAGE_DEPLOY,
                    AppCategory.MICRO_SERVICE);
        }
    }

    abstract static class Base implements StageExecutor {

        private final EnvironmentService environments;
        private final ReleaseDeploys deploys;
        private final Messages messages;
        private final Duration pollInterval;
        private final StageCategory category;
        private final AppCategory appCategory;

        Base(
                EnvironmentService environments,
                ReleaseDeploys deploys,
                Messages messages,
                Duration pollInterval,
                StageCategory category,
                AppCategory appCategory) {
            this.environments = environments;
            this.deploys = deploys;
            this.messages = messages;
            this.pollInterval = pollInterval;
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
            // what the stage supplies itself
            stored.remove(List.of("appId", "appld", "deploySource", "imageUrl", "imageId"));
            return stored;
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
                    .orElseThrow(
                            () -> MsapException.unknownField(field + ".config.deployEnvId", "environment.notFound"));
            deploys.checkSettings(field + ".config", app.appId(), config);
        }

        @Override
        public StageOutcome execute(StageExecution execution) throws InterruptedException {
            Optional<StageExecution.EarlierStage> build = execution.output(StageCategory.IMAGE_BUILD);
            if (build.isEmpty()) {
                return StageOutcome.failed(text("pipeline.fail.noImage", execution.stageName()));
            }
            Map<String, String> built = build.get().outputs();
            ReleaseDeploys.Image image = new ReleaseDeploys.Image(
                    built.get("imageUrl"),
                    built.get("imageVer"),
                    built.get("packageVer"),
                    built.get("runtimeEnvCode"),
                    built.get("runtimeEnvVer"));
            String changeOrderId = null;
            // an earlier attempt's change order that still runs is followed; one that succeeded is taken over
            for (int attempt = execution.attempt() - 1; attempt >= 1 && changeOrderId == null; attempt--) {
                Optional<ReleaseDeploys.OrderState> earlier = deploys.state(orderId(execution.stageId(), attempt));
                if (earlier.isEmpty()) {
                    continue;
                }
                if (!earlier.get().finished() || earlier.get().succeeded()) {
                    changeOrderId = earlier.get().changeOrderId();
                    execution.log(text("pipeline.log.deployEarlier", changeOrderId));
                }
                break;
            }
            if (changeOrderId == null) {
                execution.log(text("pipeline.log.deploy", image.imageUrl()));
                try {
                    changeOrderId = deploys.deploy(
                            execution.starter(),
                            execution.app().appId(),
                            execution.config(),
                            image,
                            orderId(execution.stageId(), execution.attempt()));
                } catch (MsapException e) {
                    return StageOutcome.failed(messages.get(WireLocale.CHINESE, e.messageKey(), e.args()));
                }
                execution.log(text("pipeline.log.changeOrder", changeOrderId));
            }
            return follow(execution, changeOrderId, built);
        }

        private StageOutcome follow(StageExecution execution, String changeOrderId, Map<String, String> built)
                throws InterruptedException {
            ReleaseDeploys.OrderState last = null;
            while (true) {
                if (execution.cancelled()) {
                    if (execution.stoppedByUser()) {
                        try {
                            if (deploys.abort(execution.starter(), changeOrderId)) {
                                execution.log(text("pipeline.log.deployAborted", changeOrderId));
                            }
                        } catch (MsapException e) {
                            // e.g. the starter may no longer change the deployment: the change order goes on
                            execution.log(messages.get(WireLocale.CHINESE, e.messageKey(), e.args()));
                        }
                    }
                    throw new CancellationException();
                }
                Optional<ReleaseDeploys.OrderState> found = deploys.state(changeOrderId);
                if (found.isEmpty()) {
                    return StageOutcome.failed(text("pipeline.fail.changeOrderGone", changeOrderId));
                }
                ReleaseDeploys.OrderState state = found.get();
                if (last == null || last.status() != state.status()) {
                    execution.log(text(
                            "pipeline.log.changeOrderStatus",
                            changeOrderId,
                            state.status().name()));
                }
                last = state;
                if (state.finished()) {
                    if (!state.succeeded()) {
                        return StageOutcome.failed(text(
                                "pipeline.fail.deploy",
                                changeOrderId,
                                state.failReason() == null ? state.status().name() : state.failReason()));
                    }
                    Map<String, String> outputs = new LinkedHashMap<>();
                    outputs.put("changeOrderId", changeOrderId);
                    outputs.put("appDeployId", state.appDeployId());
                    outputs.put(
                            "deployEnvId", execution.config().get("deployEnvId").asString());
                    outputs.put("imageUrl", built.get("imageUrl"));
                    outputs.put("imageId", built.get("imageId"));
                    return StageOutcome.succeeded(outputs);
                }
                Thread.sleep(pollInterval.toMillis());
            }
        }

        /** The change order a stage's attempt deploys with: the same for every run of that attempt. */
        static String orderId(String stageId, int attempt) {
            return UUID.nameUUIDFromBytes(
                            ("pipeline-stage:" + stageId + ":" + attempt).getBytes(StandardCharsets.UTF_8))
                    .toString();
        }

        private String text(String key, Object... args) {
            return messages.get(WireLocale.CHINESE, key, args);
        }
    }
}
