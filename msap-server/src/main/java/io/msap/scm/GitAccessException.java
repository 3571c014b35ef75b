package io.msap.scm;

/**
 * A git operation that failed for a reason the user can act on: the {@link GitFailure} says which, and the message key
 * (in {@code i18n/scm.properties}) with its arguments says it in words. The arguments name the address and the server's
 * own words, never a credential.
 */
public class GitAccessException extends RuntimeException {

    private final GitFailure reason;
    private final String messageKey;
    private final transient Object[] args;

    GitAccessException(GitFailure reason, String messageKey, Object... args) {
        super(reason + " " + messageKey, null, false, false);
        this.reason = reason;
        this.messageKey = messageKey;
        this.args = args.clone();
    }

    public GitFailure reason() {
        return reason;
    }

    public String messageKey() {
        return messageKey;
    }

    public Object[] args() {
        return args.clone();
    }
}
