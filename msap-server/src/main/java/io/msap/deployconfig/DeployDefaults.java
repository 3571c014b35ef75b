package io.msap.deployconfig;

import java.math.BigDecimal;
import java.util.List;

/**
 * An image deployment configuration as a deploy uses it: the settings a deploy of its application into its
 * environment takes for the fields the request leaves out. Also the shape getDeployConfig shows and the database
 * keeps. A part that was not configured is null; {@code envVariableList} is never null.
 */
public record DeployDefaults(
        String deployConfigId,
        String name,
        PodResourceSpec podResourceSpec,
        StartCommand startCommand,
        List<EnvVariable> envVariableList,
        LifeCycleMgt lifeCycleMgt) {

    public DeployDefaults {
        envVariableList = envVariableList == null ? List.of() : List.copyOf(envVariableList);
    }

    /**
     * Resources of one pod: cpu in cores (at most three decimals), memory in MiB; {@code *Request} become the
     * container's requests and {@code *Limit} its limits, a request never above its limit.
     */
    public record PodResourceSpec(
            BigDecimal cpuLimit, BigDecimal cpuRequest, Integer memoryLimit, Integer memoryRequest) {}

    /** The container's command (replacing the image's entrypoint when given) and its arguments. */
    public record StartCommand(String command, List<String> args) {

        public StartCommand {
            args = args == null ? List.of() : List.copyOf(args);
        }
    }

    /** An environment variable of the container; {@code type} is always CUSTOM here (a plain value). */
    public record EnvVariable(String name, String type, String value) {}

    /** The liveness and readiness probes; either may be null. */
    public record LifeCycleMgt(Probe liveness, Probe readiness) {}

    /**
     * A probe as configured. When {@code enabled} is true, {@code mode} is EXEC, HTTP_GET or TCP_SOCKET and the part
     * of that mode is present ({@code exec.command} not empty, or a port); the parts of other modes are kept as given
     * but do not apply. Timings that are null take Kubernetes' defaults.
     */
    public record Probe(
            Boolean enabled,
            String mode,
            Exec exec,
            HttpGet httpGet,
            TcpSocket tcpSocket,
            Integer initialDelaySeconds,
            Integer periodSeconds,
            Integer timeoutSeconds,
            Integer successThreshold,
            Integer failureThreshold) {}

    /** The command of an EXEC probe. */
    public record Exec(List<String> command) {

        public Exec {
            command = command == null ? List.of() : List.copyOf(command);
        }
    }

    /** The request of an HTTP_GET probe; scheme is HTTP or HTTPS (null: HTTP), path null means "/". */
    public record HttpGet(String host, String path, Integer port, String scheme, List<Header> headerList) {

        public HttpGet {
            headerList = headerList == null ? List.of() : List.copyOf(headerList);
        }
    }

    /** A header of an HTTP_GET probe's request. */
    public record Header(String name, String value) {}

    /** The port (and optional host) a TCP_SOCKET probe connects to. */
    public record TcpSocket(String host, Integer port) {}
}
