package io.msap.connection;

import java.util.Optional;

/**
 * Lets a higher module keep a service connection while something uses it (applications whose code it reaches,
 * pipelines that push with it): deleteServiceConnection asks every guard and refuses with 409 naming the users.
 */
public interface ConnectionUsageGuard {

    /** Who uses the connection, e.g. "应用 a、b"; empty when nobody. */
    Optional<String> usersOf(String connectionId);
}
