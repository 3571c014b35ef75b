package io.msap.pipeline;

import io.msap.shared.ApiResponse;
import io.msap.shared.Caller;
import io.msap.shared.PageInfo;
import io.msap.shared.PageQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Manual 5.6 流水线管理 (all six endpoints), plus definitions (create, update, get) and stage logs. */
@RestController
@RequestMapping("/v1/pipelines")
@Tag(name = "5.6 Pipelines", description = "流水线管理")
class PipelineController {

    private final PipelineService pipelines;

    PipelineController(PipelineService pipelines) {
        this.pipelines = pipelines;
    }

    @PostMapping("/createPipeline")
    @Operation(
            summary = "新建流水线 (beyond the manual): stageList [{name, category, sort, config}]; returns the"
                    + " pipelineOrderId")
    ApiResponse<String> createPipeline(
            @Parameter(hidden = true) Caller caller,
            @Valid @RequestBody PipelineRequests.CreatePipelineRequest request) {
        return ApiResponse.ok(pipelines.create(caller, request));
    }

    @PostMapping("/updatePipeline")
    @Operation(summary = "修改流水线 (beyond the manual): name, description, stageList (replaces all stages)")
    ApiResponse<Boolean> updatePipeline(
            @Parameter(hidden = true) Caller caller,
            @Valid @RequestBody PipelineRequests.UpdatePipelineRequest request) {
        pipelines.update(caller, request);
        return ApiResponse.ok(true);
    }

    @GetMapping("/getPipeline")
    @Operation(summary = "获取流水线 (beyond the manual): a row of listPipelinesPage with the stages' configuration")
    ApiResponse<PipelineService.PipelineRow> getPipeline(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String pipelineOrderId) {
        return ApiResponse.ok(pipelines.get(caller, pipelineOrderId));
    }

    @PostMapping("/deletePipeline")
    @Operation(summary = "5.6.1 删除流水线 (refused while a run waits or runs)")
    ApiResponse<Boolean> deletePipeline(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody PipelineRequests.PipelineIdRequest request) {
        pipelines.delete(caller, request.pipelineOrderId());
        return ApiResponse.ok(true);
    }

    @GetMapping("/listPipelinesPage")
    @Operation(summary = "5.6.2 分页查询流水线列表, newest first; name matches the pipeline's or the app's name")
    ApiResponse<PageInfo<PipelineService.PipelineRow>> listPipelinesPage(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String projectId,
            @RequestParam(required = false) @Size(max = 64, message = "{error.field.maxLength}") String appGroupId,
            @RequestParam(required = false) @Size(max = 64, message = "{error.field.maxLength}") String name,
            @ParameterObject PageQuery page) {
        return ApiResponse.ok(pipelines.list(caller, projectId, appGroupId, name, page));
    }

    @PostMapping("/pausePipeline")
    @Operation(summary = "5.6.3 中止流水线: the run and its current stage become 14 已中止; the build is killed")
    ApiResponse<Boolean> pausePipeline(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody PipelineRequests.RecordIdRequest request) {
        pipelines.pause(caller, request.pipelineRecordId());
        return ApiResponse.ok(true);
    }

    @GetMapping("/pipelineRecorddetail")
    @Operation(summary = "5.6.4 流水线执行详情: run and stage statuses 11-15")
    ApiResponse<PipelineService.RecordView> pipelineRecorddetail(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String pipelineRecordId) {
        return ApiResponse.ok(pipelines.detail(caller, pipelineRecordId));
    }

    @PostMapping("/retryPipelineJobRun")
    @Operation(summary = "5.6.5 流水线失败重试: from the failed or stopped stage; same pipelineRecordId, next attempt")
    ApiResponse<String> retryPipelineJobRun(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody PipelineRequests.RecordIdRequest request) {
        return ApiResponse.ok(pipelines.retry(caller, request.pipelineRecordId()));
    }

    @PostMapping("/runPipeline")
    @Operation(summary = "5.6.6 执行流水线: returns the pipelineRecordId; runs of one pipeline run one at a time")
    ApiResponse<String> runPipeline(
            @Parameter(hidden = true) Caller caller, @Valid @RequestBody PipelineRequests.RunPipelineRequest request) {
        return ApiResponse.ok(pipelines.run(caller, request));
    }

    @GetMapping("/getStageLog")
    @Operation(
            summary = "获取流程日志 (beyond the manual): at most 64 KiB from offset (bytes) of a stage named by stageName"
                    + " or sort; {content, nextOffset, complete, truncated}")
    ApiResponse<StageLogs.LogView> getStageLog(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(required = false)
                    @NotBlank(message = "{error.field.required}")
                    @Size(max = 64, message = "{error.field.maxLength}")
                    String pipelineRecordId,
            @RequestParam(required = false) @Size(max = 64, message = "{error.field.maxLength}") String stageName,
            @RequestParam(required = false)
                    @Min(value = 1, message = "{error.field.min}")
                    @Max(value = 1000, message = "{error.field.max}")
                    Integer sort,
            @RequestParam(required = false) @Min(value = 0, message = "{error.field.min}") Long offset) {
        return ApiResponse.ok(pipelines.stageLog(caller, pipelineRecordId, stageName, sort, offset));
    }
}
