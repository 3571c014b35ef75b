package io.msap.audit;

import java.time.Instant;

/** What to record of one request; built by the recording filter or by a module that audits background work. */
public record AuditEntry(
        Instant time,
        Long tenantId,
        String projectId,
        Long userId,
        String userName,
        String operation,
        String httpMethod,
        String path,
        String objectType,
        String objectId,
        Result result,
        int httpStatus,
        String reason,
        String requestId,
        String clientIp) {

    /** How the request ended. */
    public enum Result {
        SUCCESS,
        FAILURE
    }
}
