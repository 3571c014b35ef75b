package io.msap.artifact;

import io.msap.shared.EnvelopeWriter;
import io.msap.shared.Failure;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses an uploadPackage request whose Content-Length is over the package limit (plus room for the form fields)
 * with 413 in the envelope, before its body is read. Uploads without a Content-Length (chunked) are bounded while
 * they are parsed, by the multipart limits that follow the same setting.
 */
class PackageUploadLimitFilter extends OncePerRequestFilter {

    static final String PATH = "/v1/product/uploadPackage";

    /** Room for the form fields and part headers of an upload beside the file. */
    static final long FORM_OVERHEAD = 64 * 1024;

    private final long maxPackageSize;
    private final EnvelopeWriter envelope;

    PackageUploadLimitFilter(long maxPackageSize, EnvelopeWriter envelope) {
        this.maxPackageSize = maxPackageSize;
        this.envelope = envelope;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !PATH.equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxPackageSize + FORM_OVERHEAD) {
            response.setHeader("Connection", "close");
            envelope.write(
                    request,
                    response,
                    Failure.PAYLOAD_TOO_LARGE,
                    "artifact.package.tooLarge",
                    PackageService.readable(maxPackageSize));
            return;
        }
        chain.doFilter(request, response);
    }
}
