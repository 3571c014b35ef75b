package io.msap.release;

import com.fasterxml.jackson.annotation.JsonAlias;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;

/**
 * The request bodies of deployK8sApplication (5.3.18) and createMicroserviceApplication (5.1.6) and their shared
 * parts (also used by image deployment configurations, 5.5), with the manual's field names.
 */
final class DeployRequests {

    private DeployRequests() {}

    enum DeploySource {
        CODE,
        PACKAGE,
        IMAGE
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

    enum EnvType {
        CUSTOM,
        SECRET
    }

    enum LogType {
        stdout,
        applog
    }

    enum ConfigType {
        CONFIG_MAP
    }

    enum MountType {
        MOUNT_FILE
    }

    /** cpu in cores (decimals allowed), memory in MiB; the manual's 上限/下限 wording is reversed (docs/adr). */
    record PodResourceSpec(
            @DecimalMin(value = "0.001", message = "{error.field.min}")
            @DecimalMax(value = "256", message = "{error.field.max}")
            BigDecimal cpuLimit,

            @DecimalMin(value = "0.001", message = "{error.field.min}")
            @DecimalMax(value = "256", message = "{error.field.max}")
            BigDecimal cpuRequest,

            @Min(value = 4, message = "{error.field.min}") @Max(value = 1048576, message = "{error.field.max}")
            Integer memoryLimit,

            @Min(value = 4, message = "{error.field.min}") @Max(value = 1048576, message = "{error.field.max}")
            Integer memoryRequest) {}

    record StartCommand(
            @Size(max = 1000, message = "{error.field.maxLength}")
            String command,

            @Size(max = 100, message = "{error.field.maxItems}")
            List<
                            @NotNull(message = "{error.field.required}")
                            @Size(max = 2000, message = "{error.field.maxLength}") String>
                    args) {}

    record EnvVariable(
            @NotBlank(message = "{error.field.required}")
            @Size(max = 253, message = "{error.field.maxLength}")
            @Pattern(regexp = "^[A-Za-z_][A-Za-z0-9_.-]*$", message = "{release.env.name}")
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
            List<@Valid Header> headerList) {}

    record TcpSocketProbe(
            @Size(max = 253, message = "{error.field.maxLength}")
            String host,

            @Min(value = 1, message = "{error.field.min}") @Max(value = 65535, message = "{error.field.max}")
            Integer port) {}

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

    record MountConfig(
            @NotBlank(message = "{error.field.required}") @Size(max = 253, message = "{error.field.maxLength}")
            String name,

            @Size(max = 1000, message = "{error.field.maxLength}")
            String mountPath) {}

    record ConfigMgt(
            ConfigType configType,

            @Size(max = 32, message = "{error.field.maxLength}")
            String fileMountType,

            @Size(max = 100, message = "{error.field.maxItems}")
            List<@Valid MountConfig> mountConfigList,

            @Size(max = 1000, message = "{error.field.maxLength}")
            String mountMasterDir,

            @NotBlank(message = "{error.field.required}") @Size(max = 253, message = "{error.field.maxLength}")
            String mountSource,

            MountType mountType) {}

    record LogConfig(
            @Size(max = 64, message = "{error.field.maxLength}")
            String createTime,

            @Size(max = 1000, message = "{error.field.maxLength}")
            String logDir,

            @Size(max = 128, message = "{error.field.maxLength}")
            String logProject,

            @Size(max = 128, message = "{error.field.maxLength}")
            String logStore,

            LogType logType) {}

    record MsManagement(
            Boolean aligned,

            @Min(value = 0, message = "{error.field.min}") @Max(value = 86400, message = "{error.field.max}")
            Integer delayTime,

            Boolean enabled,

            @Min(value = 0, message = "{error.field.min}") @Max(value = 20, message = "{error.field.max}")
            Integer funcType,

            @Size(max = 32, message = "{error.field.maxLength}")
            String registerCenterInstId,

            Boolean related,

            @Min(value = 0, message = "{error.field.min}") @Max(value = 86400, message = "{error.field.max}")
            Integer warmupTime) {}

    record Batch(
            @NotNull(message = "{error.field.required}")
            @Min(value = 1, message = "{error.field.min}")
            @Max(value = 5, message = "{error.field.max}")
            Integer batchSeq,

            @NotNull(message = "{error.field.required}")
            @Min(value = 1, message = "{error.field.min}")
            @Max(value = 200, message = "{error.field.max}")
            Integer instNum) {}

    enum BatchMode {
        AUTO,
        MANUAL
    }

    enum GrayType {
        PERCENT,
        CONTENT
    }

    /** Traffic share of the gray batch (PERCENT): {@code rate} percent of the calls go to pods tagged {@code tag}. */
    record GrayPercent(
            @NotNull(message = "{error.field.required}")
            @Min(value = 0, message = "{error.field.min}")
            @Max(value = 100, message = "{error.field.max}")
            Integer rate,

            @NotBlank(message = "{error.field.required}") @Size(max = 63, message = "{error.field.maxLength}")
            String tag) {}

    /** One condition of a content rule; which fields it needs depends on the rule's serviceType and on cond. */
    record GrayCondition(
            @NotBlank(message = "{error.field.required}") @Size(max = 8, message = "{error.field.maxLength}")
            String cond,

            @Size(max = 1000, message = "{error.field.maxLength}")
            String value,

            @Size(max = 16, message = "{error.field.maxLength}")
            String type,

            @Size(max = 253, message = "{error.field.maxLength}")
            String param,

            @Min(value = 0, message = "{error.field.min}") @Max(value = 255, message = "{error.field.max}")
            Integer index,

            @Size(max = 500, message = "{error.field.maxLength}")
            String expr,

            @Size(max = 8, message = "{error.field.maxLength}")
            String operator) {}

    record GrayContentRule(
            @NotBlank(message = "{error.field.required}") @Size(max = 16, message = "{error.field.maxLength}")
            String serviceType,

            @Size(max = 1000, message = "{error.field.maxLength}")
            String path,

            @NotBlank(message = "{error.field.required}") @Size(max = 8, message = "{error.field.maxLength}")
            String condition,

            @NotEmpty(message = "{error.field.required}") @Size(max = 20, message = "{error.field.maxItems}")
            List<@Valid @NotNull(message = "{error.field.required}") GrayCondition> conditions) {}

    /** Routing by call content (CONTENT): calls matching the rules go to pods tagged {@code tag}. */
    record GrayContent(
            Boolean carryData,

            @Size(max = 64, message = "{error.field.maxLength}")
            String ruleName,

            @NotEmpty(message = "{error.field.required}") @Size(max = 20, message = "{error.field.maxItems}")
            List<@Valid @NotNull(message = "{error.field.required}") GrayContentRule> rules,

            @NotBlank(message = "{error.field.required}") @Size(max = 63, message = "{error.field.maxLength}")
            String tag) {}

    record GrayRule(
            @NotNull(message = "{error.field.required}") GrayType grayType,

            @Size(max = 10, message = "{error.field.maxItems}")
            List<@Valid @NotNull(message = "{error.field.required}") GrayPercent> percent,

            @Valid GrayContent content) {}

    record DeploymentStrategy(
            @Size(max = 5, message = "{error.field.maxItems}")
            List<@Valid @NotNull(message = "{error.field.required}") Batch> batchList,

            @Min(value = 0, message = "{error.field.min}") @Max(value = 86400, message = "{error.field.max}")
            Integer batchWaitTime,

            BatchMode betweenBatchProcessingMode,
            @Valid GrayRule grayRule,
            Boolean grayUpdate) {}

    /** 5.3.18: deploy an application into an environment. */
    record DeployRequest(
            @NotBlank(message = "{error.field.required}")
            @Size(max = 64, message = "{error.field.maxLength}")
            @JsonAlias("appld")
            String appId,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String deployEnvId,

            @NotNull(message = "{error.field.required}") DeploySource deploySource,

            @NotBlank(message = "{error.field.required}") @Size(max = 63, message = "{error.field.maxLength}")
            String deployVer,

            @NotBlank(message = "{error.field.required}") @Size(max = 128, message = "{error.field.maxLength}")
            String packageVer,

            @NotNull(message = "{error.field.required}")
            @Min(value = 0, message = "{error.field.min}")
            @Max(value = 200, message = "{error.field.max}")
            Integer podNum,

            @Valid PodResourceSpec podResourceSpec,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String runtimeEnvCode,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String runtimeEnvVer,

            @Valid StartCommand startCommand,

            @Size(max = 200, message = "{error.field.maxItems}")
            List<@Valid @NotNull(message = "{error.field.required}") EnvVariable> envVariableList,

            @Valid LifeCycleMgt lifeCycleMgt,
            @Valid LogConfig logConfig,
            @Valid MsManagement msManagement,

            @Size(max = 20, message = "{error.field.maxItems}")
            List<@Valid @NotNull(message = "{error.field.required}") ConfigMgt> configMgtList,

            @Valid DeploymentStrategy deploymentStrategy,

            @Size(max = 512, message = "{error.field.maxLength}")
            String imageUrl,

            @Size(max = 64, message = "{error.field.maxLength}")
            String imageId,

            @Size(max = 64, message = "{error.field.maxLength}")
            String deployConfigId,

            @Min(value = 10, message = "{error.field.min}") @Max(value = 7200, message = "{error.field.max}")
            Integer timeout,

            @Size(max = 255, message = "{error.field.maxLength}")
            String branchOrTagName,

            @Size(max = 64, message = "{error.field.maxLength}")
            String buildEnvCode,

            @Size(max = 64, message = "{error.field.maxLength}")
            String packageId,

            @Size(max = 255, message = "{error.field.maxLength}")
            String packageName,

            @Size(max = 1000, message = "{error.field.maxLength}")
            String packagePath,

            @Size(max = 32, message = "{error.field.maxLength}")
            String packageSource,

            @Size(max = 64, message = "{error.field.maxLength}")
            String officialDemoCode) {}

    enum ClusterType {
        KUBERNETES
    }

    enum Language {
        Java
    }

    /** 5.1.6: create a microservice application and deploy it in one call. */
    record MicroserviceRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String projectId,

            @NotBlank(message = "{error.field.required}")
            @Size(min = 3, max = 30, message = "{error.field.length}")
            @Pattern(regexp = "^[a-z][a-zA-Z0-9]*$", message = "{release.app.name.pattern}")
            String name,

            @NotBlank(message = "{error.field.required}") @Size(max = 32, message = "{error.field.maxLength}")
            String category,

            @NotNull(message = "{error.field.required}") ClusterType clusterType,

            @NotBlank(message = "{error.field.required}") @Size(max = 32, message = "{error.field.maxLength}")
            String type,

            @NotNull(message = "{error.field.required}") Language language,

            @NotBlank(message = "{error.field.required}") @Size(max = 32, message = "{error.field.maxLength}")
            String origin,

            @Size(max = 500, message = "{error.field.maxLength}")
            String description,

            @Size(max = 100, message = "{error.field.maxLength}")
            String codeReposAddress,

            @Size(max = 64, message = "{error.field.maxLength}")
            String connectionId,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String deployEnvId,

            @NotNull(message = "{error.field.required}") DeploySource deploySource,

            @NotBlank(message = "{error.field.required}") @Size(max = 63, message = "{error.field.maxLength}")
            String deployVer,

            @NotBlank(message = "{error.field.required}") @Size(max = 128, message = "{error.field.maxLength}")
            String packageVer,

            @NotNull(message = "{error.field.required}")
            @Min(value = 0, message = "{error.field.min}")
            @Max(value = 200, message = "{error.field.max}")
            Integer podNum,

            @NotNull(message = "{error.field.required}") @Valid
            PodResourceSpec podResourceSpec,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String runtimeEnvCode,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String runtimeEnvVer,

            @Valid StartCommand startCommand,

            @Size(max = 200, message = "{error.field.maxItems}")
            List<@Valid @NotNull(message = "{error.field.required}") EnvVariable> envVariableList,

            @Valid LifeCycleMgt lifeCycleMgt,
            @Valid LogConfig logConfig,
            @Valid MsManagement msManagement,

            @Size(max = 20, message = "{error.field.maxItems}")
            List<@Valid @NotNull(message = "{error.field.required}") ConfigMgt> configMgtList,

            @Valid DeploymentStrategy deploymentStrategy,

            @Size(max = 512, message = "{error.field.maxLength}")
            String imageUrl,

            @Size(max = 64, message = "{error.field.maxLength}")
            String imageId,

            @Min(value = 10, message = "{error.field.min}") @Max(value = 7200, message = "{error.field.max}")
            Integer timeout,

            @Size(max = 255, message = "{error.field.maxLength}")
            String branchOrTagName,

            @Size(max = 64, message = "{error.field.maxLength}")
            String buildEnvCode,

            @Size(max = 64, message = "{error.field.maxLength}")
            String packageId,

            @Size(max = 255, message = "{error.field.maxLength}")
            String packageName,

            @Size(max = 1000, message = "{error.field.maxLength}")
            String packagePath,

            @Size(max = 32, message = "{error.field.maxLength}")
            String packageSource,

            @Size(max = 64, message = "{error.field.maxLength}")
            String officialDemoCode) {

        /** The deploy part of the request, for an application that now exists. */
        DeployRequest deploy(String appId) {
            return new DeployRequest(
                    appId,
                    deployEnvId,
                    deploySource,
                    deployVer,
                    packageVer,
                    podNum,
                    podResourceSpec,
                    runtimeEnvCode,
                    runtimeEnvVer,
                    startCommand,
                    envVariableList,
                    lifeCycleMgt,
                    logConfig,
                    msManagement,
                    configMgtList,
                    deploymentStrategy,
                    imageUrl,
                    imageId,
                    null,
                    timeout,
                    branchOrTagName,
                    buildEnvCode,
                    packageId,
                    packageName,
                    packagePath,
                    packageSource,
                    officialDemoCode);
        }
    }
}
