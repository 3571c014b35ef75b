package io.msap.release;

import io.msap.environment.EnvTarget;
import io.msap.environment.EnvironmentService;
import io.msap.kubernetes.ClusterAccess;
import io.msap.kubernetes.ServiceSpec;
import io.msap.kubernetes.WorkloadState;
import io.msap.kubernetes.Workloads;
import io.msap.shared.Failure;
import io.msap.shared.Ids;
import io.msap.shared.Messages;
import io.msap.shared.MsapException;
import io.msap.shared.WireLocale;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs change orders. A workflow is an ordered list of small idempotent steps ({@link StepKind}); a step answers
 * DONE, POLL (look again after the poll interval) or FAIL(reason). {@link #advance} decides and acts, and saves each
 * transition in its own short transaction guarded by the change order's optimistic version, never holding a
 * transaction while it talks to a cluster. Applying is server-side apply, so a step repeated after a crash (work is
 * claimed at least once) changes nothing on the cluster; recording a step is done once, by the version check.
 */
@Component
class ChangeOrderRunner {

    private static final Logger log = LoggerFactory.getLogger(ChangeOrderRunner.class);

    /** The steps of a workflow. */
    enum StepKind {
        /** Renders the target workload and applies it with server-side apply. */
        APPLY_WORKLOAD,
        /** Waits until every pod of the new template is ready (or one fails, or the timeout passes). */
        AWAIT_ROLLOUT,
        /** Deletes the Deployment, its Secret and its Services. */
        DELETE_WORKLOAD,
        /** Waits until its pods are gone. */
        AWAIT_GONE,
        /** Applies a Service. */
        APPLY_SERVICE,
        /** Deletes a Service. */
        DELETE_SERVICE
    }

    /** What a step says. */
    record Outcome(Kind kind, String reason, Consumer<Tx> record) {
        enum Kind {
            DONE,
            POLL,
            FAIL
        }

        static Outcome done(Consumer<Tx> record) {
            return new Outcome(Kind.DONE, null, record);
        }

        static Outcome done() {
            return done(tx -> {});
        }

        static Outcome poll(Consumer<Tx> record) {
            return new Outcome(Kind.POLL, null, record);
        }

        static Outcome fail(String reason) {
            return new Outcome(Kind.FAIL, reason, tx -> {});
        }
    }

    /** The entities a step may change when its outcome is recorded, loaded in the recording transaction. */
    record Tx(ChangeOrder order, AppDeployment deployment, ChangeStage stage) {}

    private final ChangeOrderRepository orders;
    private final AppDeploymentRepository deployments;
    private final ChangePhaseRepository phases;
    private final ChangeStageRepository stages;
    private final DeployHistoryRepository history;
    private final EnvironmentService environments;
    private final Workloads workloads;
    private final WorkloadRenderer renderer;
    private final ReleaseJson json;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration pollInterval;
    private final Messages messages;

    ChangeOrderRunner(
            ChangeOrderRepository orders,
            AppDeploymentRepository deployments,
            ChangePhaseRepository phases,
            ChangeStageRepository stages,
            DeployHistoryRepository history,
            EnvironmentService environments,
            Workloads workloads,
            WorkloadRenderer renderer,
            ReleaseJson json,
            TransactionTemplate transaction,
            Clock clock,
            @Value("${msap.release.poll-interval:2s}") Duration pollInterval,
            Messages messages) {
        this.messages = messages;
        this.orders = orders;
        this.deployments = deployments;
        this.phases = phases;
        this.stages = stages;
        this.history = history;
        this.environments = environments;
        this.workloads = workloads;
        this.renderer = renderer;
        this.json = json;
        this.transaction = transaction;
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    /** The steps of a change type, in order. */
    static List<StepKind> workflow(ChangeType type) {
        return switch (type) {
            case DEPLOY, ROLLBACK, START, STOP, SCALE, RESTART ->
                List.of(StepKind.APPLY_WORKLOAD, StepKind.AWAIT_ROLLOUT);
            case DELETE -> List.of(StepKind.DELETE_WORKLOAD, StepKind.AWAIT_GONE);
            case CREATE_SERVICE, UPDATE_SERVICE -> List.of(StepKind.APPLY_SERVICE);
            case DELETE_SERVICE -> List.of(StepKind.DELETE_SERVICE);
        };
    }

    /**
     * Advances a change order as far as it can go now. Answers when to look at it again, or empty when there is
     * nothing more to do (finished, or waiting for someone to continue it).
     */
    Optional<Duration> advance(String changeOrderId) {
        for (int round = 0; round < 20; round++) {
            ChangeOrder order = orders.findById(changeOrderId).orElse(null);
            if (order == null || order.getExecuteStatus().terminal()) {
                return Optional.empty();
            }
            if (order.getExecuteStatus() == ChangeOrderStatus.WAITING_FOR_NEXT_BATCH) {
                return Optional.empty();
            }
            if (order.getExecuteStatus() == ChangeOrderStatus.WAITING) {
                record(order, tx -> start(tx));
                continue;
            }
            List<StepKind> steps = workflow(order.getChangeType());
            if (order.getStepIndex() >= steps.size()) {
                if (record(order, this::succeed)) {
                    log.info("change order {} ({}) SUCCEEDED", order.getId(), order.getChangeType());
                }
                return Optional.empty();
            }
            AppDeployment deployment =
                    deployments.findById(order.getAppDeployId()).orElseThrow();
            StepKind step = steps.get(order.getStepIndex());
            Outcome outcome = run(step, order, deployment);
            switch (outcome.kind()) {
                case DONE ->
                    record(order, tx -> {
                        outcome.record().accept(tx);
                        tx.order().stepDone(now());
                    });
                case POLL -> {
                    record(order, outcome.record());
                    return Optional.of(pollInterval);
                }
                case FAIL -> {
                    if (record(order, tx -> {
                        outcome.record().accept(tx);
                        fail(tx, outcome.reason());
                    })) {
                        log.info(
                                "change order {} ({}) FAILED: {}",
                                order.getId(),
                                order.getChangeType(),
                                outcome.reason());
                    }
                    return Optional.empty();
                }
            }
        }
        return Optional.of(pollInterval);
    }

    /** Stops a change order that has not finished: its moved pods stay as they are, the lock is released. */
    boolean abort(String changeOrderId, String reason, String staff) {
        // a runner may record a poll of the same order at this moment; the abort then reads it again and wins
        for (int attempt = 1; ; attempt++) {
            try {
                return abortOnce(changeOrderId, reason, staff);
            } catch (ObjectOptimisticLockingFailureException e) {
                if (attempt == 5) {
                    throw e;
                }
                log.info("change order {} moved on while being aborted; trying again", changeOrderId);
            }
        }
    }

    private boolean abortOnce(String changeOrderId, String reason, String staff) {
        Boolean aborted = transaction.execute(status -> {
            ChangeOrder order = orders.findById(changeOrderId).orElseThrow();
            if (order.getExecuteStatus().terminal()) {
                return false;
            }
            Tx tx = load(order);
            tx.order().abort(reason, staff, now());
            closeTree(tx, ChangeOrderStatus.ABORTED, reason);
            tx.deployment().status(ChangeOrderStatus.ABORTED, now());
            tx.deployment().unlock(order.getId());
            return true;
        });
        return Boolean.TRUE.equals(aborted);
    }

    // ---- steps ----

    private Outcome run(StepKind step, ChangeOrder order, AppDeployment deployment) {
        try {
            return switch (step) {
                case APPLY_WORKLOAD -> applyWorkload(order, deployment);
                case AWAIT_ROLLOUT -> awaitRollout(order, deployment);
                case DELETE_WORKLOAD -> deleteWorkload(deployment);
                case AWAIT_GONE -> awaitGone(order, deployment);
                case APPLY_SERVICE -> applyService(order, deployment);
                case DELETE_SERVICE -> deleteService(order, deployment);
            };
        } catch (MsapException e) {
            String reason = reason(e);
            if (e.failure() == Failure.UNAVAILABLE && !timedOut(order)) {
                log.info("change order {}: {}; trying again", order.getId(), reason);
                return Outcome.poll(tx -> {});
            }
            return Outcome.fail(reason);
        }
    }

    private Outcome applyWorkload(ChangeOrder order, AppDeployment deployment) {
        DeploySpec spec = json.params(order.getParams()).spec();
        workloads.apply(access(deployment), renderer.render(deployment, spec, order.getId()));
        return Outcome.done(tx -> {
            boolean newImage =
                    order.getChangeType() == ChangeType.DEPLOY || order.getChangeType() == ChangeType.ROLLBACK;
            tx.deployment()
                    .accept(
                            json.write(spec),
                            newImage ? spec.image() : null,
                            newImage ? spec.deployVer() : null,
                            now());
        });
    }

    private Outcome awaitRollout(ChangeOrder order, AppDeployment deployment) {
        ClusterAccess access = access(deployment);
        DeploySpec spec = json.params(order.getParams()).spec();
        Optional<WorkloadState.DeploymentState> state =
                workloads.deployment(access, deployment.getNamespace(), deployment.getAppDeployCode());
        List<WorkloadState.PodState> pods =
                workloads.pods(access, deployment.getNamespace(), WorkloadRenderer.selector(deployment));
        String snapshot =
                json.write(pods.stream().map(ChangeOrderRunner::podView).toList());
        Consumer<Tx> recordPods = tx -> tx.stage().pods(snapshot, now());
        if (state.isEmpty()) {
            return Outcome.fail(text("release.fail.deploymentMissing", deployment.getAppDeployCode()));
        }
        List<WorkloadState.PodState> current = pods.stream()
                .filter(p -> spec.templateChangeOrderId().equals(p.labels().get("msap.io/change-order-id")))
                .toList();
        for (WorkloadState.PodState pod : current) {
            String problem = PodStatus.problem(pod);
            if (problem != null) {
                return new Outcome(Outcome.Kind.FAIL, "Pod " + pod.name() + " " + problem, recordPods);
            }
        }
        WorkloadState.DeploymentState deploymentState = state.get();
        if ("ProgressDeadlineExceeded".equals(deploymentState.progressingReason())) {
            return new Outcome(Outcome.Kind.FAIL, deploymentState.progressingMessage(), recordPods);
        }
        boolean gone = pods.stream().allMatch(p -> current.contains(p));
        if (deploymentState.rolledOut() && gone && current.size() == spec.replicas()) {
            return Outcome.done(recordPods);
        }
        if (timedOut(order)) {
            long ready = current.stream().filter(WorkloadState.PodState::ready).count();
            return new Outcome(
                    Outcome.Kind.FAIL,
                    text("release.fail.timeout", order.getTimeoutSeconds(), ready, spec.replicas()),
                    recordPods);
        }
        return Outcome.poll(recordPods);
    }

    private Outcome deleteWorkload(AppDeployment deployment) {
        ClusterAccess access = access(deployment);
        for (WorkloadState.ServiceState service :
                workloads.services(access, deployment.getNamespace(), WorkloadRenderer.selector(deployment))) {
            workloads.deleteService(access, deployment.getNamespace(), service.name());
        }
        workloads.deleteWorkload(access, deployment.getNamespace(), deployment.getAppDeployCode());
        return Outcome.done();
    }

    private Outcome awaitGone(ChangeOrder order, AppDeployment deployment) {
        List<WorkloadState.PodState> pods =
                workloads.pods(access(deployment), deployment.getNamespace(), WorkloadRenderer.selector(deployment));
        String snapshot =
                json.write(pods.stream().map(ChangeOrderRunner::podView).toList());
        if (pods.isEmpty()) {
            return Outcome.done(tx -> tx.stage().pods(snapshot, now()));
        }
        if (timedOut(order)) {
            return Outcome.fail(text("release.fail.podsLeft", order.getTimeoutSeconds(), pods.size()));
        }
        return Outcome.poll(tx -> tx.stage().pods(snapshot, now()));
    }

    private Outcome applyService(ChangeOrder order, AppDeployment deployment) {
        workloads.apply(access(deployment), serviceSpec(deployment, order));
        return Outcome.done();
    }

    private Outcome deleteService(ChangeOrder order, AppDeployment deployment) {
        ChangeParams.ServiceParams service = json.params(order.getParams()).service();
        workloads.deleteService(access(deployment), deployment.getNamespace(), service.name());
        return Outcome.done();
    }

    /** The Service a change order writes, as it will be applied. */
    ServiceSpec serviceSpec(AppDeployment deployment, ChangeOrder order) {
        return serviceSpec(deployment, json.params(order.getParams()).service(), order.getId());
    }

    static ServiceSpec serviceSpec(AppDeployment deployment, ChangeParams.ServiceParams service, String changeOrderId) {
        return new ServiceSpec(
                deployment.getNamespace(),
                service.name(),
                service.type(),
                service.ports().stream()
                        .map(p -> new WorkloadState.ServicePort(
                                p.port(),
                                p.targetPort(),
                                p.nodePort(),
                                p.protocol().toUpperCase(Locale.ROOT)))
                        .toList(),
                service.trafficPolicy(),
                WorkloadRenderer.selector(deployment),
                WorkloadRenderer.labels(deployment, null, changeOrderId));
    }

    // ---- recording ----

    private void start(Tx tx) {
        tx.order().moveTo(ChangeOrderStatus.RUNNING, now());
        tx.stage().status(ChangeOrderStatus.RUNNING, null, now());
        phases.findById(tx.stage().getPhaseId()).orElseThrow().status(ChangeOrderStatus.RUNNING.stageCode(), now());
        tx.deployment().status(ChangeOrderStatus.RUNNING, now());
    }

    private void succeed(Tx tx) {
        ChangeOrder order = tx.order();
        order.moveTo(ChangeOrderStatus.SUCCEEDED, now());
        closeTree(tx, ChangeOrderStatus.SUCCEEDED, null);
        AppDeployment deployment = tx.deployment();
        deployment.unlock(order.getId());
        if (order.getChangeType() == ChangeType.DELETE) {
            deployment.delete(now());
            orders.findByAppDeployId(deployment.getId()).forEach(o -> o.invalidate(now()));
            return;
        }
        deployment.status(ChangeOrderStatus.SUCCEEDED, now());
        if (order.getChangeType() == ChangeType.DEPLOY || order.getChangeType() == ChangeType.ROLLBACK) {
            DeploySpec spec = json.params(order.getParams()).spec();
            ImageRef image = ImageRef.parse(spec.image());
            history.save(new DeployHistory(
                    Ids.newId(),
                    deployment.getId(),
                    order.getId(),
                    spec.image(),
                    image.name(),
                    image.version(),
                    null,
                    json.write(spec),
                    now()));
        }
    }

    private void fail(Tx tx, String reason) {
        tx.order().fail(reason, now());
        closeTree(tx, ChangeOrderStatus.FAILED, reason);
        tx.deployment().status(ChangeOrderStatus.FAILED, now());
        tx.deployment().unlock(tx.order().getId());
    }

    /** Ends the stages and phases of a change order that ended: the running ones take its end status. */
    private void closeTree(Tx tx, ChangeOrderStatus end, String reason) {
        List<ChangePhase> orderPhases =
                phases.findByChangeOrderIdOrderBySeq(tx.order().getId());
        for (ChangeStage stage : stagesOf(orderPhases)) {
            if (!isDone(stage.getStatus())) {
                stage.status(end, reason, now());
            }
        }
        orderPhases.forEach(p -> {
            if (!isDone(p.getStatus())) {
                p.status(end.stageCode(), now());
            }
        });
    }

    /** The stages of the given phases, in phase order and stage order. */
    private List<ChangeStage> stagesOf(List<ChangePhase> orderPhases) {
        List<String> ids = orderPhases.stream().map(ChangePhase::getId).toList();
        return stages.findByPhaseIdInOrderBySeq(ids).stream()
                .sorted(java.util.Comparator.comparingInt((ChangeStage st) -> ids.indexOf(st.getPhaseId()))
                        .thenComparingInt(ChangeStage::getSeq))
                .toList();
    }

    private static boolean isDone(String code) {
        return "13".equals(code) || "14".equals(code);
    }

    /**
     * Runs {@code change} in its own transaction on freshly loaded entities, only if the change order is still at the
     * version the decision was made on; otherwise someone else moved it (a second runner, an abort) and nothing is
     * recorded.
     */
    private boolean record(ChangeOrder decidedOn, Consumer<Tx> change) {
        try {
            Boolean recorded = transaction.execute(status -> {
                ChangeOrder order = orders.findById(decidedOn.getId()).orElseThrow();
                if (order.getVersion() != decidedOn.getVersion()) {
                    status.setRollbackOnly();
                    return false;
                }
                change.accept(load(order));
                order.touch(now());
                return true;
            });
            return Boolean.TRUE.equals(recorded);
        } catch (ObjectOptimisticLockingFailureException e) {
            log.info("change order {} moved on elsewhere; looking again", decidedOn.getId());
            return false;
        }
    }

    private Tx load(ChangeOrder order) {
        AppDeployment deployment = deployments.findById(order.getAppDeployId()).orElseThrow();
        List<ChangePhase> orderPhases = phases.findByChangeOrderIdOrderBySeq(order.getId());
        ChangeStage stage = stagesOf(orderPhases).stream()
                .filter(s -> !isDone(s.getStatus()))
                .findFirst()
                .orElseGet(() -> stagesOf(orderPhases).stream()
                        .reduce((first, second) -> second)
                        .orElseThrow());
        return new Tx(order, deployment, stage);
    }

    private ClusterAccess access(AppDeployment deployment) {
        EnvTarget target = environments
                .target(deployment.getEnvId())
                .filter(t -> t.instId().equals(deployment.getClusterId())
                        && t.namespace().equals(deployment.getNamespace()))
                .orElseThrow(() -> MsapException.conflict("release.env.targetChanged"));
        return target.access();
    }

    private boolean timedOut(ChangeOrder order) {
        Instant started = order.getStepStartedAt() == null ? order.getCreateTime() : order.getStepStartedAt();
        return Duration.between(started, now()).getSeconds() > order.getTimeoutSeconds();
    }

    private static ReleaseJson.PodView podView(WorkloadState.PodState pod) {
        PodStatus status = PodStatus.of(pod);
        return new ReleaseJson.PodView(pod.name(), pod.ip(), status.code(), PodStatus.problem(pod));
    }

    /** The reason of a failure as stored with the change order: in Chinese, the platform's default language. */
    private String reason(MsapException e) {
        return messages.get(WireLocale.CHINESE, e.messageKey(), e.args());
    }

    private String text(String key, Object... args) {
        return messages.get(WireLocale.CHINESE, key, args);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
