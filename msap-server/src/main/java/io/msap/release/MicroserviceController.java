package io.msap.release;

import io.msap.shared.ApiResponse;
import io.msap.shared.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Manual 5.1.6: create a microservice application and deploy it in one call. */
@RestController
@Tag(name = "5.1 Applications", description = "应用管理")
class MicroserviceController {

    private final ReleaseService releases;

    MicroserviceController(ReleaseService releases) {
        this.releases = releases;
    }

    @PostMapping("/v1/app/createMicroserviceApplication")
    @Operation(summary = "5.1.6 新建微服务应用 and its first deploy; returns {appId, changeOrderId}")
    ApiResponse<ReleaseService.DeployResult> createMicroserviceApplication(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody DeployRequests.MicroserviceRequest request) {
        return ApiResponse.ok(releases.createMicroservice(caller, request));
    }
}
