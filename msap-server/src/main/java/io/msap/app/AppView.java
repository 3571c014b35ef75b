package io.msap.app;

import java.time.Instant;

/** What other modules may know of an application the caller can see. */
public record AppView(
        String appId,
        long tenantId,
        String projectId,
        String name,
        AppCategory category,
        AppType type,
        String origin,
        String codeReposAddress,
        String connectionId,
        String appGroupId,
        long createUserId,
        Instant createTime) {}
