/** Kubernetes ConfigMaps in an environment's imported cluster namespace (manual 5.10), applied live to the cluster. */
@ApplicationModule(displayName = "ConfigMaps")
package io.msap.configmap;

import org.springframework.modulith.ApplicationModule;
