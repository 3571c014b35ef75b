/**
 * Resource pools of areas, registered clusters and register centres (platform level), namespaces on clusters, and the
 * environments of projects with the cluster namespace each imports (manual 5.4).
 */
@ApplicationModule(displayName = "Environments")
package io.msap.environment;

import org.springframework.modulith.ApplicationModule;
