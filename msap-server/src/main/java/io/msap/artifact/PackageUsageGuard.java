package io.msap.artifact;

import java.util.Optional;

/**
 * Lets a higher module keep a package while something uses it (app deployments deployed from it, pipelines that
 * publish or deploy it): deletePackage asks every guard and refuses with 409 naming the users.
 */
public interface PackageUsageGuard {

    /** Who uses the package, e.g. the names of the deployments running it; empty when nobody. */
    Optional<String> usersOf(String packageId);
}
