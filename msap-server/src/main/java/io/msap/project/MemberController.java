package io.msap.project;

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
import java.util.List;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Manual 5.13 成员管理: a project's members and their roles. */
@RestController
@RequestMapping("/v1/project/member")
@Tag(name = "5.13 Members", description = "成员管理")
class MemberController {

    private final MemberService members;

    MemberController(MemberService members) {
        this.members = members;
    }

    @PostMapping("/authorizeRole")
    @Operation(summary = "5.13.1 授权成员角色: add members or replace their roles (project admins)")
    ApiResponse<Boolean> authorizeRole(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody ProjectRequests.AuthorizeRoleRequest request) {
        members.authorizeRole(caller, request);
        return ApiResponse.ok(true);
    }

    @GetMapping("/listEnableSubAccountPage")
    @Operation(summary = "5.13.2 获取可添加的子账号用户分页列表 (project admins)")
    ApiResponse<PageInfo<MemberService.CandidateView>> listEnableSubAccountPage(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false) @NotBlank(message = "{error.field.required}") String projectId,
            @Parameter(description = "成员账号/名称搜索")
                    @RequestParam(required = false)
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String keyword,
            @ParameterObject PageQuery page) {
        return ApiResponse.ok(members.listCandidates(caller, projectId, keyword, page));
    }

    @GetMapping("/listRole")
    @Operation(summary = "5.13.3 获取角色列表")
    ApiResponse<List<MemberService.RoleView>> listRole(@Parameter(hidden = true) Caller caller) {
        return ApiResponse.ok(members.roles());
    }

    @GetMapping("/listSubAccountPage")
    @Operation(summary = "5.13.4 获取子账号用户分页列表: the project's members with their roles")
    ApiResponse<PageInfo<MemberService.MemberView>> listSubAccountPage(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false) @NotBlank(message = "{error.field.required}") String projectId,
            @Parameter(description = "成员账号/名称搜索")
                    @RequestParam(required = false)
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String keyword,
            @ParameterObject PageQuery page) {
        return ApiResponse.ok(members.listMembers(caller, projectId, keyword, page));
    }

    @PostMapping("/removeSub")
    @Operation(summary = "5.13.5 移除子账号 from the project (project admins)")
    ApiResponse<Boolean> removeSub(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody ProjectRequests.RemoveSubRequest request) {
        members.removeSub(caller, request);
        return ApiResponse.ok(true);
    }
}
