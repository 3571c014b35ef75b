package io.msap.environment;

import java.util.Optional;
import org.springframework.context.MessageSourceResolvable;

/**
 * Lets a higher module keep an environment, or its imported namespace, while the module still holds objects there
 * (ConfigMaps, deployments). deleteEnv and deleteResource ask every guard and refuse with 409 naming what remains.
 */
public interface EnvironmentContentsGuard {

    /** What of this module still lives in the environment, e.g. a message "2 个配置项"; empty when nothing. */
    Optional<MessageSourceResolvable> remainingIn(String envId);
}
