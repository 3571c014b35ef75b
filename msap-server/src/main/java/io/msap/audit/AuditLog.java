package io.msap.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One audited request: never holds a request body, so secrets never reach it. */
@Entity
@Table(name = "audit_log")
class AuditLog {

    @Id
    private String id;

    @Column(nullable = false)
    private Instant eventTime;

    private Long tenantId;
    private String projectId;
    private Long userId;
    private String userName;

    @Column(nullable = false)
    private String operation;

    @Column(nullable = false)
    private String httpMethod;

    @Column(nullable = false)
    private String path;

    private String objectType;
    private String objectId;

    @Column(nullable = false)
    private String result;

    @Column(nullable = false)
    private int httpStatus;

    private String reason;
    private String requestId;
    private String clientIp;

    protected AuditLog() {}

    AuditLog(AuditEntry entry, String id) {
        this.id = id;
        this.eventTime = entry.time();
        this.tenantId = entry.tenantId();
        this.projectId = entry.projectId();
        this.userId = entry.userId();
        this.userName = clip(entry.userName(), 64);
        this.operation = clip(entry.operation(), 64);
        this.httpMethod = entry.httpMethod();
        this.path = clip(entry.path(), 255);
        this.objectType = clip(entry.objectType(), 32);
        this.objectId = clip(entry.objectId(), 64);
        this.result = entry.result().name();
        this.httpStatus = entry.httpStatus();
        this.reason = clip(entry.reason(), 500);
        this.requestId = clip(entry.requestId(), 64);
        this.clientIp = clip(entry.clientIp(), 64);
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    AuditView view() {
        return new AuditView(
                id,
                eventTime,
                tenantId,
                projectId,
                userId,
                userName,
                operation,
                httpMethod,
                path,
                objectType,
                objectId,
                result,
                httpStatus,
                reason,
                requestId,
                clientIp);
    }

    /** A row of listAuditLogsPage. */
    record AuditView(
            String auditId,
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
            String result,
            int httpStatus,
            String reason,
            String requestId,
            String clientIp) {}
}
