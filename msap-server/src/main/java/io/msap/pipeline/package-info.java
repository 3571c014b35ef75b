/**
 * Pipelines (manual 5.6) and pipeline member permissions (5.12): definitions of an application's ordered stages, runs
 * claimed from the database and advanced as durable workflows, one stage executor per stage category (CODE_BUILD
 * clones the app's repository and runs the build environment's command as a local process), stage logs in chunks in
 * the database. The only module that starts operating-system processes.
 */
@ApplicationModule(displayName = "Pipelines")
package io.msap.pipeline;

import org.springframework.modulith.ApplicationModule;
