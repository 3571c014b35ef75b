package io.msap.scm;

/** Why a git operation on a remote repository failed, as far as the user can act on it. */
public enum GitFailure {
    /** The address is not one MSAP may use: another scheme, a file outside the allowed roots, user info, {@code ..}. */
    PROTOCOL_NOT_ALLOWED,
    /** The server refused the credentials (HTTP 401), or they do not give access to the repository (403). */
    AUTHENTICATION_FAILED,
    /** No repository at the address (HTTP 404, or no git repository at a file path). */
    REPOSITORY_NOT_FOUND,
    /** The repository has no branch or tag of the name asked for (clones). */
    REF_NOT_FOUND,
    /** The host could not be reached: unknown name, connection refused, no route. */
    HOST_UNREACHABLE,
    /** The server did not answer within the configured time ({@code msap.scm.timeout}). */
    TIMED_OUT,
    /** The server's TLS certificate could not be validated or the handshake failed. */
    TLS_FAILED,
    /** The server answered, but not as a git server should (an HTTP 5xx, a broken protocol exchange). */
    FAILED
}
