package io.msap.release;

import io.msap.artifact.ImageBuilder;
import io.msap.artifact.ImageService;
import io.msap.artifact.ImageView;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
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
        /** Builds the deploy's package from source and publishes it (phase 编译; deploySource CODE). */
        BUILD_PACKAGE,
        /** Builds the deploy's image from its package (phase 构建镜像; deploySource CODE and PACKAGE). */
        BUILD_IMAGE,
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
        DELETE_SERVICE,
        /** Grows the release Deployment of a batch to the new-version pods due after it. */
        APPLY_BATCH,
        /** Waits until the batch's new pods are ready. */
        AWAIT_BATCH,
        /** Shrinks the app's own (old-version) Deployment by as many pods as have moved, and waits for it. */
        SHRINK_OLD,
        /** Waits for continuePipeline (or, between automatic batches, for the wait time). */
        PAUSE,
        /** Deletes the release Deployments of batches (the new version now runs in the app's own Deployment). */
        REMOVE_RELEASE,
        /** Waits until the release Deployments' pods are gone. */
        AWAIT_RELEASE_GONE
    }

    /** A step of a change order's workflow; {@code batch} is the 1-based batch a batch step works on, else 0. */
    record Step(StepKind kind, int batch) {

        static Step of(StepKind kind) {
            return new Step(kind, 0);
        }
    }

    /** What a step says. */
    record Outcome(Kind kind, String reason, Consumer<Tx> record, Duration after) {
        enum Kind {
            DONE,
            POLL,
            FAIL,
            /** The change order now waits for the next batch (recorded by {@code record}). */
            PAUSE
        }

        Outcome(Kind kind, String reason, Consumer<Tx> record) {
            this(kind, reason, record, null);
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

        static Outcome fail(String reason, Consumer<Tx> record) {
            return new Outcome(Kind.FAIL, reason, record);
        }

        static Outcome pause(Consumer<Tx> record, Duration after) {
            return new Outcome(Kind.PAUSE, null, record, after);
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
    private final ObjectProvider<SourceBuilds> sourceBuilds;
    private final ImageBuilder imageBuilder;
    private final ImageService images;

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
            Messages messages,
            ObjectProvider<SourceBuilds> sourceBuilds,
            ImageBuilder imageBuilder,
            ImageService images) {
        this.messages = messages;
        this.sourceBuilds = sourceBuilds;
        this.imageBuilder = imageBuilder;
        this.images = images;
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

    /**
     * The steps of a change order, in order. A deploy in batches (docs/adr/0008) grows a release Deployment batch by
     * batch while the app's own Deployment shrinks, pausing between batches, then moves the new version into the app's
     * own Deployment and removes the release Deployments; a plain deploy or a rollback is one rolling update (and
     * removes what a failed or stopped release in batches left).
     */
    static List<Step> workflow(ChangeType type, ChangeParams.Batches batches, ChangeParams.Build build) {
        List<Step> steps = new ArrayList<>();
        switch (type) {
            case DEPLOY, ROLLBACK -> {
                if (build != null) {
                    if (build.fromSource()) {
                        steps.add(Step.of(StepKind.BUILD_PACKAGE));
                    }
                    steps.add(Step.of(StepKind.BUILD_IMAGE));
                }
                if (batches != null) {
                    for (int k = 1; k <= batches.sizes().size(); k++) {
                        steps.add(new Step(StepKind.APPLY_BATCH, k));
                        steps.add(new Step(StepKind.AWAIT_BATCH, k));
                        steps.add(new Step(StepKind.SHRINK_OLD, k));
                        if (batches.pausesAfter(k)) {
                            steps.add(new Step(StepKind.PAUSE, k));
                        }
                    }
                }
                steps.add(Step.of(StepKind.APPLY_WORKLOAD));
                steps.add(Step.of(StepKind.AWAIT_ROLLOUT));
                steps.add(Step.of(StepKind.REMOVE_RELEASE));
                steps.add(Step.of(StepKind.AWAIT_RELEASE_GONE));
            }
            case START, STOP, SCALE, RESTART -> {
                steps.add(Step.of(StepKind.APPLY_WORKLOAD));
                steps.add(Step.of(StepKind.AWAIT_ROLLOUT));
            }
            case DELETE -> {
                steps.add(Step.of(StepKind.DELETE_WORKLOAD));
                steps.add(Step.of(StepKind.AWAIT_GONE));
            }
            case CREATE_SERVICE, UPDATE_SERVICE -> steps.add(Step.of(StepKind.APPLY_SERVICE));
            case DELETE_SERVICE -> steps.add(Step.of(StepKind.DELETE_SERVICE));
        }
        return steps;
    }

    private List<Step> workflow(ChangeOrder order) {
        ChangeParams params = json.params(order.getParams());
        return workflow(order.getChangeType(), params.batches(), params.build());
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
                Optional<Duration> wait = autoWait(order);
                if (wait.isEmpty()) {
                    // waits for continuePipeline, which queues it again
                    return Optional.empty();
                }
                if (!wait.get().isZero()) {
                    return wait;
                }
                if (record(order, tx -> resume(tx, null))) {
                    log.info("change order {}: the next batch starts after its wait time", order.getId());
                }
                continue;
            }
            if (order.getExecuteStatus() == ChangeOrderStatus.WAITING) {
                record(order, tx -> start(tx));
                continue;
            }
            List<Step> steps = workflow(order);
            if (order.getStepIndex() >= steps.size()) {
                if (record(order, this::succeed)) {
                    log.info("change order {} ({}) SUCCEEDED", order.getId(), order.getChangeType());
                }
                return Optional.empty();
            }
            AppDeployment deployment =
                    deployments.findById(order.getAppDeployId()).orElseThrow();
            Step step = steps.get(order.getStepIndex());
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
                case PAUSE -> {
                    if (!record(order, outcome.record())) {
                        continue;
                    }
                    log.info("change order {} waits for its next batch", order.getId());
                    // an automatic pause comes back at its time; a manual one when continuePipeline queues it
                    return Optional.ofNullable(outcome.after());
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

    /**
     * Aborts a change order that has not finished, inside the caller's transaction (a rollback stops the change it
     * undoes and takes its lock in one go); false when it had finished.
     */
    boolean abortWithin(String changeOrderId, String reason, String staff) {
        return abortOnce(changeOrderId, reason, staff);
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

    private Outcome run(Step step, ChangeOrder order, AppDeployment deployment) {
        try {
            return switch (step.kind()) {
                case BUILD_PACKAGE -> buildPackage(order, deployment);
                case BUILD_IMAGE -> buildImage(order, deployment);
                case APPLY_WORKLOAD -> applyWorkload(order, deployment);
                case AWAIT_ROLLOUT -> awaitRollout(order, deployment);
                case DELETE_WORKLOAD -> deleteWorkload(deployment);
                case AWAIT_GONE -> awaitGone(order, deployment);
                case APPLY_SERVICE -> applyService(order, deployment);
                case DELETE_SERVICE -> deleteService(order, deployment);
                case APPLY_BATCH -> applyBatch(order, deployment, step.batch());
                case AWAIT_BATCH -> awaitBatch(order, deployment, step.batch());
                case SHRINK_OLD -> shrinkOld(order, deployment, step.batch());
                case PAUSE -> pause(order, step.batch());
                case REMOVE_RELEASE -> removeRelease(deployment);
                case AWAIT_RELEASE_GONE -> awaitReleaseGone(order, deployment);
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

    // ---- builds ----

    private Outcome buildPackage(ChangeOrder order, AppDeployment deployment) {
        ChangeParams params = json.params(order.getParams());
        ChangeParams.Build build = params.build();
        if (build.packageId() != null) {
            return Outcome.done(this::finishBuildStage);
        }
        SourceBuilds builder = sourceBuilds.getIfAvailable();
        if (builder == null) {
            return Outcome.fail(text("release.fail.noSourceBuilds"));
        }
        BuildLog buildLog = new BuildLog();
        SourceBuilds.Built built;
        try {
            built = builder.build(
                    new SourceBuilds.Request(
                            deployment.getTenantId(),
                            deployment.getProjectId(),
                            deployment.getAppId(),
                            build.ref(),
                            build.buildEnvCode(),
                            build.packagePath(),
                            build.packageName(),
                            build.packageVer(),
                            order.getCreateStaff(),
                            order.getCreateUserId(),
                            order.getId()),
                    buildLog,
                    () -> stopped(order.getId()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.poll(tx -> {});
        } catch (MsapException e) {
            String reason = reason(e);
            if (e.failure() == Failure.UNAVAILABLE) {
                throw e;
            }
            return Outcome.fail(
                    reason, tx -> tx.stage().status(ChangeOrderStatus.FAILED, buildLog.with(reason), now()));
        }
        log.info("change order {}: built package {} {}", order.getId(), built.packageName(), built.packageVer());
        ChangeParams next = params.withBuild(build.withPackage(built.packageId()));
        return Outcome.done(tx -> {
            tx.order().params(json.write(next));
            finishBuildStage(tx);
        });
    }

    private Outcome buildImage(ChangeOrder order, AppDeployment deployment) {
        ChangeParams params = json.params(order.getParams());
        ChangeParams.Build build = params.build();
        if (build.imageId() != null) {
            return Outcome.done(this::finishBuildStage);
        }
        BuildLog buildLog = new BuildLog();
        Optional<ImageView> earlier = images.findVersion(deployment.getAppId(), build.imageName(), build.imageVer());
        ImageView image;
        if (earlier.isPresent() && build.packageId().equals(earlier.get().packageId())) {
            // built before: by an earlier run of this step, or by a deploy of the same package
            image = earlier.get();
        } else {
            try {
                image = imageBuilder.build(
                        new ImageBuilder.BuildRequest(
                                deployment.getTenantId(),
                                deployment.getProjectId(),
                                deployment.getAppId(),
                                build.packageId(),
                                build.baseImage(),
                                build.imageName(),
                                build.imageVer(),
                                null,
                                build.ref(),
                                order.getCreateStaff(),
                                order.getCreateUserId(),
                                null),
                        buildLog);
            } catch (MsapException e) {
                if (e.failure() == Failure.UNAVAILABLE) {
                    throw e;
                }
                String reason = reason(e);
                return Outcome.fail(
                        reason, tx -> tx.stage().status(ChangeOrderStatus.FAILED, buildLog.with(reason), now()));
            }
        }
        if (!image.imageUrl().equals(params.spec().image())) {
            String reason = text(
                    "release.fail.imageMoved", image.imageUrl(), params.spec().image());
            return Outcome.fail(reason, tx -> tx.stage().status(ChangeOrderStatus.FAILED, reason, now()));
        }
        log.info("change order {}: image {} is ready", order.getId(), image.imageUrl());
        ChangeParams next = params.withBuild(build.withImage(image.imageId()));
        return Outcome.done(tx -> {
            tx.order().params(json.write(next));
            finishBuildStage(tx);
        });
    }

    /** The build stage in progress succeeded: it and its phase end, the next stage and its phase start. */
    private void finishBuildStage(Tx tx) {
        ChangeStage current = tx.stage();
        current.status(ChangeOrderStatus.SUCCEEDED, null, now());
        phases.findById(current.getPhaseId()).orElseThrow().status(ChangeOrderStatus.SUCCEEDED.stageCode(), now());
        stagesOf(phases.findByChangeOrderIdOrderBySeq(tx.order().getId())).stream()
                .filter(s -> !isDone(s.getStatus()) && !s.getId().equals(current.getId()))
                .findFirst()
                .ifPresent(next -> {
                    next.status(ChangeOrderStatus.RUNNING, null, now());
                    phases.findById(next.getPhaseId())
                            .orElseThrow()
                            .status(ChangeOrderStatus.RUNNING.stageCode(), now());
                });
    }

    /** Whether the change order was stopped (aborted) while a build runs for it. */
    private boolean stopped(String changeOrderId) {
        return orders.findById(changeOrderId)
                .map(o -> o.getExecuteStatus().terminal())
                .orElse(true);
    }

    /** The last lines of a build's output, kept to say why it failed. */
    private static final class BuildLog implements Consumer<String> {

        private static final int LINES = 40;
        private final java.util.ArrayDeque<String> lines = new java.util.ArrayDeque<>();

        @Override
        public synchronized void accept(String line) {
            if (lines.size() == LINES) {
                lines.removeFirst();
            }
            lines.addLast(line.length() > 500 ? line.substring(0, 500) : line);
        }

        /** The reason, then as many of the last lines as the stage's message (1000 characters) holds. */
        synchronized String with(String reason) {
            String head = reason.length() > 300 ? reason.substring(0, 300) : reason;
            if (lines.isEmpty()) {
                return head;
            }
            String tail = String.join("\n", lines);
            int room = 1000 - head.length() - 1;
            return head + "\n" + (tail.length() > room ? tail.substring(tail.length() - room) : tail);
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
        // the app's own pods: not those of a release Deployment still running beside it
        List<WorkloadState.PodState> pods =
                workloads.pods(access, deployment.getNamespace(), WorkloadRenderer.selector(deployment)).stream()
                        .filter(p -> !p.labels().containsKey(WorkloadRenderer.TRACK))
                        .toList();
        String snapshot =
                json.write(pods.stream().map(ChangeOrderRunner::podView).toList());
        ChangeParams.Batches batches = json.params(order.getParams()).batches();
        // after batches the last batch's stage keeps the pods of the batches; the move itself is not a batch
        Consumer<Tx> recordPods = batches == null ? tx -> tx.stage().pods(snapshot, now()) : tx -> {};
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
        for (WorkloadRenderer.Track track : WorkloadRenderer.Track.values()) {
            workloads.deleteWorkload(
                    access, deployment.getNamespace(), WorkloadRenderer.releaseName(deployment, track));
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

    // ---- batches ----

    /** The track of batch {@code k}: the gray batch of a gray release, else the batches after it. */
    private static WorkloadRenderer.Track track(ChangeParams.Batches batches, int k) {
        return batches.gray() && k == 1 ? WorkloadRenderer.Track.GRAY : WorkloadRenderer.Track.CANARY;
    }

    /** The pods the release Deployment of batch {@code k}'s track holds once batch {@code k} is out. */
    private static int trackReplicas(ChangeParams.Batches batches, int k) {
        if (track(batches, k) == WorkloadRenderer.Track.GRAY) {
            return batches.sizes().get(0);
        }
        return batches.upTo(k) - (batches.gray() ? batches.sizes().get(0) : 0);
    }

    private Outcome applyBatch(ChangeOrder order, AppDeployment deployment, int k) {
        ChangeParams params = json.params(order.getParams());
        ChangeParams.Batches batches = params.batches();
        WorkloadRenderer.Track track = track(batches, k);
        workloads.apply(
                access(deployment),
                renderer.renderRelease(
                        deployment, params.spec(), order.getId(), track, trackReplicas(batches, k), batches.grayTag()));
        return Outcome.done(tx -> tx.stage().status(ChangeOrderStatus.RUNNING, null, now()));
    }

    private Outcome awaitBatch(ChangeOrder order, AppDeployment deployment, int k) {
        ChangeParams params = json.params(order.getParams());
        ChangeParams.Batches batches = params.batches();
        WorkloadRenderer.Track track = track(batches, k);
        int replicas = trackReplicas(batches, k);
        ClusterAccess access = access(deployment);
        String name = WorkloadRenderer.releaseName(deployment, track);
        Optional<WorkloadState.DeploymentState> state = workloads.deployment(access, deployment.getNamespace(), name);
        Map<String, String> selector = new java.util.LinkedHashMap<>(WorkloadRenderer.selector(deployment));
        selector.put(WorkloadRenderer.TRACK, track.label());
        List<WorkloadState.PodState> pods = workloads.pods(access, deployment.getNamespace(), selector);
        // the stage shows the pods this batch added: those no earlier batch's stage holds
        Set<String> earlier = earlierBatchPods(order, k);
        String snapshot = json.write(pods.stream()
                .filter(p -> !earlier.contains(p.name()))
                .map(ChangeOrderRunner::podView)
                .toList());
        Consumer<Tx> recordPods = tx -> tx.stage().pods(snapshot, now());
        if (state.isEmpty()) {
            return Outcome.fail(text("release.fail.deploymentMissing", name), recordPods);
        }
        String template = params.spec().templateChangeOrderId();
        List<WorkloadState.PodState> current = pods.stream()
                .filter(p -> template.equals(p.labels().get("msap.io/change-order-id")))
                .toList();
        for (WorkloadState.PodState pod : current) {
            String problem = PodStatus.problem(pod);
            if (problem != null) {
                return Outcome.fail("Pod " + pod.name() + " " + problem, recordPods);
            }
        }
        long ready = current.stream().filter(WorkloadState.PodState::ready).count();
        if (state.get().rolledOut() && current.size() == pods.size() && ready == replicas) {
            int count = batches.sizes().size();
            return Outcome.done(tx -> {
                recordPods.accept(tx);
                if (k < count) {
                    // the last batch's stage stays open until the new version has moved into the app's Deployment
                    tx.stage().status(ChangeOrderStatus.SUCCEEDED, null, now());
                }
            });
        }
        if (timedOut(order)) {
            return Outcome.fail(
                    text("release.fail.batchTimeout", k, order.getTimeoutSeconds(), ready, replicas), recordPods);
        }
        return Outcome.poll(recordPods);
    }

    private Set<String> earlierBatchPods(ChangeOrder order, int k) {
        Set<String> names = new java.util.HashSet<>();
        for (ChangeStage stage : stagesOf(phases.findByChangeOrderIdOrderBySeq(order.getId()))) {
            if (stage.getSeq() < k) {
                json.pods(stage.getPods()).forEach(p -> names.add(p.podName()));
            }
        }
        return names;
    }

    /**
     * The app's own Deployment (the old version) gives up as many pods as have moved to the new version: it keeps
     * {@code old - moved} (never fewer than none). Done once it holds that many pods.
     */
    private Outcome shrinkOld(ChangeOrder order, AppDeployment deployment, int k) {
        DeploySpec old = json.spec(order.getPreviousSpec());
        ClusterAccess access = access(deployment);
        Optional<WorkloadState.DeploymentState> state =
                workloads.deployment(access, deployment.getNamespace(), deployment.getAppDeployCode());
        if (old == null || state.isEmpty()) {
            return Outcome.done();
        }
        ChangeParams.Batches batches = json.params(order.getParams()).batches();
        int target = Math.max(0, old.replicas() - batches.upTo(k));
        if (state.get().replicas() > target) {
            workloads.apply(access, renderer.render(deployment, old.withReplicas(target), order.getId()));
        }
        long left = workloads.pods(access, deployment.getNamespace(), WorkloadRenderer.selector(deployment)).stream()
                .filter(p -> !p.labels().containsKey(WorkloadRenderer.TRACK))
                .count();
        if (left <= target) {
            return Outcome.done();
        }
        if (timedOut(order)) {
            return Outcome.fail(text("release.fail.podsLeft", order.getTimeoutSeconds(), left - target));
        }
        return Outcome.poll(tx -> {});
    }

    /**
     * After batch {@code k}: the change order waits (WAITING_FOR_NEXT_BATCH), the next batch's stage at 15. A manual
     * pause (and the one after a gray batch) lasts until continuePipeline; an automatic one the batch wait time.
     */
    private Outcome pause(ChangeOrder order, int k) {
        ChangeParams.Batches batches = json.params(order.getParams()).batches();
        Duration after = automatic(batches, k) ? Duration.ofSeconds(batches.waitSeconds()) : null;
        return Outcome.pause(
                tx -> {
                    tx.order().pauseForNextBatch(now());
                    tx.stage().awaitingConfirmation(now());
                },
                after);
    }

    private static boolean automatic(ChangeParams.Batches batches, int k) {
        return !batches.manual() && !(batches.gray() && k == 1);
    }

    /** How long an automatic pause still lasts (zero: over); empty for a pause that waits for continuePipeline. */
    private Optional<Duration> autoWait(ChangeOrder order) {
        List<Step> steps = workflow(order);
        if (order.getStepIndex() >= steps.size()) {
            return Optional.empty();
        }
        Step step = steps.get(order.getStepIndex());
        ChangeParams.Batches batches = json.params(order.getParams()).batches();
        if (step.kind() != StepKind.PAUSE || batches == null || !automatic(batches, step.batch())) {
            return Optional.empty();
        }
        Instant since = order.getStepStartedAt() == null ? order.getUpdateTime() : order.getStepStartedAt();
        Duration left = Duration.between(now(), since.plusSeconds(batches.waitSeconds()));
        return Optional.of(left.isNegative() ? Duration.ZERO : left);
    }

    /** The next batch goes (continuePipeline, or the end of an automatic pause). */
    private void resume(Tx tx, String staff) {
        tx.order().resumeNextBatch(staff, now());
        if ("15".equals(tx.stage().getStatus())) {
            tx.stage().status(ChangeOrderStatus.RUNNING, null, now());
        }
    }

    /**
     * continuePipeline: releases the next batch of a change order waiting for it; false when it is not waiting (any
     * more). The caller queues the change order.
     */
    boolean continueNextBatch(String changeOrderId, String staff) {
        try {
            Boolean resumed = transaction.execute(status -> {
                ChangeOrder order = orders.findById(changeOrderId).orElseThrow();
                if (order.getExecuteStatus() != ChangeOrderStatus.WAITING_FOR_NEXT_BATCH) {
                    return false;
                }
                resume(load(order), staff);
                order.touch(now());
                return true;
            });
            return Boolean.TRUE.equals(resumed);
        } catch (ObjectOptimisticLockingFailureException e) {
            // a runner ended an automatic pause at this very moment: the next batch goes either way
            return true;
        }
    }

    private Outcome removeRelease(AppDeployment deployment) {
        ClusterAccess access = access(deployment);
        for (WorkloadRenderer.Track track : WorkloadRenderer.Track.values()) {
            workloads.deleteWorkload(
                    access, deployment.getNamespace(), WorkloadRenderer.releaseName(deployment, track));
        }
        return Outcome.done();
    }

    private Outcome awaitReleaseGone(ChangeOrder order, AppDeployment deployment) {
        long left =
                workloads
                        .pods(access(deployment), deployment.getNamespace(), WorkloadRenderer.selector(deployment))
                        .stream()
                        .filter(p -> p.labels().containsKey(WorkloadRenderer.TRACK))
                        .count();
        if (left == 0) {
            return Outcome.done();
        }
        if (timedOut(order)) {
            return Outcome.fail(text("release.fail.podsLeft", order.getTimeoutSeconds(), left));
        }
        return Outcome.poll(tx -> {});
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
