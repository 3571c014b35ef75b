package io.msap.release;

import io.msap.kubernetes.WorkloadSpec;
import io.msap.shared.SecretCipher;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Turns an app deployment's {@link DeploySpec} into the platform-neutral {@link WorkloadSpec} the kubernetes module
 * applies: labels and annotations of DECISIONS.md, resources, probes, ConfigMap mounts, log collection and the
 * lossless online/offline settings (a preStop drain, delayed registration and warm-up passed as environment, the
 * register centre's address in the variables its framework reads).
 */
@Component
class WorkloadRenderer {

    /** How long a pod drains before it stops when lossless offline is on. */
    static final int DRAIN_SECONDS = 10;

    static final String CONTAINER = "app";

    private final SecretCipher cipher;

    WorkloadRenderer(SecretCipher cipher) {
        this.cipher = cipher;
    }

    /** The labels every object of an app deployment carries (DECISIONS.md "Labels"). */
    static Map<String, String> labels(AppDeployment deployment, DeploySpec spec, String changeOrderId) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", deployment.getAppDeployCode());
        labels.put("msap.io/app-deploy-id", deployment.getId());
        if (spec != null && spec.deployVer() != null) {
            labels.put("app.kubernetes.io/version", spec.deployVer());
        }
        labels.put("msap.io/project-id", deployment.getProjectId());
        labels.put("msap.io/env-id", deployment.getEnvId());
        labels.put("msap.io/app-id", deployment.getAppId());
        labels.put("msap.io/change-order-id", changeOrderId);
        return labels;
    }

    /** The labels that select an app deployment's pods and Services. */
    static Map<String, String> selector(AppDeployment deployment) {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put("app.kubernetes.io/name", deployment.getAppDeployCode());
        selector.put("msap.io/app-deploy-id", deployment.getId());
        return selector;
    }

    /** The label that tells a release Deployment's pods (track gray or canary) from the app's own (no such label). */
    static final String TRACK = "msap.io/track";

    /** The label gray pods carry: the gray rule's tag. */
    static final String GRAY_TAG = "msap.io/gray-tag";

    /** The tracks of a release in batches (docs/adr/0008): the gray batch, and the batches after it. */
    enum Track {
        GRAY,
        CANARY;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The name of an app deployment's release Deployment of {@code track}: {@code <code>-gray} or {@code <code>-canary}. */
    static String releaseName(AppDeployment deployment, Track track) {
        String suffix = "-" + track.label();
        String code = deployment.getAppDeployCode();
        if (code.length() + suffix.length() > 63) {
            code = code.substring(0, 63 - suffix.length()).replaceAll("[-.]+$", "");
        }
        return code + suffix;
    }

    /**
     * A release Deployment of a deploy in batches: the new version's pod template, {@code replicas} pods, selected by
     * the app's labels plus {@code msap.io/track} (so it never adopts the app's own pods, while the app's Services
     * reach both); gray pods also carry {@code msap.io/gray-tag}.
     */
    WorkloadSpec renderRelease(
            AppDeployment deployment,
            DeploySpec spec,
            String changeOrderId,
            Track track,
            int replicas,
            String grayTag) {
        WorkloadSpec base = render(deployment, spec.withReplicas(replicas), changeOrderId);
        Map<String, String> labels = new LinkedHashMap<>(base.labels());
        labels.put(TRACK, track.label());
        Map<String, String> podLabels = new LinkedHashMap<>(base.podLabels());
        if (track == Track.GRAY && grayTag != null) {
            podLabels.put(GRAY_TAG, grayTag);
        }
        return new WorkloadSpec(
                base.namespace(),
                releaseName(deployment, track),
                labels,
                base.annotations(),
                podLabels,
                base.podAnnotations(),
                replicas,
                base.maxSurge(),
                base.maxUnavailable(),
                base.container(),
                base.volumes(),
                base.secretData(),
                base.imagePullSecrets());
    }

    WorkloadSpec render(AppDeployment deployment, DeploySpec spec, String changeOrderId) {
        Map<String, String> podLabels = new LinkedHashMap<>();
        podLabels.put("msap.io/change-order-id", spec.templateChangeOrderId());
        Map<String, String> annotations = new LinkedHashMap<>();
        Map<String, String> podAnnotations = new LinkedHashMap<>();
        annotations.put("msap.io/deploy-ver", spec.deployVer());
        if (spec.restartedAt() != null) {
            podAnnotations.put("kubectl.kubernetes.io/restartedAt", spec.restartedAt());
        }
        List<WorkloadSpec.EnvVar> env = new ArrayList<>();
        Map<String, String> secretData = new LinkedHashMap<>();
        for (DeploySpec.Env e : spec.env()) {
            if ("SECRET".equals(e.type())) {
                env.add(new WorkloadSpec.EnvVar(e.name(), null, true));
                secretData.put(e.name(), e.value() == null ? "" : cipher.decrypt(e.value()));
            } else {
                env.add(new WorkloadSpec.EnvVar(e.name(), e.value() == null ? "" : e.value(), false));
            }
        }
        List<WorkloadSpec.Volume> volumes = new ArrayList<>();
        List<WorkloadSpec.VolumeMount> mounts = new ArrayList<>();
        int index = 0;
        for (DeploySpec.ConfigMount mount : spec.configMounts()) {
            String volume = "config-" + index++;
            volumes.add(new WorkloadSpec.Volume(volume, mount.configMapName(), false));
            if (mount.items().isEmpty()) {
                mounts.add(new WorkloadSpec.VolumeMount(volume, mount.mountMasterDir(), null));
            } else {
                for (DeploySpec.KeyMount key : mount.items()) {
                    mounts.add(new WorkloadSpec.VolumeMount(volume, key.mountPath(), key.name()));
                }
            }
        }
        if (spec.logConfig() != null && spec.logConfig().logType() != null) {
            DeploySpec.LogConfig log = spec.logConfig();
            podAnnotations.put("msap.io/log-type", log.logType());
            putIfSet(podAnnotations, "msap.io/log-dir", log.logDir());
            putIfSet(podAnnotations, "msap.io/log-project", log.logProject());
            putIfSet(podAnnotations, "msap.io/log-store", log.logStore());
            if ("applog".equals(log.logType()) && log.logDir() != null) {
                volumes.add(new WorkloadSpec.Volume("app-logs", null, true));
                mounts.add(new WorkloadSpec.VolumeMount("app-logs", log.logDir(), null));
            }
        }
        List<String> preStop = List.of();
        DeploySpec.Lossless lossless = spec.lossless();
        if (lossless != null && lossless.enabled()) {
            preStop = List.of("/bin/sh", "-c", "sleep " + DRAIN_SECONDS);
            env.add(plain("MSAP_LOSSLESS_ENABLED", "true"));
            env.add(plain("MSAP_REGISTER_DELAY_SECONDS", String.valueOf(orZero(lossless.delayTime()))));
            env.add(plain("MSAP_WARMUP_SECONDS", String.valueOf(orZero(lossless.warmupTime()))));
            env.add(plain("MSAP_WARMUP_CURVE", String.valueOf(orZero(lossless.funcType()))));
            env.add(plain("MSAP_REGISTER_BEFORE_READY", String.valueOf(Boolean.TRUE.equals(lossless.aligned()))));
            env.add(plain("MSAP_WARMUP_BEFORE_READY", String.valueOf(Boolean.TRUE.equals(lossless.related()))));
            podAnnotations.put("msap.io/lossless", "true");
        }
        if (spec.registerCentre() != null) {
            DeploySpec.RegisterCentre centre = spec.registerCentre();
            env.add(plain("MSAP_REGISTRY_TYPE", centre.type()));
            env.add(plain("MSAP_REGISTRY_ADDRESS", centre.address()));
            env.add(plain(frameworkVariable(centre.type()), centre.address()));
        }
        WorkloadSpec.Container container = new WorkloadSpec.Container(
                CONTAINER,
                spec.image(),
                spec.command() == null || spec.command().isBlank()
                        ? List.of()
                        : List.of("/bin/sh", "-c", spec.command()),
                spec.args(),
                env,
                resources(spec.resources()),
                probe(spec.liveness()),
                probe(spec.readiness()),
                mounts,
                preStop);
        return new WorkloadSpec(
                deployment.getNamespace(),
                deployment.getAppDeployCode(),
                labels(deployment, spec, changeOrderId),
                annotations,
                podLabels,
                podAnnotations,
                spec.replicas(),
                "25%",
                "25%",
                container,
                volumes,
                secretData,
                spec.imagePullSecrets());
    }

    /** The variable a framework reads its register centre address from. */
    static String frameworkVariable(String type) {
        return switch (type) {
            case "NACOS" -> "SPRING_CLOUD_NACOS_DISCOVERY_SERVER_ADDR";
            case "EUREKA" -> "EUREKA_CLIENT_SERVICEURL_DEFAULTZONE";
            case "ZOOKEEPER" -> "SPRING_CLOUD_ZOOKEEPER_CONNECT_STRING";
            default -> "MSAP_REGISTRY_" + type.toUpperCase(Locale.ROOT) + "_ADDRESS";
        };
    }

    private static WorkloadSpec.Resources resources(DeploySpec.Resources r) {
        if (r == null) {
            return null;
        }
        return new WorkloadSpec.Resources(
                cpu(r.cpuRequest()), cpu(r.cpuLimit()), mib(r.memoryRequest()), mib(r.memoryLimit()));
    }

    private static String cpu(BigDecimal cores) {
        if (cores == null) {
            return null;
        }
        return cores.multiply(BigDecimal.valueOf(1000))
                        .setScale(0, RoundingMode.UP)
                        .toPlainString() + "m";
    }

    private static String mib(Integer mib) {
        return mib == null ? null : mib + "Mi";
    }

    private static WorkloadSpec.Probe probe(DeploySpec.Probe p) {
        if (p == null || !p.enabled()) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (p.headers() != null) {
            p.headers().forEach(h -> headers.put(h.name(), h.value()));
        }
        return new WorkloadSpec.Probe(
                p.mode(),
                p.command(),
                p.host(),
                p.path(),
                p.port(),
                p.scheme(),
                headers,
                p.initialDelaySeconds(),
                p.periodSeconds(),
                p.timeoutSeconds(),
                p.successThreshold(),
                p.failureThreshold());
    }

    private static WorkloadSpec.EnvVar plain(String name, String value) {
        return new WorkloadSpec.EnvVar(name, value, false);
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }
}
