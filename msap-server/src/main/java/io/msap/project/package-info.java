/** Projects (manual 5.8), their members and roles (5.13), and what each role may do in a project. */
@ApplicationModule(displayName = "Projects")
package io.msap.project;

import org.springframework.modulith.ApplicationModule;
