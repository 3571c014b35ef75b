package io.msap.connection;

import io.msap.scm.GitCredentials;

/**
 * The decrypted credentials of a service connection, for the modules that use them (clones, image pushes). For TOKEN
 * the secret is the token and userName the optional user name to send with it; for USERNAME_PASSWORD the password.
 * Never printed: {@link #toString()} masks the secret.
 */
public record ConnectionCredentials(AuthType authType, String userName, String secret) {

    /** As HTTP basic authentication for a git server (see {@link GitCredentials#token}). */
    public GitCredentials git() {
        return authType == AuthType.TOKEN
                ? GitCredentials.token(userName, secret)
                : new GitCredentials(userName, secret);
    }

    @Override
    public String toString() {
        return "ConnectionCredentials[authType=" + authType + ", userName=" + userName + ", secret=****]";
    }
}
