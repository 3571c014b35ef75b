package io.msap.shared;

import jakarta.validation.ConstraintViolationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.BindException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns every failure into the envelope with its HTTP status: the caller sees a readable message in its language and
 * the fields at fault, never a stack trace, class name or SQL. Unexpected exceptions are logged here and only here.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final Messages messages;

    ApiExceptionHandler(Messages messages) {
        this.messages = messages;
    }

    @ExceptionHandler(MsapException.class)
    ResponseEntity<ApiResponse<Object>> msap(MsapException e) {
        List<ApiResponse.FieldError> errors = e.fieldProblems().stream()
                .map(p -> new ApiResponse.FieldError(p.field(), messages.get(p.messageKey(), p.args())))
                .toList();
        String msg = messages.get(e.messageKey(), e.args());
        if (e.failure() == Failure.BAD_REQUEST
                && errors.size() == 1
                && e.fieldProblems().get(0).messageKey().equals(e.messageKey())) {
            msg = errors.get(0).field() + ": " + msg;
        }
        return respond(e.failure(), msg, errors);
    }

    @ExceptionHandler(BindException.class)
    ResponseEntity<ApiResponse<Object>> invalidBody(BindException e) {
        List<ApiResponse.FieldError> errors = new ArrayList<>();
        e.getFieldErrors().forEach(f -> errors.add(new ApiResponse.FieldError(f.getField(), messageOf(f))));
        e.getGlobalErrors().forEach(g -> errors.add(new ApiResponse.FieldError(g.getObjectName(), messageOf(g))));
        return fieldFailure(errors);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ApiResponse<Object>> invalidParameters(HandlerMethodValidationException e) {
        List<ApiResponse.FieldError> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            result.getResolvableErrors().forEach(err -> errors.add(new ApiResponse.FieldError(name, messageOf(err))));
        });
        return fieldFailure(errors);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ApiResponse<Object>> invalidArguments(ConstraintViolationException e) {
        List<ApiResponse.FieldError> errors = e.getConstraintViolations().stream()
                .map(v ->
                        new ApiResponse.FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return fieldFailure(errors);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ApiResponse<Object>> missingParameter(MissingServletRequestParameterException e) {
        return fieldFailure(
                List.of(new ApiResponse.FieldError(e.getParameterName(), messages.get("error.field.required"))));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiResponse<Object>> wrongParameterType(MethodArgumentTypeMismatchException e) {
        return fieldFailure(List.of(new ApiResponse.FieldError(e.getName(), invalidValueMessage(e.getRequiredType()))));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiResponse<Object>> unreadableBody(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            String message;
            if (cause instanceof InputCoercionException) {
                message = messages.get("error.field.outOfRange");
            } else if (cause instanceof MismatchedInputException mismatch) {
                message = invalidValueMessage(mismatch.getTargetType());
            } else if (cause instanceof StreamReadException) {
                return respond(Failure.BAD_REQUEST, messages.get("error.body.malformed"), List.of());
            } else {
                message = messages.get("error.field.invalid");
            }
            return fieldFailure(List.of(new ApiResponse.FieldError(fieldPath(jackson), message)));
        }
        if (cause instanceof StreamReadException) {
            return respond(Failure.BAD_REQUEST, messages.get("error.body.malformed"), List.of());
        }
        String text = String.valueOf(e.getMessage());
        if (text.startsWith("Required request body is missing")) {
            return respond(Failure.BAD_REQUEST, messages.get("error.body.required"), List.of());
        }
        return respond(Failure.BAD_REQUEST, messages.get("error.body.malformed"), List.of());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiResponse<Object>> wrongMethod(HttpRequestMethodNotSupportedException e) {
        String allowed = e.getSupportedMethods() == null ? "" : String.join(", ", e.getSupportedMethods());
        return respond(Failure.METHOD_NOT_ALLOWED, messages.get("error.method", e.getMethod(), allowed), List.of());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiResponse<Object>> wrongContentType(HttpMediaTypeNotSupportedException e) {
        return respond(
                Failure.UNSUPPORTED_MEDIA_TYPE, messages.get("error.contentType", "application/json"), List.of());
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ApiResponse<Object>> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return respond(Failure.BAD_REQUEST, messages.get("error.accept"), List.of());
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<ApiResponse<Object>> noSuchPath(Exception e) {
        return respond(Failure.NOT_FOUND, messages.get("error.path.notFound"), List.of());
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ApiResponse<Object>> uploadTooLarge(MaxUploadSizeExceededException e) {
        String msg = e.getMaxUploadSize() > 0
                ? messages.get("error.body.tooLarge", RequestBodyFilter.readable(e.getMaxUploadSize()))
                : messages.get("error.body.tooLarge.generic");
        return respond(Failure.PAYLOAD_TOO_LARGE, msg, List.of());
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ApiResponse<Object>> unreadableMultipart(MultipartException e) {
        return respond(Failure.BAD_REQUEST, messages.get("error.body.multipart"), List.of());
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ApiResponse<Object>> integrity(DataIntegrityViolationException e) {
        log.info(
                "refused a write that breaks a database constraint: {}",
                e.getMostSpecificCause().getMessage());
        return respond(Failure.CONFLICT, messages.get("error.conflict"), List.of());
    }

    @ExceptionHandler({OptimisticLockingFailureException.class, PessimisticLockingFailureException.class})
    ResponseEntity<ApiResponse<Object>> concurrentChange(Exception e) {
        return respond(Failure.CONFLICT, messages.get("error.concurrentChange"), List.of());
    }

    @ExceptionHandler({CannotCreateTransactionException.class, TransientDataAccessException.class})
    ResponseEntity<ApiResponse<Object>> databaseDown(Exception e) {
        log.warn("database unavailable: {}", e.getMessage());
        return respond(Failure.UNAVAILABLE, messages.get("error.unavailable.database"), List.of());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiResponse<Object>> bug(Exception e) {
        log.error("unexpected failure", e);
        return respond(Failure.INTERNAL, messages.get("error.internal"), List.of());
    }

    private ResponseEntity<ApiResponse<Object>> fieldFailure(List<ApiResponse.FieldError> unordered) {
        List<ApiResponse.FieldError> errors = unordered.stream()
                .sorted(java.util.Comparator.comparing(ApiResponse.FieldError::field))
                .toList();
        String msg = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(Failure.BAD_REQUEST, msg, errors);
    }

    private static ResponseEntity<ApiResponse<Object>> respond(
            Failure failure, String msg, List<ApiResponse.FieldError> errors) {
        AuditTrail.reason(msg);
        return ResponseEntity.status(failure.status()).body(ApiResponse.failure(failure.envelopeCode(), msg, errors));
    }

    private String invalidValueMessage(Class<?> target) {
        if (target != null && target.isEnum()) {
            String allowed = Arrays.stream(target.getEnumConstants())
                    .map(c -> ((Enum<?>) c).name())
                    .collect(Collectors.joining(", "));
            return messages.get("error.field.enum", allowed);
        }
        if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
            return messages.get("error.field.integer");
        }
        if (target == Boolean.class || target == boolean.class) {
            return messages.get("error.field.boolean");
        }
        if (target != null && (java.util.Collection.class.isAssignableFrom(target) || target.isArray())) {
            return messages.get("error.field.array");
        }
        return messages.get("error.field.invalid");
    }

    private static String fieldPath(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The message of a validation error, already resolved from the constraint's {@code {key}} in the caller's language. */
    private String messageOf(MessageSourceResolvable error) {
        String message = error.getDefaultMessage();
        return message == null ? messages.get("error.field.invalid") : message;
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
