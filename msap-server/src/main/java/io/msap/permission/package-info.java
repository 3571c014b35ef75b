/**
 * Data permissions (manual 5.11): operation rights of project members on single applications and environments, which
 * narrow what developers, testers and operators may do there.
 */
@ApplicationModule(displayName = "Data permissions")
package io.msap.permission;

import org.springframework.modulith.ApplicationModule;
