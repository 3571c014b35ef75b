/**
 * The artifact repository (manual 5.7): generic packages (uploaded, built by pipelines, the official demo) and
 * container images (built here with Jib, or built elsewhere and recorded), their bytes in a content-addressed blob
 * store. Below releases and pipelines: they store outputs through {@link io.msap.artifact.BlobStore}, publish packages
 * through {@link io.msap.artifact.PackageService}, build images with {@link io.msap.artifact.ImageBuilder}, and keep
 * what they use from being deleted with {@link io.msap.artifact.PackageUsageGuard} and
 * {@link io.msap.artifact.ImageUsageGuard}.
 */
@ApplicationModule(displayName = "Artifacts")
package io.msap.artifact;

import org.springframework.modulith.ApplicationModule;
