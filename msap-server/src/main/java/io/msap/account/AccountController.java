package io.msap.account;

import io.msap.shared.ApiResponse;
import io.msap.shared.Caller;
import io.msap.shared.PageInfo;
import io.msap.shared.PageQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Instant;
import java.util.List;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Login, the caller's own tokens, access keys and password, and the main account's sub-accounts (beyond the manual). */
@RestController
@RequestMapping("/v1/account")
@Tag(name = "Accounts", description = "Login, tokens, access keys and sub-accounts (beyond the manual)")
class AccountController {

    private final AccountService accounts;
    private final TokenService tokens;
    private final AccessKeyService accessKeys;

    AccountController(AccountService accounts, TokenService tokens, AccessKeyService accessKeys) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.accessKeys = accessKeys;
    }

    record LoginResponse(String token, Instant expireTime) {}

    record WhoAmI(long tenantId, long userId, String userName, String realName, boolean mainAccount) {}

    record SubAccountRow(long userId, String userName, String realName, String orgName, Instant createTime) {}

    @PostMapping("/login")
    @Operation(summary = "Log in with user name and password; returns a 12-hour token")
    ApiResponse<LoginResponse> login(@Valid @RequestBody AccountRequests.LoginRequest request) {
        TokenService.IssuedToken issued = tokens.login(request.userName(), request.password());
        return ApiResponse.ok(new LoginResponse(issued.token(), issued.expireTime()));
    }

    @PostMapping("/logout")
    @Operation(summary = "Revoke the token this request authenticated with")
    ApiResponse<Boolean> logout(@Parameter(hidden = true) Caller caller) {
        tokens.logout(caller);
        return ApiResponse.ok(true);
    }

    @GetMapping("/whoami")
    @Operation(summary = "The authenticated user")
    ApiResponse<WhoAmI> whoami(@Parameter(hidden = true) Caller caller) {
        UserView user = accounts.findUser(caller.tenantId(), caller.userId()).orElseThrow();
        return ApiResponse.ok(
                new WhoAmI(user.tenantId(), user.userId(), user.userName(), user.realName(), user.mainAccount()));
    }

    @PostMapping("/changePassword")
    @Operation(summary = "Change the caller's own password")
    ApiResponse<Boolean> changePassword(
            @Parameter(hidden = true) Caller caller,
            @Valid @RequestBody AccountRequests.ChangePasswordRequest request) {
        accounts.changePassword(caller, request.oldPassword(), request.newPassword());
        return ApiResponse.ok(true);
    }

    @PostMapping("/createSubAccount")
    @Operation(summary = "Create a sub-account of the caller's tenant (main account only); returns its userId")
    ApiResponse<Long> createSubAccount(
            @Parameter(hidden = true) Caller caller,
            @Valid @RequestBody AccountRequests.CreateSubAccountRequest request) {
        return ApiResponse.ok(accounts.createSubAccount(caller, request));
    }

    @PostMapping("/deleteSubAccount")
    @Operation(
            summary = "Delete a sub-account with its memberships, grants, tokens and access keys (main account only)")
    ApiResponse<Boolean> deleteSubAccount(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody AccountRequests.UserIdRequest request) {
        accounts.deleteSubAccount(caller, request.userId());
        return ApiResponse.ok(true);
    }

    @PostMapping("/resetSubAccountPassword")
    @Operation(summary = "Set a sub-account's password (main account only)")
    ApiResponse<Boolean> resetSubAccountPassword(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody AccountRequests.ResetPasswordRequest request) {
        accounts.resetSubAccountPassword(caller, request.userId(), request.newPassword());
        return ApiResponse.ok(true);
    }

    @GetMapping("/listSubAccountsPage")
    @Operation(summary = "Page through the tenant's sub-accounts (main account only)")
    ApiResponse<PageInfo<SubAccountRow>> listSubAccountsPage(
            @Parameter(hidden = true) Caller caller,
            @Parameter(description = "matches user name or real name, ignoring case") @RequestParam(required = false)
                    String keyword,
            @ParameterObject PageQuery page) {
        PageInfo<UserView> rows = accounts.listSubAccounts(caller, keyword, page);
        return ApiResponse.ok(map(rows, page));
    }

    @PostMapping("/createToken")
    @Operation(summary = "Create a personal access token (shown once)")
    ApiResponse<TokenService.IssuedToken> createToken(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody AccountRequests.CreateTokenRequest request) {
        return ApiResponse.ok(tokens.createToken(caller, request.name(), request.expireDays()));
    }

    @GetMapping("/listTokens")
    @Operation(summary = "The caller's live tokens, without their text")
    ApiResponse<List<TokenService.TokenView>> listTokens(@Parameter(hidden = true) Caller caller) {
        return ApiResponse.ok(tokens.listTokens(caller));
    }

    @PostMapping("/revokeToken")
    @Operation(summary = "Revoke one of the caller's tokens")
    ApiResponse<Boolean> revokeToken(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody AccountRequests.TokenIdRequest request) {
        tokens.revokeToken(caller, request.tokenId());
        return ApiResponse.ok(true);
    }

    @PostMapping("/createAccessKey")
    @Operation(summary = "Create an AK/SK pair for EOP-signed requests (the secret is shown once)")
    ApiResponse<AccessKeyService.CreatedAccessKey> createAccessKey(@Parameter(hidden = true) Caller caller) {
        return ApiResponse.ok(accessKeys.create(caller));
    }

    @GetMapping("/listAccessKeys")
    @Operation(summary = "The caller's access keys, without secrets")
    ApiResponse<List<AccessKeyService.AccessKeyView>> listAccessKeys(@Parameter(hidden = true) Caller caller) {
        return ApiResponse.ok(accessKeys.list(caller));
    }

    @PostMapping("/deleteAccessKey")
    @Operation(summary = "Delete one of the caller's access keys")
    ApiResponse<Boolean> deleteAccessKey(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody AccountRequests.AccessKeyRequest request) {
        accessKeys.delete(caller, request.accessKey());
        return ApiResponse.ok(true);
    }

    private static PageInfo<SubAccountRow> map(PageInfo<UserView> rows, PageQuery page) {
        return PageInfo.of(
                page,
                rows.list().stream()
                        .map(u ->
                                new SubAccountRow(u.userId(), u.userName(), u.realName(), u.orgName(), u.createTime()))
                        .toList(),
                rows.total());
    }
}
