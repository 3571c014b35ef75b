/**
 * Service connections of projects (manual 5.9 and what it leaves to the console): the code hosts (Gitee, GitHub,
 * GitLab, any git server) and Docker registries a project's builds reach, with their credentials encrypted at rest and
 * never returned; checked for real with a git ls-remote.
 */
@ApplicationModule(displayName = "Service connections")
package io.msap.connection;

import org.springframework.modulith.ApplicationModule;
