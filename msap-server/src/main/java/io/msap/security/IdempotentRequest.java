package io.msap.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The first answer to a POST with a request id, kept 24 hours so a retry with the same id and body gets the same
 * answer instead of doing the work twice. A row without a status is a request still in progress.
 */
@Entity
@Table(name = "idempotent_request")
class IdempotentRequest {

    @Id
    private String id;

    @Column(nullable = false)
    private String requestHash;

    private Integer httpStatus;

    private String contentType;

    /** Encrypted: the answer may hold a secret shown once. */
    private String responseBody;

    @Column(nullable = false)
    private Instant createTime;

    protected IdempotentRequest() {}

    String getRequestHash() {
        return requestHash;
    }

    Integer getHttpStatus() {
        return httpStatus;
    }

    String getContentType() {
        return contentType;
    }

    String getResponseBody() {
        return responseBody;
    }
}
