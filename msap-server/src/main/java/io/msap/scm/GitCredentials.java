package io.msap.scm;

/**
 * What MSAP presents to a git server over HTTP: basic authentication with a user name and a secret (a password, or an
 * access token as the password). Never printed: {@link #toString()} masks the secret.
 */
public record GitCredentials(String userName, String secret) {

    /** The user name sent with an access token when the connection names none: every host accepts it. */
    public static final String TOKEN_USER = "oauth2";

    public GitCredentials {
        if (userName == null || userName.isBlank() || secret == null) {
            throw new IllegalArgumentException("git credentials need a user name and a secret");
        }
    }

    /**
     * Credentials for an access token: HTTP basic with the token as the password. GitHub accepts any user name with a
     * token ({@code x-access-token} is what it documents for app tokens), GitLab documents {@code oauth2}, Gitee and
     * plain git servers take the account name; {@code userName} when given, {@link #TOKEN_USER} otherwise.
     */
    public static GitCredentials token(String userName, String token) {
        return new GitCredentials(userName == null || userName.isBlank() ? TOKEN_USER : userName, token);
    }

    @Override
    public String toString() {
        return "GitCredentials[userName=" + userName + ", secret=****]";
    }
}
