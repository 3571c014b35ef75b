package io.msap.configmap;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The request bodies of the ConfigMap endpoints (5.10). */
final class ConfigMapRequests {

    private ConfigMapRequests() {}

    /** The manual's name rule: DNS-1123 labels, at most two joined by a dot. */
    static final String NAME_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)?$";

    /** Kubernetes ConfigMap key rule. */
    static final String KEY_PATTERN = "^[-._a-zA-Z0-9]+$";

    record Item(
            @NotBlank(message = "{error.field.required}")
            @Size(max = 253, message = "{error.field.maxLength}")
            @Pattern(regexp = KEY_PATTERN, message = "{configmap.key.pattern}")
            String name,

            @NotNull(message = "{error.field.required}") String value) {}

    record CreateConfigMapRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String deployEnvId,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String clusterName,

            @NotBlank(message = "{error.field.required}") @Size(max = 63, message = "{error.field.maxLength}")
            String namespace,

            @NotBlank(message = "{error.field.required}")
            @Size(max = 253, message = "{error.field.maxLength}")
            @Pattern(regexp = NAME_PATTERN, message = "{configmap.name.pattern}")
            String configMapName,

            @NotEmpty(message = "{error.field.required}") @Size(max = 200, message = "{error.field.maxItems}")
            List<@Valid @NotNull(message = "{error.field.required}") Item> items) {}

    record UpdateConfigMapRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String configMapId,

            @NotEmpty(message = "{error.field.required}") @Size(max = 200, message = "{error.field.maxItems}")
            List<@Valid @NotNull(message = "{error.field.required}") Item> items) {}

    record ConfigMapIdRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String configMapId) {}
}
