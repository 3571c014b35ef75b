package io.msap.release;

import java.math.BigDecimal;
import java.util.List;

/**
 * The whole desired workload of an app deployment, as the platform stores it (JSON in the app deployment and each
 * change order): what {@link WorkloadRenderer} turns into Kubernetes manifests. Secret environment values are kept
 * encrypted here ({@code SecretCipher} text) and only decrypted when the workload is applied.
 */
record DeploySpec(
        String image,
        String deployVer,
        String deploySource,
        String packageVer,
        String runtimeEnvCode,
        String runtimeEnvVer,
        int replicas,
        Resources resources,
        String command,
        List<String> args,
        List<Env> env,
        Probe liveness,
        Probe readiness,
        List<ConfigMount> configMounts,
        LogConfig logConfig,
        Lossless lossless,
        RegisterCentre registerCentre,
        String restartedAt,
        String templateChangeOrderId,
        List<String> imagePullSecrets) {

    /** cpu in cores (decimals allowed), memory in MiB; *Request become requests and *Limit limits. */
    record Resources(BigDecimal cpuRequest, BigDecimal cpuLimit, Integer memoryRequest, Integer memoryLimit) {}

    /** An environment variable; type CUSTOM (plain) or SECRET (value encrypted, rendered as a Secret reference). */
    record Env(String name, String value, String type) {}

    record Probe(
            boolean enabled,
            String mode,
            List<String> command,
            String host,
            String path,
            Integer port,
            String scheme,
            List<Header> headers,
            Integer initialDelaySeconds,
            Integer periodSeconds,
            Integer timeoutSeconds,
            Integer successThreshold,
            Integer failureThreshold) {}

    record Header(String name, String value) {}

    /** A ConfigMap of the environment mounted into the container: whole at mountMasterDir, or key by key. */
    record ConfigMount(String configMapName, String mountMasterDir, List<KeyMount> items) {}

    record KeyMount(String name, String mountPath) {}

    record LogConfig(String logType, String logDir, String logProject, String logStore) {}

    /** Lossless online/offline (msManagement): drain before stop, delayed registration, warm-up. */
    record Lossless(
            boolean enabled,
            Boolean aligned,
            Boolean related,
            Integer delayTime,
            Integer warmupTime,
            Integer funcType) {}

    /** The register centre whose address is injected: its type (NACOS, EUREKA, ZOOKEEPER) and address. */
    record RegisterCentre(String instId, String type, String address) {}

    DeploySpec withReplicas(int newReplicas) {
        return new DeploySpec(
                image,
                deployVer,
                deploySource,
                packageVer,
                runtimeEnvCode,
                runtimeEnvVer,
                newReplicas,
                resources,
                command,
                args,
                env,
                liveness,
                readiness,
                configMounts,
                logConfig,
                lossless,
                registerCentre,
                restartedAt,
                templateChangeOrderId,
                imagePullSecrets);
    }

    /** The same workload with a new pod template: restarted at {@code time} by {@code changeOrderId}. */
    DeploySpec restarted(String time, String changeOrderId) {
        return new DeploySpec(
                image,
                deployVer,
                deploySource,
                packageVer,
                runtimeEnvCode,
                runtimeEnvVer,
                replicas,
                resources,
                command,
                args,
                env,
                liveness,
                readiness,
                configMounts,
                logConfig,
                lossless,
                registerCentre,
                time,
                changeOrderId,
                imagePullSecrets);
    }

    /** The same workload built by another change order (a deploy or rollback gives the template its own id). */
    DeploySpec builtBy(String changeOrderId) {
        return new DeploySpec(
                image,
                deployVer,
                deploySource,
                packageVer,
                runtimeEnvCode,
                runtimeEnvVer,
                replicas,
                resources,
                command,
                args,
                env,
                liveness,
                readiness,
                configMounts,
                logConfig,
                lossless,
                registerCentre,
                restartedAt,
                changeOrderId,
                imagePullSecrets);
    }
}
