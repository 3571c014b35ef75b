package io.msap.project;

import java.util.Optional;
import org.springframework.context.MessageSourceResolvable;

/**
 * Lets a higher module refuse the deletion of a project that still holds its objects (apps, environments,
 * pipelines...). deleteProject asks every guard and, if any answers, refuses with 409 naming everything that remains.
 */
public interface ProjectDeletionGuard {

    /** What of this module still lives in the project, e.g. a message "2 个应用"; empty when nothing. */
    Optional<MessageSourceResolvable> remainingIn(String projectId);
}
