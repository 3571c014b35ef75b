package io.msap.environment;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The request bodies of the environment endpoints (5.4) and of pool and cluster administration. */
final class EnvironmentRequests {

    private EnvironmentRequests() {}

    static final String CODE_PATTERN = "^[a-z][a-z0-9-]*$";
    static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    record CreateEnvRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String projectId,

            @NotBlank(message = "{error.field.required}")
            @Size(min = 3, max = 30, message = "{error.field.length}")
            @Pattern(regexp = CODE_PATTERN, message = "{environment.code.pattern}")
            String envCode,

            @NotBlank(message = "{error.field.required}") @Size(min = 3, max = 30, message = "{error.field.length}")
            String envName,

            @NotNull(message = "{error.field.required}") EnvType envType,

            @NotBlank(message = "{error.field.required}") @Size(max = 32, message = "{error.field.maxLength}")
            String resPoolId) {}

    record UpdateEnvRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String envId,

            @Size(min = 3, max = 30, message = "{error.field.length}")
            String envName,

            EnvType envType) {}

    record EnvIdRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String envId) {}

    record ResourceRef(
            @NotBlank(message = "{error.field.required}") @Size(max = 32, message = "{error.field.maxLength}")
            String instId,

            @NotBlank(message = "{error.field.required}") @Size(max = 63, message = "{error.field.maxLength}")
            String k8sNameSpace) {}

    record ImportResourceRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String envId,

            @NotEmpty(message = "{error.field.required}") @Size(max = 10, message = "{error.field.maxItems}")
            List<@Valid @NotNull(message = "{error.field.required}") ResourceRef> resourceList) {}

    record DeleteResourceRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String envId,

            @NotEmpty(message = "{error.field.required}") @Size(max = 10, message = "{error.field.maxItems}")
            List<
                            @NotBlank(message = "{error.field.required}")
                            @Size(max = 32, message = "{error.field.maxLength}") String>
                    instIdList) {}

    record NamespaceRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 32, message = "{error.field.maxLength}")
            String instId,

            @NotBlank(message = "{error.field.required}")
            @Size(max = 63, message = "{error.field.maxLength}")
            @Pattern(regexp = DNS_LABEL, message = "{environment.namespace.pattern}")
            String namespaceName) {}

    record CreateResourcePoolRequest(
            @NotBlank(message = "{error.field.required}")
            @Size(max = 32, message = "{error.field.maxLength}")
            @Pattern(regexp = "^[A-Za-z][A-Za-z0-9_-]*$", message = "{environment.poolCode.pattern}")
            String areaCode,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String areaName,

            @NotBlank(message = "{error.field.required}")
            @Size(max = 32, message = "{error.field.maxLength}")
            @Pattern(regexp = "^[A-Za-z][A-Za-z0-9_-]*$", message = "{environment.poolCode.pattern}")
            String resPoolCode,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String resPoolName) {}

    record ResPoolCodeRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 32, message = "{error.field.maxLength}")
            String resPoolCode) {}

    record GrantResourcePoolRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 32, message = "{error.field.maxLength}")
            String resPoolCode,

            @NotNull(message = "{error.field.required}") Long tenantId) {}

    record RegisterClusterRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 32, message = "{error.field.maxLength}")
            String resPoolCode,

            @NotBlank(message = "{error.field.required}")
            @Size(max = 64, message = "{error.field.maxLength}")
            @Pattern(regexp = "^[A-Za-z0-9][A-Za-z0-9._-]*$", message = "{environment.resourceName.pattern}")
            String resourceName,

            @NotBlank(message = "{error.field.required}") @Size(max = 262144, message = "{error.field.maxLength}")
            String kubeconfig,

            @Size(max = 128, message = "{error.field.maxLength}")
            String spec) {}

    record InstIdRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 32, message = "{error.field.maxLength}")
            String instId) {}

    record RegisterMseRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 32, message = "{error.field.maxLength}")
            String resPoolCode,

            @NotBlank(message = "{error.field.required}")
            @Size(max = 64, message = "{error.field.maxLength}")
            @Pattern(regexp = "^[A-Za-z0-9][A-Za-z0-9._-]*$", message = "{environment.resourceName.pattern}")
            String resourceName,

            @Size(max = 128, message = "{error.field.maxLength}")
            String spec,

            @NotNull(message = "{error.field.required}") RegisterCentreType type,

            @NotBlank(message = "{error.field.required}")
            @Size(max = 512, message = "{error.field.maxLength}")
            @Pattern(regexp = "^[^\\s]+$", message = "{environment.mse.address}")
            String address) {}
}
