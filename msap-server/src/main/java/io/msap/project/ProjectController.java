package io.msap.project;

import io.msap.shared.ApiResponse;
import io.msap.shared.Caller;
import io.msap.shared.PageInfo;
import io.msap.shared.PageQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Manual 5.8 项目管理: create, delete, list and update projects. */
@RestController
@RequestMapping("/v1/project")
@Tag(name = "5.8 Projects", description = "项目管理")
class ProjectController {

    private final ProjectService projects;

    ProjectController(ProjectService projects) {
        this.projects = projects;
    }

    @PostMapping("/createProject")
    @Operation(summary = "5.8.1 创建项目 (main account only); returns the projectId")
    ApiResponse<String> createProject(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody ProjectRequests.CreateProjectRequest request) {
        return ApiResponse.ok(projects.create(caller, request));
    }

    @PostMapping("/deleteProject")
    @Operation(
            summary = "5.8.2 删除项目 (main account only; refused while the project holds apps, environments or pipelines)")
    ApiResponse<String> deleteProject(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody ProjectRequests.ProjectIdRequest request) {
        projects.delete(caller, request.projectId());
        return ApiResponse.done();
    }

    @GetMapping("/listProjectsPage")
    @Operation(summary = "5.8.3 分页查询项目列表 (a sub-account sees the projects it is a member of)")
    ApiResponse<PageInfo<ProjectService.ProjectView>> listProjectsPage(
            @Parameter(hidden = true) Caller caller,
            @Parameter(description = "项目名称, fuzzy, ignoring case")
                    @RequestParam(required = false)
                    @Size(max = 30, message = "{error.field.maxLength}")
                    String projectName,
            @ParameterObject PageQuery page) {
        return ApiResponse.ok(projects.list(caller, projectName, page));
    }

    @PostMapping("/updateProject")
    @Operation(summary = "5.8.4 更新项目 (project admins and the main account)")
    ApiResponse<String> updateProject(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody ProjectRequests.UpdateProjectRequest request) {
        projects.update(caller, request);
        return ApiResponse.done();
    }
}
