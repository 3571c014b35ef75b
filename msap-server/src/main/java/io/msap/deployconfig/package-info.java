/**
 * Image deployment configurations of general applications (manual 5.5): named deploy defaults (pod resources, start
 * command, environment variables, probes) per application and environment, which deploys of the app into that
 * environment start from. Below releases: the release module reads them through {@link
 * io.msap.deployconfig.DeployConfigService#defaultsFor}.
 */
@ApplicationModule(displayName = "Image deployment configurations")
package io.msap.deployconfig;

import org.springframework.modulith.ApplicationModule;
