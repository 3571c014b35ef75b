package io.msap.release;

import io.msap.app.AppCategory;
import io.msap.app.AppDeletionGuard;
import io.msap.app.AppService;
import io.msap.app.AppType;
import io.msap.app.AppView;
import io.msap.app.Catalogs;
import io.msap.configmap.ConfigMapService;
import io.msap.configmap.ConfigMapUsageGuard;
import io.msap.deployconfig.DeployConfigService;
import io.msap.deployconfig.DeployDefaults;
import io.msap.environment.EnvTarget;
import io.msap.environment.EnvironmentContentsGuard;
import io.msap.environment.EnvironmentService;
import io.msap.environment.EnvironmentView;
import io.msap.kubernetes.WorkloadState;
import io.msap.kubernetes.Workloads;
import io.msap.project.ProjectAccess;
import io.msap.project.ProjectPermission;
import io.msap.shared.AuditTrail;
import io.msap.shared.Caller;
import io.msap.shared.Ids;
import io.msap.shared.Messages;
import io.msap.shared.MsapException;
import io.msap.shared.SecretCipher;
import io.msap.shared.Texts;
import io.msap.shared.Times;
import io.msap.shared.WireLocale;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accepts changes to app deployments (manual 5.3): validates everything, then in one short transaction records the
 * change order with its phase/stage tree, takes the app deployment's one-change lock and queues the change order for
 * the scheduler, and answers its id at once. {@link ChangeOrderRunner} does the work.
 */
@Service
public class ReleaseService implements AppDeletionGuard, EnvironmentContentsGuard, ConfigMapUsageGuard {

    static final String OBJECT_DEPLOYMENT = "APP_DEPLOYMENT";
    static final String OBJECT_CHANGE_ORDER = "CHANGE_ORDER";
    static final int DEFAULT_TIMEOUT_SECONDS = 600;
    static final String DEPLOY_PHASE = "微服务 K8s 集群部署";
    /** The phase of a deploy from source that builds its package. */
    static final String COMPILE_PHASE = "编译";
    /** The phase of a deploy from source or a package that builds its image. */
    static final String IMAGE_PHASE = "构建镜像";

    /** Kubernetes label values (deployVer becomes app.kubernetes.io/version). */
    private static final Pattern LABEL_VALUE = Pattern.compile("^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$");

    /** Service names are DNS-1035 labels. */
    private static final Pattern SERVICE_NAME = Pattern.compile("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$");

    private final AppDeploymentRepository deployments;
    private final ChangeOrderRepository orders;
    private final ChangePhaseRepository phases;
    private final ChangeStageRepository stages;
    private final AppService apps;
    private final EnvironmentService environments;
    private final ConfigMapService configMaps;
    private final ProjectAccess projectAccess;
    private final Catalogs catalogs;
    private final Workloads workloads;
    private final WorkloadRenderer renderer;
    private final ChangeOrderRunner runner;
    private final ChangeOrderQueue queue;
    private final ReleaseJson json;
    private final SecretCipher cipher;
    private final TransactionTemplate transaction;
    private final Messages messages;
    private final DeployConfigService deployConfigs;
    private final DeployHistoryRepository history;
    private final DeploySources sources;

    ReleaseService(
            AppDeploymentRepository deployments,
            ChangeOrderRepository orders,
            ChangePhaseRepository phases,
            ChangeStageRepository stages,
            AppService apps,
            EnvironmentService environments,
            ConfigMapService configMaps,
            ProjectAccess projectAccess,
            Catalogs catalogs,
            Workloads workloads,
            WorkloadRenderer renderer,
            ChangeOrderRunner runner,
            ChangeOrderQueue queue,
            ReleaseJson json,
            SecretCipher cipher,
            TransactionTemplate transaction,
            Messages messages,
            DeployConfigService deployConfigs,
            DeployHistoryRepository history,
            DeploySources sources) {
        this.sources = sources;
        this.messages = messages;
        this.deployConfigs = deployConfigs;
        this.history = history;
        this.deployments = deployments;
        this.orders = orders;
        this.phases = phases;
        this.stages = stages;
        this.apps = apps;
        this.environments = environments;
        this.configMaps = configMaps;
        this.projectAccess = projectAccess;
        this.catalogs = catalogs;
        this.workloads = workloads;
        this.renderer = renderer;
        this.runner = runner;
        this.queue = queue;
        this.json = json;
        this.cipher = cipher;
        this.transaction = transaction;
    }

    /** The answer of a deploy: the application and the change order that deploys it. */
    public record DeployResult(String appId, String changeOrderId) {}

    // ---- deploys ----

    /** 5.3.18: deploys an application into an environment as a change order. */
    DeployResult deploy(Caller caller, DeployRequests.DeployRequest request) {
        return deploy(caller, request, Ids.newId());
    }

    /** A deploy as the change order {@code changeOrderId} (a new id). */
    DeployResult deploy(Caller caller, DeployRequests.DeployRequest request, String changeOrderId) {
        Fields fields = fields(request);
        AppView app = apps.require(caller, "appId", request.appId(), ProjectPermission.APP_OPERATE);
        Plan plan = plan(caller, app, request, fields, changeOrderId);
        requireFreeName(app, plan);
        transaction.executeWithoutResult(status -> accept(caller, app, plan, changeOrderId));
        return new DeployResult(app.appId(), changeOrderId);
    }

    /**
     * 5.1.6: creates a microservice application and its first deploy in one transaction; on any validation error
     * nothing is created.
     */
    DeployResult createMicroservice(Caller caller, DeployRequests.MicroserviceRequest request) {
        if (!"MICRO_SERVICE".equalsIgnoreCase(request.category().trim())) {
            throw MsapException.badField("category", "release.micro.category");
        }
        AppType type;
        try {
            type = AppType.valueOf(request.type().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw MsapException.badField("type", "error.field.enum", "EXTERNAL_CODE, PACKAGE");
        }
        String origin = request.origin().trim().toUpperCase(Locale.ROOT);
        if (request.deploySource() == DeployRequests.DeploySource.IMAGE
                && (type != AppType.PACKAGE || !Set.of("IMAGE", "JAR", "WAR").contains(origin))) {
            throw MsapException.badField("origin", "release.micro.imageOrigin");
        }
        if (request.deploySource() == DeployRequests.DeploySource.CODE) {
            // a deploy from source builds the application's repository: it is created with one
            if (Texts.trimToNull(request.codeReposAddress()) == null) {
                throw MsapException.badField("codeReposAddress", "release.code.required");
            }
            if (Texts.trimToNull(request.connectionId()) == null) {
                throw MsapException.badField("connectionId", "release.code.required");
            }
        }
        DeployRequests.DeployRequest deploy = request.deploy(null);
        Fields fields = fields(deploy);
        // everything the deploy checks is checked before anything is created
        String projectId = projectAccess
                .require(caller, request.projectId(), ProjectPermission.APP_CREATE)
                .projectId();
        AppView probe = new AppView(
                null,
                caller.tenantId(),
                projectId,
                request.name().trim(),
                null,
                type,
                origin,
                null,
                null,
                null,
                caller.userId(),
                Times.now());
        String changeOrderId = Ids.newId();
        Plan plan = plan(caller, probe, deploy, fields, changeOrderId);
        apps.requireFreeName(projectId, probe.name());
        requireFreeName(probe, plan);
        return transaction.execute(status -> {
            AppView app = apps.createMicroservice(
                    caller,
                    request.projectId(),
                    request.name(),
                    origin,
                    type,
                    request.description(),
                    request.deploySource() == DeployRequests.DeploySource.CODE ? request.codeReposAddress() : null,
                    request.deploySource() == DeployRequests.DeploySource.CODE ? request.connectionId() : null);
            accept(caller, app, plan, changeOrderId);
            return new DeployResult(app.appId(), changeOrderId);
        });
    }

    /** Everything a deploy needs, checked: the environment, its cluster namespace and the target workload. */
    private record Plan(
            EnvironmentView env,
            EnvTarget target,
            DeploySpec spec,
            int timeoutSeconds,
            DeployStrategies.Strategy strategy,
            ChangeParams.Build build) {}

    /** Checks the fields of a deploy on their own (400 naming the field), as a deploy does first. */
    void checkFields(DeployRequests.DeployRequest request) {
        fields(request);
    }

    /** The fields of a deploy checked on their own, before anything is loaded (DECISIONS.md "HTTP": 400 first). */
    private record Fields(
            String deployVer,
            DeploySources.Source source,
            Catalogs.RuntimeEnv runtime,
            DeploySpec.Resources resources,
            String command,
            List<String> args,
            List<DeploySpec.Env> env,
            DeploySpec.Probe liveness,
            DeploySpec.Probe readiness,
            DeploySpec.LogConfig logConfig,
            DeployStrategies.Strategy strategy) {}

    private Fields fields(DeployRequests.DeployRequest request) {
        String deployVer = request.deployVer().trim();
        if (!LABEL_VALUE.matcher(deployVer).matches()) {
            throw MsapException.badField("deployVer", "release.deployVer.pattern");
        }
        DeploySources.Source source = sources.check(request);
        Catalogs.RuntimeEnv runtime = catalogs.runtimeEnv(
                        request.runtimeEnvCode().trim())
                .orElseThrow(() -> MsapException.badField("runtimeEnvCode", "release.runtime.unknown"));
        if (runtime.versionList().stream()
                .noneMatch(v -> v.runtimeEnvVer().equals(request.runtimeEnvVer().trim()))) {
            throw MsapException.badField("runtimeEnvVer", "release.runtimeVer.unknown", runtime.runtimeEnvCode());
        }
        DeployStrategies.Strategy strategy = DeployStrategies.of(request.deploymentStrategy(), request.podNum());
        DeploySpec.Resources resources = resources(request.podResourceSpec());
        List<DeploySpec.Env> env = env(request.envVariableList());
        DeploySpec.Probe liveness = probe(
                "lifeCycleMgt.liveness",
                request.lifeCycleMgt() == null ? null : request.lifeCycleMgt().liveness());
        DeploySpec.Probe readiness = probe(
                "lifeCycleMgt.readiness",
                request.lifeCycleMgt() == null ? null : request.lifeCycleMgt().readiness());
        DeploySpec.LogConfig logConfig = logConfig(request.logConfig());
        DeployRequests.StartCommand start = request.startCommand();
        String command = start == null ? null : Texts.trimToNull(start.command());
        List<String> args = start == null || start.args() == null ? List.of() : start.args();
        return new Fields(
                deployVer, source, runtime, resources, command, args, env, liveness, readiness, logConfig, strategy);
    }

    private Plan plan(
            Caller caller, AppView app, DeployRequests.DeployRequest request, Fields fields, String changeOrderId) {
        EnvironmentView envView =
                environments.require(caller, "deployEnvId", request.deployEnvId(), ProjectPermission.ENV_DEPLOY);
        if (!envView.projectId().equals(app.projectId())) {
            throw MsapException.unknownField("deployEnvId", "environment.notFound");
        }
        EnvTarget target = environments
                .target(envView.envId())
                .orElseThrow(() -> MsapException.conflict("release.env.noCluster", envView.envName()));
        List<DeploySpec.ConfigMount> mounts = mounts(envView.envId(), request.configMgtList());
        fields = withDefaults(app, envView.envId(), request, fields);
        DeploySpec.Lossless lossless = null;
        DeploySpec.RegisterCentre centre = null;
        if (request.msManagement() != null) {
            DeployRequests.MsManagement ms = request.msManagement();
            lossless = new DeploySpec.Lossless(
                    Boolean.TRUE.equals(ms.enabled()),
                    ms.aligned(),
                    ms.related(),
                    ms.delayTime(),
                    ms.warmupTime(),
                    ms.funcType());
            String instId = Texts.trimToNull(ms.registerCenterInstId());
            if (instId != null) {
                EnvironmentService.RegisterCentreRef ref = environments
                        .registerCentre(envView.envId(), instId)
                        .orElseThrow(() -> MsapException.unknownField(
                                "msManagement.registerCenterInstId", "environment.mse.notFound"));
                centre = new DeploySpec.RegisterCentre(ref.instId(), ref.type(), ref.address());
            }
        }
        DeploySources.Resolved source = sources.resolve(
                caller,
                app.projectId(),
                app.appId(),
                app.name().toLowerCase(Locale.ROOT),
                fields.source(),
                fields.runtime().runtimeEnvCode(),
                request.runtimeEnvVer().trim(),
                changeOrderId);
        DeploySpec spec = new DeploySpec(
                source.image(),
                fields.deployVer(),
                request.deploySource().name(),
                request.packageVer().trim(),
                fields.runtime().runtimeEnvCode(),
                request.runtimeEnvVer().trim(),
                request.podNum(),
                fields.resources(),
                fields.command(),
                fields.args(),
                fields.env(),
                fields.liveness(),
                fields.readiness(),
                mounts,
                fields.logConfig(),
                lossless,
                centre,
                null,
                null,
                List.of());
        int timeout = request.timeout() == null ? DEFAULT_TIMEOUT_SECONDS : request.timeout();
        return new Plan(envView, target, spec, timeout, fields.strategy(), source.build());
    }

    /** Records the deploy's change order (creating the app deployment on the first deploy) and queues it. */
    private String accept(Caller caller, AppView app, Plan plan, String changeOrderId) {
        AppDeployment deployment = deployments
                .findByEnvIdAndAppIdAndDeletedFalse(plan.env().envId(), app.appId())
                .flatMap(d -> deployments.lockById(d.getId()))
                .orElseGet(() -> newDeployment(caller, app, plan));
        DeploySpec spec = plan.spec().builtBy(changeOrderId);
        ChangeParams.Batches batches = plan.strategy().batches();
        int count = batches == null ? 1 : batches.sizes().size();
        List<String> stageNames = new ArrayList<>();
        for (int k = 1; k <= count; k++) {
            stageNames.add("第" + k + "批");
        }
        List<String> buildPhases = plan.build() == null
                ? List.of()
                : plan.build().fromSource() ? List.of(COMPILE_PHASE, IMAGE_PHASE) : List.of(IMAGE_PHASE);
        ChangeOrder order = open(
                caller,
                deployment,
                changeOrderId,
                ChangeType.DEPLOY,
                Messages.english() ? "Deploy " + spec.image() : "部署 " + spec.image(),
                spec.deployVer(),
                "DEPLOYMENT",
                deployment.getAppDeployCode(),
                plan.timeoutSeconds(),
                (batches == null ? ChangeParams.workload(spec) : ChangeParams.batched(spec, batches))
                        .withBuild(plan.build()),
                deployment.getSpec(),
                buildPhases,
                DEPLOY_PHASE,
                stageNames,
                "部署");
        order.resourceYaml(workloads.render(renderer.render(deployment, spec, changeOrderId)));
        if (batches != null) {
            order.batches(
                    count,
                    batches.manual() ? "MANUAL" : "AUTOMATIC",
                    batches.waitSeconds(),
                    batches.gray(),
                    plan.strategy().grayRule() == null
                            ? null
                            : json.write(plan.strategy().grayRule()));
            describeBatches(order, deployment, spec, batches);
        }
        return order.getId();
    }

    /** Each batch's stage shows the release Deployment it applies (docs/adr/0008) and that batch's instance count. */
    private void describeBatches(
            ChangeOrder order, AppDeployment deployment, DeploySpec spec, ChangeParams.Batches batches) {
        List<ChangeStage> orderStages =
                stages.findByPhaseIdInOrderBySeq(phases.findByChangeOrderIdOrderBySeq(order.getId()).stream()
                        // the batches are the stages of the deploy phase (build phases come before it)
                        .filter(p -> DEPLOY_PHASE.equals(p.getPhaseName()))
                        .map(ChangePhase::getId)
                        .toList());
        int grayPods = batches.gray() ? batches.sizes().get(0) : 0;
        for (ChangeStage stage : orderStages) {
            int k = stage.getSeq();
            WorkloadRenderer.Track track =
                    batches.gray() && k == 1 ? WorkloadRenderer.Track.GRAY : WorkloadRenderer.Track.CANARY;
            int replicas = track == WorkloadRenderer.Track.GRAY ? grayPods : batches.upTo(k) - grayPods;
            stage.resourceYaml(workloads.render(
                    renderer.renderRelease(deployment, spec, order.getId(), track, replicas, batches.grayTag())));
        }
    }

    /**
     * A first deploy must not take over a Deployment MSAP did not make: 409 when the namespace already has one of the
     * app's name. Asked of the cluster before the deploy's transaction (DESIGN.md section 6: no cluster call holds a
     * database transaction open).
     */
    private void requireFreeName(AppView app, Plan plan) {
        if (app.appId() != null
                && deployments
                        .findByEnvIdAndAppIdAndDeletedFalse(plan.env().envId(), app.appId())
                        .isPresent()) {
            return;
        }
        String code = app.name().toLowerCase(Locale.ROOT);
        Optional<WorkloadState.DeploymentState> existing =
                workloads.deployment(plan.target().access(), plan.target().namespace(), code);
        if (existing.isPresent()) {
            throw MsapException.conflict(
                    "release.name.taken", code, plan.target().namespace());
        }
    }

    private AppDeployment newDeployment(Caller caller, AppView app, Plan plan) {
        String code = app.name().toLowerCase(Locale.ROOT);
        AppDeployment deployment = new AppDeployment(
                Ids.newId(),
                caller.tenantId(),
                plan.env().projectId(),
                app.appId(),
                plan.env().envId(),
                code,
                app.name(),
                plan.target().instId(),
                plan.target().clusterName(),
                plan.target().namespace(),
                caller.userName(),
                caller.userId(),
                Times.now());
        return deployments.saveAndFlush(deployment);
    }

    // ---- operations ----

    String scale(Caller caller, String appDeployId, int replicas) {
        return operate(caller, appDeployId, ChangeType.SCALE, deployment -> {
            DeploySpec spec = current(deployment);
            return ChangeParams.workload(spec.withReplicas(replicas));
        });
    }

    String stop(Caller caller, String appDeployId) {
        return operate(caller, appDeployId, ChangeType.STOP, deployment -> {
            DeploySpec spec = current(deployment);
            if (spec.replicas() > 0) {
                deployment.rememberReplicas(spec.replicas());
            }
            return ChangeParams.workload(spec.withReplicas(0));
        });
    }

    String start(Caller caller, String appDeployId, Integer replicas) {
        return operate(caller, appDeployId, ChangeType.START, deployment -> {
            DeploySpec spec = current(deployment);
            int count = replicas != null
                    ? replicas
                    : deployment.getReplicasBeforeStop() != null
                            ? deployment.getReplicasBeforeStop()
                            : Math.max(1, spec.replicas());
            return ChangeParams.workload(spec.withReplicas(count));
        });
    }

    String restart(Caller caller, String appDeployId) {
        return operate(caller, appDeployId, ChangeType.RESTART, deployment -> null);
    }

    String delete(Caller caller, String appDeployId) {
        return operate(caller, appDeployId, ChangeType.DELETE, deployment -> ChangeParams.none());
    }

    String createService(Caller caller, String appDeployId, ChangeParams.ServiceParams service) {
        validate(service);
        return operate(
                caller,
                appDeployId,
                ChangeType.CREATE_SERVICE,
                visible -> {
                    if (workloads
                            .service(access(visible), visible.getNamespace(), service.name())
                            .isPresent()) {
                        throw MsapException.conflict("release.service.exists", service.name());
                    }
                },
                deployment -> ChangeParams.service(service));
    }

    String updateService(Caller caller, String appDeployId, ChangeParams.ServiceParams service) {
        validate(service);
        return operate(
                caller,
                appDeployId,
                ChangeType.UPDATE_SERVICE,
                visible -> requireOwnService(visible, service.name()),
                deployment -> ChangeParams.service(service));
    }

    String deleteService(Caller caller, String appDeployId, String name) {
        return operate(
                caller,
                appDeployId,
                ChangeType.DELETE_SERVICE,
                visible -> requireOwnService(visible, name),
                deployment -> ChangeParams.service(new ChangeParams.ServiceParams(name, null, List.of(), null)));
    }

    /** Stops a change order that has not finished (beyond the manual); true when it was stopped. */
    boolean abort(Caller caller, String changeOrderId) {
        ChangeOrder order = visibleOrder(caller, changeOrderId);
        AppDeployment deployment = deployments.findById(order.getAppDeployId()).orElseThrow();
        requireOperate(caller, deployment);
        if (order.getExecuteStatus().terminal()) {
            throw MsapException.conflict(
                    "release.abort.finished", order.getExecuteStatus().displayName());
        }
        runner.abort(
                order.getId(),
                messages.get(WireLocale.CHINESE, "release.abort.reason", caller.userName()),
                caller.userName());
        return true;
    }

    // ---- batches and rollbacks ----

    /**
     * 5.3.17: releases the next batch of a change order waiting for it. {@code pipelineId} is the id of its deploy
     * phase (微服务 K8s 集群部署) in getChangeOrderInfo.
     */
    boolean continuePipeline(Caller caller, String appDeployId, String changeOrderId, String pipelineId) {
        AppDeployment deployment = visibleDeployment(caller, appDeployId);
        ChangeOrder order = visibleOrder(caller, changeOrderId);
        if (!order.getAppDeployId().equals(deployment.getId())) {
            throw MsapException.unknownField("changeOrderId", "release.changeOrder.notFound");
        }
        requireOperate(caller, deployment);
        AuditTrail.target(deployment.getProjectId(), OBJECT_CHANGE_ORDER, order.getId());
        boolean deployPhase = phases.findByChangeOrderIdOrderBySeq(order.getId()).stream()
                .anyMatch(
                        p -> DEPLOY_PHASE.equals(p.getPhaseName()) && p.getId().equals(pipelineId.trim()));
        if (!deployPhase) {
            throw MsapException.badField("pipelineId", "release.continue.phase");
        }
        if (order.getExecuteStatus() != ChangeOrderStatus.WAITING_FOR_NEXT_BATCH
                || !runner.continueNextBatch(order.getId(), caller.userName())) {
            ChangeOrderStatus now = orders.findById(order.getId()).orElseThrow().getExecuteStatus();
            throw MsapException.conflict("release.continue.notWaiting", now.displayName());
        }
        queue.runNow(order.getId());
        return true;
    }

    /**
     * 5.3.20 立即回滚: undoes a deploy or rollback. If it is still running or waiting between batches it is stopped
     * (the one change allowed to overtake a running one) and every pod returns to the version before it; if it has
     * finished, the app deployment returns to the version it replaced. Either way a new ROLLBACK change order.
     */
    String rollback(Caller caller, String appDeployId, String changeOrderId) {
        AppDeployment visible = deploymentForRollback(caller, appDeployId);
        ChangeOrder target = visibleOrder(caller, changeOrderId);
        if (!target.getAppDeployId().equals(visible.getId())) {
            throw MsapException.unknownField("changeOrderId", "release.changeOrder.notFound");
        }
        if (target.getChangeType() != ChangeType.DEPLOY && target.getChangeType() != ChangeType.ROLLBACK) {
            throw MsapException.badField(
                    "changeOrderId",
                    "release.rollback.type",
                    target.getChangeType().displayName());
        }
        DeploySpec before = json.spec(target.getPreviousSpec());
        if (before == null) {
            throw MsapException.conflict("release.rollback.nothingBefore");
        }
        String description = text("release.rollback.description", target.getId(), target.getDescription());
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.execute(status -> {
                    AppDeployment deployment = lockLive(visible.getId());
                    // stopping the change being undone releases its lock for the rollback
                    runner.abortWithin(
                            target.getId(),
                            messages.get(WireLocale.CHINESE, "release.rollback.abortReason", caller.userName()),
                            caller.userName());
                    ChangeOrder order = openRollback(caller, deployment, before, description, Ids.newId());
                    order.rollback(target.getId(), null);
                    return order.getId();
                });
            } catch (org.springframework.orm.ObjectOptimisticLockingFailureException e) {
                // a runner recorded a step of the change being undone at this moment: look again
                if (attempt == 3) {
                    throw MsapException.conflict("release.busy");
                }
            }
        }
    }

    /**
     * 5.3.21: deploys an image of listHistoryDeployVersion again, with the pod template it had then and the current
     * number of instances, as a ROLLBACK change order.
     */
    String rollbackApplication(Caller caller, String appDeployId, String imageUrl, String imageName, String imageVer) {
        AppDeployment visible = deploymentForRollback(caller, appDeployId);
        String url = imageUrl.trim();
        DeployHistory version = history.findByAppDeployIdOrderByCreateTimeDescIdDesc(visible.getId()).stream()
                .filter(h -> h.getImageUrl().equals(url))
                .findFirst()
                .orElseThrow(() -> MsapException.badField("imageUrl", "release.rollback.notInHistory", url));
        if (!imageName.trim().equals(version.getImageName())) {
            throw MsapException.badField(
                    "imageName", "release.rollback.mismatch", url, "imageName", version.getImageName());
        }
        if (!imageVer.trim().equals(version.getImageVer())) {
            throw MsapException.badField(
                    "imageVer", "release.rollback.mismatch", url, "imageVer", version.getImageVer());
        }
        DeploySpec then = json.spec(version.getSpec());
        String description = text("release.rollback.imageDescription", url);
        return transaction.execute(status -> {
            AppDeployment deployment = lockLive(visible.getId());
            DeploySpec now = json.spec(deployment.getSpec());
            DeploySpec spec = now == null ? then : then.withReplicas(now.replicas());
            ChangeOrder order = openRollback(caller, deployment, spec, description, Ids.newId());
            order.rollback(null, url);
            return order.getId();
        });
    }

    /** The app deployment a rollback names: visible to the caller, not deleted (409), operable by the caller. */
    private AppDeployment deploymentForRollback(Caller caller, String appDeployId) {
        String id = Ids.require("appDeployId", appDeployId, "release.deployment.notFound");
        AppDeployment deployment = deployments
                .findById(id)
                .filter(d -> d.getTenantId() == caller.tenantId())
                .orElseThrow(() -> MsapException.unknownField("appDeployId", "release.deployment.notFound"));
        try {
            projectAccess.require(caller, "appDeployId", deployment.getProjectId(), ProjectPermission.PROJECT_VIEW);
        } catch (MsapException e) {
            throw MsapException.unknownField("appDeployId", "release.deployment.notFound");
        }
        if (deployment.isDeleted()) {
            throw MsapException.conflict("release.rollback.deleted");
        }
        requireOperate(caller, deployment);
        return deployment;
    }

    private AppDeployment lockLive(String appDeployId) {
        AppDeployment deployment = deployments.lockById(appDeployId).orElseThrow();
        if (deployment.isDeleted()) {
            throw MsapException.conflict("release.rollback.deleted");
        }
        return deployment;
    }

    private ChangeOrder openRollback(
            Caller caller, AppDeployment deployment, DeploySpec spec, String description, String changeOrderId) {
        ChangeOrder order = open(
                caller,
                deployment,
                changeOrderId,
                ChangeType.ROLLBACK,
                description,
                spec.deployVer(),
                "DEPLOYMENT",
                deployment.getAppDeployCode(),
                DEFAULT_TIMEOUT_SECONDS,
                ChangeParams.workload(spec),
                deployment.getSpec(),
                List.of(),
                DEPLOY_PHASE,
                List.of("第1批"),
                ChangeType.ROLLBACK.chineseName());
        order.resourceYaml(workloads.render(renderer.render(deployment, spec, changeOrderId)));
        return order;
    }

    /** A change built from the app deployment's current state, accepted under its lock. */
    private interface ChangeBuilder {
        /** The change's parameters (null for a restart, which gets its own template); may refuse with an error. */
        ChangeParams build(AppDeployment deployment);
    }

    private String operate(Caller caller, String appDeployId, ChangeType type, ChangeBuilder builder) {
        return operate(caller, appDeployId, type, visible -> {}, builder);
    }

    /**
     * Accepts a change: {@code clusterCheck} may ask the cluster (and refuse) before the short transaction that takes
     * the lock and records the change order, so no cluster call holds a transaction open (DESIGN.md section 6).
     */
    private String operate(
            Caller caller,
            String appDeployId,
            ChangeType type,
            java.util.function.Consumer<AppDeployment> clusterCheck,
            ChangeBuilder builder) {
        AppDeployment visible = visibleDeployment(caller, appDeployId);
        requireOperate(caller, visible);
        clusterCheck.accept(visible);
        return transaction.execute(status -> {
            AppDeployment deployment = deployments.lockById(visible.getId()).orElseThrow();
            if (deployment.isDeleted()) {
                throw MsapException.unknownField("appDeployId", "release.deployment.notFound");
            }
            String changeOrderId = Ids.newId();
            ChangeParams params = type == ChangeType.RESTART
                    ? ChangeParams.workload(current(deployment).restarted(Times.format(Times.now()), changeOrderId))
                    : builder.build(deployment);
            boolean onService = type.onService();
            String resourceName = onService ? params.service().name() : deployment.getAppDeployCode();
            ChangeOrder order = open(
                    caller,
                    deployment,
                    changeOrderId,
                    type,
                    type.displayName() + " " + resourceName,
                    params.spec() == null
                            ? deployment.getDeployVer()
                            : params.spec().deployVer(),
                    onService ? "SERVICE" : "DEPLOYMENT",
                    resourceName,
                    DEFAULT_TIMEOUT_SECONDS,
                    params,
                    deployment.getSpec(),
                    List.of(),
                    type.chineseName(),
                    List.of(type.chineseName()),
                    type.chineseName());
            if (params.spec() != null) {
                order.resourceYaml(workloads.render(renderer.render(deployment, params.spec(), changeOrderId)));
            } else if (type == ChangeType.CREATE_SERVICE || type == ChangeType.UPDATE_SERVICE) {
                order.resourceYaml(
                        workloads.render(ChangeOrderRunner.serviceSpec(deployment, params.service(), changeOrderId)));
            }
            return order.getId();
        });
    }

    /**
     * Opens a change order: takes the one-change lock (409 "应用正在变更中" when another change runs), records the order
     * with a phase per build ({@code buildPhases}, one stage each) and then {@code phaseName} with its stages, and
     * queues it, all in the caller's transaction.
     */
    private ChangeOrder open(
            Caller caller,
            AppDeployment deployment,
            String changeOrderId,
            ChangeType type,
            String description,
            String deploymentVer,
            String resourceType,
            String resourceName,
            int timeoutSeconds,
            ChangeParams params,
            String previousSpec,
            List<String> buildPhases,
            String phaseName,
            List<String> stageNames,
            String taskName) {
        if (!deployment.lockFor(changeOrderId)) {
            throw MsapException.conflict("release.busy");
        }
        Instant now = Times.now();
        ChangeOrder order = orders.save(new ChangeOrder(
                changeOrderId,
                deployment,
                type,
                description,
                deploymentVer,
                resourceType,
                resourceName,
                timeoutSeconds,
                json.write(params),
                previousSpec,
                caller.userName(),
                caller.userId(),
                now));
        // a deploy's builds come first: a phase of one stage each, named as the manual names them
        for (int seq = 1; seq <= buildPhases.size(); seq++) {
            String name = buildPhases.get(seq - 1);
            ChangePhase build = phases.save(new ChangePhase(Ids.newId(), changeOrderId, seq, name, now));
            stages.save(new ChangeStage(
                    Ids.newId(), build.getId(), 1, name, Ids.newId(), name, resourceName, resourceName, now));
        }
        ChangePhase phase =
                phases.save(new ChangePhase(Ids.newId(), changeOrderId, buildPhases.size() + 1, phaseName, now));
        for (int seq = 1; seq <= stageNames.size(); seq++) {
            stages.save(new ChangeStage(
                    Ids.newId(),
                    phase.getId(),
                    seq,
                    stageNames.get(seq - 1),
                    Ids.newId(),
                    taskName,
                    resourceName,
                    resourceName,
                    now));
        }
        deployment.status(ChangeOrderStatus.WAITING, now);
        deployments.flush();
        queue.enqueue(changeOrderId);
        AuditTrail.target(deployment.getProjectId(), OBJECT_CHANGE_ORDER, changeOrderId);
        return order;
    }

    // ---- guards ----

    @Override
    @Transactional(readOnly = true)
    public Optional<String> blockers(String appId) {
        List<String> envNames = deployments.findByAppIdAndDeletedFalse(appId).stream()
                .map(d -> environments
                        .find(d.getEnvId())
                        .map(EnvironmentView::envName)
                        .orElse(d.getEnvId()))
                .toList();
        return envNames.isEmpty()
                ? Optional.empty()
                : Optional.of(text("release.app.deployedIn", Messages.joinList(envNames)));
    }

    @Override
    public void onDeleted(String appId) {
        // nothing of an app outlives it here: its deployments must be deleted first (blockers)
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<MessageSourceResolvable> remainingIn(String envId) {
        long count = deployments.findByEnvIdAndDeletedFalse(envId).size();
        return count == 0
                ? Optional.empty()
                : Optional.of(new DefaultMessageSourceResolvable(
                        new String[] {"release.count.deployments"}, new Object[] {count}));
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<String> usersOf(String envId, String configMapName) {
        List<String> users = new ArrayList<>();
        for (AppDeployment deployment : deployments.findByEnvIdAndDeletedFalse(envId)) {
            // the applied workload, and the one of a change accepted but not yet applied
            List<DeploySpec> specs = new ArrayList<>();
            if (deployment.getSpec() != null) {
                specs.add(json.spec(deployment.getSpec()));
            }
            if (deployment.getActiveChangeOrderId() != null) {
                orders.findById(deployment.getActiveChangeOrderId())
                        .map(order -> json.params(order.getParams()).spec())
                        .ifPresent(specs::add);
            }
            if (specs.stream()
                    .anyMatch(spec -> spec.configMounts().stream()
                            .anyMatch(m -> m.configMapName().equals(configMapName)))) {
                users.add(deployment.getAppDeployName());
            }
        }
        return users.isEmpty() ? Optional.empty() : Optional.of(Messages.joinList(users));
    }

    // ---- helpers ----

    /** A live app deployment of a project the caller can see; 404 "应用部署不存在" otherwise. */
    AppDeployment visibleDeployment(Caller caller, String appDeployId) {
        String id = Ids.require("appDeployId", appDeployId, "release.deployment.notFound");
        AppDeployment deployment = deployments
                .findByIdAndTenantIdAndDeletedFalse(id, caller.tenantId())
                .orElseThrow(() -> MsapException.unknownField("appDeployId", "release.deployment.notFound"));
        try {
            projectAccess.require(caller, "appDeployId", deployment.getProjectId(), ProjectPermission.PROJECT_VIEW);
        } catch (MsapException e) {
            throw MsapException.unknownField("appDeployId", "release.deployment.notFound");
        }
        AuditTrail.target(deployment.getProjectId(), OBJECT_DEPLOYMENT, deployment.getId());
        return deployment;
    }

    /** A change order of a project the caller can see; 404 "变更记录不存在" otherwise. */
    ChangeOrder visibleOrder(Caller caller, String changeOrderId) {
        String id = Ids.require("changeOrderId", changeOrderId, "release.changeOrder.notFound");
        ChangeOrder order = orders.findByIdAndTenantId(id, caller.tenantId())
                .orElseThrow(() -> MsapException.unknownField("changeOrderId", "release.changeOrder.notFound"));
        try {
            projectAccess.require(caller, "changeOrderId", order.getProjectId(), ProjectPermission.PROJECT_VIEW);
        } catch (MsapException e) {
            throw MsapException.unknownField("changeOrderId", "release.changeOrder.notFound");
        }
        return order;
    }

    /** Operating an app deployment needs the app grant and the environment grant (or project admin). */
    private void requireOperate(Caller caller, AppDeployment deployment) {
        apps.require(caller, "appDeployId", deployment.getAppId(), ProjectPermission.APP_OPERATE);
        environments.require(caller, "appDeployId", deployment.getEnvId(), ProjectPermission.ENV_DEPLOY);
        AuditTrail.target(deployment.getProjectId(), OBJECT_DEPLOYMENT, deployment.getId());
    }

    private DeploySpec current(AppDeployment deployment) {
        DeploySpec spec = json.spec(deployment.getSpec());
        if (spec == null) {
            throw MsapException.conflict("release.notDeployed");
        }
        return spec;
    }

    private io.msap.kubernetes.ClusterAccess access(AppDeployment deployment) {
        return environments
                .target(deployment.getEnvId())
                .filter(t -> t.instId().equals(deployment.getClusterId()))
                .orElseThrow(() -> MsapException.conflict("release.env.targetChanged"))
                .access();
    }

    private void requireOwnService(AppDeployment deployment, String name) {
        WorkloadState.ServiceState service = workloads
                .service(access(deployment), deployment.getNamespace(), name)
                .orElseThrow(() -> MsapException.unknownField("name", "release.service.notFound", name));
        if (!deployment.getId().equals(service.labels().get("msap.io/app-deploy-id"))) {
            throw MsapException.unknownField("name", "release.service.notFound", name);
        }
    }

    private static void validate(ChangeParams.ServiceParams service) {
        if (!SERVICE_NAME.matcher(service.name()).matches()) {
            throw MsapException.badField("name", "release.service.name");
        }
        if (service.ports().isEmpty()) {
            throw MsapException.badField("servicesPorts", "error.field.required");
        }
        boolean nodePort = "NodePort".equals(service.type());
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < service.ports().size(); i++) {
            ChangeParams.Port port = service.ports().get(i);
            String field = "servicesPorts[" + i + "]";
            if (!Set.of("TCP", "UDP").contains(port.protocol().toUpperCase(Locale.ROOT))) {
                throw MsapException.badField(field + ".protocol", "error.field.enum", "TCP, UDP");
            }
            if (port.nodePort() != null && !nodePort) {
                throw MsapException.badField(field + ".nodePort", "release.service.nodePortType");
            }
            if (port.nodePort() != null && (port.nodePort() < 30000 || port.nodePort() > 32767)) {
                throw MsapException.badField(field + ".nodePort", "release.service.nodePortRange");
            }
            if (!seen.add(port.port() + "/" + port.protocol().toUpperCase(Locale.ROOT))) {
                throw MsapException.badField(field + ".port", "release.service.portTwice", String.valueOf(port.port()));
            }
        }
    }

    /**
     * The fields a deploy of a general application leaves out, taken from its image deployment configuration (5.5):
     * the one named by {@code deployConfigId}, or the app's only configuration for the environment. What the request
     * gives always wins; a part is taken whole (the request's variable list, even empty, replaces the configured one).
     */
    private Fields withDefaults(AppView app, String envId, DeployRequests.DeployRequest request, Fields fields) {
        Optional<DeployDefaults> found;
        if (app.appId() == null || app.category() != AppCategory.GENERAL_APP) {
            if (Texts.trimToNull(request.deployConfigId()) != null) {
                throw MsapException.unknownField("deployConfigId", "deployconfig.notFound");
            }
            found = Optional.empty();
        } else {
            found = deployConfigs.defaultsFor(app.appId(), envId, request.deployConfigId());
        }
        if (found.isEmpty()) {
            return fields;
        }
        DeployDefaults d = found.get();
        boolean noResources = request.podResourceSpec() == null && d.podResourceSpec() != null;
        boolean noCommand = request.startCommand() == null && d.startCommand() != null;
        boolean noEnv = request.envVariableList() == null;
        DeployRequests.LifeCycleMgt given = request.lifeCycleMgt();
        DeployDefaults.LifeCycleMgt configured = d.lifeCycleMgt();
        boolean noLiveness =
                (given == null || given.liveness() == null) && configured != null && configured.liveness() != null;
        boolean noReadiness =
                (given == null || given.readiness() == null) && configured != null && configured.readiness() != null;
        return new Fields(
                fields.deployVer(),
                fields.source(),
                fields.runtime(),
                noResources ? resources(ConfiguredDefaults.resources(d.podResourceSpec())) : fields.resources(),
                noCommand ? Texts.trimToNull(d.startCommand().command()) : fields.command(),
                noCommand ? d.startCommand().args() : fields.args(),
                noEnv ? env(ConfiguredDefaults.env(d.envVariableList())) : fields.env(),
                noLiveness
                        ? probe("lifeCycleMgt.liveness", ConfiguredDefaults.probe(configured.liveness()))
                        : fields.liveness(),
                noReadiness
                        ? probe("lifeCycleMgt.readiness", ConfiguredDefaults.probe(configured.readiness()))
                        : fields.readiness(),
                fields.logConfig(),
                fields.strategy());
    }

    private static DeploySpec.Resources resources(DeployRequests.PodResourceSpec spec) {
        if (spec == null) {
            return null;
        }
        if (spec.cpuRequest() != null
                && spec.cpuLimit() != null
                && spec.cpuRequest().compareTo(spec.cpuLimit()) > 0) {
            throw MsapException.badField("podResourceSpec.cpuRequest", "release.resources.requestOverLimit");
        }
        if (spec.memoryRequest() != null && spec.memoryLimit() != null && spec.memoryRequest() > spec.memoryLimit()) {
            throw MsapException.badField("podResourceSpec.memoryRequest", "release.resources.requestOverLimit");
        }
        return new DeploySpec.Resources(
                strip(spec.cpuRequest()), strip(spec.cpuLimit()), spec.memoryRequest(), spec.memoryLimit());
    }

    private static BigDecimal strip(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros();
    }

    private List<DeploySpec.Env> env(List<DeployRequests.EnvVariable> variables) {
        if (variables == null) {
            return List.of();
        }
        Set<String> names = new java.util.HashSet<>();
        List<DeploySpec.Env> env = new ArrayList<>();
        for (int i = 0; i < variables.size(); i++) {
            DeployRequests.EnvVariable v = variables.get(i);
            if (!names.add(v.name())) {
                throw MsapException.badField("envVariableList[" + i + "].name", "release.env.twice", v.name());
            }
            boolean secret = v.type() == DeployRequests.EnvType.SECRET;
            String value = v.value() == null ? "" : v.value();
            env.add(new DeploySpec.Env(v.name(), secret ? cipher.encrypt(value) : value, secret ? "SECRET" : "CUSTOM"));
        }
        return env;
    }

    private static DeploySpec.Probe probe(String field, DeployRequests.ProbeConfig probe) {
        if (probe == null || !Boolean.TRUE.equals(probe.enabled())) {
            return null;
        }
        if (probe.mode() == null) {
            throw MsapException.badField(field + ".mode", "error.field.required");
        }
        if (field.endsWith("liveness") && probe.successThreshold() != null && probe.successThreshold() != 1) {
            // Kubernetes refuses any other value for a liveness probe
            throw MsapException.badField(field + ".successThreshold", "release.probe.livenessSuccess");
        }
        List<String> command = null;
        String host = null;
        String path = null;
        Integer port = null;
        String scheme = null;
        List<DeploySpec.Header> headers = List.of();
        switch (probe.mode()) {
            case EXEC -> {
                if (probe.exec() == null
                        || probe.exec().command() == null
                        || probe.exec().command().isEmpty()) {
                    throw MsapException.badField(field + ".exec.command", "error.field.required");
                }
                command = probe.exec().command();
            }
            case HTTP_GET -> {
                if (probe.httpGet() == null || probe.httpGet().port() == null) {
                    throw MsapException.badField(field + ".httpGet.port", "error.field.required");
                }
                host = Texts.trimToNull(probe.httpGet().host());
                path = probe.httpGet().path() == null || probe.httpGet().path().isBlank()
                        ? "/"
                        : probe.httpGet().path();
                port = probe.httpGet().port();
                scheme = probe.httpGet().scheme() == null
                        ? "HTTP"
                        : probe.httpGet().scheme().name();
                if (probe.httpGet().headerList() != null) {
                    headers = probe.httpGet().headerList().stream()
                            .map(h -> new DeploySpec.Header(h.name(), h.value()))
                            .toList();
                }
            }
            case TCP_SOCKET -> {
                if (probe.tcpSocket() == null || probe.tcpSocket().port() == null) {
                    throw MsapException.badField(field + ".tcpSocket.port", "error.field.required");
                }
                host = Texts.trimToNull(probe.tcpSocket().host());
                port = probe.tcpSocket().port();
            }
        }
        return new DeploySpec.Probe(
                true,
                probe.mode().name(),
                command,
                host,
                path,
                port,
                scheme,
                headers,
                probe.initialDelaySeconds(),
                probe.periodSeconds(),
                probe.timeoutSeconds(),
                probe.successThreshold(),
                probe.failureThreshold());
    }

    private static DeploySpec.LogConfig logConfig(DeployRequests.LogConfig log) {
        if (log == null || log.logType() == null) {
            return null;
        }
        String dir = Texts.trimToNull(log.logDir());
        if (log.logType() == DeployRequests.LogType.applog && (dir == null || !dir.startsWith("/"))) {
            throw MsapException.badField("logConfig.logDir", "release.log.dir");
        }
        return new DeploySpec.LogConfig(
                log.logType().name(), dir, Texts.trimToNull(log.logProject()), Texts.trimToNull(log.logStore()));
    }

    private List<DeploySpec.ConfigMount> mounts(String envId, List<DeployRequests.ConfigMgt> configs) {
        if (configs == null) {
            return List.of();
        }
        List<DeploySpec.ConfigMount> mounts = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            DeployRequests.ConfigMgt config = configs.get(i);
            String field = "configMgtList[" + i + "]";
            String name = config.mountSource().trim();
            List<String> keys = configMaps
                    .keysOf(envId, name)
                    .orElseThrow(() ->
                            MsapException.unknownField(field + ".mountSource", "release.configMap.notFound", name));
            String dir = Texts.trimToNull(config.mountMasterDir());
            List<DeploySpec.KeyMount> items = new ArrayList<>();
            if (config.mountConfigList() != null) {
                for (int k = 0; k < config.mountConfigList().size(); k++) {
                    DeployRequests.MountConfig item = config.mountConfigList().get(k);
                    String key = item.name().trim();
                    if (!keys.contains(key)) {
                        throw MsapException.badField(
                                field + ".mountConfigList[" + k + "].name", "release.configMap.noKey", key, name);
                    }
                    String path = Texts.trimToNull(item.mountPath());
                    if (path == null) {
                        if (dir == null) {
                            throw MsapException.badField(field + ".mountMasterDir", "error.field.required");
                        }
                        path = dir.endsWith("/") ? dir + key : dir + "/" + key;
                    }
                    if (!path.startsWith("/")) {
                        throw MsapException.badField(
                                field + ".mountConfigList[" + k + "].mountPath", "release.mount.absolute");
                    }
                    items.add(new DeploySpec.KeyMount(key, path));
                }
            }
            if (items.isEmpty()) {
                if (dir == null || !dir.startsWith("/")) {
                    throw MsapException.badField(field + ".mountMasterDir", "release.mount.absolute");
                }
            }
            mounts.add(new DeploySpec.ConfigMount(name, dir, items));
        }
        return mounts;
    }

    private String text(String key, Object... args) {
        return messages.get(key, args);
    }
}
