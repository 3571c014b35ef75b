package io.msap.project;

import com.fasterxml.jackson.annotation.JsonAlias;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The request bodies of the project and member endpoints, with the manual's rules. */
final class ProjectRequests {

    private ProjectRequests() {}

    record CreateProjectRequest(
            @NotBlank(message = "{error.field.required}")
            @Size(min = 3, max = 30, message = "{error.field.length}")
            @Pattern(regexp = "^[a-z][a-z0-9-]*$", message = "{project.code.pattern}")
            String projectCode,

            @NotBlank(message = "{error.field.required}") @Size(min = 3, max = 30, message = "{error.field.length}")
            String projectName,

            @Size(max = 500, message = "{error.field.maxLength}")
            String description) {}

    record UpdateProjectRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String projectId,

            @Size(min = 3, max = 30, message = "{error.field.length}")
            String projectName,

            @Size(max = 500, message = "{error.field.maxLength}")
            String description) {}

    record ProjectIdRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String projectId) {}

    record UserInfo(
            @NotNull(message = "{error.field.required}") Long userId,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String userName,

            @Size(max = 5, message = "{error.field.maxItems}")
            List<@NotNull(message = "{error.field.required}") Integer> userRoles) {}

    record AuthorizeRoleRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String projectId,

            @Size(max = 5, message = "{error.field.maxItems}")
            List<@NotNull(message = "{error.field.required}") Integer> roles,

            Boolean uniformRole,

            @NotEmpty(message = "{error.field.required}")
            @Size(max = 100, message = "{error.field.maxItems}")
            @JsonAlias("userInfoVoList")
            List<@Valid @NotNull(message = "{error.field.required}") UserInfo> userInfoVOList) {}

    record MemberRef(
            @NotNull(message = "{error.field.required}") Long userId,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String userName) {}

    record RemoveSubRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String projectId,

            @NotEmpty(message = "{error.field.required}") @Size(max = 100, message = "{error.field.maxItems}")
            List<@Valid @NotNull(message = "{error.field.required}") MemberRef> userList) {}
}
