package io.msap.configmap;

import java.util.Optional;

/** Lets a higher module keep a ConfigMap while something uses it (deployments that mount it). */
public interface ConfigMapUsageGuard {

    /** Who uses the ConfigMap, e.g. the names of the deployments mounting it; empty when nobody. */
    Optional<String> usersOf(String configMapId);
}
