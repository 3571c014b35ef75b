package io.msap.shared;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page the servlet container forwards to when a failure happens outside a controller (in a filter, or a
 * path no servlet serves): answered in the envelope like every other failure, never with a stack trace.
 */
@RestController
@Hidden
class EnvelopeErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(EnvelopeErrorController.class);

    private final Messages messages;

    EnvelopeErrorController(Messages messages) {
        this.messages = messages;
    }

    @RequestMapping("/error")
    ResponseEntity<ApiResponse<Object>> error(HttpServletRequest request) {
        Object statusCode = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = statusCode instanceof Integer code ? code : 500;
        Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (exception instanceof Throwable t) {
            log.error("unexpected failure outside a controller", t);
        }
        Failure failure = switch (status) {
            case 400 -> Failure.BAD_REQUEST;
            case 401 -> Failure.UNAUTHENTICATED;
            case 403 -> Failure.FORBIDDEN;
            case 404 -> Failure.NOT_FOUND;
            case 405 -> Failure.METHOD_NOT_ALLOWED;
            case 413 -> Failure.PAYLOAD_TOO_LARGE;
            case 415 -> Failure.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> Failure.RATE_LIMITED;
            case 503 -> Failure.UNAVAILABLE;
            default -> status >= 400 && status < 500 ? Failure.BAD_REQUEST : Failure.INTERNAL;
        };
        String key = switch (failure) {
            case NOT_FOUND -> "error.path.notFound";
            case UNAUTHENTICATED -> "error.auth.required";
            case FORBIDDEN -> "error.forbidden";
            case PAYLOAD_TOO_LARGE -> "error.body.tooLarge.generic";
            case INTERNAL -> "error.internal";
            default -> "error.request";
        };
        String msg = messages.get(key);
        AuditTrail.reason(msg);
        return ResponseEntity.status(failure.status())
                .body(ApiResponse.failure(failure.envelopeCode(), msg, List.of()));
    }
}
