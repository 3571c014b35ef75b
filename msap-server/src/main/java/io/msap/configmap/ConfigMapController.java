package io.msap.configmap;

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

/** Manual 5.10 K8s 配置项管理. */
@RestController
@RequestMapping("/v1/configmap")
@Tag(name = "5.10 ConfigMaps", description = "K8s 配置项管理")
class ConfigMapController {

    private final ConfigMapService configMaps;

    ConfigMapController(ConfigMapService configMaps) {
        this.configMaps = configMaps;
    }

    @PostMapping("/createK8sConfigMap")
    @Operation(summary = "5.10.1 创建 K8s 配置项 in the environment's imported cluster namespace; returns the configMapId")
    ApiResponse<String> createK8sConfigMap(
            @Parameter(hidden = true) Caller caller,
            @Valid @RequestBody ConfigMapRequests.CreateConfigMapRequest request) {
        return ApiResponse.ok(configMaps.create(caller, request));
    }

    @PostMapping("/deleteK8sConfigMap")
    @Operation(summary = "5.10.2 删除 K8s 配置项 from the cluster and the platform")
    ApiResponse<Boolean> deleteK8sConfigMap(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody ConfigMapRequests.ConfigMapIdRequest request) {
        configMaps.delete(caller, request.configMapId());
        return ApiResponse.ok(true);
    }

    @GetMapping("/listK8sConfigMaps")
    @Operation(summary = "5.10.3 获取 K8s 配置项列表 of the projects the caller can see")
    ApiResponse<PageInfo<ConfigMapService.ConfigMapView>> listK8sConfigMaps(
            @Parameter(hidden = true) Caller caller,
            @Parameter(description = "fuzzy")
                    @RequestParam(required = false)
                    @Size(max = 253, message = "{error.field.maxLength}")
                    String configMapName,
            @Parameter(description = "environment name, fuzzy")
                    @RequestParam(required = false)
                    @Size(max = 30, message = "{error.field.maxLength}")
                    String deployEnvName,
            @ParameterObject PageQuery page) {
        return ApiResponse.ok(configMaps.list(caller, configMapName, deployEnvName, page));
    }

    @PostMapping("/updateK8sConfigMap")
    @Operation(summary = "5.10.4 更新 K8s 配置项: replaces its items on the cluster and the platform")
    ApiResponse<Boolean> updateK8sConfigMap(
            @Parameter(hidden = true) Caller caller,
            @Valid @RequestBody ConfigMapRequests.UpdateConfigMapRequest request) {
        configMaps.update(caller, request);
        return ApiResponse.ok(true);
    }
}
