package io.msap.shared;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The envelope of every JSON response: {@code {"code": 200, "data": ..., "msg": ""}}. {@code code} is 200 on success,
 * 401 when authentication or authorization fails and 500 for every other failure; {@code errors} lists field errors.
 */
@JsonPropertyOrder({"code", "data", "msg", "errors"})
public record ApiResponse<T>(
        int code,
        T data,
        String msg,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FieldError> errors) {

    public static final int OK = 200;
    public static final int AUTH_FAILED = 401;
    public static final int FAILED = 500;

    /** A field that failed validation, named as the caller sent it. */
    public record FieldError(String field, String message) {}

    public static <T> ApiResponse<T> ok(T data) {
        return new ApiResponse<>(OK, data, "", List.of());
    }

    /** Success of an endpoint whose data has no stated meaning: {@code data: ""}, never null. */
    public static ApiResponse<String> done() {
        return ok("");
    }

    public static ApiResponse<Object> failure(int code, String msg, List<FieldError> errors) {
        return new ApiResponse<>(code, "", msg, errors);
    }
}
