package io.msap.deployconfig;

import io.msap.app.AppCategory;
import io.msap.app.AppDeletionGuard;
import io.msap.app.AppService;
import io.msap.app.AppView;
import io.msap.environment.EnvironmentService;
import io.msap.environment.EnvironmentView;
import io.msap.project.ProjectAccess;
import io.msap.project.ProjectPermission;
import io.msap.shared.AuditTrail;
import io.msap.shared.Caller;
import io.msap.shared.Failure;
import io.msap.shared.Ids;
import io.msap.shared.MsapException;
import io.msap.shared.Texts;
import io.msap.shared.Times;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Image deployment configurations of general applications (manual 5.5): named deploy defaults per application and
 * environment. Every project member reads them; changing one needs the right to operate the application and to
 * deploy into the environment (each narrowed by data permissions for members who are not project admins). The
 * release module takes a deploy's defaults from {@link #defaultsFor}; deleting an application deletes its
 * configurations.
 */
@Service
public class DeployConfigService implements AppDeletionGuard {

    static final String OBJECT_DEPLOY_CONFIG = "DEPLOY_CONFIG";

    private static final String NOT_FOUND = "deployconfig.notFound";

    private static final TypeReference<List<DeployDefaults.EnvVariable>> VARIABLES = new TypeReference<>() {};

    private final DeployConfigRepository configs;
    private final AppService apps;
    private final EnvironmentService environments;
    private final ProjectAccess projectAccess;
    private final JsonMapper json;

    DeployConfigService(
            DeployConfigRepository configs,
            AppService apps,
            EnvironmentService environments,
            ProjectAccess projectAccess,
            JsonMapper json) {
        this.configs = configs;
        this.apps = apps;
        this.environments = environments;
        this.projectAccess = projectAccess;
        this.json = json;
    }

    /** The answer of getDeployConfig: every field of a configuration, in the manual's order. */
    record ConfigView(
            String appId,
            String createStaff,
            Instant createTime,
            String deployEnvId,
            String deployEnvName,
            List<DeployDefaults.EnvVariable> envVariableList,
            String id,
            DeployDefaults.LifeCycleMgt lifeCycleMgt,
            String name,
            DeployDefaults.PodResourceSpec podResourceSpec,
            DeployDefaults.StartCommand startCommand,
            long tenantId,
            String updateStaff,
            Instant updateTime) {}

    /** A row of listDeployConfig: a configuration without its settings. */
    record ConfigRow(
            String appId,
            String createStaff,
            Instant createTime,
            String deployEnvId,
            String deployEnvName,
            String id,
            String name,
            long tenantId,
            String updateStaff,
            Instant updateTime) {}

    // ---- for the release module ----

    /**
     * The deploy defaults of application {@code appId} in environment {@code envId}, for a caller already allowed to
     * deploy there. With a {@code deployConfigId}: that configuration (404 naming deployConfigId when it does not
     * exist or belongs to another application or environment). Without: the application's only configuration for
     * that environment, and empty when it has none or several.
     */
    @Transactional(readOnly = true)
    public Optional<DeployDefaults> defaultsFor(String appId, String envId, String deployConfigId) {
        if (Texts.trimToNull(deployConfigId) != null) {
            String id = Ids.require("deployConfigId", deployConfigId, NOT_FOUND);
            DeployConfig config = configs.findById(id)
                    .filter(c -> c.getAppId().equals(appId) && c.getEnvId().equals(envId))
                    .orElseThrow(() -> MsapException.unknownField("deployConfigId", NOT_FOUND));
            return Optional.of(defaults(config));
        }
        List<DeployConfig> found = configs.findByAppIdAndEnvIdOrderByCreateTimeDescIdDesc(appId, envId);
        return found.size() == 1 ? Optional.of(defaults(found.get(0))) : Optional.empty();
    }

    @Override
    public Optional<String> blockers(String appId) {
        // configurations never keep an application: they go with it
        return Optional.empty();
    }

    @Override
    @Transactional
    public void onDeleted(String appId) {
        configs.deleteByApp(appId);
    }

    // ---- endpoints ----

    /** 5.5.1: a new configuration of a general application in an environment of its project; returns its id. */
    @Transactional
    String create(Caller caller, DeployConfigRequests.CreateRequest request) {
        String name = request.name().trim();
        DeployConfig.Settings settings = new DeployConfig.Settings(
                write(resources("podResourceSpec.", request.podResourceSpec())),
                write(startCommand(request.startCommand())),
                write(variables(request.envVariableList())),
                write(lifeCycle(request.lifeCycleMgt())));
        AppView app = apps.require(caller, "appId", request.appId(), ProjectPermission.APP_VIEW);
        EnvironmentView env =
                environments.require(caller, "deployEnvId", request.deployEnvId(), ProjectPermission.ENV_VIEW);
        if (!env.projectId().equals(app.projectId())) {
            throw MsapException.unknownField("deployEnvId", "environment.notFound");
        }
        if (app.category() != AppCategory.GENERAL_APP) {
            throw MsapException.badField("appId", "deployconfig.app.notGeneral", app.name());
        }
        requireWrite(caller, "appId", app.projectId(), app.appId(), env.envId());
        if (configs.existsByAppIdAndEnvIdAndNameKey(app.appId(), env.envId(), DeployConfig.key(name))) {
            throw MsapException.conflict("deployconfig.name.exists", name, env.envName());
        }
        DeployConfig config = configs.saveAndFlush(new DeployConfig(
                Ids.newId(),
                caller.tenantId(),
                app.projectId(),
                app.appId(),
                env.envId(),
                name,
                settings,
                caller.userName(),
                caller.userId(),
                Times.now()));
        AuditTrail.target(config.getProjectId(), OBJECT_DEPLOY_CONFIG, config.getId());
        return config.getId();
    }

    /** 5.5.2. */
    @Transactional
    void delete(Caller caller, String id) {
        DeployConfig config = writable(caller, id);
        configs.delete(config);
    }

    /** 5.5.3: every field of a configuration. */
    @Transactional(readOnly = true)
    ConfigView get(Caller caller, String deployConfigId) {
        DeployConfig config = visible(caller, "deployConfigId", deployConfigId);
        projectAccess.require(caller, "deployConfigId", config.getProjectId(), ProjectPermission.APP_VIEW);
        String envName = environments.find(config.getEnvId()).orElseThrow().envName();
        DeployDefaults defaults = defaults(config);
        return new ConfigView(
                config.getAppId(),
                config.getCreateStaff(),
                config.getCreateTime(),
                config.getEnvId(),
                envName,
                defaults.envVariableList(),
                config.getId(),
                defaults.lifeCycleMgt(),
                config.getName(),
                defaults.podResourceSpec(),
                defaults.startCommand(),
                config.getTenantId(),
                config.getUpdateStaff(),
                config.getUpdateTime());
    }

    /**
     * 5.5.4: the configurations of an application, in one environment when {@code deployEnvId} is given, newest first;
     * configurations of deleted environments are left out.
     */
    @Transactional(readOnly = true)
    List<ConfigRow> list(Caller caller, String appId, String deployEnvId) {
        AppView app = apps.require(caller, "appId", appId, ProjectPermission.APP_VIEW);
        List<DeployConfig> found;
        if (Texts.trimToNull(deployEnvId) != null) {
            EnvironmentView env = environments.require(caller, "deployEnvId", deployEnvId, ProjectPermission.ENV_VIEW);
            if (!env.projectId().equals(app.projectId())) {
                throw MsapException.unknownField("deployEnvId", "environment.notFound");
            }
            found = configs.findByAppIdAndEnvIdOrderByCreateTimeDescIdDesc(app.appId(), env.envId());
        } else {
            found = configs.findByAppIdOrderByCreateTimeDescIdDesc(app.appId());
        }
        Map<String, EnvironmentView> live = environments.environmentsOfProjects(List.of(app.projectId())).stream()
                .collect(Collectors.toMap(EnvironmentView::envId, Function.identity()));
        return found.stream()
                .filter(c -> live.containsKey(c.getEnvId()))
                .map(c -> new ConfigRow(
                        c.getAppId(),
                        c.getCreateStaff(),
                        c.getCreateTime(),
                        c.getEnvId(),
                        live.get(c.getEnvId()).envName(),
                        c.getId(),
                        c.getName(),
                        c.getTenantId(),
                        c.getUpdateStaff(),
                        c.getUpdateTime()))
                .toList();
    }

    /** 5.5.5: replaces the environment variables. */
    @Transactional
    void updateEnvVariables(Caller caller, DeployConfigRequests.UpdateEnvVariableRequest request) {
        String variables = write(variables(request.envVariableList()));
        DeployConfig config = writable(caller, request.id());
        config.replaceEnvVariables(variables, caller.userName(), Times.now());
    }

    /** 5.5.6: replaces the pod resources. */
    @Transactional
    void updatePodResourceSpec(Caller caller, DeployConfigRequests.UpdatePodResourceSpecRequest request) {
        String resources = write(podResourceSpecOf(request));
        DeployConfig config = writable(caller, request.id());
        config.replacePodResourceSpec(resources, caller.userName(), Times.now());
    }

    // ---- access ----

    /**
     * A configuration the caller can see: of its tenant, in a project it may see, with its application and
     * environment live. 404 "部署配置不存在" naming the field otherwise.
     */
    private DeployConfig visible(Caller caller, String field, String id) {
        String configId = Ids.require(field, id, NOT_FOUND);
        DeployConfig config = configs.findByIdAndTenantId(configId, caller.tenantId())
                .orElseThrow(() -> MsapException.unknownField(field, NOT_FOUND));
        try {
            projectAccess.require(caller, field, config.getProjectId(), ProjectPermission.PROJECT_VIEW);
        } catch (MsapException e) {
            if (e.failure() == Failure.NOT_FOUND) {
                throw MsapException.unknownField(field, NOT_FOUND);
            }
            throw e;
        }
        if (apps.find(config.getAppId()).isEmpty()
                || environments.find(config.getEnvId()).isEmpty()) {
            throw MsapException.unknownField(field, NOT_FOUND);
        }
        AuditTrail.target(config.getProjectId(), OBJECT_DEPLOY_CONFIG, config.getId());
        return config;
    }

    /** A configuration (sent as {@code id}) the caller may change. */
    private DeployConfig writable(Caller caller, String id) {
        DeployConfig config = visible(caller, "id", id);
        requireWrite(caller, "id", config.getProjectId(), config.getAppId(), config.getEnvId());
        return config;
    }

    /** The right to operate the application and to deploy into the environment (403 naming what is missing). */
    private void requireWrite(Caller caller, String field, String projectId, String appId, String envId) {
        projectAccess.require(caller, field, projectId, ProjectPermission.APP_OPERATE, appId);
        projectAccess.require(caller, field, projectId, ProjectPermission.ENV_DEPLOY, envId);
    }

    // ---- the settings: checked, normalized, stored as JSON ----

    private static DeployDefaults.PodResourceSpec podResourceSpecOf(
            DeployConfigRequests.UpdatePodResourceSpecRequest request) {
        boolean flat = request.cpuLimit() != null
                || request.cpuRequest() != null
                || request.memoryLimit() != null
                || request.memoryRequest() != null;
        if (request.podResourceSpec() != null) {
            if (flat) {
                throw MsapException.badField("podResourceSpec", "deployconfig.resources.twice");
            }
            return resources("podResourceSpec.", request.podResourceSpec());
        }
        required("cpuLimit", request.cpuLimit());
        required("cpuRequest", request.cpuRequest());
        required("memoryLimit", request.memoryLimit());
        required("memoryRequest", request.memoryRequest());
        return resources(
                "",
                new DeployConfigRequests.PodResourceSpec(
                        request.cpuLimit(), request.cpuRequest(), request.memoryLimit(), request.memoryRequest()));
    }

    private static void required(String field, Object value) {
        if (value == null) {
            throw MsapException.badField(field, "error.field.required");
        }
    }

    /** Checks that no request exceeds its limit; {@code prefix} is how the caller named the values' object. */
    private static DeployDefaults.PodResourceSpec resources(String prefix, DeployConfigRequests.PodResourceSpec spec) {
        if (spec == null) {
            return null;
        }
        if (spec.cpuRequest().compareTo(spec.cpuLimit()) > 0) {
            throw MsapException.badField(
                    prefix + "cpuRequest",
                    "deployconfig.resources.cpuOverLimit",
                    plain(spec.cpuRequest()).toPlainString(),
                    plain(spec.cpuLimit()).toPlainString());
        }
        if (spec.memoryRequest() > spec.memoryLimit()) {
            throw MsapException.badField(
                    prefix + "memoryRequest",
                    "deployconfig.resources.memoryOverLimit",
                    String.valueOf(spec.memoryRequest()),
                    String.valueOf(spec.memoryLimit()));
        }
        return new DeployDefaults.PodResourceSpec(
                plain(spec.cpuLimit()), plain(spec.cpuRequest()), spec.memoryLimit(), spec.memoryRequest());
    }

    /** A cpu value without trailing zeros and never in exponent form: 0.50 → 0.5, 2.000 → 2, 10 → 10. */
    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static DeployDefaults.StartCommand startCommand(DeployConfigRequests.StartCommand command) {
        if (command == null) {
            return null;
        }
        return new DeployDefaults.StartCommand(Texts.trimToNull(command.command()), command.args());
    }

    /** The variables as stored: names unique (case-sensitive, as in a container), type CUSTOM, value never null. */
    private static List<DeployDefaults.EnvVariable> variables(List<DeployConfigRequests.EnvVariable> variables) {
        if (variables == null) {
            return List.of();
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < variables.size(); i++) {
            String name = variables.get(i).name();
            if (!names.add(name)) {
                throw MsapException.badField("envVariableList[" + i + "].name", "deployconfig.env.twice", name);
            }
        }
        return variables.stream()
                .map(v -> new DeployDefaults.EnvVariable(
                        v.name(), DeployConfigRequests.EnvType.CUSTOM.name(), v.value() == null ? "" : v.value()))
                .toList();
    }

    private static DeployDefaults.LifeCycleMgt lifeCycle(DeployConfigRequests.LifeCycleMgt lifeCycle) {
        if (lifeCycle == null) {
            return null;
        }
        return new DeployDefaults.LifeCycleMgt(
                probe("lifeCycleMgt.liveness", lifeCycle.liveness()),
                probe("lifeCycleMgt.readiness", lifeCycle.readiness()));
    }

    /** A probe as stored; an enabled probe needs a mode and the target of that mode (400 naming the field). */
    private static DeployDefaults.Probe probe(String field, DeployConfigRequests.ProbeConfig probe) {
        if (probe == null) {
            return null;
        }
        if (Boolean.TRUE.equals(probe.enabled())) {
            if (probe.mode() == null) {
                throw MsapException.badField(field + ".mode", "deployconfig.probe.modeRequired");
            }
            switch (probe.mode()) {
                case EXEC -> {
                    if (probe.exec() == null
                            || probe.exec().command() == null
                            || probe.exec().command().isEmpty()) {
                        throw MsapException.badField(field + ".exec.command", "deployconfig.probe.target", "EXEC");
                    }
                }
                case HTTP_GET -> {
                    if (probe.httpGet() == null || probe.httpGet().port() == null) {
                        throw MsapException.badField(field + ".httpGet.port", "deployconfig.probe.target", "HTTP_GET");
                    }
                }
                case TCP_SOCKET -> {
                    if (probe.tcpSocket() == null || probe.tcpSocket().port() == null) {
                        throw MsapException.badField(
                                field + ".tcpSocket.port", "deployconfig.probe.target", "TCP_SOCKET");
                    }
                }
            }
        }
        if (field.endsWith("liveness") && probe.successThreshold() != null && probe.successThreshold() != 1) {
            // Kubernetes refuses any other value for a liveness probe
            throw MsapException.badField(field + ".successThreshold", "deployconfig.probe.livenessSuccess");
        }
        DeployConfigRequests.HttpGetProbe http = probe.httpGet();
        DeployConfigRequests.TcpSocketProbe tcp = probe.tcpSocket();
        return new DeployDefaults.Probe(
                probe.enabled(),
                probe.mode() == null ? null : probe.mode().name(),
                probe.exec() == null
                        ? null
                        : new DeployDefaults.Exec(probe.exec().command()),
                http == null
                        ? null
                        : new DeployDefaults.HttpGet(
                                Texts.trimToNull(http.host()),
                                Texts.trimToNull(http.path()),
                                http.port(),
                                http.scheme() == null ? null : http.scheme().name(),
                                http.headerList() == null
                                        ? List.of()
                                        : http.headerList().stream()
                                                .map(h -> new DeployDefaults.Header(
                                                        h.name().trim(), h.value()))
                                                .toList()),
                tcp == null ? null : new DeployDefaults.TcpSocket(Texts.trimToNull(tcp.host()), tcp.port()),
                probe.initialDelaySeconds(),
                probe.periodSeconds(),
                probe.timeoutSeconds(),
                probe.successThreshold(),
                probe.failureThreshold());
    }

    private DeployDefaults defaults(DeployConfig config) {
        return new DeployDefaults(
                config.getId(),
                config.getName(),
                read(config.getPodResourceSpec(), DeployDefaults.PodResourceSpec.class),
                read(config.getStartCommand(), DeployDefaults.StartCommand.class),
                json.readValue(config.getEnvVariableList(), VARIABLES),
                read(config.getLifeCycleMgt(), DeployDefaults.LifeCycleMgt.class));
    }

    private String write(Object value) {
        return value == null ? null : json.writeValueAsString(value);
    }

    private <T> T read(String text, Class<T> type) {
        return text == null ? null : json.readValue(text, type);
    }
}
