package io.msap.configmap;

import java.util.Optional;

/** Lets a higher module keep a ConfigMap while something uses it (deployments that mount it). */
public interface ConfigMapUsageGuard {

    /**
     * Who uses the ConfigMap {@code configMapName} of the environment, e.g. the names of the deployments mounting it
     * or about to; empty when nobody.
     */
    Optional<String> usersOf(String envId, String configMapName);
}
