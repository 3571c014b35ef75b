package io.msap.kubesim.controller;

import io.msap.kubesim.KubeSimConfig;
import io.msap.kubesim.api.Registry;
import io.msap.kubesim.api.ResourceTypes;
import io.msap.kubesim.api.Write;
import io.msap.kubesim.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The simulated nodes {@code sim-node-1..n}: created at start when missing, Ready, with capacity, addresses and node
 * info; also the system namespaces and the {@code kubernetes} Service a real cluster has.
 */
final class Nodes {
    static final String MANAGER = "kube-sim";
    private final Registry registry;
    private final KubeSimConfig config;

    Nodes(Registry registry, KubeSimConfig config) {
        this.registry = registry;
        this.config = config;
    }

    static String name(int index) {
        return "sim-node-" + index;
    }

    /** The node's InternalIP (simulated; nothing listens there). */
    static String address(int index) {
        return "172.18.0." + (1 + index);
    }

    /** Index (1-based) of a node name, or -1. */
    static int index(String nodeName) {
        if (nodeName != null && nodeName.startsWith("sim-node-")) {
            try {
                return Integer.parseInt(nodeName.substring("sim-node-".length()));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    /** Names of the nodes that exist, are Ready and schedulable. */
    List<ObjectNode> schedulable() {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode n : registry.list(ResourceTypes.NODES, null)) {
            boolean ready = false;
            for (var c : Json.items(n, "status", "conditions")) {
                ready |= "Ready".equals(Json.str(c, "type")) && "True".equals(Json.str(c, "status"));
            }
            if (ready && !Json.bool(n, "spec", "unschedulable")) {
                out.add(n);
            }
        }
        return out;
    }

    void ensure() {
        for (String ns : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
            if (registry.find(ResourceTypes.NAMESPACES, null, ns) == null) {
                ObjectNode o = Json.object();
                o.putObject("metadata").put("name", ns);
                registry.create(ResourceTypes.NAMESPACES, null, o, Write.by(MANAGER));
            }
        }
        if (registry.find(ResourceTypes.SERVICES, "default", "kubernetes") == null) {
            ObjectNode svc = Json.object();
            ObjectNode meta = svc.putObject("metadata");
            meta.put("name", "kubernetes");
            meta.putObject("labels").put("component", "apiserver").put("provider", "kubernetes");
            ObjectNode spec = svc.putObject("spec");
            spec.put("clusterIP", "10.96.0.1");
            ObjectNode port = spec.putArray("ports").addObject();
            port.put("name", "https");
            port.put("port", 443);
            port.put("protocol", "TCP");
            port.put("targetPort", 6443);
            registry.create(ResourceTypes.SERVICES, "default", svc, Write.by(MANAGER));
        }
        String now = Json.time(Instant.now());
        for (int i = 1; i <= config.nodes(); i++) {
            if (registry.find(ResourceTypes.NODES, null, name(i)) != null) {
                continue;
            }
            ObjectNode node = Json.object();
            ObjectNode meta = node.putObject("metadata");
            meta.put("name", name(i));
            ObjectNode labels = meta.putObject("labels");
            labels.put("kubernetes.io/hostname", name(i));
            labels.put("kubernetes.io/os", "linux");
            labels.put("kubernetes.io/arch", "amd64");
            labels.put("beta.kubernetes.io/os", "linux");
            labels.put("beta.kubernetes.io/arch", "amd64");
            if (i == 1) {
                labels.put("node-role.kubernetes.io/control-plane", "");
            }
            node.putObject("spec").put("podCIDR", "10.244." + i + ".0/24");
            ObjectNode status = node.putObject("status");
            ObjectNode capacity = status.putObject("capacity");
            capacity.put("cpu", "4");
            capacity.put("memory", "16393216Ki");
            capacity.put("pods", "110");
            capacity.put("ephemeral-storage", "102400000Ki");
            status.set("allocatable", capacity.deepCopy());
            ArrayNode conditions = status.putArray("conditions");
            condition(
                    conditions,
                    "MemoryPressure",
                    "False",
                    "KubeletHasSufficientMemory",
                    "kubelet has sufficient memory available",
                    now);
            condition(
                    conditions,
                    "DiskPressure",
                    "False",
                    "KubeletHasNoDiskPressure",
                    "kubelet has no disk pressure",
                    now);
            condition(
                    conditions,
                    "PIDPressure",
                    "False",
                    "KubeletHasSufficientPID",
                    "kubelet has sufficient PID" + " available",
                    now);
            condition(conditions, "Ready", "True", "KubeletReady", "kubelet is posting ready status", now);
            ArrayNode addresses = status.putArray("addresses");
            addresses.addObject().put("type", "InternalIP").put("address", address(i));
            addresses.addObject().put("type", "Hostname").put("address", name(i));
            ObjectNode info = status.putObject("nodeInfo");
            info.put("machineID", Long.toHexString(0x5151000L + i));
            info.put("systemUUID", "00000000-0000-0000-0000-00000000000" + i);
            info.put("bootID", "kube-sim-" + i);
            info.put("kernelVersion", "6.1.0-kube-sim");
            info.put("osImage", "kube-sim simulated node");
            info.put("containerRuntimeVersion", "containerd://1.7.0-sim");
            info.put("kubeletVersion", "v1.32.0");
            info.put("kubeProxyVersion", "v1.32.0");
            info.put("operatingSystem", "linux");
            info.put("architecture", "amd64");
            status.putObject("daemonEndpoints").putObject("kubeletEndpoint").put("Port", 10250);
            registry.create(ResourceTypes.NODES, null, node, Write.by(MANAGER));
        }
    }

    private static void condition(ArrayNode a, String type, String status, String reason, String message, String now) {
        ObjectNode c = a.addObject();
        c.put("type", type);
        c.put("status", status);
        c.put("lastHeartbeatTime", now);
        c.put("lastTransitionTime", now);
        c.put("reason", reason);
        c.put("message", message);
    }
}
