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

    /** Who an unauthenticated request turned out to be (a login's user), as far as it is known. */
    public record Actor(Long tenantId, Long userId, String userName) {}

    private AuditTrail() {}

    /** Notes the object this request acts on; a later note replaces an earlier one. */
    public static void target(String projectId, String objectType, String objectId) {
        set(TARGET, new Target(projectId, objectType, objectId));
    }

    /**
     * Notes the project a request concerns, unless the request already named its object: so that a request refused
     * inside a project is recorded in that project's log.
     */
    public static void inProject(String projectId) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null && target(request) == null) {
            request.setAttribute(TARGET, new Target(projectId, null, null), RequestAttributes.SCOPE_REQUEST);
        }
    }

    /** Notes who an unauthenticated request claims to be (a login attempt); ids are null while unknown. */
    public static void actor(Long tenantId, Long userId, String userName) {
        set(ACTOR, new Actor(tenantId, userId, userName));
    }

    /** Notes why the request failed, in the words the caller was given. */
    public static void reason(String reason) {
        set(REASON, reason);
    }

    public static Target target(RequestAttributes request) {
        return (Target) request.getAttribute(TARGET, RequestAttributes.SCOPE_REQUEST);
    }

    public static Actor actor(RequestAttributes request) {
        return (Actor) request.getAttribute(ACTOR, RequestAttributes.SCOPE_REQUEST);
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
