package io.msap.environment;

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

/** Manual 5.4 环境管理: environments, their imported cluster namespaces, pools, clusters, namespaces. */
@RestController
@RequestMapping("/v1/env")
@Tag(name = "5.4 Environments", description = "环境管理")
class EnvironmentController {

    private final EnvironmentService environments;
    private final ResourceService resources;

    EnvironmentController(EnvironmentService environments, ResourceService resources) {
        this.environments = environments;
        this.resources = resources;
    }

    @PostMapping("/createEnv")
    @Operation(summary = "5.4.1 创建环境 (project admins and operators); returns the envId")
    ApiResponse<String> createEnv(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody EnvironmentRequests.CreateEnvRequest request) {
        return ApiResponse.ok(environments.create(caller, request));
    }

    @PostMapping("/createK8sNameSpace")
    @Operation(summary = "5.4.2 创建 K8s 命名空间 on the live cluster")
    ApiResponse<String> createK8sNameSpace(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody EnvironmentRequests.NamespaceRequest request) {
        resources.createNamespace(caller, request.instId(), request.namespaceName());
        return ApiResponse.done();
    }

    @PostMapping("/deleteEnv")
    @Operation(summary = "5.4.3 删除环境 (refused while ConfigMaps or deployments remain)")
    ApiResponse<String> deleteEnv(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody EnvironmentRequests.EnvIdRequest request) {
        environments.delete(caller, request.envId());
        return ApiResponse.done();
    }

    @PostMapping("/deleteK8sNamespaces")
    @Operation(summary = "5.4.4 删除 K8s 命名空间 (only namespaces the tenant created through MSAP, not imported)")
    ApiResponse<String> deleteK8sNamespaces(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody EnvironmentRequests.NamespaceRequest request) {
        resources.deleteNamespace(caller, request.instId(), request.namespaceName());
        return ApiResponse.done();
    }

    @PostMapping("/deleteResource")
    @Operation(summary = "5.4.5 删除导入环境的资源 (the namespace stays on the cluster)")
    ApiResponse<String> deleteResource(
            @Parameter(hidden = true) Caller caller,
            @Valid @RequestBody EnvironmentRequests.DeleteResourceRequest request) {
        environments.deleteResource(caller, request);
        return ApiResponse.done();
    }

    @GetMapping("/getK8sCluster")
    @Operation(summary = "5.4.6 获取容器服务 K8s 集群列表 of a resource pool, with namespaces and state read live")
    ApiResponse<List<ResourceService.ResourceInstanceView>> getK8sCluster(
            @Parameter(hidden = true) Caller caller,
            @Parameter(description = "the pool's code (resPoolCode), as the manual says")
                    @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 32, message = "{error.field.maxLength}")
                    String resPoolId) {
        return ApiResponse.ok(resources.clustersOf(caller, resPoolId));
    }

    @PostMapping("/importResource")
    @Operation(summary = "5.4.7 资源导入环境: one cluster namespace per environment")
    ApiResponse<String> importResource(
            @Parameter(hidden = true) Caller caller,
            @Valid @RequestBody EnvironmentRequests.ImportResourceRequest request) {
        environments.importResource(caller, request);
        return ApiResponse.done();
    }

    @GetMapping("/listEnvTypes")
    @Operation(summary = "5.4.8 环境类型列表")
    ApiResponse<List<EnvironmentService.EnvTypeView>> listEnvTypes(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String projectId) {
        return ApiResponse.ok(environments.types(caller, projectId));
    }

    @GetMapping("/listEnvs")
    @Operation(summary = "5.4.9 环境列表 of a project")
    ApiResponse<List<EnvironmentService.EnvRow>> listEnvs(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String projectId) {
        return ApiResponse.ok(environments.list(caller, projectId));
    }

    @GetMapping({"/listEvnK8s", "/listEnvK8s"})
    @Operation(summary = "5.4.10 查询环境下资源信息 (the manual's path listEvnK8s; listEnvK8s also answers)")
    ApiResponse<List<EnvironmentService.EnvResourceRow>> listEnvK8s(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String envId) {
        return ApiResponse.ok(environments.resources(caller, envId));
    }

    @GetMapping("/listK8sNameSpace")
    @Operation(summary = "5.4.11 获取 K8s 命名空间列表, read live from the cluster")
    ApiResponse<List<String>> listK8sNameSpace(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 32, message = "{error.field.maxLength}")
                    String instId) {
        return ApiResponse.ok(resources.namespaces(caller, instId));
    }

    @GetMapping("/listRegions")
    @Operation(summary = "5.4.12 资源池列表: areas with the pools the tenant may use")
    ApiResponse<List<ResourceService.RegionView>> listRegions(@Parameter(hidden = true) Caller caller) {
        return ApiResponse.ok(resources.listRegions(caller));
    }

    @PostMapping("/updateEnv")
    @Operation(summary = "5.4.13 更新环境")
    ApiResponse<String> updateEnv(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody EnvironmentRequests.UpdateEnvRequest request) {
        environments.update(caller, request);
        return ApiResponse.done();
    }

    @GetMapping("/getMseList")
    @Operation(summary = "5.4.14 获取注册中心列表 of a resource pool")
    ApiResponse<List<ResourceService.ResourceInstanceView>> getMseList(
            @Parameter(hidden = true) Caller caller,
            @Parameter(description = "the pool's code (resPoolCode)")
                    @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 32, message = "{error.field.maxLength}")
                    String resPoolId) {
        return ApiResponse.ok(resources.registerCentresOf(caller, resPoolId));
    }
}
