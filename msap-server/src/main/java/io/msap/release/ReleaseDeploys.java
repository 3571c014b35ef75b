package io.msap.release;

import io.msap.app.Catalogs;
import io.msap.shared.Caller;
import io.msap.shared.MsapException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deploys for other modules: a pipeline's deploy stages deploy the image they built with the settings of 5.3.18, as
 * the user who started the run, and follow the change order to its end. Settings are the body of deployK8sApplication
 * without {@code appId}, {@code deploySource} and the image, which the stage supplies.
 */
@Service
public class ReleaseDeploys {

    /** A change order as another module follows it. */
    public record OrderState(
            String changeOrderId, String appDeployId, ChangeOrderStatus status, String failReason, int batchCount) {

        public boolean finished() {
            return status.terminal();
        }

        public boolean succeeded() {
            return status == ChangeOrderStatus.SUCCEEDED;
        }
    }

    /** What a stage deploys: the image it built and the versions that go with it. */
    public record Image(
            String imageUrl, String imageVer, String packageVer, String runtimeEnvCode, String runtimeEnvVer) {}

    private static final String PLACEHOLDER_IMAGE = "registry.example.com/check/check:1";

    private final ReleaseService releases;
    private final ChangeOrderRepository orders;
    private final JsonMapper json;
    private final Validator validator;
    private final Catalogs catalogs;

    ReleaseDeploys(
            ReleaseService releases,
            ChangeOrderRepository orders,
            JsonMapper json,
            Validator validator,
            Catalogs catalogs) {
        this.catalogs = catalogs;
        this.releases = releases;
        this.orders = orders;
        this.json = json;
        this.validator = validator;
    }

    /**
     * Checks deploy settings (sent in {@code field}) as far as they can be checked before the image exists: types,
     * required fields once the stage's defaults are in, and every rule of deployK8sApplication's fields (versions,
     * resources, probes, variables, the deploy strategy). 400 naming the field otherwise.
     */
    public void checkSettings(String field, String appId, JsonNode settings) {
        // the runtime the image will have is the IMAGE_BUILD's: one of the catalogue's stands in for it here
        String runtimeEnvCode = settings.hasNonNull("runtimeEnvCode")
                ? settings.get("runtimeEnvCode").asString()
                : catalogs.runtimeEnvs().get(0).runtimeEnvCode();
        String runtimeEnvVer = catalogs.runtimeEnv(runtimeEnvCode)
                .map(env -> env.versionList().get(0).runtimeEnvVer())
                .orElse("1");
        DeployRequests.DeployRequest request =
                request(field, appId, settings, new Image(PLACEHOLDER_IMAGE, "1", "1", runtimeEnvCode, runtimeEnvVer));
        releases.checkFields(request);
    }

    /**
     * Deploys {@code image} into the environment of {@code settings} as {@code caller}, as the change order
     * {@code changeOrderId} (a caller's key: when that change order exists already, it is answered and nothing new
     * happens). Checks and failures as deployK8sApplication answers them.
     */
    public String deploy(Caller caller, String appId, JsonNode settings, Image image, String changeOrderId) {
        if (orders.existsById(changeOrderId)) {
            return changeOrderId;
        }
        return releases.deploy(caller, request("config", appId, settings, image), changeOrderId)
                .changeOrderId();
    }

    /** The state of a change order, whoever asks (the caller started it). */
    @Transactional(readOnly = true)
    public Optional<OrderState> state(String changeOrderId) {
        return orders.findById(changeOrderId)
                .map(o -> new OrderState(
                        o.getId(), o.getAppDeployId(), o.getExecuteStatus(), o.getFailReason(), o.getBatchCount()));
    }

    /** Stops a change order a stopped stage started; false when it had ended. */
    public boolean abort(Caller caller, String changeOrderId) {
        return releases.abort(caller, changeOrderId);
    }

    private DeployRequests.DeployRequest request(String field, String appId, JsonNode settings, Image image) {
        if (!(settings instanceof ObjectNode given)) {
            throw MsapException.badField(field, "error.field.invalid");
        }
        ObjectNode body = given.deepCopy();
        body.put("appId", appId);
        body.put("deploySource", "IMAGE");
        body.put("imageUrl", image.imageUrl());
        body.remove("imageId");
        if (!body.hasNonNull("deployVer")) {
            body.put("deployVer", image.imageVer().replaceAll("[^A-Za-z0-9._-]", "-"));
        }
        if (!body.hasNonNull("packageVer")) {
            body.put("packageVer", image.packageVer());
        }
        if (!body.hasNonNull("runtimeEnvCode") && image.runtimeEnvCode() != null) {
            body.put("runtimeEnvCode", image.runtimeEnvCode());
        }
        if (!body.hasNonNull("runtimeEnvVer") && image.runtimeEnvVer() != null) {
            body.put("runtimeEnvVer", image.runtimeEnvVer());
        }
        if (!body.hasNonNull("podNum")) {
            body.put("podNum", 1);
        }
        DeployRequests.DeployRequest request;
        try {
            request = json.treeToValue(body, DeployRequests.DeployRequest.class);
        } catch (JacksonException e) {
            String path = e.getPath().isEmpty()
                    ? ""
                    : "." + e.getPath().get(e.getPath().size() - 1).getPropertyName();
            throw MsapException.badField(field + path, "error.field.invalid");
        }
        Set<ConstraintViolation<DeployRequests.DeployRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return request;
    }
}
