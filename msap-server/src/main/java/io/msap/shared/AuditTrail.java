package io.msap.shared;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * What a request acted on, noted by the service that handles it, so the audit record written when the request ends
 * names the object. Outside a request (background work) the notes are dropped.
 */
public final class AuditTrail {

    static final String TARGET = AuditTrail.class.getName() + ".target";
    static final String ACTOR = AuditTrail.class.getName() + ".actor";
    static final String REASON = AuditTrail.class.getName() + ".reason";

    /** The object of an audited request: its project (if any), its type and its id. */
    public record Target(String projectId, String objectType, String objectId) {}

    private AuditTrail() {}

    /** Notes the object this request acts on; a later note replaces an earlier one. */
    public static void target(String projectId, String objectType, String objectId) {
        set(TARGET, new Target(projectId, objectType, objectId));
    }

    /** Notes who an unauthenticated request claims to be (the user name of a login attempt). */
    public static void actor(String userName) {
        set(ACTOR, userName);
    }

    /** Notes why the request failed, in the words the caller was given. */
    public static void reason(String reason) {
        set(REASON, reason);
    }

    public static Target target(RequestAttributes request) {
        return (Target) request.getAttribute(TARGET, RequestAttributes.SCOPE_REQUEST);
    }

    public static String actor(RequestAttributes request) {
        return (String) request.getAttribute(ACTOR, RequestAttributes.SCOPE_REQUEST);
    }

    public static String reason(RequestAttributes request) {
        return (String) request.getAttribute(REASON, RequestAttributes.SCOPE_REQUEST);
    }

    private static void set(String name, Object value) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) {
            request.setAttribute(name, value, RequestAttributes.SCOPE_REQUEST);
        }
    }
}
