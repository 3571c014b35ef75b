package io.msap.connection;

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

/** Manual 5.9 服务连接管理, plus creating, changing, verifying and deleting connections (left to the console there). */
@RestController
@RequestMapping("/v1/service/connection")
@Tag(name = "5.9 Service connections", description = "服务连接管理")
class ConnectionController {

    private final ConnectionService connections;

    ConnectionController(ConnectionService connections) {
        this.connections = connections;
    }

    @GetMapping("/listServiceConnection")
    @Operation(summary = "5.9.1 获取指定类型服务连接列表, newest first; secrets are never returned")
    ApiResponse<List<ConnectionService.ConnectionView>> listServiceConnection(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String projectId,
            @Parameter(description = "GITEE, GITHUB, GITLAB, GIT or DOCKER_REGISTRY") @RequestParam(required = false)
                    ConnectionType connectionType,
            @Parameter(description = "fuzzy, ignoring case")
                    @RequestParam(required = false)
                    @Size(max = ConnectionRequests.NAME_MAX, message = "{error.field.maxLength}")
                    String connectionName) {
        return ApiResponse.ok(connections.list(caller, projectId, connectionType, connectionName));
    }

    @PostMapping("/createServiceConnection")
    @Operation(summary = "Create a service connection (project admins); returns the connectionId")
    ApiResponse<String> createServiceConnection(
            @Parameter(hidden = true) Caller caller,
            @Valid @RequestBody ConnectionRequests.CreateConnectionRequest request) {
        return ApiResponse.ok(connections.create(caller, request));
    }

    @PostMapping("/updateServiceConnection")
    @Operation(summary = "Change a service connection's name, server or credentials (project admins)")
    ApiResponse<Boolean> updateServiceConnection(
            @Parameter(hidden = true) Caller caller,
            @Valid @RequestBody ConnectionRequests.UpdateConnectionRequest request) {
        connections.update(caller, request);
        return ApiResponse.ok(true);
    }

    @PostMapping("/deleteServiceConnection")
    @Operation(summary = "Delete a service connection nothing uses (project admins)")
    ApiResponse<Boolean> deleteServiceConnection(
            @Parameter(hidden = true) Caller caller,
            @Valid @RequestBody ConnectionRequests.ConnectionIdRequest request) {
        connections.delete(caller, request.connectionId());
        return ApiResponse.ok(true);
    }

    @PostMapping("/verifyServiceConnection")
    @Operation(
            summary = "Check a code-host connection with a git ls-remote of repoUrl (on the connection's server); "
                    + "400 for refused credentials or no such repository, 503 when the server cannot be reached")
    ApiResponse<ConnectionService.VerifyView> verifyServiceConnection(
            @Parameter(hidden = true) Caller caller,
            @Valid @RequestBody ConnectionRequests.VerifyConnectionRequest request) {
        return ApiResponse.ok(connections.verify(caller, request));
    }
}
