package io.msap.shared;

import org.springframework.http.HttpStatus;

/**
 * The one table from kind of failure to HTTP status and envelope code. Authentication and authorization failures carry
 * envelope code 401; every other failure carries 500.
 */
public enum Failure {
    /** Bad input: missing, malformed or out-of-range parameters. */
    BAD_REQUEST(HttpStatus.BAD_REQUEST),
    /** No credentials, or credentials that are unknown, expired or revoked. */
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED),
    /** The caller is known but its role or grants do not allow the operation. */
    FORBIDDEN(HttpStatus.FORBIDDEN),
    /** An unknown id or path, or an object the caller may not see. */
    NOT_FOUND(HttpStatus.NOT_FOUND),
    /** The HTTP method is not the endpoint's. */
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED),
    /** A duplicate, a dependent object, or an action not allowed in the current state. */
    CONFLICT(HttpStatus.CONFLICT),
    /** The request body exceeds the configured limit. */
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE),
    /** The Content-Type is not one the endpoint reads. */
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    /** Too many requests from one client. */
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS),
    /** A dependency (cluster, registry, database) is down or timed out. */
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE),
    /** A bug: nothing the caller did wrong. */
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR);

    private final HttpStatus status;

    Failure(HttpStatus status) {
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    /** The envelope code that goes with this failure. */
    public int envelopeCode() {
        return this == UNAUTHENTICATED || this == FORBIDDEN ? ApiResponse.AUTH_FAILED : ApiResponse.FAILED;
    }
}
