package io.msap.shared;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request one id: the caller's {@code ctyun-eop-request-id} or {@code X-Request-Id} when it is a sane
 * token, otherwise a new UUID. The id is in every log line of the request ({@code requestId} in the MDC), in the
 * {@code X-Request-Id} response header and in audit records.
 */
public class RequestIdFilter extends OncePerRequestFilter {

    public static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".id";
    public static final String MDC_KEY = "requestId";
    public static final String EOP_HEADER = "ctyun-eop-request-id";
    public static final String HEADER = "X-Request-Id";

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = pick(request.getHeader(EOP_HEADER));
        if (id == null) {
            id = pick(request.getHeader(HEADER));
        }
        if (id == null) {
            id = Ids.newId();
        }
        request.setAttribute(ATTRIBUTE, id);
        response.setHeader(HEADER, id);
        MDC.put(MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** The id of the current request, as set by this filter. */
    public static String of(HttpServletRequest request) {
        return (String) request.getAttribute(ATTRIBUTE);
    }

    private static String pick(String header) {
        return header != null && SANE.matcher(header.trim()).matches() ? header.trim() : null;
    }
}
