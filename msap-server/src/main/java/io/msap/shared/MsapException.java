package io.msap.shared;

import java.util.List;

/**
 * A failure the caller should see: its kind decides the HTTP status, its message key and arguments are resolved in the
 * caller's language when the response is written, and field errors name what was wrong.
 */
public class MsapException extends RuntimeException {

    private final Failure failure;
    private final String messageKey;
    private final transient Object[] args;
    private final List<FieldProblem> fieldProblems;

    /** A field error before localization: the field and the key of its message. */
    public record FieldProblem(String field, String messageKey, Object... args) {}

    public MsapException(Failure failure, String messageKey, Object... args) {
        this(failure, List.of(), messageKey, args);
    }

    public MsapException(Failure failure, List<FieldProblem> fieldProblems, String messageKey, Object... args) {
        super(messageKey, null, false, false);
        this.failure = failure;
        this.messageKey = messageKey;
        this.args = args;
        this.fieldProblems = List.copyOf(fieldProblems);
    }

    public static MsapException badRequest(String messageKey, Object... args) {
        return new MsapException(Failure.BAD_REQUEST, messageKey, args);
    }

    /** Bad input in one field; the message is "field: message". */
    public static MsapException badField(String field, String messageKey, Object... args) {
        return new MsapException(
                Failure.BAD_REQUEST, List.of(new FieldProblem(field, messageKey, args)), messageKey, args);
    }

    public static MsapException notFound(String messageKey, Object... args) {
        return new MsapException(Failure.NOT_FOUND, messageKey, args);
    }

    /** An id in the request names nothing the caller can see; the field is named. */
    public static MsapException unknownField(String field, String messageKey, Object... args) {
        return new MsapException(
                Failure.NOT_FOUND, List.of(new FieldProblem(field, messageKey, args)), messageKey, args);
    }

    public static MsapException conflict(String messageKey, Object... args) {
        return new MsapException(Failure.CONFLICT, messageKey, args);
    }

    public static MsapException forbidden(String messageKey, Object... args) {
        return new MsapException(Failure.FORBIDDEN, messageKey, args);
    }

    public static MsapException unauthenticated(String messageKey, Object... args) {
        return new MsapException(Failure.UNAUTHENTICATED, messageKey, args);
    }

    public Failure failure() {
        return failure;
    }

    public String messageKey() {
        return messageKey;
    }

    public Object[] args() {
        return args.clone();
    }

    public List<FieldProblem> fieldProblems() {
        return fieldProblems;
    }
}
