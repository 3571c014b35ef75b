package io.msap.permission;

import com.fasterxml.jackson.annotation.JsonAlias;
import io.msap.project.ProjectPermission.DataScope;
import io.msap.shared.ApiResponse;
import io.msap.shared.Caller;
import io.msap.shared.PageInfo;
import io.msap.shared.PageQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Manual 5.11 数据权限管理: members' operation rights on single applications and environments. */
@RestController
@RequestMapping("/v1/data/authorize")
@Tag(name = "5.11 Data permissions", description = "数据权限管理")
class DataPermissionController {

    private final DataPermissionService permissions;

    DataPermissionController(DataPermissionService permissions) {
        this.permissions = permissions;
    }

    record AppGrantRequest(
            @NotBlank(message = "{error.field.required}")
            @Size(max = 64, message = "{error.field.maxLength}")
            @JsonAlias("appld")
            String appId,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String projectId,

            @NotEmpty(message = "{error.field.required}") @Size(max = 100, message = "{error.field.maxItems}")
            List<@NotNull(message = "{error.field.required}") Long> userIds) {}

    record EnvGrantRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String envId,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String projectId,

            @NotEmpty(message = "{error.field.required}") @Size(max = 100, message = "{error.field.maxItems}")
            List<@NotNull(message = "{error.field.required}") Long> userIds) {}

    @PostMapping("/authorizeApplication")
    @Operation(summary = "5.11.1 授予指定应用成员操作权限 (project admins)")
    ApiResponse<Boolean> authorizeApplication(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody AppGrantRequest request) {
        permissions.grant(caller, DataScope.APP, request.projectId(), request.appId(), request.userIds());
        return ApiResponse.ok(true);
    }

    @PostMapping("/authorizeEnv")
    @Operation(summary = "5.11.2 授予指定环境成员操作权限 (project admins)")
    ApiResponse<Boolean> authorizeEnv(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody EnvGrantRequest request) {
        permissions.grant(caller, DataScope.ENV, request.projectId(), request.envId(), request.userIds());
        return ApiResponse.ok(true);
    }

    @GetMapping("/listAppAuthorities")
    @Operation(summary = "5.11.3 获取指定应用成员操作权限列表: admins and the creator (canRemove false), then grants")
    ApiResponse<PageInfo<DataPermissionService.AuthorityRow>> listAppAuthorities(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String projectId,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String appId,
            @RequestParam(required = false) @Size(max = 64, message = "{error.field.maxLength}") String keyword,
            @ParameterObject PageQuery page) {
        return ApiResponse.ok(permissions.holders(caller, DataScope.APP, projectId, appId, keyword, page));
    }

    @GetMapping("/listAppEnableAuthorities")
    @Operation(summary = "5.11.4 获取指定应用可添加成员权限列表: members who could be granted and are not")
    ApiResponse<PageInfo<DataPermissionService.AuthorityRow>> listAppEnableAuthorities(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String projectId,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String appId,
            @RequestParam(required = false) @Size(max = 64, message = "{error.field.maxLength}") String keyword,
            @ParameterObject PageQuery page) {
        return ApiResponse.ok(permissions.candidates(caller, DataScope.APP, projectId, appId, keyword, page));
    }

    @GetMapping("/listEnvAuthorities")
    @Operation(summary = "5.11.5 获取指定环境成员操作权限列表")
    ApiResponse<PageInfo<DataPermissionService.AuthorityRow>> listEnvAuthorities(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String projectId,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String envId,
            @RequestParam(required = false) @Size(max = 64, message = "{error.field.maxLength}") String keyword,
            @ParameterObject PageQuery page) {
        return ApiResponse.ok(permissions.holders(caller, DataScope.ENV, projectId, envId, keyword, page));
    }

    @GetMapping("/listEnvEnableAuthorities")
    @Operation(summary = "5.11.6 获取指定环境可添加成员权限列表")
    ApiResponse<PageInfo<DataPermissionService.AuthorityRow>> listEnvEnableAuthorities(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String projectId,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String envId,
            @RequestParam(required = false) @Size(max = 64, message = "{error.field.maxLength}") String keyword,
            @ParameterObject PageQuery page) {
        return ApiResponse.ok(permissions.candidates(caller, DataScope.ENV, projectId, envId, keyword, page));
    }

    @PostMapping("/removeAppAuthority")
    @Operation(summary = "5.11.7 移除指定应用成员操作权限 (admins and the creator always keep it)")
    ApiResponse<Boolean> removeAppAuthority(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody AppGrantRequest request) {
        permissions.revoke(caller, DataScope.APP, request.projectId(), request.appId(), request.userIds());
        return ApiResponse.ok(true);
    }

    @PostMapping("/removeEnvAuthority")
    @Operation(summary = "5.11.8 移除指定环境成员操作权限")
    ApiResponse<Boolean> removeEnvAuthority(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody EnvGrantRequest request) {
        permissions.revoke(caller, DataScope.ENV, request.projectId(), request.envId(), request.userIds());
        return ApiResponse.ok(true);
    }
}
