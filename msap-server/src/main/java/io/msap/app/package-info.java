/**
 * Applications of a project tied to code repositories through service connections (manual 5.1), app groups (5.2),
 * and the build and runtime environment catalogues.
 */
@ApplicationModule(displayName = "Applications")
package io.msap.app;

import org.springframework.modulith.ApplicationModule;
