/** Authentication of API requests (bearer tokens, EOP AK/SK signatures), replay and idempotency by request id. */
@ApplicationModule(displayName = "Security")
package io.msap.security;

import org.springframework.modulith.ApplicationModule;
