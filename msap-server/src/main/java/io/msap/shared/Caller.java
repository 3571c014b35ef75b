package io.msap.shared;

/**
 * Who is calling: the authenticated user of a request. Set by the security module, read by every controller that takes
 * it as a parameter.
 *
 * @param credential the token id or access key the request authenticated with
 */
public record Caller(long tenantId, long userId, String userName, boolean mainAccount, String credential) {

    /** The request attribute that carries the caller once the request is authenticated. */
    public static final String ATTRIBUTE = Caller.class.getName();

    /** The platform operator: the main account of tenant 1. */
    public boolean operator() {
        return mainAccount && tenantId == 1;
    }
}
