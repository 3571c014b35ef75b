package io.msap.app;

import java.util.Optional;

/**
 * Lets a higher module take part in deleting an application: refuse while it still needs the app (a deployment in an
 * environment), and remove what belongs only to the app (grants, deploy configurations, pipelines) when it goes.
 * Called inside the deleting transaction: {@link #blockers} for every guard first, then {@link #onDeleted}.
 */
public interface AppDeletionGuard {

    /** Why the app cannot be deleted now, e.g. "已部署在环境 dev"; empty when nothing stands in the way. */
    Optional<String> blockers(String appId);

    /** Removes what this module keeps only for the app. */
    void onDeleted(String appId);
}
