package io.msap.release;

import io.msap.app.AppService;
import io.msap.app.AppView;
import io.msap.environment.EnvironmentService;
import io.msap.environment.EnvironmentView;
import io.msap.kubernetes.ClusterAccess;
import io.msap.kubernetes.WorkloadState;
import io.msap.kubernetes.Workloads;
import io.msap.project.ProjectAccess;
import io.msap.project.ProjectPermission;
import io.msap.shared.Caller;
import io.msap.shared.Failure;
import io.msap.shared.Ids;
import io.msap.shared.Messages;
import io.msap.shared.MsapException;
import io.msap.shared.PageQuery;
import io.msap.shared.Texts;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The reads of manual 5.3: app deployments and their change orders from the database, their Deployment, pods and
 * Services live from the cluster.
 */
@Service
class ReleaseQueryService {

    static final int RECENT_CHANGE_ORDERS = 50;

    private final AppDeploymentRepository deployments;
    private final ChangeOrderRepository orders;
    private final ChangePhaseRepository phases;
    private final ChangeStageRepository stages;
    private final DeployHistoryRepository history;
    private final ReleaseService releases;
    private final AppService apps;
    private final EnvironmentService environments;
    private final ProjectAccess projectAccess;
    private final Workloads workloads;
    private final ReleaseJson json;

    ReleaseQueryService(
            AppDeploymentRepository deployments,
            ChangeOrderRepository orders,
            ChangePhaseRepository phases,
            ChangeStageRepository stages,
            DeployHistoryRepository history,
            ReleaseService releases,
            AppService apps,
            EnvironmentService environments,
            ProjectAccess projectAccess,
            Workloads workloads,
            ReleaseJson json) {
        this.deployments = deployments;
        this.orders = orders;
        this.phases = phases;
        this.stages = stages;
        this.history = history;
        this.releases = releases;
        this.apps = apps;
        this.environments = environments;
        this.projectAccess = projectAccess;
        this.workloads = workloads;
        this.json = json;
    }

    /** A row of listApplication. */
    record DeploymentRow(
            String appDeployId,
            String appId,
            String appName,
            String appDeployCode,
            String branchName,
            String category,
            String categoryName,
            String deployEnvId,
            String deployEnvName,
            String clusterName,
            String namespace,
            String imageUrl,
            String deployVer,
            String statusCd,
            String statusCdName,
            String createStaff,
            Instant createTime) {}

    /** getK8sApplication. */
    record DeploymentDetail(
            String appDeployId,
            String appId,
            String appName,
            String appCode,
            String appDeployCode,
            String appDeployName,
            String buildPackageName,
            String buildPackagePath,
            String buildPackageType,
            String category,
            String categoryName,
            String changeOrderId,
            String clusterName,
            String namespace,
            BigDecimal cpuLimit,
            BigDecimal cpuRequest,
            Integer memoryLimit,
            Integer memoryRequest,
            String envCode,
            String envName,
            String projectCode,
            String imageUrl,
            String deployVer,
            Integer runningPod,
            Integer totalPod,
            String statusCd,
            String statusCdName,
            Instant statusTime,
            String createStaff,
            Instant createTime) {}

    record PodCount(int runningPod, int totalPod) {}

    /** getAppDeployment. */
    record DeploymentView(
            String name,
            String namespace,
            String imageUrl,
            int replicas,
            int updatedReplicas,
            int availableReplicas,
            int unavailableReplicas,
            int readyReplicas,
            Instant createDate,
            String deployVer,
            String track) {}

    /** describeAppInstanceList. */
    record InstanceView(
            String name,
            String containerName,
            String imageUrl,
            String namespaceName,
            String nodeName,
            String podIp,
            int restartCount,
            String statusCd,
            String statusCdName,
            String errMsg,
            String deployVer,
            String changeOrderId,
            Instant createDate,
            String track,
            String grayTag) {}

    /** getK8sServices. */
    record ServiceView(
            String name,
            String type,
            String clusterIp,
            String intraVip,
            String extraVip,
            String trafficPolicy,
            List<PortView> servicesPorts) {}

    record PortView(Integer port, Integer targetPort, Integer nodePort, String protocol) {}

    /** A row of listRecentChangeOrder. */
    record ChangeOrderRow(
            String changeOrderId,
            String appDeployId,
            String changeType,
            String changeTypeName,
            String changeSource,
            String objectType,
            String objectId,
            String description,
            String deploymentVer,
            String resourceType,
            String resourceName,
            String resourceYaml,
            int batchCount,
            String batchType,
            int batchInterval,
            int timeout,
            String executeStatus,
            String executeStatusName,
            String failReason,
            Instant startTime,
            Instant endTime,
            String statusCd,
            Instant statusDate,
            String createStaff,
            Instant createDate,
            String updateStaff,
            Instant updateDate) {}

    /** getChangeOrderInfo. */
    record ChangeOrderInfo(
            String changeOrderId,
            String appDeployId,
            String changeType,
            String changeTypeName,
            String changeSource,
            String objectType,
            String description,
            int batchCount,
            String batchType,
            String batchTypeName,
            int batchInterval,
            int timeout,
            String executeStatus,
            String executeStatusName,
            String failReason,
            Instant startTime,
            Instant endTime,
            String resourceType,
            String resourceName,
            String resourceYaml,
            String statusCd,
            String statusCdName,
            Instant statusDate,
            String createStaff,
            Instant createDate,
            String updateStaff,
            Instant updateDate,
            List<PipelineInfo> pipelineInfoList,
            boolean grayUpdate,
            DeployStrategies.GrayRuleView grayRule,
            String rollbackOf,
            String rollbackImage) {}

    record PipelineInfo(
            String pipelineId,
            String pipelineName,
            String pipelineStatus,
            String pipelineStatusName,
            Instant startTime,
            Instant updateTime,
            List<StageInfo> stageList) {}

    record StageInfo(
            String stageName,
            String status,
            String statusName,
            Instant startTime,
            Instant updateTime,
            List<TaskInfo> taskInfo) {}

    record TaskInfo(String taskId, String taskName, Instance instance, ResourceInfo resourceInfo) {}

    record Instance(
            String instanceName, String instanceStatus, String instanceStatusName, String errMsg, List<PodInfo> pods) {}

    record PodInfo(String podName, String podIp, String podStatus, String podStatusName, String errMsg) {}

    record ResourceInfo(String resourceName, String resourceYml) {}

    /** A row of listHistoryDeployVersion. */
    record HistoryRow(
            String imageUrl,
            String imageName,
            String imageVer,
            String imageId,
            String changeOrderId,
            Instant createTime) {}

    // ---- app deployments ----

    @Transactional(readOnly = true)
    List<DeploymentRow> list(Caller caller, String projectId, String deployEnvId, String appName, String category) {
        String project = projectAccess
                .require(caller, projectId, ProjectPermission.APP_VIEW)
                .projectId();
        String envFilter = Texts.trimToNull(deployEnvId);
        if (envFilter != null) {
            EnvironmentView env = environments.require(caller, "deployEnvId", envFilter, ProjectPermission.ENV_VIEW);
            if (!env.projectId().equals(project)) {
                throw MsapException.unknownField("deployEnvId", "environment.notFound");
            }
            envFilter = env.envId();
        }
        String categoryFilter = Texts.trimToNull(category);
        if (categoryFilter != null && !AppDeployment.CATEGORY.equals(categoryFilter)) {
            throw MsapException.badField("category", "error.field.enum", AppDeployment.CATEGORY);
        }
        String nameFilter = Texts.trimToNull(appName);
        Map<String, EnvironmentView> envs = environments.environmentsOfProjects(List.of(project)).stream()
                .collect(Collectors.toMap(EnvironmentView::envId, Function.identity()));
        String envId = envFilter;
        return deployments.findByProjectIdAndDeletedFalseOrderByCreateTimeDescIdDesc(project).stream()
                .filter(d -> envId == null || d.getEnvId().equals(envId))
                .filter(d -> nameFilter == null
                        || d.getAppDeployName().toLowerCase(Locale.ROOT).contains(nameFilter.toLowerCase(Locale.ROOT)))
                .map(d -> new DeploymentRow(
                        d.getId(),
                        d.getAppId(),
                        d.getAppDeployName(),
                        d.getAppDeployCode(),
                        null,
                        d.getCategory(),
                        categoryName(),
                        d.getEnvId(),
                        Optional.ofNullable(envs.get(d.getEnvId()))
                                .map(EnvironmentView::envName)
                                .orElse(null),
                        d.getClusterName(),
                        d.getNamespace(),
                        d.getImageUrl(),
                        d.getDeployVer(),
                        d.getStatusCd(),
                        statusName(d.getStatusCd()),
                        d.getCreateStaff(),
                        d.getCreateTime()))
                .toList();
    }

    @Transactional(readOnly = true)
    DeploymentDetail detail(Caller caller, String appDeployId) {
        AppDeployment d = releases.visibleDeployment(caller, appDeployId);
        DeploySpec spec = json.spec(d.getSpec());
        EnvironmentView env = environments.find(d.getEnvId()).orElseThrow();
        String projectCode = projectAccess
                .require(caller, d.getProjectId(), ProjectPermission.PROJECT_VIEW)
                .projectCode();
        Optional<AppView> app = apps.find(d.getAppId());
        Integer running = null;
        Integer total = null;
        try {
            PodCount count = podCount(d);
            running = count.runningPod();
            total = count.totalPod();
        } catch (MsapException e) {
            if (e.failure() != Failure.UNAVAILABLE) {
                throw e;
            }
        }
        String latest = orders
                .findByAppDeployIdOrderByCreateTimeDescIdDesc(
                        d.getId(), PageQuery.first().toPageable(org.springframework.data.domain.Sort.unsorted()))
                .stream()
                .findFirst()
                .map(ChangeOrder::getId)
                .orElse(null);
        return new DeploymentDetail(
                d.getId(),
                d.getAppId(),
                d.getAppDeployName(),
                app.map(AppView::name).orElse(d.getAppDeployName()),
                d.getAppDeployCode(),
                d.getAppDeployName(),
                null,
                null,
                null,
                d.getCategory(),
                categoryName(),
                latest,
                d.getClusterName(),
                d.getNamespace(),
                spec == null || spec.resources() == null
                        ? null
                        : spec.resources().cpuLimit(),
                spec == null || spec.resources() == null
                        ? null
                        : spec.resources().cpuRequest(),
                spec == null || spec.resources() == null
                        ? null
                        : spec.resources().memoryLimit(),
                spec == null || spec.resources() == null
                        ? null
                        : spec.resources().memoryRequest(),
                env.envCode(),
                env.envName(),
                projectCode,
                d.getImageUrl(),
                d.getDeployVer(),
                running,
                total,
                d.getStatusCd(),
                statusName(d.getStatusCd()),
                d.getStatusTime(),
                d.getCreateStaff(),
                d.getCreateTime());
    }

    @Transactional(readOnly = true)
    PodCount status(Caller caller, String appDeployId) {
        return podCount(releases.visibleDeployment(caller, appDeployId));
    }

    @Transactional(readOnly = true)
    List<DeploymentView> deployment(Caller caller, String appDeployId) {
        AppDeployment d = releases.visibleDeployment(caller, appDeployId);
        ClusterAccess access = access(d);
        // the app's own Deployment, then those of a release in batches running beside it (docs/adr/0008)
        List<String> names = new ArrayList<>();
        names.add(d.getAppDeployCode());
        for (WorkloadRenderer.Track track : WorkloadRenderer.Track.values()) {
            names.add(WorkloadRenderer.releaseName(d, track));
        }
        List<DeploymentView> views = new ArrayList<>();
        for (String name : names) {
            workloads
                    .deployment(access, d.getNamespace(), name)
                    .filter(s -> d.getId().equals(s.labels().get("msap.io/app-deploy-id")))
                    .ifPresent(s -> views.add(new DeploymentView(
                            s.name(),
                            s.namespace(),
                            s.image(),
                            s.replicas(),
                            s.updatedReplicas(),
                            s.availableReplicas(),
                            s.unavailableReplicas(),
                            s.readyReplicas(),
                            s.createTime(),
                            s.labels().get("app.kubernetes.io/version"),
                            s.labels().getOrDefault(WorkloadRenderer.TRACK, "stable"))));
        }
        return views;
    }

    @Transactional(readOnly = true)
    List<InstanceView> instances(Caller caller, String appDeployId) {
        AppDeployment d = releases.visibleDeployment(caller, appDeployId);
        return workloads.pods(access(d), d.getNamespace(), WorkloadRenderer.selector(d)).stream()
                .map(p -> {
                    PodStatus status = PodStatus.of(p);
                    return new InstanceView(
                            p.name(),
                            p.containerName(),
                            p.image(),
                            d.getNamespace(),
                            p.nodeName(),
                            p.ip(),
                            p.restartCount(),
                            status.code(),
                            status.displayName(),
                            PodStatus.problem(p),
                            p.labels().get("app.kubernetes.io/version"),
                            p.labels().get("msap.io/change-order-id"),
                            p.createTime(),
                            p.labels().getOrDefault(WorkloadRenderer.TRACK, "stable"),
                            p.labels().get(WorkloadRenderer.GRAY_TAG));
                })
                .toList();
    }

    @Transactional(readOnly = true)
    List<ServiceView> services(Caller caller, String appDeployId) {
        AppDeployment d = releases.visibleDeployment(caller, appDeployId);
        return workloads.services(access(d), d.getNamespace(), WorkloadRenderer.selector(d)).stream()
                .map(s -> new ServiceView(
                        s.name(),
                        s.type(),
                        s.clusterIp(),
                        s.clusterIp(),
                        s.externalIps().isEmpty() ? null : s.externalIps().get(0),
                        s.externalTrafficPolicy(),
                        s.ports().stream()
                                .map(p -> new PortView(p.port(), p.targetPort(), p.nodePort(), p.protocol()))
                                .toList()))
                .toList();
    }

    @Transactional(readOnly = true)
    List<HistoryRow> history(Caller caller, String appDeployId) {
        AppDeployment d = releases.visibleDeployment(caller, appDeployId);
        return history.findByAppDeployIdOrderByCreateTimeDescIdDesc(d.getId()).stream()
                .map(h -> new HistoryRow(
                        h.getImageUrl(),
                        h.getImageName(),
                        h.getImageVer(),
                        h.getImageId(),
                        h.getChangeOrderId(),
                        h.getCreateTime()))
                .toList();
    }

    // ---- change orders ----

    @Transactional(readOnly = true)
    List<ChangeOrderRow> recentChangeOrders(Caller caller, String appDeployId, PageQuery page) {
        String id = Ids.require("appDeployId", appDeployId, "release.deployment.notFound");
        AppDeployment d = deployments
                .findById(id)
                .filter(x -> x.getTenantId() == caller.tenantId())
                .orElseThrow(() -> MsapException.unknownField("appDeployId", "release.deployment.notFound"));
        try {
            projectAccess.require(caller, "appDeployId", d.getProjectId(), ProjectPermission.PROJECT_VIEW);
        } catch (MsapException e) {
            throw MsapException.unknownField("appDeployId", "release.deployment.notFound");
        }
        PageQuery query = page == null ? new PageQuery(1, RECENT_CHANGE_ORDERS) : page;
        return orders
                .findByAppDeployIdOrderByCreateTimeDescIdDesc(
                        d.getId(), query.toPageable(org.springframework.data.domain.Sort.unsorted()))
                .stream()
                .map(o -> new ChangeOrderRow(
                        o.getId(),
                        o.getAppDeployId(),
                        o.getChangeType().name(),
                        o.getChangeType().displayName(),
                        o.getChangeSource(),
                        o.getObjectType(),
                        o.getObjectId(),
                        o.getDescription(),
                        o.getDeploymentVer(),
                        o.getResourceType(),
                        o.getResourceName(),
                        o.getResourceYaml(),
                        o.getBatchCount(),
                        o.getBatchType(),
                        o.getBatchInterval(),
                        o.getTimeoutSeconds(),
                        o.getExecuteStatus().name(),
                        o.getExecuteStatus().displayName(),
                        o.getFailReason(),
                        o.getStartTime(),
                        o.getEndTime(),
                        o.getStatusCd(),
                        o.getStatusTime(),
                        o.getCreateStaff(),
                        o.getCreateTime(),
                        o.getUpdateStaff(),
                        o.getUpdateTime()))
                .toList();
    }

    @Transactional(readOnly = true)
    ChangeOrderInfo changeOrder(Caller caller, String changeOrderId) {
        ChangeOrder o = releases.visibleOrder(caller, changeOrderId);
        List<ChangePhase> orderPhases = phases.findByChangeOrderIdOrderBySeq(o.getId());
        Map<String, List<ChangeStage>> stagesByPhase =
                stages
                        .findByPhaseIdInOrderBySeq(
                                orderPhases.stream().map(ChangePhase::getId).toList())
                        .stream()
                        .collect(Collectors.groupingBy(ChangeStage::getPhaseId));
        List<PipelineInfo> pipelines = orderPhases.stream()
                .map(p -> new PipelineInfo(
                        p.getId(),
                        p.getPhaseName(),
                        p.getStatus(),
                        stageStatusName(p.getStatus(), o.getExecuteStatus()),
                        p.getStartTime(),
                        p.getUpdateTime(),
                        stagesByPhase.getOrDefault(p.getId(), List.of()).stream()
                                .sorted(Comparator.comparingInt(ChangeStage::getSeq))
                                .map(s -> new StageInfo(
                                        s.getStageName(),
                                        s.getStatus(),
                                        stageStatusName(s.getStatus(), o.getExecuteStatus()),
                                        s.getStartTime(),
                                        s.getUpdateTime(),
                                        List.of(new TaskInfo(
                                                s.getTaskId(),
                                                s.getTaskName(),
                                                new Instance(
                                                        s.getInstanceName(),
                                                        s.getInstanceStatus(),
                                                        instanceStatusName(s.getInstanceStatus(), o.getExecuteStatus()),
                                                        s.getErrMsg(),
                                                        json.pods(s.getPods()).stream()
                                                                .map(pod -> new PodInfo(
                                                                        pod.podName(),
                                                                        pod.podIp(),
                                                                        pod.podStatus(),
                                                                        podStatusName(pod.podStatus()),
                                                                        pod.errMsg()))
                                                                .toList()),
                                                new ResourceInfo(
                                                        s.getResourceName(),
                                                        // a build applies nothing; the other stages the order's
                                                        // manifests unless they have their own
                                                        s.getResourceYaml() == null && !buildPhase(p)
                                                                ? o.getResourceYaml()
                                                                : s.getResourceYaml())))))
                                .toList()))
                .toList();
        return new ChangeOrderInfo(
                o.getId(),
                o.getAppDeployId(),
                o.getChangeType().name(),
                o.getChangeType().displayName(),
                o.getChangeSource(),
                o.getObjectType(),
                o.getDescription(),
                o.getBatchCount(),
                o.getBatchType(),
                "MANUAL".equals(o.getBatchType()) ? text("手动", "Manual") : text("自动", "Automatic"),
                o.getBatchInterval(),
                o.getTimeoutSeconds(),
                o.getExecuteStatus().name(),
                o.getExecuteStatus().displayName(),
                o.getFailReason(),
                o.getStartTime(),
                o.getEndTime(),
                o.getResourceType(),
                o.getResourceName(),
                o.getResourceYaml(),
                o.getStatusCd(),
                "SOA".equals(o.getStatusCd()) ? text("有效", "Valid") : text("无效", "Invalid"),
                o.getStatusTime(),
                o.getCreateStaff(),
                o.getCreateTime(),
                o.getUpdateStaff(),
                o.getUpdateTime(),
                pipelines,
                o.isGrayUpdate(),
                o.getGrayRule() == null ? null : json.grayRule(o.getGrayRule()),
                o.getRollbackOf(),
                o.getRollbackImage());
    }

    // ---- helpers ----

    private PodCount podCount(AppDeployment d) {
        List<WorkloadState.PodState> pods = workloads.pods(access(d), d.getNamespace(), WorkloadRenderer.selector(d));
        int running = (int)
                pods.stream().filter(p -> PodStatus.of(p) == PodStatus.RUNNING).count();
        return new PodCount(running, pods.size());
    }

    private ClusterAccess access(AppDeployment d) {
        return environments
                .target(d.getEnvId())
                .filter(t -> t.instId().equals(d.getClusterId()))
                .orElseThrow(() -> MsapException.conflict("release.env.targetChanged"))
                .access();
    }

    private static String categoryName() {
        return text("镜像部署", "Image deploy");
    }

    /** The name of an app deployment's SOW/SOP/SOA/SOE/SOX status. */
    static String statusName(String statusCd) {
        return switch (statusCd) {
            case "SOW" -> text("待执行", "Waiting");
            case "SOP" -> text("执行中", "Running");
            case "SOA" -> text("执行成功", "Succeeded");
            case "SOE" -> text("执行失败", "Failed");
            default -> text("无效", "Invalid");
        };
    }

    private static String stageStatusName(String code, ChangeOrderStatus order) {
        return switch (code) {
            case "11" -> text("等待执行", "Waiting");
            case "15" -> text("等待执行", "Waiting for confirmation");
            case "12" -> text("执行中", "Running");
            case "13" -> text("执行成功", "Succeeded");
            default -> order == ChangeOrderStatus.ABORTED ? text("已中止", "Aborted") : text("执行失败", "Failed");
        };
    }

    private static String instanceStatusName(String code, ChangeOrderStatus order) {
        return switch (code) {
            case "SOW" -> text("待执行", "Waiting");
            case "SOP" -> text("执行中", "Running");
            case "SOA" -> text("执行成功", "Succeeded");
            default -> order == ChangeOrderStatus.ABORTED ? text("已中止", "Aborted") : text("执行失败", "Failed");
        };
    }

    private static String podStatusName(String code) {
        for (PodStatus status : PodStatus.values()) {
            if (status.code().equals(code)) {
                return status.displayName();
            }
        }
        return code;
    }

    private static String text(String chinese, String english) {
        return Messages.english() ? english : chinese;
    }

    /** Whether a phase is one of a deploy's builds (编译, 构建镜像), which apply no manifest. */
    private static boolean buildPhase(ChangePhase phase) {
        return ReleaseService.COMPILE_PHASE.equals(phase.getPhaseName())
                || ReleaseService.IMAGE_PHASE.equals(phase.getPhaseName());
    }
}
