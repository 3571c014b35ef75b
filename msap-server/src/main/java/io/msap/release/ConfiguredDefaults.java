package io.msap.release;

import io.msap.deployconfig.DeployDefaults;
import java.util.List;
import java.util.Locale;

/**
 * Turns the parts of an image deployment configuration (5.5) into the request parts of a deploy, so that configured
 * defaults go through the very same checks and rendering as values a deploy request gives.
 */
final class ConfiguredDefaults {

    private ConfiguredDefaults() {}

    static DeployRequests.PodResourceSpec resources(DeployDefaults.PodResourceSpec spec) {
        return new DeployRequests.PodResourceSpec(
                spec.cpuLimit(), spec.cpuRequest(), spec.memoryLimit(), spec.memoryRequest());
    }

    static List<DeployRequests.EnvVariable> env(List<DeployDefaults.EnvVariable> variables) {
        return variables.stream()
                .map(v -> new DeployRequests.EnvVariable(v.name(), v.value(), DeployRequests.EnvType.CUSTOM))
                .toList();
    }

    static DeployRequests.ProbeConfig probe(DeployDefaults.Probe probe) {
        DeployDefaults.HttpGet http = probe.httpGet();
        DeployDefaults.TcpSocket tcp = probe.tcpSocket();
        return new DeployRequests.ProbeConfig(
                probe.enabled(),
                probe.mode() == null ? null : DeployRequests.ProbeMode.valueOf(probe.mode()),
                probe.exec() == null
                        ? null
                        : new DeployRequests.ExecProbe(probe.exec().command()),
                http == null
                        ? null
                        : new DeployRequests.HttpGetProbe(
                                http.host(),
                                http.path(),
                                http.port(),
                                http.scheme() == null
                                        ? null
                                        : DeployRequests.Scheme.valueOf(
                                                http.scheme().toUpperCase(Locale.ROOT)),
                                http.headerList().stream()
                                        .map(h -> new DeployRequests.Header(h.name(), h.value()))
                                        .toList()),
                tcp == null ? null : new DeployRequests.TcpSocketProbe(tcp.host(), tcp.port()),
                probe.initialDelaySeconds(),
                probe.periodSeconds(),
                probe.timeoutSeconds(),
                probe.successThreshold(),
                probe.failureThreshold());
    }
}
