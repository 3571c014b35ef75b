package io.msap.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMapVolumeSourceBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Application workloads on a cluster: renders a {@link WorkloadSpec} into a Deployment (and a Secret for secret
 * environment variables) and applies them with server-side apply under field manager {@code msap}, reads them back
 * with their pods, and manages their Services. Every call goes through {@link KubernetesClusters}, with its timeouts
 * and its 503 for a cluster that cannot be reached.
 */
@org.springframework.stereotype.Service
public class Workloads {

    private static final String SECRET_MASK = "******";

    private final KubernetesClusters clusters;

    Workloads(KubernetesClusters clusters) {
        this.clusters = clusters;
    }

    /**
     * The manifests of a workload as they will be applied, in YAML ({@code ---} between documents), with secret values
     * masked: what a change order shows as its resourceYaml.
     */
    public String render(WorkloadSpec spec) {
        StringBuilder yaml = new StringBuilder();
        secret(spec, true).ifPresent(s -> yaml.append(Serialization.asYaml(s)));
        yaml.append(Serialization.asYaml(deployment(spec)));
        return yaml.toString();
    }

    /**
     * Applies the workload (its Secret first) with server-side apply, and deletes its Secret when it has no secret
     * variables; repeating it changes nothing.
     */
    public void apply(ClusterAccess cluster, WorkloadSpec spec) {
        Optional<Secret> secret = secret(spec, false);
        Deployment deployment = deployment(spec);
        clusters.call(cluster, client -> {
            secret.ifPresent(s -> client.secrets()
                    .inNamespace(spec.namespace())
                    .resource(s)
                    .fieldManager(KubernetesClusters.FIELD_MANAGER)
                    .forceConflicts()
                    .serverSideApply());
            Deployment applied = client.apps()
                    .deployments()
                    .inNamespace(spec.namespace())
                    .resource(deployment)
                    .fieldManager(KubernetesClusters.FIELD_MANAGER)
                    .forceConflicts()
                    .serverSideApply();
            if (secret.isEmpty()) {
                // no secret variables any more: the Secret of an earlier version must not keep their values
                client.secrets()
                        .inNamespace(spec.namespace())
                        .withName(secretName(spec.name()))
                        .delete();
            }
            return applied;
        });
    }

    /** The Deployment of an application deployment, if it exists. */
    public Optional<WorkloadState.DeploymentState> deployment(ClusterAccess cluster, String namespace, String name) {
        return clusters.call(
                cluster,
                client -> Optional.ofNullable(client.apps()
                                .deployments()
                                .inNamespace(namespace)
                                .withName(name)
                                .get())
                        .map(Workloads::state));
    }

    /** The pods with all of the given labels, oldest first. */
    public List<WorkloadState.PodState> pods(ClusterAccess cluster, String namespace, Map<String, String> labels) {
        return clusters.call(
                cluster,
                client -> client.pods().inNamespace(namespace).withLabels(labels).list().getItems().stream()
                        .map(Workloads::state)
                        .sorted(java.util.Comparator.comparing(
                                        WorkloadState.PodState::createTime,
                                        java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()))
                                .thenComparing(WorkloadState.PodState::name))
                        .toList());
    }

    /** Deletes a workload's Deployment (its pods go with it) and its Secret; false when there was none. */
    public boolean deleteWorkload(ClusterAccess cluster, String namespace, String name) {
        return clusters.call(cluster, client -> {
            client.secrets().inNamespace(namespace).withName(secretName(name)).delete();
            return !client.apps()
                    .deployments()
                    .inNamespace(namespace)
                    .withName(name)
                    .delete()
                    .isEmpty();
        });
    }

    /** Renders a Service as it will be applied. */
    public String render(ServiceSpec spec) {
        return Serialization.asYaml(service(spec));
    }

    /** Applies a Service with server-side apply. A requested node port that is taken fails with 409 naming it. */
    public void apply(ClusterAccess cluster, ServiceSpec spec) {
        Service service = service(spec);
        try {
            clusters.call(
                    cluster,
                    client -> client.services()
                            .inNamespace(spec.namespace())
                            .resource(service)
                            .fieldManager(KubernetesClusters.FIELD_MANAGER)
                            .forceConflicts()
                            .serverSideApply());
        } catch (KubernetesClusters.ClusterAnswered e) {
            if (e.code() == 422) {
                throw io.msap.shared.MsapException.conflict(
                        "kubernetes.service.invalid", spec.name(), e.clusterMessage());
            }
            throw e;
        }
    }

    public Optional<WorkloadState.ServiceState> service(ClusterAccess cluster, String namespace, String name) {
        return clusters.call(
                cluster,
                client -> Optional.ofNullable(client.services()
                                .inNamespace(namespace)
                                .withName(name)
                                .get())
                        .map(Workloads::state));
    }

    /** The Services with all of the given labels, by name. */
    public List<WorkloadState.ServiceState> services(
            ClusterAccess cluster, String namespace, Map<String, String> labels) {
        return clusters.call(
                cluster,
                client -> client.services().inNamespace(namespace).withLabels(labels).list().getItems().stream()
                        .map(Workloads::state)
                        .sorted(java.util.Comparator.comparing(WorkloadState.ServiceState::name))
                        .toList());
    }

    /** Deletes a Service; false when there was none. */
    public boolean deleteService(ClusterAccess cluster, String namespace, String name) {
        return clusters.call(
                cluster,
                client -> !client.services()
                        .inNamespace(namespace)
                        .withName(name)
                        .delete()
                        .isEmpty());
    }

    /** The name of the Secret that holds a workload's secret environment variables. */
    public static String secretName(String workloadName) {
        return workloadName + "-env";
    }

    // ---- rendering ----

    private static Deployment deployment(WorkloadSpec spec) {
        Map<String, String> selector = new LinkedHashMap<>();
        WorkloadSpec.SELECTOR_KEYS.forEach(
                key -> selector.put(key, spec.labels().get(key)));
        WorkloadSpec.OPTIONAL_SELECTOR_KEYS.stream()
                .filter(spec.labels()::containsKey)
                .forEach(key -> selector.put(key, spec.labels().get(key)));
        Map<String, String> podLabels = new LinkedHashMap<>(spec.labels());
        podLabels.putAll(spec.podLabels());
        WorkloadSpec.Container c = spec.container();
        ContainerBuilder container =
                new ContainerBuilder().withName(c.name()).withImage(c.image()).withImagePullPolicy("IfNotPresent");
        if (c.command() != null && !c.command().isEmpty()) {
            container.withCommand(c.command());
        }
        if (c.args() != null && !c.args().isEmpty()) {
            container.withArgs(c.args());
        }
        for (WorkloadSpec.EnvVar env : c.env()) {
            if (env.secret()) {
                container.addToEnv(new EnvVarBuilder()
                        .withName(env.name())
                        .withNewValueFrom()
                        .withNewSecretKeyRef()
                        .withName(secretName(spec.name()))
                        .withKey(env.name())
                        .endSecretKeyRef()
                        .endValueFrom()
                        .build());
            } else {
                container.addToEnv(new EnvVarBuilder()
                        .withName(env.name())
                        .withValue(env.value())
                        .build());
            }
        }
        if (c.resources() != null) {
            ResourceRequirementsBuilder resources = new ResourceRequirementsBuilder();
            quantity(c.resources().cpuRequest()).ifPresent(q -> resources.addToRequests("cpu", q));
            quantity(c.resources().memoryRequest()).ifPresent(q -> resources.addToRequests("memory", q));
            quantity(c.resources().cpuLimit()).ifPresent(q -> resources.addToLimits("cpu", q));
            quantity(c.resources().memoryLimit()).ifPresent(q -> resources.addToLimits("memory", q));
            container.withResources(resources.build());
        }
        probe(c.liveness()).ifPresent(container::withLivenessProbe);
        probe(c.readiness()).ifPresent(container::withReadinessProbe);
        for (WorkloadSpec.VolumeMount mount : c.mounts()) {
            container.addToVolumeMounts(new VolumeMountBuilder()
                    .withName(mount.volumeName())
                    .withMountPath(mount.mountPath())
                    .withSubPath(mount.subPath())
                    .build());
        }
        if (c.preStopCommand() != null && !c.preStopCommand().isEmpty()) {
            container
                    .withNewLifecycle()
                    .withNewPreStop()
                    .withNewExec()
                    .withCommand(c.preStopCommand())
                    .endExec()
                    .endPreStop()
                    .endLifecycle();
        }
        List<io.fabric8.kubernetes.api.model.Volume> volumes = new ArrayList<>();
        for (WorkloadSpec.Volume v : spec.volumes()) {
            VolumeBuilder volume = new VolumeBuilder().withName(v.name());
            if (v.emptyDir()) {
                volume.withNewEmptyDir().endEmptyDir();
            } else {
                volume.withConfigMap(new ConfigMapVolumeSourceBuilder()
                        .withName(v.configMapName())
                        .build());
            }
            volumes.add(volume.build());
        }
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(spec.name())
                .withNamespace(spec.namespace())
                .withLabels(withManagedBy(spec.labels()))
                .withAnnotations(spec.annotations())
                .endMetadata()
                .withNewSpec()
                .withReplicas(spec.replicas())
                .withRevisionHistoryLimit(10)
                .withNewSelector()
                .withMatchLabels(selector)
                .endSelector()
                .withNewStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxSurge(new IntOrString(spec.maxSurge()))
                .withMaxUnavailable(new IntOrString(spec.maxUnavailable()))
                .endRollingUpdate()
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(withManagedBy(podLabels))
                .withAnnotations(spec.podAnnotations())
                .endMetadata()
                .withNewSpec()
                .withContainers(container.build())
                .withVolumes(volumes)
                .withImagePullSecrets(spec.imagePullSecrets().stream()
                        .map(LocalObjectReference::new)
                        .toList())
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static Optional<Secret> secret(WorkloadSpec spec, boolean masked) {
        if (spec.secretData() == null || spec.secretData().isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> data = new LinkedHashMap<>();
        spec.secretData().forEach((key, value) -> data.put(key, masked ? SECRET_MASK : value));
        return Optional.of(new SecretBuilder()
                .withNewMetadata()
                .withName(secretName(spec.name()))
                .withNamespace(spec.namespace())
                .withLabels(withManagedBy(spec.labels()))
                .endMetadata()
                .withType("Opaque")
                .withStringData(data)
                .build());
    }

    private static Optional<Probe> probe(WorkloadSpec.Probe p) {
        if (p == null) {
            return Optional.empty();
        }
        ProbeBuilder probe = new ProbeBuilder()
                .withInitialDelaySeconds(p.initialDelaySeconds())
                .withPeriodSeconds(p.periodSeconds())
                .withTimeoutSeconds(p.timeoutSeconds())
                .withSuccessThreshold(p.successThreshold())
                .withFailureThreshold(p.failureThreshold());
        switch (p.mode()) {
            case "EXEC" -> probe.withNewExec().withCommand(p.command()).endExec();
            case "HTTP_GET" ->
                probe.withNewHttpGet()
                        .withHost(p.host())
                        .withPath(p.path())
                        .withPort(new IntOrString(p.port()))
                        .withScheme(p.scheme())
                        .withHttpHeaders(
                                p.headers() == null
                                        ? List.of()
                                        : p.headers().entrySet().stream()
                                                .map(h -> new HTTPHeader(h.getKey(), h.getValue()))
                                                .toList())
                        .endHttpGet();
            case "TCP_SOCKET" ->
                probe.withNewTcpSocket()
                        .withHost(p.host())
                        .withPort(new IntOrString(p.port()))
                        .endTcpSocket();
            default -> throw new IllegalArgumentException("unknown probe mode " + p.mode());
        }
        return Optional.of(probe.build());
    }

    private static Service service(ServiceSpec spec) {
        boolean nodePort = "NodePort".equals(spec.type());
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(spec.name())
                .withNamespace(spec.namespace())
                .withLabels(withManagedBy(spec.labels()))
                .endMetadata()
                .withNewSpec()
                .withType(spec.type())
                .withSelector(spec.selector())
                .withExternalTrafficPolicy(nodePort ? spec.externalTrafficPolicy() : null)
                .withPorts(spec.ports().stream()
                        .map(p -> new ServicePortBuilder()
                                .withName(p.protocol().toLowerCase(java.util.Locale.ROOT) + "-" + p.port())
                                .withPort(p.port())
                                .withTargetPort(new IntOrString(p.targetPort()))
                                .withNodePort(nodePort ? p.nodePort() : null)
                                .withProtocol(p.protocol())
                                .build())
                        .toList())
                .endSpec()
                .build();
    }

    // ---- reading ----

    private static WorkloadState.DeploymentState state(Deployment d) {
        var status = d.getStatus();
        DeploymentCondition progressing = status == null || status.getConditions() == null
                ? null
                : status.getConditions().stream()
                        .filter(c -> "Progressing".equals(c.getType()))
                        .findFirst()
                        .orElse(null);
        return new WorkloadState.DeploymentState(
                d.getMetadata().getName(),
                d.getMetadata().getNamespace(),
                d.getMetadata().getLabels() == null ? Map.of() : d.getMetadata().getLabels(),
                nz(d.getMetadata().getGeneration()),
                status == null ? 0 : nz(status.getObservedGeneration()),
                d.getSpec() == null ? 0 : nz(d.getSpec().getReplicas()),
                status == null ? 0 : nz(status.getReplicas()),
                status == null ? 0 : nz(status.getUpdatedReplicas()),
                status == null ? 0 : nz(status.getReadyReplicas()),
                status == null ? 0 : nz(status.getAvailableReplicas()),
                status == null ? 0 : nz(status.getUnavailableReplicas()),
                d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(),
                instant(d.getMetadata().getCreationTimestamp()),
                progressing == null ? null : progressing.getReason(),
                progressing == null ? null : progressing.getMessage());
    }

    private static WorkloadState.PodState state(Pod p) {
        var status = p.getStatus();
        ContainerStatus container = status == null
                        || status.getContainerStatuses() == null
                        || status.getContainerStatuses().isEmpty()
                ? null
                : status.getContainerStatuses().get(0);
        boolean ready = status != null
                && status.getConditions() != null
                && status.getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        String waitingReason = null;
        String waitingMessage = null;
        if (container != null
                && container.getState() != null
                && container.getState().getWaiting() != null) {
            waitingReason = container.getState().getWaiting().getReason();
            waitingMessage = container.getState().getWaiting().getMessage();
        }
        return new WorkloadState.PodState(
                p.getMetadata().getName(),
                status == null ? null : status.getPodIP(),
                p.getSpec() == null ? null : p.getSpec().getNodeName(),
                status == null ? null : status.getPhase(),
                ready,
                p.getMetadata().getDeletionTimestamp() != null,
                container == null ? 0 : nz(container.getRestartCount()),
                p.getSpec().getContainers().get(0).getName(),
                p.getSpec().getContainers().get(0).getImage(),
                waitingReason,
                waitingMessage,
                p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels(),
                instant(p.getMetadata().getCreationTimestamp()));
    }

    private static WorkloadState.ServiceState state(Service s) {
        var spec = s.getSpec();
        return new WorkloadState.ServiceState(
                s.getMetadata().getName(),
                spec.getType(),
                spec.getClusterIP(),
                spec.getExternalIPs() == null ? List.of() : spec.getExternalIPs(),
                spec.getExternalTrafficPolicy(),
                spec.getPorts() == null
                        ? List.of()
                        : spec.getPorts().stream()
                                .map(p -> new WorkloadState.ServicePort(
                                        p.getPort(),
                                        p.getTargetPort() == null
                                                ? null
                                                : p.getTargetPort().getIntVal(),
                                        p.getNodePort(),
                                        p.getProtocol()))
                                .toList(),
                s.getMetadata().getLabels() == null ? Map.of() : s.getMetadata().getLabels());
    }

    private static Optional<Quantity> quantity(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(new Quantity(value));
    }

    private static Map<String, String> withManagedBy(Map<String, String> labels) {
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put(KubernetesClusters.MANAGED_BY, KubernetesClusters.FIELD_MANAGER);
        return all;
    }

    private static long nz(Long value) {
        return value == null ? 0 : value;
    }

    private static int nz(Integer value) {
        return value == null ? 0 : value;
    }

    private static Instant instant(String timestamp) {
        return timestamp == null ? null : Instant.parse(timestamp);
    }
}
