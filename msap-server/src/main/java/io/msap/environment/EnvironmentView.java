package io.msap.environment;

/** What other modules may know of an environment the caller can see. */
public record EnvironmentView(
        String envId,
        long tenantId,
        String projectId,
        String envCode,
        String envName,
        EnvType envType,
        String resPoolCode,
        long createUserId) {}
