package io.msap.pipeline;

import io.msap.shared.ApiResponse;
import io.msap.shared.Caller;
import io.msap.shared.PageInfo;
import io.msap.shared.PageQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Manual 5.12 流水线成员权限管理: all eight endpoints. */
@RestController
@RequestMapping("/v1/pipeline/permission")
@Tag(name = "5.12 Pipeline member permissions", description = "流水线成员权限管理")
class PipelinePermissionController {

    private final PipelinePermissionService permissions;

    PipelinePermissionController(PipelinePermissionService permissions) {
        this.permissions = permissions;
    }

    @PostMapping("/changePermMode")
    @Operation(summary = "5.12.1 切换流水线权限模式: DEFAULT or USER_DEFINED (needs MANAGE)")
    ApiResponse<Boolean> changePermMode(
            @Parameter(hidden = true) Caller caller,
            @Valid @RequestBody PipelineRequests.ChangePermModeRequest request) {
        permissions.changeMode(caller, request.pipelineOrderId(), request.permMode());
        return ApiResponse.ok(true);
    }

    @PostMapping("/deletePipelinePermission")
    @Operation(summary = "5.12.2 删除流水线成员权限 (USER_DEFINED mode only)")
    ApiResponse<Boolean> deletePipelinePermission(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody PipelineRequests.PermissionIdRequest request) {
        permissions.delete(caller, request.permissionId());
        return ApiResponse.ok(true);
    }

    @PostMapping("/insertPipelinePermission")
    @Operation(summary = "5.12.3 添加流水线成员权限: a project member by userName with VIEW, RUN or MANAGE")
    ApiResponse<Boolean> insertPipelinePermission(
            @Parameter(hidden = true) Caller caller,
            @Valid @RequestBody PipelineRequests.InsertPermissionRequest request) {
        permissions.insert(caller, request);
        return ApiResponse.ok(true);
    }

    @GetMapping("/listEnablePipelineMembersPage")
    @Operation(summary = "5.12.4 获取流水线查询可添加的成员分页列表: project members not listed yet")
    ApiResponse<PageInfo<PipelinePermissionService.MemberRow>> listEnablePipelineMembersPage(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false) @Size(max = 64, message = "{error.field.maxLength}") String keyword,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String pipelineOrderId,
            @ParameterObject PageQuery page) {
        return ApiResponse.ok(permissions.candidates(caller, pipelineOrderId, keyword, page));
    }

    @GetMapping("/listPipelinePermissionTypes")
    @Operation(summary = "5.12.5 获取流水线成员权限类型列表: PIPELINE_PERM_TYPE with VIEW 查看, RUN 运行, MANAGE 管理")
    ApiResponse<PipelinePermissionService.PermTypeDictionary> listPipelinePermissionTypes(
            @Parameter(hidden = true) Caller caller) {
        return ApiResponse.ok(permissions.types());
    }

    @GetMapping("/listPipelinePermissionsPage")
    @Operation(summary = "5.12.6 获取流水线成员权限分页列表 (permissionId null: admins and the creator, not removable)")
    ApiResponse<PageInfo<PipelinePermissionService.PermissionRow>> listPipelinePermissionsPage(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false) @Size(max = 64, message = "{error.field.maxLength}") String keyword,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String pipelineOrderId,
            @ParameterObject PageQuery page) {
        return ApiResponse.ok(permissions.list(caller, pipelineOrderId, keyword, page));
    }

    @GetMapping("/permMode")
    @Operation(summary = "5.12.7 获取流水线权限模式: DEFAULT or USER_DEFINED")
    ApiResponse<String> permMode(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String pipelineOrderId) {
        return ApiResponse.ok(permissions.mode(caller, pipelineOrderId).name());
    }

    @PostMapping("/updatePipelinePermission")
    @Operation(summary = "5.12.8 修改流水线成员权限: replaces the listed members (USER_DEFINED mode only)")
    ApiResponse<Boolean> updatePipelinePermission(
            @Parameter(hidden = true) Caller caller,
            @Valid @RequestBody PipelineRequests.UpdatePermissionRequest request) {
        permissions.replace(caller, request);
        return ApiResponse.ok(true);
    }
}
