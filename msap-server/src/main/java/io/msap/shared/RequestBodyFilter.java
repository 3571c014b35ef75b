package io.msap.shared;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads request bodies once, refusing any larger than {@code msap.http.max-body-size} with 413 before anything else
 * reads them (checked on Content-Length and again while reading chunked bodies). Multipart uploads are left to the
 * endpoints that stream them.
 */
public class RequestBodyFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final EnvelopeWriter envelopeWriter;

    public RequestBodyFilter(DataSize maxBodySize, EnvelopeWriter envelopeWriter) {
        this.maxBytes = maxBodySize.toBytes();
        this.envelopeWriter = envelopeWriter;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String contentType = request.getContentType();
        return "GET".equals(request.getMethod())
                || "HEAD".equals(request.getMethod())
                || (contentType != null && contentType.toLowerCase().startsWith("multipart/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            tooLarge(request, response);
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        }
        if (body.length > maxBytes) {
            tooLarge(request, response);
            return;
        }
        chain.doFilter(new CachedBodyRequest(request, body), response);
    }

    /** A size as people write it: 1 MB, 512 KB, 100 B. */
    static String readable(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " B";
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Connection", "close");
        envelopeWriter.write(request, response, Failure.PAYLOAD_TOO_LARGE, "error.body.tooLarge", readable(maxBytes));
    }
}
