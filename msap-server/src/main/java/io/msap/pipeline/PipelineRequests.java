package io.msap.pipeline;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonFormat;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The request bodies of the pipeline (5.6, plus definitions) and pipeline permission (5.12) endpoints. */
final class PipelineRequests {

    private PipelineRequests() {}

    /** The names a variable may have: an environment variable of the build. */
    static final String VARIABLE_NAME = "^[A-Za-z_][A-Za-z0-9_]*$";

    /** The only variable type (a plain value). */
    enum VariableType {
        CUSTOM
    }

    /** A stage of a definition; config is the category's object (see the stage executors). */
    record StageRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String name,

            @NotNull(message = "{error.field.required}") StageCategory category,

            @NotNull(message = "{error.field.required}")
            @Min(value = 1, message = "{error.field.min}")
            @Max(value = 1000, message = "{error.field.max}")
            Integer sort,

            JsonNode config) {}

    record CreatePipelineRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String projectId,

            @NotBlank(message = "{error.field.required}")
            @Size(max = 64, message = "{error.field.maxLength}")
            @JsonAlias("appld")
            String appId,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String pipelineOrderName,

            @Size(max = 500, message = "{error.field.maxLength}")
            String description,

            @NotEmpty(message = "{error.field.required}")
            @Size(max = 20, message = "{error.field.maxItems}")
            @JsonAlias("stages")
            List<@NotNull(message = "{error.field.required}") @Valid StageRequest> stageList) {}

    /** Replaces the name, description and stages; a field left out keeps its value (stageList replaces all). */
    record UpdatePipelineRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String pipelineOrderId,

            @Size(min = 1, max = 64, message = "{error.field.length}")
            String pipelineOrderName,

            @Size(max = 500, message = "{error.field.maxLength}")
            String description,

            @Size(min = 1, max = 20, message = "{error.field.length}") @JsonAlias("stages")
            List<@NotNull(message = "{error.field.required}") @Valid StageRequest> stageList) {}

    record PipelineIdRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String pipelineOrderId) {}

    record RecordIdRequest(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String pipelineRecordId) {}

    /** A variable of a run or a CODE_BUILD stage: an environment variable of the build process. */
    record Variable(
            @NotBlank(message = "{error.field.required}")
            @Size(max = 128, message = "{error.field.maxLength}")
            @Pattern(regexp = VARIABLE_NAME, message = "{pipeline.variable.name}")
            String name,

            VariableType type,

            @Size(max = 4000, message = "{error.field.maxLength}")
            String value) {}

    /** 5.6.6; variableList also as a single object, as the manual's example sends it. */
    record RunPipelineRequest(
            @Size(max = 255, message = "{error.field.maxLength}")
            String branchName,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String pipelineOrderId,

            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            @Size(max = 100, message = "{error.field.maxItems}")
            List<@NotNull(message = "{error.field.required}") @Valid Variable> variableList) {}

    record ChangePermModeRequest(
            @NotNull(message = "{error.field.required}") PermMode permMode,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String pipelineOrderId) {}

    record PermissionIdRequest(
            @NotNull(message = "{error.field.required}") Long permissionId) {}

    record InsertPermissionRequest(
            @NotNull(message = "{error.field.required}") PermType permType,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String pipelineOrderId,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String userName) {}

    record Member(
            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String userName,

            @NotNull(message = "{error.field.required}") PermType permType) {}

    record UpdatePermissionRequest(
            @NotNull(message = "{error.field.required}") @Size(max = 200, message = "{error.field.maxItems}")
            List<@NotNull(message = "{error.field.required}") @Valid Member> members,

            @NotBlank(message = "{error.field.required}") @Size(max = 64, message = "{error.field.maxLength}")
            String pipelineOrderId) {}
}
