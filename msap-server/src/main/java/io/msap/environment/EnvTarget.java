package io.msap.environment;

import io.msap.kubernetes.ClusterAccess;

/** Where an environment's objects go: the cluster and namespace imported into it. */
public record EnvTarget(String envId, String instId, String clusterName, String namespace, ClusterAccess access) {}
