package io.msap.release;

import io.msap.kubernetes.WorkloadState;
import io.msap.shared.Messages;
import java.util.Set;

/**
 * The manual's pod status codes: 1 启动中, 2 运行中, 3 停止中, 4 已停止, 5 停止发生错误, 6 未知错误, 7 变更中, derived from a
 * pod's phase, readiness, deletion and the waiting reason of its container.
 */
enum PodStatus {
    STARTING("1", "启动中", "Starting"),
    RUNNING("2", "运行中", "Running"),
    STOPPING("3", "停止中", "Stopping"),
    STOPPED("4", "已停止", "Stopped"),
    STOP_FAILED("5", "停止发生错误", "Stopped with an error"),
    ERROR("6", "未知错误", "Error"),
    CHANGING("7", "变更中", "Changing");

    /** Waiting reasons that mean the pod will not start without a change. */
    static final Set<String> FAILING_REASONS = Set.of(
            "CrashLoopBackOff",
            "ErrImagePull",
            "ImagePullBackOff",
            "InvalidImageName",
            "CreateContainerConfigError",
            "CreateContainerError",
            "RunContainerError");

    private final String code;
    private final String chineseName;
    private final String englishName;

    PodStatus(String code, String chineseName, String englishName) {
        this.code = code;
        this.chineseName = chineseName;
        this.englishName = englishName;
    }

    static PodStatus of(WorkloadState.PodState pod) {
        if (pod.deleting()) {
            return STOPPING;
        }
        if (pod.waitingReason() != null && FAILING_REASONS.contains(pod.waitingReason())) {
            return ERROR;
        }
        if (pod.phase() == null) {
            return STARTING;
        }
        return switch (pod.phase()) {
            case "Running" -> pod.ready() ? RUNNING : STARTING;
            case "Pending" -> STARTING;
            case "Succeeded" -> STOPPED;
            case "Failed" -> STOP_FAILED;
            default -> ERROR;
        };
    }

    /** Why a pod is in trouble, in the cluster's words ("CrashLoopBackOff: back-off 10s restarting..."), or null. */
    static String problem(WorkloadState.PodState pod) {
        if (pod.waitingReason() == null || !FAILING_REASONS.contains(pod.waitingReason())) {
            return null;
        }
        return pod.waitingMessage() == null || pod.waitingMessage().isBlank()
                ? pod.waitingReason()
                : pod.waitingReason() + ": " + pod.waitingMessage();
    }

    String code() {
        return code;
    }

    String displayName() {
        return Messages.english() ? englishName : chineseName;
    }
}
