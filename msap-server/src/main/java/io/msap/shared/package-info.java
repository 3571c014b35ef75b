/** The wire contract every module speaks: the envelope, failures, pagination, ids, time, i18n messages and the caller. */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package io.msap.shared;

import org.springframework.modulith.ApplicationModule;
