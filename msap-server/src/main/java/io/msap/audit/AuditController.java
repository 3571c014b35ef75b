package io.msap.audit;

import io.msap.shared.ApiResponse;
import io.msap.shared.Caller;
import io.msap.shared.MsapException;
import io.msap.shared.PageInfo;
import io.msap.shared.PageQuery;
import io.msap.shared.Times;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Size;
import java.util.Locale;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log (beyond the manual): main account for its tenant, project admins for their project. */
@RestController
@RequestMapping("/v1/audit")
@Tag(name = "Audit", description = "Who did what, when (beyond the manual)")
class AuditController {

    private final AuditService audit;

    AuditController(AuditService audit) {
        this.audit = audit;
    }

    @GetMapping("/listAuditLogsPage")
    @Operation(summary = "Page through audit records, newest first")
    ApiResponse<PageInfo<AuditLog.AuditView>> listAuditLogsPage(
            @Parameter(hidden = true) Caller caller,
            @Parameter(description = "required for project admins")
                    @RequestParam(required = false)
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String projectId,
            @RequestParam(required = false) @Size(max = 64, message = "{error.field.maxLength}") String userName,
            @Parameter(description = "e.g. createProject")
                    @RequestParam(required = false)
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String operation,
            @Parameter(description = "e.g. PROJECT, MEMBER, USER, TOKEN")
                    @RequestParam(required = false)
                    @Size(max = 32, message = "{error.field.maxLength}")
                    String objectType,
            @RequestParam(required = false) @Size(max = 64, message = "{error.field.maxLength}") String objectId,
            @Parameter(description = "SUCCESS or FAILURE")
                    @RequestParam(required = false)
                    @Size(max = 16, message = "{error.field.maxLength}")
                    String result,
            @Parameter(description = "ISO-8601, yyyy-MM-dd HH:mm:ss (UTC+8) or epoch millis")
                    @RequestParam(required = false)
                    @Size(max = 40, message = "{error.field.maxLength}")
                    String startTime,
            @Parameter(description = "exclusive")
                    @RequestParam(required = false)
                    @Size(max = 40, message = "{error.field.maxLength}")
                    String endTime,
            @ParameterObject PageQuery page) {
        AuditService.AuditFilter filter = new AuditService.AuditFilter(
                AuditService.filterValue(projectId),
                AuditService.filterValue(userName),
                AuditService.filterValue(operation),
                AuditService.filterValue(objectType),
                AuditService.filterValue(objectId),
                result(result),
                Times.parse("startTime", startTime),
                Times.parse("endTime", endTime));
        return ApiResponse.ok(audit.page(caller, filter, page));
    }

    private static AuditEntry.Result result(String value) {
        String text = AuditService.filterValue(value);
        if (text == null) {
            return null;
        }
        try {
            return AuditEntry.Result.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw MsapException.badField("result", "error.field.enum", "SUCCESS, FAILURE");
        }
    }
}
