package io.msap.environment;

import io.msap.account.AccountService;
import io.msap.shared.ApiResponse;
import io.msap.shared.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Platform resources (beyond the manual, platform operator only): pools, clusters, register centres. */
@RestController
@RequestMapping("/v1/admin")
@Tag(name = "Platform resources", description = "Resource pools, clusters and register centres (platform operator)")
class ResourceAdminController {

    private final ResourceService resources;
    private final AccountService accounts;

    ResourceAdminController(ResourceService resources, AccountService accounts) {
        this.resources = resources;
        this.accounts = accounts;
    }

    @PostMapping("/createResourcePool")
    @Operation(summary = "Create a resource pool in an area (the area is created when new); returns the resPoolId")
    ApiResponse<String> createResourcePool(
            @Parameter(hidden = true) Caller caller,
            @Valid @RequestBody EnvironmentRequests.CreateResourcePoolRequest request) {
        return ApiResponse.ok(resources.createResourcePool(caller, request));
    }

    @PostMapping("/deleteResourcePool")
    @Operation(summary = "Delete a resource pool that holds no clusters, register centres or environments")
    ApiResponse<Boolean> deleteResourcePool(
            @Parameter(hidden = true) Caller caller,
            @Valid @RequestBody EnvironmentRequests.ResPoolCodeRequest request) {
        resources.deleteResourcePool(caller, request.resPoolCode());
        return ApiResponse.ok(true);
    }

    @PostMapping("/grantResourcePool")
    @Operation(summary = "Let a tenant use a resource pool")
    ApiResponse<Boolean> grantResourcePool(
            @Parameter(hidden = true) Caller caller,
            @Valid @RequestBody EnvironmentRequests.GrantResourcePoolRequest request) {
        resources.grantResourcePool(
                caller, request.resPoolCode(), request.tenantId(), accounts.tenantExists(request.tenantId()));
        return ApiResponse.ok(true);
    }

    @PostMapping("/registerK8sCluster")
    @Operation(summary = "Register a cluster by kubeconfig (inline credentials only; checked live); returns the instId")
    ApiResponse<String> registerK8sCluster(
            @Parameter(hidden = true) Caller caller,
            @Valid @RequestBody EnvironmentRequests.RegisterClusterRequest request) {
        return ApiResponse.ok(resources.registerCluster(caller, request));
    }

    @PostMapping("/unregisterK8sCluster")
    @Operation(summary = "Unregister a cluster that no environment imports")
    ApiResponse<Boolean> unregisterK8sCluster(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody EnvironmentRequests.InstIdRequest request) {
        resources.unregisterCluster(caller, request.instId());
        return ApiResponse.ok(true);
    }

    @PostMapping("/registerMse")
    @Operation(summary = "Register a register centre (NACOS, EUREKA, ZOOKEEPER) by address; returns the instId")
    ApiResponse<String> registerMse(
            @Parameter(hidden = true) Caller caller,
            @Valid @RequestBody EnvironmentRequests.RegisterMseRequest request) {
        return ApiResponse.ok(resources.registerMse(caller, request));
    }

    @PostMapping("/unregisterMse")
    @Operation(summary = "Unregister a register centre")
    ApiResponse<Boolean> unregisterMse(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody EnvironmentRequests.InstIdRequest request) {
        resources.unregisterMse(caller, request.instId());
        return ApiResponse.ok(true);
    }
}
