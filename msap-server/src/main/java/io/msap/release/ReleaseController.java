package io.msap.release;

import io.msap.shared.ApiResponse;
import io.msap.shared.Caller;
import io.msap.shared.PageQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Manual 5.3 应用发布实例运维: deploys, operations, Services and the reads of app deployments and change orders. */
@RestController
@RequestMapping("/v1/app/inst")
@Tag(name = "5.3 Releases and instances", description = "应用发布实例运维")
class ReleaseController {

    private final ReleaseService releases;
    private final ReleaseQueryService queries;

    ReleaseController(ReleaseService releases, ReleaseQueryService queries) {
        this.releases = releases;
        this.queries = queries;
    }

    record AppDeployIdRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String appDeployId) {}

    record ScaleRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String appDeployId,

            @NotNull(message = "{error.field.required}")
            @Min(value = 0, message = "{error.field.min}")
            @Max(value = 200, message = "{error.field.max}")
            Integer replicas) {}

    record StartRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String appDeployId,

            @Min(value = 1, message = "{error.field.min}") @Max(value = 200, message = "{error.field.max}")
            Integer replicas) {}

    record ServicePort(
            @Min(value = 30000, message = "{error.field.min}") @Max(value = 32767, message = "{error.field.max}")
            Integer nodePort,

            @NotNull(message = "{error.field.required}")
            @Min(value = 1, message = "{error.field.min}")
            @Max(value = 65535, message = "{error.field.max}")
            Integer port,

            @NotBlank(message = "{error.field.required}") @Size(max = 8, message = "{error.field.maxLength}")
            String protocol,

            @NotNull(message = "{error.field.required}")
            @Min(value = 1, message = "{error.field.min}")
            @Max(value = 65535, message = "{error.field.max}")
            Integer targetPort) {}

    enum ServiceType {
        ClusterIP,
        NodePort
    }

    enum TrafficPolicy {
        Local,
        Cluster
    }

    record ServiceRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String appDeployId,

            @NotBlank(message = "{error.field.required}") @Size(max = 63, message = "{error.field.maxLength}")
            String name,

            @NotEmpty(message = "{error.field.required}") @Size(max = 20, message = "{error.field.maxItems}")
            List<@Valid @NotNull(message = "{error.field.required}") ServicePort> servicesPorts,

            TrafficPolicy trafficPolicy,
            @NotNull(message = "{error.field.required}") ServiceType type) {

        ChangeParams.ServiceParams params() {
            return new ChangeParams.ServiceParams(
                    name.trim(),
                    type.name(),
                    servicesPorts.stream()
                            .map(p -> new ChangeParams.Port(
                                    p.port(),
                                    p.targetPort(),
                                    p.nodePort(),
                                    p.protocol().trim()))
                            .toList(),
                    (trafficPolicy == null ? TrafficPolicy.Local : trafficPolicy).name());
        }
    }

    record DeleteServiceRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String appDeployId,

            @NotBlank(message = "{error.field.required}") @Size(max = 63, message = "{error.field.maxLength}")
            String name) {}

    record ChangeOrderIdRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String changeOrderId) {}

    record ContinueRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String appDeployId,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String changeOrderId,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String pipelineId) {}

    record RollbackRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String appDeployId,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String changeOrderId) {}

    record RollbackApplicationRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String appDeployId,

            @NotBlank(message = "{error.field.required}") @Size(max = 512, message = "{error.field.maxLength}")
            String imageUrl,

            @NotBlank(message = "{error.field.required}") @Size(max = 512, message = "{error.field.maxLength}")
            String imageName,

            @NotBlank(message = "{error.field.required}") @Size(max = 128, message = "{error.field.maxLength}")
            String imageVer) {}

    @PostMapping("/continuePipeline")
    @Operation(
            summary = "5.3.17 执行下一批发布: releases the next batch of a change order waiting for it; pipelineId is its"
                    + " deploy phase (微服务 K8s 集群部署) in getChangeOrderInfo")
    ApiResponse<Boolean> continuePipeline(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody ContinueRequest request) {
        return ApiResponse.ok(releases.continuePipeline(
                caller, request.appDeployId(), request.changeOrderId(), request.pipelineId()));
    }

    @PostMapping("/rollback")
    @Operation(summary = "5.3.20 立即回滚: undoes a deploy (stopping it if it still runs); returns the new changeOrderId")
    ApiResponse<String> rollback(@Parameter(hidden = true) Caller caller, @Valid @RequestBody RollbackRequest request) {
        return ApiResponse.ok(releases.rollback(caller, request.appDeployId(), request.changeOrderId()));
    }

    @PostMapping("/rollbackApplication")
    @Operation(
            summary = "5.3.21 回滚应用: deploys an image of listHistoryDeployVersion again with its pod template then;"
                    + " returns the new changeOrderId")
    ApiResponse<String> rollbackApplication(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody RollbackApplicationRequest request) {
        return ApiResponse.ok(releases.rollbackApplication(
                caller, request.appDeployId(), request.imageUrl(), request.imageName(), request.imageVer()));
    }

    @PostMapping("/createK8sService")
    @Operation(summary = "5.3.1 新建 K8s 服务 Service; returns the changeOrderId")
    ApiResponse<String> createK8sService(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody ServiceRequest request) {
        return ApiResponse.ok(releases.createService(caller, request.appDeployId(), request.params()));
    }

    @PostMapping("/deleteK8sApplication")
    @Operation(summary = "5.3.2 删除 K8s 应用: removes its Deployment and Services; returns the changeOrderId")
    ApiResponse<String> deleteK8sApplication(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody AppDeployIdRequest request) {
        return ApiResponse.ok(releases.delete(caller, request.appDeployId()));
    }

    @PostMapping("/deleteK8sService")
    @Operation(summary = "5.3.3 删除 K8s 服务 Service; returns the changeOrderId")
    ApiResponse<String> deleteK8sService(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody DeleteServiceRequest request) {
        return ApiResponse.ok(releases.deleteService(
                caller, request.appDeployId(), request.name().trim()));
    }

    @GetMapping("/describeAppInstanceList")
    @Operation(summary = "5.3.4 获取 K8s 应用的 Pod 信息, live from the cluster")
    ApiResponse<List<ReleaseQueryService.InstanceView>> describeAppInstanceList(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String appDeployId) {
        return ApiResponse.ok(queries.instances(caller, appDeployId));
    }

    @GetMapping("/getAppDeployment")
    @Operation(summary = "5.3.5 获取 K8s 应用的 Deployment 信息, live from the cluster")
    ApiResponse<List<ReleaseQueryService.DeploymentView>> getAppDeployment(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String appDeployId) {
        return ApiResponse.ok(queries.deployment(caller, appDeployId));
    }

    @GetMapping("/getChangeOrderInfo")
    @Operation(summary = "5.3.6 查看变更流程详情: phases, stages, tasks, instance, pods and the manifests applied")
    ApiResponse<ReleaseQueryService.ChangeOrderInfo> getChangeOrderInfo(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String changeOrderId) {
        return ApiResponse.ok(queries.changeOrder(caller, changeOrderId));
    }

    @GetMapping("/getK8sApplication")
    @Operation(summary = "5.3.7 获取部署应用详情")
    ApiResponse<ReleaseQueryService.DeploymentDetail> getK8sApplication(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String appDeployId) {
        return ApiResponse.ok(queries.detail(caller, appDeployId));
    }

    @GetMapping("/getK8sApplicationStatus")
    @Operation(summary = "5.3.8 查询部署应用状态: running and total pods, live")
    ApiResponse<ReleaseQueryService.PodCount> getK8sApplicationStatus(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String appDeployId) {
        return ApiResponse.ok(queries.status(caller, appDeployId));
    }

    @GetMapping("/getK8sServices")
    @Operation(summary = "5.3.9 获取 K8s 服务 Service 列表, live")
    ApiResponse<List<ReleaseQueryService.ServiceView>> getK8sServices(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String appDeployId) {
        return ApiResponse.ok(queries.services(caller, appDeployId));
    }

    @GetMapping("/listApplication")
    @Operation(summary = "5.3.10 获取已部署应用列表 of a project")
    ApiResponse<List<ReleaseQueryService.DeploymentRow>> listApplication(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String projectId,
            @RequestParam(required = false) @Size(max = 64, message = "{error.field.maxLength}") String deployEnvId,
            @RequestParam(required = false) @Size(max = 30, message = "{error.field.maxLength}") String appName,
            @RequestParam(required = false) @Size(max = 32, message = "{error.field.maxLength}") String category) {
        return ApiResponse.ok(queries.list(caller, projectId, deployEnvId, appName, category));
    }

    @GetMapping("/listRecentChangeOrder")
    @Operation(summary = "5.3.11 列出应用历史变更单列表: the newest 50 unless pageNum/pageSize are given")
    ApiResponse<List<ReleaseQueryService.ChangeOrderRow>> listRecentChangeOrder(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String appDeployId,
            HttpServletRequest request,
            PageQuery page) {
        boolean paged = request.getParameter("pageNum") != null || request.getParameter("pageSize") != null;
        return ApiResponse.ok(queries.recentChangeOrders(caller, appDeployId, paged ? page : null));
    }

    @PostMapping("/restartK8sApplication")
    @Operation(summary = "5.3.12 重启 K8s 应用: a rolling restart; returns the changeOrderId")
    ApiResponse<String> restartK8sApplication(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody AppDeployIdRequest request) {
        return ApiResponse.ok(releases.restart(caller, request.appDeployId()));
    }

    @PostMapping("/scaleK8sApplication")
    @Operation(summary = "5.3.13 手动扩缩容 K8s 应用 (0 takes it offline); returns the changeOrderId")
    ApiResponse<String> scaleK8sApplication(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody ScaleRequest request) {
        return ApiResponse.ok(releases.scale(caller, request.appDeployId(), request.replicas()));
    }

    @PostMapping("/startK8sApplication")
    @Operation(summary = "5.3.14 启动 K8s 应用 (replicas defaults to the count before the stop); returns the changeOrderId")
    ApiResponse<String> startK8sApplication(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody StartRequest request) {
        return ApiResponse.ok(releases.start(caller, request.appDeployId(), request.replicas()));
    }

    @PostMapping("/stopK8sApplication")
    @Operation(summary = "5.3.15 停止 K8s 应用: scales to zero and remembers the count; returns the changeOrderId")
    ApiResponse<String> stopK8sApplication(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody AppDeployIdRequest request) {
        return ApiResponse.ok(releases.stop(caller, request.appDeployId()));
    }

    @PostMapping("/updateK8sService")
    @Operation(summary = "5.3.16 更新 K8s 服务 Service; returns the changeOrderId")
    ApiResponse<String> updateK8sService(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody ServiceRequest request) {
        return ApiResponse.ok(releases.updateService(caller, request.appDeployId(), request.params()));
    }

    @PostMapping("/deployK8sApplication")
    @Operation(summary = "5.3.18 部署 K8s 应用; returns {appId, changeOrderId} at once")
    ApiResponse<ReleaseService.DeployResult> deployK8sApplication(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody DeployRequests.DeployRequest request) {
        return ApiResponse.ok(releases.deploy(caller, request));
    }

    @GetMapping("/listHistoryDeployVersion")
    @Operation(summary = "5.3.19 获取历史版本信息: the images of successful deploys, newest first")
    ApiResponse<List<ReleaseQueryService.HistoryRow>> listHistoryDeployVersion(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String appDeployId) {
        return ApiResponse.ok(queries.history(caller, appDeployId));
    }

    @PostMapping("/abortChangeOrder")
    @Operation(summary = "Stop a change order that has not finished (beyond the manual); moved pods stay as they are")
    ApiResponse<Boolean> abortChangeOrder(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody ChangeOrderIdRequest request) {
        return ApiResponse.ok(releases.abort(caller, request.changeOrderId()));
    }
}
