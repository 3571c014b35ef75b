package io.msap.security;

import io.msap.account.AccessKeyService;
import io.msap.account.TokenService;
import io.msap.shared.CachedBodyRequest;
import io.msap.shared.Caller;
import io.msap.shared.EnvelopeWriter;
import io.msap.shared.Failure;
import io.msap.shared.Times;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates API requests by {@code Authorization: Bearer <token>} or by an EOP AK/SK signature
 * ({@code ctyun-eop-request-id}, {@code Eop-date}, {@code Eop-Authorization}). Bad credentials are answered 401 here
 * with the reason; requests without credentials go on and are refused by the entry point where a path needs them.
 * An address with too many failures in a minute is answered 429 until the minute is over.
 */
class ApiAuthenticationFilter extends OncePerRequestFilter {

    static final String EOP_AUTHORIZATION = "Eop-Authorization";
    static final String EOP_DATE = "Eop-date";
    static final String EOP_REQUEST_ID = "ctyun-eop-request-id";
    static final String SIGNED_HEADERS = "ctyun-eop-request-id;eop-date";
    static final Duration MAX_SKEW = Duration.ofMinutes(15);

    /** The longest request id kept for the replay check (the width of eop_seen_request.request_id). */
    static final int MAX_REQUEST_ID_LENGTH = 64;

    /** The request attribute holding the access key and request id of an EOP-signed POST, for the replay check. */
    static final String EOP_POST = ApiAuthenticationFilter.class.getName() + ".eopPost";

    private static final DateTimeFormatter EOP_DATE_FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    record EopPost(String accessKey, String requestId) {}

    private final TokenService tokens;
    private final AccessKeyService accessKeys;
    private final EopReplayGuard replayGuard;
    private final AuthFailureLimiter limiter;
    private final EnvelopeWriter envelope;
    private final Clock clock;

    ApiAuthenticationFilter(
            TokenService tokens,
            AccessKeyService accessKeys,
            EopReplayGuard replayGuard,
            AuthFailureLimiter limiter,
            EnvelopeWriter envelope,
            Clock clock) {
        this.tokens = tokens;
        this.accessKeys = accessKeys;
        this.replayGuard = replayGuard;
        this.limiter = limiter;
        this.envelope = envelope;
        this.clock = clock;
    }

    /** Why credentials were refused: a message key and its arguments. */
    private record Refusal(String key, Object... args) {}

    /** The outcome of checking credentials: a caller or a refusal. */
    private record Outcome(Caller caller, Refusal refusal) {
        static Outcome of(Caller caller) {
            return new Outcome(caller, null);
        }

        static Outcome refused(String key, Object... args) {
            return new Outcome(null, new Refusal(key, args));
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = request.getRemoteAddr();
        if (limiter.blocked(address)) {
            envelope.write(request, response, Failure.RATE_LIMITED, "error.auth.rateLimited");
            return;
        }
        String bearer = request.getHeader("Authorization");
        String eop = request.getHeader(EOP_AUTHORIZATION);
        if (bearer != null || eop != null) {
            Outcome outcome = bearer != null ? bearer(bearer) : eop(request, eop);
            if (outcome.refusal() != null) {
                limiter.failed(address);
                envelope.write(
                        request,
                        response,
                        Failure.UNAUTHENTICATED,
                        outcome.refusal().key(),
                        outcome.refusal().args());
                return;
            }
            authenticate(request, outcome.caller());
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
            limiter.failed(address);
        }
    }

    private Outcome bearer(String header) {
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)
                || header.substring(7).isBlank()) {
            return Outcome.refused("error.auth.scheme");
        }
        return tokens.authenticate(header.substring(7).trim())
                .map(Outcome::of)
                .orElseGet(() -> Outcome.refused("error.auth.invalid"));
    }

    private Outcome eop(HttpServletRequest request, String header) {
        String requestId = request.getHeader(EOP_REQUEST_ID);
        String date = request.getHeader(EOP_DATE);
        if (requestId == null || requestId.isBlank() || date == null || date.isBlank()) {
            return Outcome.refused("eop.headersMissing");
        }
        requestId = requestId.trim();
        date = date.trim();
        if (requestId.length() > MAX_REQUEST_ID_LENGTH) {
            return Outcome.refused("eop.requestIdTooLong", MAX_REQUEST_ID_LENGTH);
        }
        String[] parts = header.trim().split("\\s+");
        String accessKey = parts[0];
        String headers = null;
        String signature = null;
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].regionMatches(true, 0, "Headers=", 0, 8)) {
                headers = parts[i].substring(8);
            } else if (parts[i].regionMatches(true, 0, "Signature=", 0, 10)) {
                signature = parts[i].substring(10);
            }
        }
        if (signature == null || !SIGNED_HEADERS.equalsIgnoreCase(headers)) {
            return Outcome.refused("eop.authorizationMalformed");
        }
        Instant signedAt;
        try {
            signedAt = LocalDateTime.parse(date, EOP_DATE_FORMAT)
                    .atZone(Times.BEIJING)
                    .toInstant();
        } catch (DateTimeParseException e) {
            return Outcome.refused("eop.dateMalformed");
        }
        if (Duration.between(signedAt, clock.instant()).abs().compareTo(MAX_SKEW) > 0) {
            return Outcome.refused("eop.dateSkew", MAX_SKEW.toMinutes());
        }
        Optional<AccessKeyService.SigningKey> key = accessKeys.signingKey(accessKey);
        if (key.isEmpty()) {
            return Outcome.refused("eop.accessKeyUnknown");
        }
        String expected = EopSignature.sign(
                accessKey,
                key.get().secretKey(),
                requestId,
                date,
                EopSignature.canonicalQuery(request.getParameterMap()),
                CachedBodyRequest.bodyOf(request));
        if (!MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8))) {
            return Outcome.refused("eop.signatureMismatch");
        }
        if ("POST".equals(request.getMethod())) {
            request.setAttribute(EOP_POST, new EopPost(accessKey, requestId));
        } else if (!replayGuard.firstUse(accessKey, requestId)) {
            return Outcome.refused("eop.replayed");
        }
        return Outcome.of(key.get().caller());
    }

    private static void authenticate(HttpServletRequest request, Caller caller) {
        SecurityContext context =
                SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
        context.setAuthentication(new PreAuthenticatedAuthenticationToken(
                caller, caller.credential(), AuthorityUtils.createAuthorityList("ROLE_USER")));
        SecurityContextHolder.getContextHolderStrategy().setContext(context);
        request.setAttribute(Caller.ATTRIBUTE, caller);
    }
}
