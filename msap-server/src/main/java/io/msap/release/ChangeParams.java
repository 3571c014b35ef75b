package io.msap.release;

import java.util.List;

/**
 * What a change order does, stored with it as JSON: the workload it applies (deploys and operations) or the Service it
 * writes or deletes, and for a deploy in batches how it goes out.
 */
record ChangeParams(DeploySpec spec, ServiceParams service, Batches batches, Build build) {

    static ChangeParams workload(DeploySpec spec) {
        return new ChangeParams(spec, null, null, null);
    }

    static ChangeParams batched(DeploySpec spec, Batches batches) {
        return new ChangeParams(spec, null, batches, null);
    }

    static ChangeParams service(ServiceParams service) {
        return new ChangeParams(null, service, null, null);
    }

    static ChangeParams none() {
        return new ChangeParams(null, null, null, null);
    }

    ChangeParams withBuild(Build build) {
        return new ChangeParams(spec, service, batches, build);
    }

    /**
     * The builds a deploy from source or from a package runs before it deploys (the phases 编译 and 构建镜像): the
     * package it builds from source ({@code source} CODE: branch, build environment, built file) or deploys
     * ({@code source} PACKAGE: {@code packageId}), and the image built of it, whose reference the spec's image is.
     * {@code packageId} of a CODE build and {@code imageId} are filled in as the builds finish.
     */
    record Build(
            String source,
            String ref,
            String buildEnvCode,
            String packagePath,
            String packageName,
            String packageVer,
            String packageId,
            String baseImage,
            String imageName,
            String imageVer,
            String imageId) {

        boolean fromSource() {
            return "CODE".equals(source);
        }

        Build withPackage(String id) {
            return new Build(
                    source,
                    ref,
                    buildEnvCode,
                    packagePath,
                    packageName,
                    packageVer,
                    id,
                    baseImage,
                    imageName,
                    imageVer,
                    imageId);
        }

        Build withImage(String id) {
            return new Build(
                    source,
                    ref,
                    buildEnvCode,
                    packagePath,
                    packageName,
                    packageVer,
                    packageId,
                    baseImage,
                    imageName,
                    imageVer,
                    id);
        }
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
