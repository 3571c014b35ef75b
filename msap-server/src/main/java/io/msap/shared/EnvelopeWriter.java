package io.msap.shared;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a failure envelope straight to the servlet response, for the places that answer before a controller runs
 * (filters, the security entry point, the error page).
 */
@Component
public class EnvelopeWriter {

    private final JsonMapper jsonMapper;
    private final Messages messages;

    EnvelopeWriter(JsonMapper jsonMapper, Messages messages) {
        this.jsonMapper = jsonMapper;
        this.messages = messages;
    }

    public void write(
            HttpServletRequest request, HttpServletResponse response, Failure failure, String key, Object... args)
            throws IOException {
        String msg = messages.get(WireLocale.of(request), key, args);
        writeMessage(request, response, failure, msg);
    }

    /** Writes a failure whose message is already in the caller's language. */
    public void writeMessage(HttpServletRequest request, HttpServletResponse response, Failure failure, String msg)
            throws IOException {
        new ServletRequestAttributes(request)
                .setAttribute(AuditTrail.REASON, msg, ServletRequestAttributes.SCOPE_REQUEST);
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(failure.status().value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        // written without closing the stream: the answer is complete only when the request is, after the audit record
        response.getOutputStream()
                .write(jsonMapper.writeValueAsBytes(ApiResponse.failure(failure.envelopeCode(), msg, List.of())));
    }
}
