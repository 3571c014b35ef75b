/** Who did what, when, to which object, with what result: a record of every mutation and every refused request. */
@ApplicationModule(displayName = "Audit")
package io.msap.audit;

import org.springframework.modulith.ApplicationModule;
