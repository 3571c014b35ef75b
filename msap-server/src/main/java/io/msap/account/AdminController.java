package io.msap.account;

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

/** Platform operation (tenant 1's main account only): tenants. */
@RestController
@RequestMapping("/v1/admin")
@Tag(name = "Platform administration", description = "For the platform operator, tenant 1's main account")
class AdminController {

    private final AccountService accounts;

    AdminController(AccountService accounts) {
        this.accounts = accounts;
    }

    @PostMapping("/createTenant")
    @Operation(summary = "Create a tenant with its main account; returns the tenantId")
    ApiResponse<Long> createTenant(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody AccountRequests.CreateTenantRequest request) {
        return ApiResponse.ok(accounts.createTenant(caller, request));
    }
}
