package io.msap.kubernetes;

/** How to reach a registered cluster: its instance id (for client reuse) and its kubeconfig in clear. */
public record ClusterAccess(String instId, String kubeconfig) {

    @Override
    public String toString() {
        return "ClusterAccess[" + instId + "]";
    }
}
