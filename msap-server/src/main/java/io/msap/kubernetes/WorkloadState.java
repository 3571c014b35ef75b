package io.msap.kubernetes;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What a cluster says of an application deployment: its Deployment's status and its pods. */
public final class WorkloadState {

    private WorkloadState() {}

    /** A Deployment's spec and status as last observed. */
    public record DeploymentState(
            String name,
            String namespace,
            Map<String, String> labels,
            long generation,
            long observedGeneration,
            int replicas,
            int statusReplicas,
            int updatedReplicas,
            int readyReplicas,
            int availableReplicas,
            int unavailableReplicas,
            String image,
            Instant createTime,
            String progressingReason,
            String progressingMessage) {

        /** Whether the rollout of the current template is complete: every desired pod updated, ready and alone. */
        public boolean rolledOut() {
            return observedGeneration >= generation
                    && updatedReplicas == replicas
                    && readyReplicas == replicas
                    && availableReplicas == replicas
                    && statusReplicas == replicas;
        }
    }

    /** A pod with what matters to a release: where it runs, whether it is ready, and why not. */
    public record PodState(
            String name,
            String ip,
            String nodeName,
            String phase,
            boolean ready,
            boolean deleting,
            int restartCount,
            String containerName,
            String image,
            String waitingReason,
            String waitingMessage,
            Map<String, String> labels,
            Instant createTime) {}

    /** A Service with its addresses and ports. */
    public record ServiceState(
            String name,
            String type,
            String clusterIp,
            List<String> externalIps,
            String externalTrafficPolicy,
            List<ServicePort> ports,
            Map<String, String> labels) {}

    /** A port of a Service. */
    public record ServicePort(Integer port, Integer targetPort, Integer nodePort, String protocol) {}
}
