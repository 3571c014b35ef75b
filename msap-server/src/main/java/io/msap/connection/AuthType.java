package io.msap.connection;

/** How a service connection authenticates: an access token, or a user name and password. */
public enum AuthType {
    TOKEN,
    USERNAME_PASSWORD
}
