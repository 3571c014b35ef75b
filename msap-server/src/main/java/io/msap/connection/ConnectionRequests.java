package io.msap.connection;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The request bodies of the service connection endpoints. */
final class ConnectionRequests {

    private ConnectionRequests() {}

    static final int NAME_MAX = 64;
    static final int URL_MAX = 512;
    static final int USER_MAX = 128;
    static final int SECRET_MAX = 4096;

    record CreateConnectionRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String projectId,

            @NotBlank(message = "{error.field.required}") @Size(max = NAME_MAX, message = "{error.field.maxLength}")
            String connectionName,

            @NotNull(message = "{error.field.required}") ConnectionType connectionType,

            @NotBlank(message = "{error.field.required}") @Size(max = URL_MAX, message = "{error.field.maxLength}")
            String serverUrl,

            @NotNull(message = "{error.field.required}") AuthType authType,

            @Size(max = SECRET_MAX, message = "{error.field.maxLength}")
            String token,

            @Size(max = USER_MAX, message = "{error.field.maxLength}")
            String userName,

            @Size(max = SECRET_MAX, message = "{error.field.maxLength}")
            String password) {

        @Override
        public String toString() {
            return "CreateConnectionRequest[projectId=" + projectId + ", connectionName=" + connectionName + "]";
        }
    }

    /** Fields left out stay as they are; the secret is replaced only when a new one is given. */
    record UpdateConnectionRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String connectionId,

            @Size(max = NAME_MAX, message = "{error.field.maxLength}")
            String connectionName,

            @Size(max = URL_MAX, message = "{error.field.maxLength}")
            String serverUrl,

            AuthType authType,

            @Size(max = SECRET_MAX, message = "{error.field.maxLength}")
            String token,

            @Size(max = USER_MAX, message = "{error.field.maxLength}")
            String userName,

            @Size(max = SECRET_MAX, message = "{error.field.maxLength}")
            String password) {

        @Override
        public String toString() {
            return "UpdateConnectionRequest[connectionId=" + connectionId + "]";
        }
    }

    record ConnectionIdRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String connectionId) {}

    record VerifyConnectionRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String connectionId,

            @Size(max = URL_MAX, message = "{error.field.maxLength}")
            String repoUrl) {}
}
