package io.msap.audit;

import io.msap.shared.AuditTrail;
import io.msap.shared.Caller;
import io.msap.shared.RequestIdFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Writes one audit record when an API request ends, for every mutation (POST) and every request refused for
 * authentication or authorization (401, 403). The record names the caller, the operation (the endpoint's last path
 * segment), the object the service noted in {@link AuditTrail}, the result and the reason given to the caller. Requests
 * turned away by the per-address rate limit (429 before authentication) are not recorded, which is what keeps a flood
 * of bad credentials from flooding the log.
 */
class AuditRecordingFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AuditRecordingFilter.class);

    private final AuditService audit;
    private final Clock clock;

    AuditRecordingFilter(AuditService audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // A mutation is always recorded: hold its answer until the record is written, so that a client holding the
        // answer finds the record, and the record's time is not later than the client's next request.
        ContentCachingResponseWrapper held =
                "POST".equals(request.getMethod()) ? new ContentCachingResponseWrapper(response) : null;
        HttpServletResponse answer = held == null ? response : held;
        boolean failedHard = true;
        try {
            chain.doFilter(request, answer);
            failedHard = false;
        } finally {
            int status = failedHard ? 500 : answer.getStatus();
            record(request, status);
            if (held != null && !failedHard) {
                held.copyBodyToResponse();
            }
        }
    }

    private void record(HttpServletRequest request, int status) {
        Caller caller = request.getAttribute(Caller.ATTRIBUTE) instanceof Caller c ? c : null;
        boolean mutation = "POST".equals(request.getMethod());
        boolean refused = status == 401 || status == 403;
        if (!(mutation || refused) || (status == 429 && caller == null)) {
            return;
        }
        ServletRequestAttributes attributes = new ServletRequestAttributes(request);
        AuditTrail.Target target = AuditTrail.target(attributes);
        AuditTrail.Actor actor = caller != null
                ? new AuditTrail.Actor(caller.tenantId(), caller.userId(), caller.userName())
                : AuditTrail.actor(attributes);
        String path = request.getRequestURI();
        try {
            audit.record(new AuditEntry(
                    clock.instant(),
                    actor == null ? null : actor.tenantId(),
                    target == null ? null : target.projectId(),
                    actor == null ? null : actor.userId(),
                    actor == null ? null : actor.userName(),
                    path.substring(path.lastIndexOf('/') + 1),
                    request.getMethod(),
                    path,
                    target == null ? null : target.objectType(),
                    target == null ? null : target.objectId(),
                    status < 400 ? AuditEntry.Result.SUCCESS : AuditEntry.Result.FAILURE,
                    status,
                    status < 400 ? null : AuditTrail.reason(attributes),
                    RequestIdFilter.of(request),
                    request.getRemoteAddr()));
        } catch (RuntimeException e) {
            log.error("could not write the audit record of {} {}", request.getMethod(), path, e);
        }
    }
}
