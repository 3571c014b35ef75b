package io.msap.kubernetes;

import java.util.List;
import java.util.Map;

/**
 * A Kubernetes Service of an application deployment as the platform writes it: ClusterIP or NodePort, selecting the
 * deployment's pods.
 *
 * @param externalTrafficPolicy Local or Cluster; applies to NodePort Services only
 */
public record ServiceSpec(
        String namespace,
        String name,
        String type,
        List<WorkloadState.ServicePort> ports,
        String externalTrafficPolicy,
        Map<String, String> selector,
        Map<String, String> labels) {}
