package io.msap.app;

import io.msap.shared.ApiResponse;
import io.msap.shared.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Manual 5.2 应用分组. */
@RestController
@RequestMapping("/v1/app/group")
@Tag(name = "5.2 App groups", description = "应用分组")
class AppGroupController {

    private final AppGroupService groups;

    AppGroupController(AppGroupService groups) {
        this.groups = groups;
    }

    @PostMapping("/deleteApplicationGroup")
    @Operation(summary = "5.2.1 删除应用分组: its applications become ungrouped")
    ApiResponse<Boolean> deleteApplicationGroup(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody AppRequests.GroupIdRequest request) {
        groups.delete(caller, request.appGroupId());
        return ApiResponse.ok(true);
    }

    @PostMapping("/insertApplicationGroup")
    @Operation(summary = "5.2.2 新建应用分组; returns the appGroupId")
    ApiResponse<String> insertApplicationGroup(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody AppRequests.CreateGroupRequest request) {
        return ApiResponse.ok(groups.create(caller, request));
    }

    @GetMapping("/listApplicationGroups")
    @Operation(summary = "5.2.3 获取应用分组列表 (appId is the group id, as the manual names it; appGroupId too)")
    ApiResponse<List<AppGroupService.GroupView>> listApplicationGroups(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String projectId) {
        return ApiResponse.ok(groups.list(caller, projectId));
    }

    @PostMapping("/updateApplicationGroup")
    @Operation(summary = "5.2.4 更新应用分组")
    ApiResponse<Boolean> updateApplicationGroup(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody AppRequests.UpdateGroupRequest request) {
        groups.rename(caller, request);
        return ApiResponse.ok(true);
    }
}
