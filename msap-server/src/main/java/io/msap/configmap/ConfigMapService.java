package io.msap.configmap;

import io.msap.environment.EnvTarget;
import io.msap.environment.EnvironmentContentsGuard;
import io.msap.environment.EnvironmentService;
import io.msap.environment.EnvironmentView;
import io.msap.kubernetes.KubernetesClusters;
import io.msap.project.ProjectAccess;
import io.msap.project.ProjectPermission;
import io.msap.shared.AuditTrail;
import io.msap.shared.Caller;
import io.msap.shared.Ids;
import io.msap.shared.Messages;
import io.msap.shared.MsapException;
import io.msap.shared.PageInfo;
import io.msap.shared.PageQuery;
import io.msap.shared.Texts;
import io.msap.shared.Times;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * ConfigMaps (manual 5.10): applied with server-side apply to the environment's imported cluster namespace and
 * recorded, so repeating a call is harmless; the cluster is changed first within the request, and a cluster that does
 * not answer leaves the record unchanged.
 */
@Service
public class ConfigMapService implements EnvironmentContentsGuard {

    static final String OBJECT_CONFIGMAP = "CONFIGMAP";

    private static final TypeReference<List<Item>> ITEMS = new TypeReference<>() {};

    private final K8sConfigMapRepository configMaps;
    private final EnvironmentService environments;
    private final ProjectAccess projectAccess;
    private final KubernetesClusters kubernetes;
    private final ObjectProvider<ConfigMapUsageGuard> usageGuards;
    private final JsonMapper json;

    ConfigMapService(
            K8sConfigMapRepository configMaps,
            EnvironmentService environments,
            ProjectAccess projectAccess,
            KubernetesClusters kubernetes,
            ObjectProvider<ConfigMapUsageGuard> usageGuards,
            JsonMapper json) {
        this.configMaps = configMaps;
        this.environments = environments;
        this.projectAccess = projectAccess;
        this.kubernetes = kubernetes;
        this.usageGuards = usageGuards;
        this.json = json;
    }

    /** A key and value of a ConfigMap as stored. */
    record Item(String name, String value) {}

    /** An item as listK8sConfigMaps shows it; storagePath is the file the key becomes when the ConfigMap is mounted. */
    record ItemView(String name, String value, String storagePath) {}

    /** A row of listK8sConfigMaps. */
    record ConfigMapView(
            String configMapId,
            String configMapName,
            String projectId,
            String deployEnvId,
            String deployEnvCode,
            String deployEnvName,
            String clusterName,
            String namespace,
            List<ItemView> items,
            Instant createTime) {}

    @Transactional
    String create(Caller caller, ConfigMapRequests.CreateConfigMapRequest request) {
        List<Item> items = items(request.items());
        EnvironmentView env =
                environments.require(caller, "deployEnvId", request.deployEnvId(), ProjectPermission.CONFIGMAP_MANAGE);
        AuditTrail.target(env.projectId(), OBJECT_CONFIGMAP, request.configMapName());
        EnvTarget target = environments
                .target(env.envId())
                .orElseThrow(() -> MsapException.conflict("configmap.env.noCluster", env.envName()));
        if (!target.clusterName().equals(request.clusterName().trim())) {
            throw MsapException.badField("clusterName", "configmap.cluster.mismatch", target.clusterName());
        }
        if (!target.namespace().equals(request.namespace().trim())) {
            throw MsapException.badField("namespace", "configmap.namespace.mismatch", target.namespace());
        }
        String name = request.configMapName().trim();
        if (configMaps.existsByClusterIdAndNamespaceAndConfigMapName(target.instId(), target.namespace(), name)) {
            throw MsapException.conflict("configmap.exists", name, target.namespace());
        }
        kubernetes.readConfigMap(target.access(), target.namespace(), name).ifPresent(existing -> {
            throw MsapException.conflict("configmap.existsOnCluster", name, target.namespace());
        });
        K8sConfigMap configMap = configMaps.saveAndFlush(new K8sConfigMap(
                Ids.newId(),
                caller.tenantId(),
                env.projectId(),
                env.envId(),
                target.instId(),
                target.clusterName(),
                target.namespace(),
                name,
                json.writeValueAsString(items),
                Times.now()));
        AuditTrail.target(env.projectId(), OBJECT_CONFIGMAP, configMap.getId());
        apply(target, configMap, items);
        return configMap.getId();
    }

    @Transactional
    void update(Caller caller, ConfigMapRequests.UpdateConfigMapRequest request) {
        List<Item> items = items(request.items());
        K8sConfigMap configMap = managed(caller, request.configMapId());
        configMap.replaceItems(json.writeValueAsString(items), Times.now());
        configMaps.flush();
        apply(target(configMap), configMap, items);
    }

    @Transactional
    void delete(Caller caller, String configMapId) {
        K8sConfigMap configMap = managed(caller, configMapId);
        List<String> users = usageGuards
                .orderedStream()
                .map(guard -> guard.usersOf(configMap.getEnvId(), configMap.getConfigMapName()))
                .flatMap(Optional::stream)
                .toList();
        if (!users.isEmpty()) {
            throw MsapException.conflict("configmap.inUse", configMap.getConfigMapName(), Messages.joinList(users));
        }
        configMaps.delete(configMap);
        configMaps.flush();
        EnvTarget target = target(configMap);
        kubernetes.deleteConfigMap(target.access(), configMap.getNamespace(), configMap.getConfigMapName());
    }

    /** The ConfigMaps of the projects the caller can see, filtered by name and environment name (both fuzzy). */
    @Transactional(readOnly = true)
    PageInfo<ConfigMapView> list(Caller caller, String configMapName, String deployEnvName, PageQuery page) {
        List<String> projectIds = projectAccess.visibleProjectIds(caller).stream()
                .filter(id -> projectAccess.allows(caller, id, ProjectPermission.CONFIGMAP_VIEW))
                .toList();
        if (projectIds.isEmpty()) {
            return PageInfo.of(page, List.of(), 0);
        }
        Map<String, EnvironmentView> envs = environments.environmentsOfProjects(projectIds).stream()
                .collect(Collectors.toMap(EnvironmentView::envId, Function.identity()));
        String envFilter = Texts.trimToNull(deployEnvName);
        Set<String> envIds = new HashSet<>();
        if (envFilter != null) {
            String needle = envFilter.toLowerCase(Locale.ROOT);
            envs.values().stream()
                    .filter(e -> e.envName().toLowerCase(Locale.ROOT).contains(needle))
                    .forEach(e -> envIds.add(e.envId()));
            if (envIds.isEmpty()) {
                return PageInfo.of(page, List.of(), 0);
            }
        }
        String nameFilter = Texts.trimToNull(configMapName);
        return PageInfo.of(
                page,
                configMaps.search(
                        projectIds,
                        nameFilter == null ? null : Texts.likePattern(nameFilter),
                        envFilter != null,
                        envIds.isEmpty() ? List.of("-") : envIds,
                        page.newestFirst()),
                c -> view(c, envs.get(c.getEnvId())));
    }

    /**
     * The keys of the ConfigMap {@code name} the platform keeps in an environment, or empty when it keeps none by that
     * name there (for deploys that mount it).
     */
    @Transactional(readOnly = true)
    public Optional<java.util.List<String>> keysOf(String envId, String name) {
        return configMaps
                .findByEnvIdAndConfigMapName(envId, name)
                .map(c -> json.readValue(c.getItems(), ITEMS).stream()
                        .map(Item::name)
                        .toList());
    }

    /** The ids and names of the ConfigMaps of an environment, by name. */
    @Transactional(readOnly = true)
    public java.util.Map<String, String> idsByName(String envId) {
        return configMaps.findByEnvId(envId).stream()
                .collect(Collectors.toMap(K8sConfigMap::getConfigMapName, K8sConfigMap::getId));
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<MessageSourceResolvable> remainingIn(String envId) {
        long count = configMaps.countByEnvId(envId);
        return count == 0
                ? Optional.empty()
                : Optional.of(
                        new DefaultMessageSourceResolvable(new String[] {"configmap.count"}, new Object[] {count}));
    }

    private K8sConfigMap managed(Caller caller, String configMapId) {
        String id = Ids.require("configMapId", configMapId, "configmap.notFound");
        K8sConfigMap configMap = configMaps
                .findByIdAndTenantId(id, caller.tenantId())
                .filter(c -> projectAccess.visibleProjectIds(caller).contains(c.getProjectId()))
                .orElseThrow(() -> MsapException.unknownField("configMapId", "configmap.notFound"));
        AuditTrail.target(configMap.getProjectId(), OBJECT_CONFIGMAP, configMap.getId());
        projectAccess.require(
                caller,
                "configMapId",
                configMap.getProjectId(),
                ProjectPermission.CONFIGMAP_MANAGE,
                configMap.getEnvId());
        return configMap;
    }

    private EnvTarget target(K8sConfigMap configMap) {
        return environments
                .target(configMap.getEnvId())
                .filter(t -> t.instId().equals(configMap.getClusterId())
                        && t.namespace().equals(configMap.getNamespace()))
                .orElseThrow(() -> MsapException.conflict("configmap.env.noCluster", configMap.getEnvId()));
    }

    private void apply(EnvTarget target, K8sConfigMap configMap, List<Item> items) {
        Map<String, String> data = new LinkedHashMap<>();
        items.forEach(i -> data.put(i.name(), i.value()));
        kubernetes.applyConfigMap(
                target.access(),
                new KubernetesClusters.ConfigMapSpec(
                        configMap.getNamespace(),
                        configMap.getConfigMapName(),
                        data,
                        Map.of(
                                "msap.io/project-id", configMap.getProjectId(),
                                "msap.io/env-id", configMap.getEnvId(),
                                "msap.io/configmap-id", configMap.getId())));
    }

    /** The request's items, refusing a key given twice. */
    private static List<Item> items(List<ConfigMapRequests.Item> requested) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            String key = requested.get(i).name().trim();
            if (".".equals(key) || "..".equals(key)) {
                throw MsapException.badField("items[" + i + "].name", "configmap.key.pattern");
            }
            if (!seen.add(key)) {
                throw MsapException.badField("items[" + i + "].name", "configmap.key.duplicate", key);
            }
        }
        return requested.stream().map(i -> new Item(i.name().trim(), i.value())).toList();
    }

    private ConfigMapView view(K8sConfigMap c, EnvironmentView env) {
        List<Item> items = json.readValue(c.getItems(), ITEMS);
        return new ConfigMapView(
                c.getId(),
                c.getConfigMapName(),
                c.getProjectId(),
                c.getEnvId(),
                env == null ? null : env.envCode(),
                env == null ? null : env.envName(),
                c.getClusterName(),
                c.getNamespace(),
                items.stream()
                        .map(i -> new ItemView(i.name(), i.value(), i.name()))
                        .toList(),
                c.getCreateTime());
    }
}
