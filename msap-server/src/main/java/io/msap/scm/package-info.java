/**
 * Git for the platform: the only module that uses JGit. Lists a repository's branches and tags (ls-remote) to check a
 * service connection, clones one branch or tag for pipeline builds, and decides which repository addresses may be used
 * at all.
 */
@ApplicationModule(displayName = "Source code management")
package io.msap.scm;

import org.springframework.modulith.ApplicationModule;
