package io.msap.app;

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

/** Manual 5.1 应用管理 (except 5.1.6, which comes with releases) and the build and runtime catalogues. */
@RestController
@RequestMapping("/v1/app")
@Tag(name = "5.1 Applications", description = "应用管理")
class AppController {

    private final AppService apps;
    private final Catalogs catalogs;

    AppController(AppService apps, Catalogs catalogs) {
        this.apps = apps;
        this.catalogs = catalogs;
    }

    /** A row of listBuildEnvs. */
    record BuildEnvView(
            int buildEnvId,
            String buildEnvCode,
            String buildEnvName,
            String buildEnvLabel,
            String buildEnvType,
            String buildCommand,
            String description,
            boolean available) {}

    @PostMapping("/createApplication")
    @Operation(summary = "5.1.1 新建通用类型应用 (project admins and developers); returns the appId")
    ApiResponse<String> createApplication(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody AppRequests.CreateApplicationRequest request) {
        return ApiResponse.ok(apps.create(caller, request));
    }

    @PostMapping("/deleteApplication")
    @Operation(summary = "5.1.2 删除应用 (refused while it is deployed in any environment)")
    ApiResponse<Boolean> deleteApplication(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody AppRequests.AppIdRequest request) {
        apps.delete(caller, request.appId());
        return ApiResponse.ok(true);
    }

    @GetMapping("/getApplicationListPage")
    @Operation(summary = "5.1.3 分页获取应用列表, filtered by group and name (fuzzy)")
    ApiResponse<PageInfo<AppService.AppRow>> getApplicationListPage(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String projectId,
            @RequestParam(required = false) @Size(max = 64, message = "{error.field.maxLength}") String appGroupId,
            @Parameter(description = "fuzzy, ignoring case")
                    @RequestParam(required = false)
                    @Size(max = 30, message = "{error.field.maxLength}")
                    String name,
            @ParameterObject PageQuery page) {
        return ApiResponse.ok(apps.list(caller, projectId, appGroupId, name, page));
    }

    @GetMapping("/getApplication")
    @Operation(summary = "One application with every list field (beyond the manual)")
    ApiResponse<AppService.AppRow> getApplication(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String appId) {
        return ApiResponse.ok(apps.get(caller, appId));
    }

    @PostMapping("/setApplicationGroup")
    @Operation(summary = "5.1.4 给应用设置分组")
    ApiResponse<Boolean> setApplicationGroup(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody AppRequests.SetGroupRequest request) {
        apps.setGroup(caller, request);
        return ApiResponse.ok(true);
    }

    @PostMapping("/updateApplication")
    @Operation(summary = "5.1.5 编辑通用类型应用信息: description and service connection")
    ApiResponse<Boolean> updateApplication(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody AppRequests.UpdateApplicationRequest request) {
        apps.update(caller, request);
        return ApiResponse.ok(true);
    }

    @GetMapping("/listBuildEnvs")
    @Operation(
            summary = "5.1.7 获取编译环境信息列表 of a label (e.g. JAVA); available says whether this server has the toolchain")
    ApiResponse<List<BuildEnvView>> listBuildEnvs(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 32, message = "{error.field.maxLength}")
                    String buildEnvLabel) {
        return ApiResponse.ok(catalogs.buildEnvs(buildEnvLabel).stream()
                .map(b -> new BuildEnvView(
                        b.buildEnvId(),
                        b.buildEnvCode(),
                        b.buildEnvName(),
                        b.buildEnvLabel(),
                        b.buildEnvType(),
                        b.buildCommand(),
                        b.description(),
                        catalogs.available(b)))
                .toList());
    }

    @GetMapping("/listRuntimeEnvs")
    @Operation(summary = "5.1.8 获取运行环境信息列表 of a label (e.g. JAVA), each version with its base image")
    ApiResponse<List<Catalogs.RuntimeEnv>> listRuntimeEnvs(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 32, message = "{error.field.maxLength}")
                    String runtimeEnvLabel) {
        return ApiResponse.ok(catalogs.runtimeEnvs(runtimeEnvLabel));
    }
}
