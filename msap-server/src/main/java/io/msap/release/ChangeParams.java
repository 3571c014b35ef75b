package io.msap.release;

import java.util.List;

/**
 * What a change order does, stored with it as JSON: the workload it applies (deploys and operations) or the Service it
 * writes or deletes, and for a deploy in batches how it goes out.
 */
record ChangeParams(DeploySpec spec, ServiceParams service, Batches batches) {

    static ChangeParams workload(DeploySpec spec) {
        return new ChangeParams(spec, null, null);
    }

    static ChangeParams batched(DeploySpec spec, Batches batches) {
        return new ChangeParams(spec, null, batches);
    }

    static ChangeParams service(ServiceParams service) {
        return new ChangeParams(null, service, null);
    }

    static ChangeParams none() {
        return new ChangeParams(null, null, null);
    }

    /**
     * A deploy in batches (docs/adr/0008): the instance count of each batch (adding up to the spec's replicas), whether
     * the next batch waits for continuePipeline ({@code manual}) or starts {@code waitSeconds} after the previous one
     * is ready, and for a gray release the tag its first batch's pods carry.
     */
    record Batches(List<Integer> sizes, boolean manual, int waitSeconds, String grayTag) {

        boolean gray() {
            return grayTag != null;
        }

        /** The number of new-version pods after batch {@code k} (1-based). */
        int upTo(int k) {
            return sizes.subList(0, k).stream().mapToInt(Integer::intValue).sum();
        }

        /** Whether the change order waits after batch {@code k}: between manual batches, and always after gray. */
        boolean pausesAfter(int k) {
            return (gray() && k == 1) || k < sizes.size();
        }
    }

    /** A Service of an app deployment as the caller asked for it. */
    record ServiceParams(String name, String type, List<Port> ports, String trafficPolicy) {}

    record Port(Integer port, Integer targetPort, Integer nodePort, String protocol) {}
}
