package io.msap.deployconfig;

import io.msap.shared.ApiResponse;
import io.msap.shared.Caller;
import io.msap.shared.MsapException;
import io.msap.shared.Texts;
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

/** Manual 5.5 通用应用镜像部署配置管理: all six endpoints. */
@RestController
@RequestMapping("/v1/image/deploy/configs")
@Tag(name = "5.5 Image deployment configurations", description = "通用应用镜像部署配置管理")
class DeployConfigController {

    private final DeployConfigService configs;

    DeployConfigController(DeployConfigService configs) {
        this.configs = configs;
    }

    @PostMapping("/createDeployConfig")
    @Operation(summary = "5.5.1 新建通用应用镜像部署配置 (GENERAL_APP only; needs the app and environment grants); returns the id")
    ApiResponse<String> createDeployConfig(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody DeployConfigRequests.CreateRequest request) {
        return ApiResponse.ok(configs.create(caller, request));
    }

    @PostMapping("/deleteDeployConfig")
    @Operation(summary = "5.5.2 删除部署配置")
    ApiResponse<Boolean> deleteDeployConfig(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody DeployConfigRequests.IdRequest request) {
        configs.delete(caller, request.id());
        return ApiResponse.ok(true);
    }

    @GetMapping("/getDeployConfig")
    @Operation(summary = "5.5.3 获取通用应用的镜像部署配置详情 with every field")
    ApiResponse<DeployConfigService.ConfigView> getDeployConfig(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String deployConfigId) {
        return ApiResponse.ok(configs.get(caller, deployConfigId));
    }

    @GetMapping("/listDeployConfig")
    @Operation(summary = "5.5.4 不分页获取应用的部署配置列表,不含配置详情, newest first; appld (the manual's spelling) is accepted")
    ApiResponse<List<DeployConfigService.ConfigRow>> listDeployConfig(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false) @Size(max = 64, message = "{error.field.maxLength}") String appId,
            @Parameter(description = "appId as the manual prints it")
                    @RequestParam(name = "appld", required = false)
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String appld,
            @RequestParam(required = false) @Size(max = 64, message = "{error.field.maxLength}") String deployEnvId) {
        String app = Texts.trimToNull(appId) != null ? appId : appld;
        if (Texts.trimToNull(app) == null) {
            throw MsapException.badField("appId", "error.field.required");
        }
        return ApiResponse.ok(configs.list(caller, app, deployEnvId));
    }

    @PostMapping("/updateEnvVariable")
    @Operation(summary = "5.5.5 更新部署配置中的环境变量 (replaces them all; type CUSTOM)")
    ApiResponse<Boolean> updateEnvVariable(
            @Parameter(hidden = true) Caller caller,
            @Valid @RequestBody DeployConfigRequests.UpdateEnvVariableRequest request) {
        configs.updateEnvVariables(caller, request);
        return ApiResponse.ok(true);
    }

    @PostMapping("/updatePodResourceSpec")
    @Operation(summary = "5.5.6 更新部署配置中的 Pod 规格: cpuLimit, cpuRequest (cores), memoryLimit, memoryRequest (MiB)")
    ApiResponse<Boolean> updatePodResourceSpec(
            @Parameter(hidden = true) Caller caller,
            @Valid @RequestBody DeployConfigRequests.UpdatePodResourceSpecRequest request) {
        configs.updatePodResourceSpec(caller, request);
        return ApiResponse.ok(true);
    }
}
