/**
 * App deployments and their change orders (manual 5.3): deploys, operations and Services run as durable workflows
 * claimed from the database, one change at a time per app deployment.
 */
@ApplicationModule(displayName = "Releases")
package io.msap.release;

import org.springframework.modulith.ApplicationModule;
