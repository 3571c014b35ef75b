package io.msap.release;

import java.util.List;

/**
 * What a change order does, stored with it as JSON: the workload it applies (deploys and operations) or the Service it
 * writes or deletes.
 */
record ChangeParams(DeploySpec spec, ServiceParams service) {

    static ChangeParams workload(DeploySpec spec) {
        return new ChangeParams(spec, null);
    }

    static ChangeParams service(ServiceParams service) {
        return new ChangeParams(null, service);
    }

    static ChangeParams none() {
        return new ChangeParams(null, null);
    }

    /** A Service of an app deployment as the caller asked for it. */
    record ServiceParams(String name, String type, List<Port> ports, String trafficPolicy) {}

    record Port(Integer port, Integer targetPort, Integer nodePort, String protocol) {}
}
