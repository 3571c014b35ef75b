/**
 * The only way to a Kubernetes cluster: fabric8 clients built from registered kubeconfigs, typed objects built from our
 * own records and applied with server-side apply under field manager {@code msap}. No fabric8 type leaves this module.
 */
@ApplicationModule(displayName = "Kubernetes")
package io.msap.kubernetes;

import org.springframework.modulith.ApplicationModule;
