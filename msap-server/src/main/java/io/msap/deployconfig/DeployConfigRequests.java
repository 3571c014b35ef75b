package io.msap.deployconfig;

import com.fasterxml.jackson.annotation.JsonAlias;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;

/**
 * The request bodies of the image deployment configuration endpoints (manual 5.5) with the manual's field names. The
 * parts (pod resources, start command, environment variables, probes) follow the same rules as the deploy request of
 * the release module (5.3.18), except that environment variables here are CUSTOM only.
 */
final class DeployConfigRequests {

    private DeployConfigRequests() {}

    /** The manual's only variable type for deploy configurations. */
    enum EnvType {
        CUSTOM
    }

    enum ProbeMode {
        EXEC,
        HTTP_GET,
        TCP_SOCKET
    }

    enum Scheme {
        HTTP,
        HTTPS
    }

    /**
     * cpu in cores with at most three decimals (millicores), memory in MiB; the podResourceSpec object is optional but
     * all four values are required in it. The manual's 上限/下限 wording is reversed: *Request is the guaranteed
     * request and *Limit the limit, and a request may not exceed its limit.
     */
    record PodResourceSpec(
            @NotNull(message = "{error.field.required}")
            @DecimalMin(value = "0.001", message = "{error.field.min}")
            @DecimalMax(value = "256", message = "{error.field.max}")
            @Digits(integer = 3, fraction = 3, message = "{deployconfig.cpu.digits}")
            BigDecimal cpuLimit,

            @NotNull(message = "{error.field.required}")
            @DecimalMin(value = "0.001", message = "{error.field.min}")
            @DecimalMax(value = "256", message = "{error.field.max}")
            @Digits(integer = 3, fraction = 3, message = "{deployconfig.cpu.digits}")
            BigDecimal cpuRequest,

            @NotNull(message = "{error.field.required}")
            @Min(value = 4, message = "{error.field.min}")
            @Max(value = 1048576, message = "{error.field.max}")
            Integer memoryLimit,

            @NotNull(message = "{error.field.required}")
            @Min(value = 4, message = "{error.field.min}")
            @Max(value = 1048576, message = "{error.field.max}")
            Integer memoryRequest) {}

    record StartCommand(
            @Size(max = 1000, message = "{error.field.maxLength}")
            String command,

            @Size(max = 100, message = "{error.field.maxItems}")
            List<
                            @NotNull(message = "{error.field.required}")
                            @Size(max = 2000, message = "{error.field.maxLength}") String>
                    args) {}

    /** A variable; a missing type means CUSTOM. */
    record EnvVariable(
            @NotBlank(message = "{error.field.required}")
            @Size(max = 253, message = "{error.field.maxLength}")
            @Pattern(regexp = "^[A-Za-z_][A-Za-z0-9_.-]*$", message = "{deployconfig.env.name}")
            String name,

            @Size(max = 32768, message = "{error.field.maxLength}")
            String value,

            EnvType type) {}

    record Header(
            @NotBlank(message = "{error.field.required}") @Size(max = 253, message = "{error.field.maxLength}")
            String name,

            @Size(max = 1000, message = "{error.field.maxLength}")
            String value) {}

    record ExecProbe(
            @Size(max = 50, message = "{error.field.maxItems}")
            List<
                            @NotNull(message = "{error.field.required}")
                            @Size(max = 2000, message = "{error.field.maxLength}") String>
                    command) {}

    record HttpGetProbe(
            @Size(max = 253, message = "{error.field.maxLength}")
            String host,

            @Size(max = 1000, message = "{error.field.maxLength}")
            String path,

            @Min(value = 1, message = "{error.field.min}") @Max(value = 65535, message = "{error.field.max}")
            Integer port,

            Scheme scheme,

            @Size(max = 20, message = "{error.field.maxItems}")
            List<@Valid @NotNull(message = "{error.field.required}") Header> headerList) {}

    record TcpSocketProbe(
            @Size(max = 253, message = "{error.field.maxLength}")
            String host,

            @Min(value = 1, message = "{error.field.min}") @Max(value = 65535, message = "{error.field.max}")
            Integer port) {}

    /** A probe; when enabled it needs a mode and that mode's target (checked by the service). */
    record ProbeConfig(
            Boolean enabled,
            ProbeMode mode,
            @Valid ExecProbe exec,
            @Valid HttpGetProbe httpGet,
            @Valid TcpSocketProbe tcpSocket,

            @Min(value = 0, message = "{error.field.min}") @Max(value = 3600, message = "{error.field.max}")
            Integer initialDelaySeconds,

            @Min(value = 1, message = "{error.field.min}") @Max(value = 3600, message = "{error.field.max}")
            Integer periodSeconds,

            @Min(value = 1, message = "{error.field.min}") @Max(value = 3600, message = "{error.field.max}")
            Integer timeoutSeconds,

            @Min(value = 1, message = "{error.field.min}") @Max(value = 100, message = "{error.field.max}")
            Integer successThreshold,

            @Min(value = 1, message = "{error.field.min}") @Max(value = 100, message = "{error.field.max}")
            Integer failureThreshold) {}

    record LifeCycleMgt(@Valid ProbeConfig liveness, @Valid ProbeConfig readiness) {}

    /** 5.5.1; {@code appld}, the manual's printed spelling, is accepted for appId. */
    record CreateRequest(
            @NotBlank(message = "{error.field.required}")
            @Size(max = 64, message = "{error.field.maxLength}")
            @JsonAlias("appld")
            String appId,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String deployEnvId,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String name,

            @Valid PodResourceSpec podResourceSpec,
            @Valid StartCommand startCommand,

            @Size(max = 200, message = "{error.field.maxItems}")
            List<@Valid @NotNull(message = "{error.field.required}") EnvVariable> envVariableList,

            @Valid LifeCycleMgt lifeCycleMgt) {}

    /** 5.5.2. */
    record IdRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String id) {}

    /** 5.5.5: the new variables replace the old ones; {@code []} removes them all. */
    record UpdateEnvVariableRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String id,

            @NotNull(message = "{error.field.required}") @Size(max = 200, message = "{error.field.maxItems}")
            List<@Valid @NotNull(message = "{error.field.required}") EnvVariable> envVariableList) {}

    /**
     * 5.5.6: the four values at the top level as the manual documents them, or (beyond the manual) inside a
     * {@code podResourceSpec} object as createDeployConfig takes them; not both.
     */
    record UpdatePodResourceSpecRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String id,

            @DecimalMin(value = "0.001", message = "{error.field.min}")
            @DecimalMax(value = "256", message = "{error.field.max}")
            @Digits(integer = 3, fraction = 3, message = "{deployconfig.cpu.digits}")
            BigDecimal cpuLimit,

            @DecimalMin(value = "0.001", message = "{error.field.min}")
            @DecimalMax(value = "256", message = "{error.field.max}")
            @Digits(integer = 3, fraction = 3, message = "{deployconfig.cpu.digits}")
            BigDecimal cpuRequest,

            @Min(value = 4, message = "{error.field.min}") @Max(value = 1048576, message = "{error.field.max}")
            Integer memoryLimit,

            @Min(value = 4, message = "{error.field.min}") @Max(value = 1048576, message = "{error.field.max}")
            Integer memoryRequest,

            @Valid PodResourceSpec podResourceSpec) {}
}
