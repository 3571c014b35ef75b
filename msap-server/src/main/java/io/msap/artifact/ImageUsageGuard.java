package io.msap.artifact;

import java.util.Optional;

/** Lets a higher module keep an image while something uses it: deleteImage asks every guard and refuses with 409. */
public interface ImageUsageGuard {

    /** Who uses the image, e.g. the names of the deployments running it; empty when nobody. */
    Optional<String> usersOf(String imageId);
}
