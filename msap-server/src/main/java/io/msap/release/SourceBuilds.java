package io.msap.release;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Builds the package of a deploy from source ({@code deploySource=CODE}): clones the application's repository at a
 * branch or tag, runs a build environment's command and publishes the built file as a package of the application.
 * Implemented by the pipeline module (the only module that starts processes); the release module runs it as the 编译
 * phase of the deploy's change order.
 */
public interface SourceBuilds {

    /**
     * What to build, and as whom.
     *
     * @param packageVer the version the package is published with; a build asked again with the same version answers
     *     the package published before instead of building again (a change order's step may run twice)
     * @param workKey names the build's working directory (the change order's id)
     */
    record Request(
            long tenantId,
            String projectId,
            String appId,
            String ref,
            String buildEnvCode,
            String packagePath,
            String packageName,
            String packageVer,
            String staff,
            long userId,
            String workKey) {}

    /** A published package. */
    record Built(String packageId, String packageName, String packageVer, String commitId) {}

    /**
     * Checks, when the deploy is asked for, that {@code buildEnvCode} (sent in {@code field}) is a build environment
     * whose toolchain this server has, and that the application has a repository to build; 400 naming the field.
     */
    void check(String field, String appId, String buildEnvCode);

    /**
     * Builds and publishes (minutes; never inside a transaction). Progress goes to {@code log}; stops when
     * {@code cancelled} turns true. Fails with an {@link io.msap.shared.MsapException} whose message says why.
     */
    Built build(Request request, Consumer<String> log, BooleanSupplier cancelled) throws InterruptedException;
}
