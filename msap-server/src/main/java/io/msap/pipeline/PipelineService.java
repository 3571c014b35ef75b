package io.msap.pipeline;

import io.msap.app.AppDeletionGuard;
import io.msap.app.AppService;
import io.msap.app.AppView;
import io.msap.environment.EnvironmentService;
import io.msap.environment.EnvironmentView;
import io.msap.project.ProjectAccess;
import io.msap.project.ProjectDeletionGuard;
import io.msap.project.ProjectPermission;
import io.msap.shared.AuditTrail;
import io.msap.shared.Caller;
import io.msap.shared.Ids;
import io.msap.shared.Messages;
import io.msap.shared.MsapException;
import io.msap.shared.PageInfo;
import io.msap.shared.PageQuery;
import io.msap.shared.Texts;
import io.msap.shared.Times;
import io.msap.shared.WireLocale;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pipelines of applications (manual 5.6 and their definitions): create, change, read, list and delete definitions;
 * run, stop (pause), retry and read runs and their stage logs. Runs are accepted here and executed by
 * {@link PipelineRunner}. Deleting an application deletes its pipelines (refused while one runs).
 */
@Service
public class PipelineService implements AppDeletionGuard, ProjectDeletionGuard {

    static final String OBJECT_PIPELINE_RUN = "PIPELINE_RUN";

    private static final String NOT_FOUND = "pipeline.notFound";
    private static final String RECORD_NOT_FOUND = "pipeline.record.notFound";
    private static final Set<RunStatus> UNFINISHED = EnumSet.of(RunStatus.WAITING, RunStatus.RUNNING);
    private static final TypeReference<List<PipelineRequests.Variable>> VARIABLES = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> OUTPUTS = new TypeReference<>() {};

    private final PipelineRepository pipelines;
    private final PipelineStageRepository definitionStages;
    private final PipelineRunRepository runs;
    private final RunStageRepository runStages;
    private final PipelinePermissionRepository permissions;
    private final PipelineAccess access;
    private final PipelineRunner runner;
    private final PipelineRunQueue queue;
    private final StageJobs jobs;
    private final StageLogs logs;
    private final AppService apps;
    private final EnvironmentService environments;
    private final ProjectAccess projectAccess;
    private final TransactionTemplate transaction;
    private final JsonMapper json;
    private final Messages messages;

    PipelineService(
            PipelineRepository pipelines,
            PipelineStageRepository definitionStages,
            PipelineRunRepository runs,
            RunStageRepository runStages,
            PipelinePermissionRepository permissions,
            PipelineAccess access,
            PipelineRunner runner,
            PipelineRunQueue queue,
            StageJobs jobs,
            StageLogs logs,
            AppService apps,
            EnvironmentService environments,
            ProjectAccess projectAccess,
            TransactionTemplate transaction,
            JsonMapper json,
            Messages messages) {
        this.messages = messages;
        this.pipelines = pipelines;
        this.definitionStages = definitionStages;
        this.runs = runs;
        this.runStages = runStages;
        this.permissions = permissions;
        this.access = access;
        this.runner = runner;
        this.queue = queue;
        this.jobs = jobs;
        this.logs = logs;
        this.apps = apps;
        this.environments = environments;
        this.projectAccess = projectAccess;
        this.transaction = transaction;
        this.json = json;
    }

    /** A stage of a definition as answered: the manual's fields plus its configuration. */
    record StageRow(
            String category,
            String name,
            String pipelineOrderId,
            String pipelineStageOrderId,
            int sort,
            JsonNode config) {}

    /** A row of listPipelinesPage and the answer of getPipeline. */
    record PipelineRow(
            String appCode,
            String appId,
            String appName,
            String createStaff,
            Instant createTime,
            boolean deleted,
            String description,
            boolean enablePause,
            boolean enableResume,
            boolean enableRun,
            String pipelineOrderId,
            String pipelineOrderName,
            String projectId,
            List<StageRow> stageList,
            long tenantId,
            String updateStaff,
            Instant updateTime,
            PermMode permMode,
            String latestRecordId,
            String latestStatusCd,
            String latestStatusCdName) {}

    /** A stage of a run as pipelineRecorddetail answers it. */
    record RecordStageRow(
            String category,
            String name,
            String pipelineRecordId,
            int sort,
            String statusCd,
            String statusCdName,
            StageStatus stageStatus,
            String reason,
            int attempt,
            Instant startTime,
            Instant endTime,
            Map<String, String> outputs) {}

    /** pipelineRecorddetail. */
    record RecordView(
            String appCode,
            String appId,
            String branchName,
            String createStaff,
            Instant createTime,
            String deployEnvId,
            String deployEnvName,
            Instant endTime,
            String pipelineOrderId,
            String pipelineOrderName,
            String pipelineRecordId,
            List<RecordStageRow> stageList,
            Instant startTime,
            String statusCd,
            String statusCdName,
            long tenantId,
            String updateStaff,
            Instant updateTime,
            RunStatus runStatus,
            String failReason,
            int attempt,
            List<PipelineRequests.Variable> variableList) {}

    // ---- for other modules ----

    @Override
    @Transactional(readOnly = true)
    public Optional<String> blockers(String appId) {
        List<String> running = pipelines.findByAppIdAndDeletedFalse(appId).stream()
                .filter(p -> runs.existsByPipelineIdAndRunStatusIn(p.getId(), UNFINISHED))
                .map(Pipeline::getName)
                .sorted()
                .toList();
        return running.isEmpty()
                ? Optional.empty()
                : Optional.of(messages.get("pipeline.app.running", Messages.joinList(running)));
    }

    @Override
    @Transactional
    public void onDeleted(String appId) {
        Instant now = Times.now();
        pipelines.findByAppIdAndDeletedFalse(appId).forEach(p -> p.delete(null, now));
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<MessageSourceResolvable> remainingIn(String projectId) {
        long count = pipelines.countByProjectIdAndDeletedFalse(projectId);
        return count == 0
                ? Optional.empty()
                : Optional.of(
                        new DefaultMessageSourceResolvable(new String[] {"pipeline.count"}, new Object[] {count}));
    }

    // ---- definitions ----

    /** A new pipeline of an application; returns its id (pipelineOrderId). */
    @Transactional
    String create(Caller caller, PipelineRequests.CreatePipelineRequest request) {
        String name = request.pipelineOrderName().trim();
        List<CheckedStage> stages = checkStages(request.stageList());
        String projectId = projectAccess
                .require(caller, request.projectId(), ProjectPermission.PROJECT_VIEW)
                .projectId();
        AppView app = apps.require(caller, "appId", request.appId(), ProjectPermission.APP_VIEW);
        if (!app.projectId().equals(projectId)) {
            throw MsapException.unknownField("appId", "app.notFound");
        }
        projectAccess.require(caller, "appId", projectId, ProjectPermission.PIPELINE_MANAGE, app.appId());
        checkApp(stages, app);
        if (pipelines.existsByProjectIdAndNameKeyAndDeletedFalse(projectId, Pipeline.key(name))) {
            throw MsapException.conflict("pipeline.name.exists", name);
        }
        Pipeline pipeline = pipelines.saveAndFlush(new Pipeline(
                Ids.newId(),
                caller.tenantId(),
                projectId,
                app.appId(),
                name,
                Texts.trimToNull(request.description()),
                caller.userName(),
                caller.userId(),
                Times.now()));
        saveStages(pipeline.getId(), stages);
        AuditTrail.target(projectId, PipelineAccess.OBJECT_PIPELINE, pipeline.getId());
        return pipeline.getId();
    }

    /** Changes what is given: the name, the description, the stages (replaced as a whole). Runs keep their copy. */
    @Transactional
    void update(Caller caller, PipelineRequests.UpdatePipelineRequest request) {
        String name = request.pipelineOrderName() == null
                ? null
                : request.pipelineOrderName().trim();
        if (name != null && name.isEmpty()) {
            throw MsapException.badField("pipelineOrderName", "error.field.required");
        }
        List<CheckedStage> stages = request.stageList() == null ? null : checkStages(request.stageList());
        Pipeline pipeline = access.visible(caller, "pipelineOrderId", request.pipelineOrderId(), NOT_FOUND);
        access.require(caller, "pipelineOrderId", pipeline, PermType.MANAGE);
        if (stages != null) {
            AppView app = apps.find(pipeline.getAppId())
                    .orElseThrow(() -> MsapException.unknownField("pipelineOrderId", NOT_FOUND));
            checkApp(stages, app);
        }
        if (name != null
                && !Pipeline.key(name).equals(Pipeline.key(pipeline.getName()))
                && pipelines.existsByProjectIdAndNameKeyAndDeletedFalse(pipeline.getProjectId(), Pipeline.key(name))) {
            throw MsapException.conflict("pipeline.name.exists", name);
        }
        pipeline.change(
                name == null ? pipeline.getName() : name,
                request.description() == null ? pipeline.getDescription() : Texts.trimToNull(request.description()),
                caller.userName(),
                Times.now());
        if (stages != null) {
            definitionStages.deleteByPipeline(pipeline.getId());
            definitionStages.flush();
            saveStages(pipeline.getId(), stages);
        }
        pipelines.flush();
    }

    @Transactional(readOnly = true)
    PipelineRow get(Caller caller, String pipelineOrderId) {
        Pipeline pipeline = access.visible(caller, "pipelineOrderId", pipelineOrderId, NOT_FOUND);
        access.require(caller, "pipelineOrderId", pipeline, PermType.VIEW);
        Map<String, AppView> app = apps.findAll(List.of(pipeline.getAppId()));
        return row(
                caller,
                pipeline,
                app.get(pipeline.getAppId()),
                definitionStages.findByPipelineIdOrderBySort(pipeline.getId()));
    }

    /** 5.6.1: deletes a pipeline that is not running (409 otherwise); its runs stay in history. */
    @Transactional
    void delete(Caller caller, String pipelineOrderId) {
        Pipeline pipeline = access.visible(caller, "pipelineOrderId", pipelineOrderId, NOT_FOUND);
        access.require(caller, "pipelineOrderId", pipeline, PermType.MANAGE);
        if (runs.existsByPipelineIdAndRunStatusIn(pipeline.getId(), UNFINISHED)) {
            throw MsapException.conflict("pipeline.delete.running", pipeline.getName());
        }
        pipeline.delete(caller.userName(), Times.now());
        pipelines.flush();
    }

    /**
     * 5.6.2: the project's pipelines the caller may see, newest first, filtered by app group and by a fuzzy name
     * (the pipeline's or its application's).
     */
    @Transactional(readOnly = true)
    PageInfo<PipelineRow> list(Caller caller, String projectId, String appGroupId, String name, PageQuery page) {
        String project = projectAccess
                .require(caller, projectId, ProjectPermission.PIPELINE_VIEW)
                .projectId();
        List<Pipeline> all = pipelines.findByProjectIdAndDeletedFalseOrderByCreateTimeDescIdDesc(project);
        Map<String, AppView> appsById =
                apps.findAll(all.stream().map(Pipeline::getAppId).collect(Collectors.toSet()));
        String group = Texts.trimToNull(appGroupId);
        String filter = Texts.trimToNull(name) == null ? null : name.trim().toLowerCase(Locale.ROOT);
        List<Pipeline> matching = all.stream()
                .filter(p -> appsById.containsKey(p.getAppId()))
                .filter(p -> group == null
                        || group.equalsIgnoreCase(appsById.get(p.getAppId()).appGroupId()))
                .filter(p -> filter == null
                        || p.getName().toLowerCase(Locale.ROOT).contains(filter)
                        || appsById.get(p.getAppId())
                                .name()
                                .toLowerCase(Locale.ROOT)
                                .contains(filter))
                .filter(p -> access.right(caller, p) != null)
                .toList();
        int from = (int) Math.min(page.offset(), matching.size());
        int to = Math.min(from + page.pageSize(), matching.size());
        List<Pipeline> shown = matching.subList(from, to);
        Map<String, List<PipelineStage>> stagesByPipeline =
                definitionStages
                        .findByPipelineIdInOrderBySort(
                                shown.stream().map(Pipeline::getId).toList())
                        .stream()
                        .collect(Collectors.groupingBy(
                                PipelineStage::getPipelineId, LinkedHashMap::new, Collectors.toList()));
        List<PipelineRow> rows = shown.stream()
                .map(p ->
                        row(caller, p, appsById.get(p.getAppId()), stagesByPipeline.getOrDefault(p.getId(), List.of())))
                .toList();
        return PageInfo.of(page, rows, matching.size());
    }

    // ---- runs ----

    /** 5.6.6: accepts a run; it starts when the pipeline's earlier runs have ended. Returns the pipelineRecordId. */
    @Transactional
    String run(Caller caller, PipelineRequests.RunPipelineRequest request) {
        List<PipelineRequests.Variable> variables = variables(request.variableList());
        String branch = Texts.trimToNull(request.branchName());
        StageConfigs.refName("branchName", branch);
        Pipeline pipeline = access.visible(caller, "pipelineOrderId", request.pipelineOrderId(), NOT_FOUND);
        access.require(caller, "pipelineOrderId", pipeline, PermType.RUN);
        List<PipelineStage> stages = definitionStages.findByPipelineIdOrderBySort(pipeline.getId());
        for (PipelineStage stage : stages) {
            JsonNode config = json.readTree(stage.getConfig());
            StageExecutor executor = runner.executor(stage.getCategory());
            if (!executor.availableOnThisServer()) {
                throw MsapException.badRequest(
                        "pipeline.stage.notAvailable",
                        stage.getName(),
                        stage.getCategory().name());
            }
            executor.checkRunnable(stage.getName(), config);
            if (stage.getCategory() == StageCategory.CODE_BUILD
                    && branch == null
                    && !config.hasNonNull("branchOrTagName")) {
                throw MsapException.badField("branchName", "pipeline.branch.required", stage.getName());
            }
        }
        if (apps.find(pipeline.getAppId()).isEmpty()) {
            throw MsapException.unknownField("pipelineOrderId", NOT_FOUND);
        }
        Instant now = Times.now();
        PipelineRun run = runs.saveAndFlush(new PipelineRun(
                Ids.newId(),
                pipeline,
                branch,
                json.writeValueAsString(variables),
                caller.userId(),
                caller.userName(),
                caller.mainAccount(),
                now));
        stages.forEach(stage -> runStages.save(new RunStage(Ids.newId(), run.getId(), stage, now)));
        runStages.flush();
        queue.enqueue(run.getId(), run.getAttempt());
        AuditTrail.target(pipeline.getProjectId(), OBJECT_PIPELINE_RUN, run.getId());
        return run.getId();
    }

    /**
     * 5.6.3 (中止): stops a waiting or running run; its current stage becomes stopped (14 已中止) and its build process
     * group is killed before this answers (at the next heartbeat when another server runs it). 409 when it ended.
     */
    void pause(Caller caller, String pipelineRecordId) {
        RunStage stopped = null;
        for (int attempt = 1; ; attempt++) {
            try {
                stopped = transaction.execute(status -> pauseOnce(caller, pipelineRecordId));
                break;
            } catch (ObjectOptimisticLockingFailureException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
        if (stopped != null && stopped.getExecutor() != null) {
            if (!jobs.cancel(stopped.getId(), Duration.ofSeconds(15))) {
                // not running here: its server stops it at its next heartbeat; a dead server's build is killed here
                BuildProcesses.killRecorded(
                        stopped.getProcessHost(), stopped.getProcessPid(), stopped.getProcessStart());
            }
        }
    }

    private RunStage pauseOnce(Caller caller, String pipelineRecordId) {
        PipelineRun run = visibleRun(caller, pipelineRecordId);
        Pipeline pipeline = pipelines.findById(run.getPipelineId()).orElseThrow();
        access.require(caller, "pipelineRecordId", pipeline, PermType.RUN);
        if (run.getRunStatus().finished()) {
            throw MsapException.conflict(
                    "pipeline.pause.finished",
                    Messages.ref("pipeline.runStatus." + run.getRunStatus().name()));
        }
        Instant now = Times.now();
        String reason = messages.get(WireLocale.CHINESE, "pipeline.stoppedBy", caller.userName());
        RunStage current = runStages.findByRunIdOrderBySort(run.getId()).stream()
                .filter(s -> !s.getStatus().finished())
                .findFirst()
                .orElse(null);
        RunStage stopped = null;
        if (current != null) {
            stopped = current.getStatus() == StageStatus.RUNNING ? current : null;
            current.stop(reason, now);
        }
        run.stop(reason, caller.userName(), now);
        run.touch(now);
        pipelines.unlock(run.getPipelineId(), run.getId());
        runs.flush();
        return stopped;
    }

    /**
     * 5.6.5: runs a failed or stopped run again from the stage that failed or stopped, reusing the outputs of the
     * stages before it; the pipelineRecordId stays, the attempt counts up. 409 for a run that did not fail or stop.
     */
    @Transactional
    String retry(Caller caller, String pipelineRecordId) {
        PipelineRun run = visibleRun(caller, pipelineRecordId);
        Pipeline pipeline = pipelines.findById(run.getPipelineId()).orElseThrow();
        access.require(caller, "pipelineRecordId", pipeline, PermType.RUN);
        if (run.getRunStatus() != RunStatus.FAILED && run.getRunStatus() != RunStatus.STOPPED) {
            throw MsapException.conflict(
                    "pipeline.retry.state",
                    Messages.ref("pipeline.runStatus." + run.getRunStatus().name()));
        }
        List<RunStage> stages = runStages.findByRunIdOrderBySort(run.getId());
        for (RunStage stage : stages) {
            if (stage.getStatus() != StageStatus.SUCCEEDED) {
                runner.executor(stage.getCategory()).checkRunnable(stage.getName(), json.readTree(stage.getConfig()));
            }
        }
        Instant now = Times.now();
        for (RunStage stage : stages) {
            if (stage.getStatus() == StageStatus.FAILED || stage.getStatus() == StageStatus.STOPPED) {
                // whatever the earlier attempt left running goes first
                BuildProcesses.killRecorded(stage.getProcessHost(), stage.getProcessPid(), stage.getProcessStart());
                stage.reset(now);
            }
        }
        run.retry(caller.userId(), caller.userName(), caller.mainAccount(), now);
        runs.flush();
        queue.enqueue(run.getId(), run.getAttempt());
        return run.getId();
    }

    /** 5.6.4. */
    @Transactional(readOnly = true)
    RecordView detail(Caller caller, String pipelineRecordId) {
        PipelineRun run = visibleRun(caller, pipelineRecordId);
        Pipeline pipeline = pipelines.findById(run.getPipelineId()).orElseThrow();
        access.require(caller, "pipelineRecordId", pipeline, PermType.VIEW);
        AppView app = apps.find(run.getAppId()).orElse(null);
        List<RunStage> stages = runStages.findByRunIdOrderBySort(run.getId());
        String deployEnvId = stages.stream()
                .filter(s -> s.getCategory() == StageCategory.IMAGE_DEPLOY
                        || s.getCategory() == StageCategory.MS_IMAGE_DEPLOY)
                .map(s -> json.readTree(s.getConfig()).path("deployEnvId").asString(null))
                .findFirst()
                .orElse(null);
        String deployEnvName = deployEnvId == null
                ? null
                : environments.find(deployEnvId).map(EnvironmentView::envName).orElse(null);
        return new RecordView(
                app == null ? null : appCode(app),
                run.getAppId(),
                run.getBranchName(),
                run.getCreateStaff(),
                run.getCreateTime(),
                deployEnvId,
                deployEnvName,
                run.getEndTime(),
                pipeline.getId(),
                pipeline.getName(),
                run.getId(),
                stages.stream()
                        .map(s -> new RecordStageRow(
                                s.getCategory().name(),
                                s.getName(),
                                run.getId(),
                                s.getSort(),
                                s.getStatus().code(),
                                s.getStatus().displayName(),
                                s.getStatus(),
                                s.getReason(),
                                s.getAttempt(),
                                s.getStartTime(),
                                s.getEndTime(),
                                s.getOutputs() == null ? Map.of() : json.readValue(s.getOutputs(), OUTPUTS)))
                        .toList(),
                run.getStartTime(),
                run.getRunStatus().code(),
                run.getRunStatus().displayName(),
                run.getTenantId(),
                run.getUpdateStaff(),
                run.getUpdateTime(),
                run.getRunStatus(),
                run.getFailReason(),
                run.getAttempt(),
                json.readValue(run.getVariables(), VARIABLES));
    }

    /** getStageLog: a stage (by name or sort) of a run, its log from {@code offset}. */
    @Transactional(readOnly = true)
    StageLogs.LogView stageLog(Caller caller, String pipelineRecordId, String stageName, Integer sort, Long offset) {
        String name = Texts.trimToNull(stageName);
        if (name == null && sort == null) {
            throw MsapException.badField("stageName", "pipeline.log.stageRequired");
        }
        if (offset != null && offset < 0) {
            throw MsapException.badField("offset", "pipeline.log.offsetNegative");
        }
        PipelineRun run = visibleRun(caller, pipelineRecordId);
        Pipeline pipeline = pipelines.findById(run.getPipelineId()).orElseThrow();
        access.require(caller, "pipelineRecordId", pipeline, PermType.VIEW);
        RunStage stage = runStages.findByRunIdOrderBySort(run.getId()).stream()
                .filter(s -> name != null ? s.getName().equalsIgnoreCase(name) : s.getSort() == sort)
                .findFirst()
                .orElseThrow(() ->
                        MsapException.unknownField(name != null ? "stageName" : "sort", "pipeline.stage.notFound"));
        boolean finished = stage.getStatus().finished()
                || (run.getRunStatus().finished() && stage.getStatus() != StageStatus.RUNNING);
        return logs.read(stage.getId(), offset == null ? 0 : offset, finished && !jobs.running(stage.getId()));
    }

    // ---- helpers ----

    /** A stage of a request, checked by its executor. */
    private record CheckedStage(int index, String name, StageCategory category, int sort, JsonNode config) {}

    /**
     * Checks the stages of a request: unique sorts and names, each configuration by its executor (400 naming the
     * field), then that every stage can run on this server (400 naming the stage otherwise).
     */
    private List<CheckedStage> checkStages(List<PipelineRequests.StageRequest> requested) {
        List<CheckedStage> checked = new ArrayList<>();
        Set<Integer> sorts = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            PipelineRequests.StageRequest stage = requested.get(i);
            String field = "stageList[" + i + "]";
            String name = stage.name().trim();
            if (!sorts.add(stage.sort())) {
                throw MsapException.badField(field + ".sort", "pipeline.stage.sortTwice", stage.sort());
            }
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                throw MsapException.badField(field + ".name", "pipeline.stage.nameTwice", name);
            }
            JsonNode config = runner.executor(stage.category()).validate(field + ".config", stage.config());
            checked.add(new CheckedStage(i, name, stage.category(), stage.sort(), config));
        }
        for (CheckedStage stage : checked) {
            if (!runner.executor(stage.category()).availableOnThisServer()) {
                throw MsapException.badField(
                        "stageList[" + stage.index() + "].category",
                        "pipeline.stage.notAvailable",
                        stage.name(),
                        stage.category().name());
            }
        }
        checked.sort(Comparator.comparingInt(CheckedStage::sort));
        return checked;
    }

    private void checkApp(List<CheckedStage> stages, AppView app) {
        for (CheckedStage stage : stages) {
            runner.executor(stage.category()).checkApp("stageList[" + stage.index() + "]", stage.config(), app);
        }
    }

    private void saveStages(String pipelineId, List<CheckedStage> stages) {
        stages.forEach(stage -> definitionStages.save(new PipelineStage(
                Ids.newId(),
                pipelineId,
                stage.sort(),
                stage.name(),
                stage.category(),
                json.writeValueAsString(stage.config()))));
        definitionStages.flush();
    }

    /** The run's variables as stored: type CUSTOM, names unique. */
    private static List<PipelineRequests.Variable> variables(List<PipelineRequests.Variable> given) {
        if (given == null) {
            return List.of();
        }
        Set<String> names = new HashSet<>();
        List<PipelineRequests.Variable> out = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            PipelineRequests.Variable v = given.get(i);
            if (!names.add(v.name())) {
                throw MsapException.badField("variableList[" + i + "].name", "pipeline.variable.twice", v.name());
            }
            out.add(new PipelineRequests.Variable(
                    v.name(), PipelineRequests.VariableType.CUSTOM, v.value() == null ? "" : v.value()));
        }
        return out;
    }

    /** A run of the caller's tenant whose pipeline the caller can see; 404 naming pipelineRecordId otherwise. */
    private PipelineRun visibleRun(Caller caller, String pipelineRecordId) {
        String id = Ids.require("pipelineRecordId", pipelineRecordId, RECORD_NOT_FOUND);
        PipelineRun run = runs.findByIdAndTenantId(id, caller.tenantId())
                .orElseThrow(() -> MsapException.unknownField("pipelineRecordId", RECORD_NOT_FOUND));
        access.visible(caller, "pipelineRecordId", run.getPipelineId(), RECORD_NOT_FOUND);
        AuditTrail.target(run.getProjectId(), OBJECT_PIPELINE_RUN, run.getId());
        return run;
    }

    private PipelineRow row(Caller caller, Pipeline pipeline, AppView app, List<PipelineStage> stages) {
        PermType right = access.right(caller, pipeline);
        boolean canRun = PermType.includes(right, PermType.RUN);
        Optional<PipelineRun> latest = runs.findFirstByPipelineIdOrderByCreateTimeDescIdDesc(pipeline.getId());
        RunStatus status = latest.map(PipelineRun::getRunStatus).orElse(null);
        return new PipelineRow(
                app == null ? null : appCode(app),
                pipeline.getAppId(),
                app == null ? null : app.name(),
                pipeline.getCreateStaff(),
                pipeline.getCreateTime(),
                pipeline.isDeleted(),
                pipeline.getDescription(),
                canRun && status != null && !status.finished(),
                canRun && (status == RunStatus.FAILED || status == RunStatus.STOPPED) && runnable(stages),
                canRun && runnable(stages),
                pipeline.getId(),
                pipeline.getName(),
                pipeline.getProjectId(),
                stages.stream()
                        .map(s -> new StageRow(
                                s.getCategory().name(),
                                s.getName(),
                                pipeline.getId(),
                                s.getId(),
                                s.getSort(),
                                json.readTree(s.getConfig())))
                        .toList(),
                pipeline.getTenantId(),
                pipeline.getUpdateStaff(),
                pipeline.getUpdateTime(),
                pipeline.getPermMode(),
                latest.map(PipelineRun::getId).orElse(null),
                status == null ? null : status.code(),
                status == null ? null : status.displayName());
    }

    /** Whether every stage can run now on this server (its executor is here and its toolchain installed). */
    private boolean runnable(List<PipelineStage> stages) {
        for (PipelineStage stage : stages) {
            StageExecutor executor = runner.executor(stage.getCategory());
            if (!executor.availableOnThisServer()) {
                return false;
            }
            try {
                executor.checkRunnable(stage.getName(), json.readTree(stage.getConfig()));
            } catch (MsapException e) {
                return false;
            }
        }
        return true;
    }

    /** The application's code as deploys name it: its name in lower case. */
    private static String appCode(AppView app) {
        return app.name().toLowerCase(Locale.ROOT);
    }
}
