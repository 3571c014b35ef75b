package io.msap.app;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The request bodies of the application (5.1) and app group (5.2) endpoints, with the manual's rules. */
final class AppRequests {

    private AppRequests() {}

    /** The manual's rule: 3-30 characters, a lowercase letter first, then letters and digits. */
    static final String NAME_PATTERN = "^[a-z][a-zA-Z0-9]*$";

    record CreateApplicationRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String projectId,

            @NotBlank(message = "{error.field.required}")
            @Size(min = 3, max = 30, message = "{error.field.length}")
            @Pattern(regexp = NAME_PATTERN, message = "{app.name.pattern}")
            String name,

            @NotNull(message = "{error.field.required}") CodeOrigin origin,

            @NotBlank(message = "{error.field.required}") @Size(max = 100, message = "{error.field.maxLength}")
            String codeReposAddress,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String connectionId,

            @Size(max = 500, message = "{error.field.maxLength}")
            String description) {}

    record UpdateApplicationRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String appId,

            @Size(max = 64, message = "{error.field.maxLength}")
            String connectionId,

            @Size(max = 500, message = "{error.field.maxLength}")
            String description) {}

    record AppIdRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String appId) {}

    record SetGroupRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String appId,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String appGroupId) {}

    record CreateGroupRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String projectId,

            @NotBlank(message = "{error.field.required}") @Size(max = 10, message = "{error.field.maxLength}")
            String name) {}

    record UpdateGroupRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String appGroupId,

            @NotBlank(message = "{error.field.required}") @Size(max = 10, message = "{error.field.maxLength}")
            String name) {}

    record GroupIdRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String appGroupId) {}
}
