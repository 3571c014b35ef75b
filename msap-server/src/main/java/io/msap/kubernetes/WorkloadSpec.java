package io.msap.kubernetes;

import java.util.List;
import java.util.Map;

/**
 * The desired state of one application deployment on a cluster, in the platform's own terms: a Deployment with one
 * container (and, for secret environment variables, a Secret beside it). {@link Workloads} turns it into Kubernetes
 * objects; nothing here is a fabric8 type.
 *
 * @param labels labels of the Deployment and its pods; the selector is {@code app.kubernetes.io/name} plus
 *     {@code msap.io/app-deploy-id}, which must be among them (and {@code msap.io/track} when present)
 * @param podLabels extra labels of the pods only (e.g. the change order that built the template)
 * @param secretData values of secret environment variables, kept in the Secret {@code <name>-env}
 */
public record WorkloadSpec(
        String namespace,
        String name,
        Map<String, String> labels,
        Map<String, String> annotations,
        Map<String, String> podLabels,
        Map<String, String> podAnnotations,
        int replicas,
        String maxSurge,
        String maxUnavailable,
        Container container,
        List<Volume> volumes,
        Map<String, String> secretData,
        List<String> imagePullSecrets) {

    /** The selector labels every workload of the platform carries. */
    public static final List<String> SELECTOR_KEYS = List.of("app.kubernetes.io/name", "msap.io/app-deploy-id");

    /**
     * Labels that join the selector when a workload carries them: the track of a release Deployment, so a release's
     * second Deployment never adopts the pods of the first.
     */
    public static final List<String> OPTIONAL_SELECTOR_KEYS = List.of("msap.io/track");

    /** The application container. */
    public record Container(
            String name,
            String image,
            List<String> command,
            List<String> args,
            List<EnvVar> env,
            Resources resources,
            Probe liveness,
            Probe readiness,
            List<VolumeMount> mounts,
            List<String> preStopCommand) {}

    /** An environment variable: a plain value, or a key of the workload's Secret. */
    public record EnvVar(String name, String value, boolean secret) {}

    /** Resource quantities in Kubernetes notation (e.g. {@code 500m}, {@code 512Mi}); null means unset. */
    public record Resources(String cpuRequest, String cpuLimit, String memoryRequest, String memoryLimit) {}

    /** A probe: mode EXEC, HTTP_GET or TCP_SOCKET with its target and timings. */
    public record Probe(
            String mode,
            List<String> command,
            String host,
            String path,
            Integer port,
            String scheme,
            Map<String, String> headers,
            Integer initialDelaySeconds,
            Integer periodSeconds,
            Integer timeoutSeconds,
            Integer successThreshold,
            Integer failureThreshold) {}

    /** A pod volume: a ConfigMap (all keys, or the listed ones) or an empty directory. */
    public record Volume(String name, String configMapName, boolean emptyDir) {}

    /** Where a volume appears in the container; subPath mounts one key of a ConfigMap as one file. */
    public record VolumeMount(String volumeName, String mountPath, String subPath) {}
}
