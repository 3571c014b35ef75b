package io.msap.account;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The request bodies of the account endpoints. */
final class AccountRequests {

    private AccountRequests() {}

    static final String USER_NAME_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.@-]*$";

    record LoginRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String userName,

            @NotBlank(message = "{error.field.required}") @Size(max = 128, message = "{error.field.maxLength}")
            String password) {}

    record CreateSubAccountRequest(
            @NotBlank(message = "{error.field.required}")
            @Size(min = 3, max = 64, message = "{error.field.length}")
            @Pattern(regexp = USER_NAME_PATTERN, message = "{account.userName.pattern}")
            String userName,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String realName,

            @Size(max = 64, message = "{error.field.maxLength}")
            String orgName,

            @NotBlank(message = "{error.field.required}") @Size(min = 8, max = 128, message = "{error.field.length}")
            String password) {}

    record UserIdRequest(
            @NotNull(message = "{error.field.required}") Long userId) {}

    record ChangePasswordRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 128, message = "{error.field.maxLength}")
            String oldPassword,

            @NotBlank(message = "{error.field.required}") @Size(min = 8, max = 128, message = "{error.field.length}")
            String newPassword) {}

    record ResetPasswordRequest(
            @NotNull(message = "{error.field.required}") Long userId,

            @NotBlank(message = "{error.field.required}") @Size(min = 8, max = 128, message = "{error.field.length}")
            String newPassword) {}

    record CreateTokenRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String name,

            @Min(value = 1, message = "{error.field.min}") @Max(value = 365, message = "{error.field.max}")
            Integer expireDays) {}

    record TokenIdRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String tokenId) {}

    record AccessKeyRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String accessKey) {}

    record CreateTenantRequest(
            @NotBlank(message = "{error.field.required}") @Size(min = 2, max = 64, message = "{error.field.length}")
            String tenantName,

            @NotBlank(message = "{error.field.required}")
            @Size(min = 3, max = 64, message = "{error.field.length}")
            @Pattern(regexp = USER_NAME_PATTERN, message = "{account.userName.pattern}")
            String adminUserName,

            @NotBlank(message = "{error.field.required}") @Size(min = 8, max = 128, message = "{error.field.length}")
            String adminPassword) {}
}
