package io.msap.security;

import io.msap.shared.CachedBodyRequest;
import io.msap.shared.Caller;
import io.msap.shared.EnvelopeWriter;
import io.msap.shared.Failure;
import io.msap.shared.Hashes;
import io.msap.shared.SecretCipher;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Makes every authenticated POST idempotent by request id. The key is (caller, method, path, and the
 * {@code Idempotency-Key}, {@code X-Request-Id} or {@code ctyun-eop-request-id} header); the first answer is kept for
 * 24 hours. A retry with the same body gets the stored status and body (header {@code Idempotent-Replayed: true});
 * with a different body, or while the first is still running, 409. Server errors (5xx) are not kept, so a retry runs
 * again. Runs before the EOP replay rule, which then refuses an EOP POST whose request id was used without a stored
 * answer.
 */
class IdempotencyFilter extends OncePerRequestFilter {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    static final int MAX_KEY_LENGTH = 128;

    private final IdempotentRequestRepository requests;
    private final EopReplayGuard replayGuard;
    private final SecretCipher cipher;
    private final EnvelopeWriter envelope;
    private final Clock clock;

    IdempotencyFilter(
            IdempotentRequestRepository requests,
            EopReplayGuard replayGuard,
            SecretCipher cipher,
            EnvelopeWriter envelope,
            Clock clock) {
        this.requests = requests;
        this.replayGuard = replayGuard;
        this.cipher = cipher;
        this.envelope = envelope;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !request.getRequestURI().startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller = request.getAttribute(Caller.ATTRIBUTE) instanceof Caller c ? c : null;
        String key = requestKey(request);
        if (caller == null || key == null) {
            chain.doFilter(request, response);
            return;
        }
        if (key.length() > MAX_KEY_LENGTH) {
            envelope.write(request, response, Failure.BAD_REQUEST, "error.idempotency.keyTooLong", MAX_KEY_LENGTH);
            return;
        }
        String id = Hashes.sha256Hex(
                caller.userId() + "\n" + request.getMethod() + "\n" + request.getRequestURI() + "\n" + key);
        String requestHash = requestHash(request);
        Optional<IdempotentRequest> stored = requests.findById(id);
        if (stored.isPresent()) {
            answerFromStore(request, response, stored.get(), requestHash);
            return;
        }
        if (request.getAttribute(ApiAuthenticationFilter.EOP_POST) instanceof ApiAuthenticationFilter.EopPost eop
                && !replayGuard.firstUse(eop.accessKey(), eop.requestId())) {
            envelope.write(request, response, Failure.UNAUTHENTICATED, "eop.replayed");
            return;
        }
        if (requests.claim(id, requestHash, clock.instant()) == 0) {
            envelope.write(request, response, Failure.CONFLICT, "error.idempotency.inProgress");
            return;
        }
        ContentCachingResponseWrapper recorder = new ContentCachingResponseWrapper(response);
        boolean kept = false;
        try {
            chain.doFilter(request, recorder);
            int status = recorder.getStatus();
            if (status < 500) {
                String body = new String(recorder.getContentAsByteArray(), StandardCharsets.UTF_8);
                requests.complete(id, status, recorder.getContentType(), cipher.encrypt(body));
                kept = true;
            }
        } finally {
            if (!kept) {
                requests.release(id);
            }
            recorder.copyBodyToResponse();
        }
    }

    private void answerFromStore(
            HttpServletRequest request, HttpServletResponse response, IdempotentRequest stored, String requestHash)
            throws IOException {
        if (!stored.getRequestHash().equals(requestHash)) {
            envelope.write(request, response, Failure.CONFLICT, "error.idempotency.mismatch");
            return;
        }
        if (stored.getHttpStatus() == null) {
            envelope.write(request, response, Failure.CONFLICT, "error.idempotency.inProgress");
            return;
        }
        byte[] body = cipher.decrypt(stored.getResponseBody()).getBytes(StandardCharsets.UTF_8);
        response.setStatus(stored.getHttpStatus());
        if (stored.getContentType() != null) {
            response.setContentType(stored.getContentType());
        }
        response.setHeader(REPLAYED, "true");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The request id a retry repeats, from the most specific header present. */
    private static String requestKey(HttpServletRequest request) {
        for (String header : new String[] {IDEMPOTENCY_KEY, "X-Request-Id", ApiAuthenticationFilter.EOP_REQUEST_ID}) {
            String value = request.getHeader(header);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    private static String requestHash(HttpServletRequest request) {
        String query = request.getQueryString() == null ? "" : request.getQueryString();
        byte[] body = CachedBodyRequest.bodyOf(request);
        byte[] q = query.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[q.length + 1 + body.length];
        System.arraycopy(q, 0, all, 0, q.length);
        all[q.length] = '\n';
        System.arraycopy(body, 0, all, q.length + 1, body.length);
        return Hashes.sha256Hex(all);
    }
}
