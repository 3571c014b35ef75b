package io.msap.environment;

import io.msap.kubernetes.KubernetesClusters;
import io.msap.project.ProjectAccess;
import io.msap.project.ProjectDeletionGuard;
import io.msap.project.ProjectPermission;
import io.msap.shared.AuditTrail;
import io.msap.shared.Caller;
import io.msap.shared.Ids;
import io.msap.shared.Messages;
import io.msap.shared.MsapException;
import io.msap.shared.Times;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Environments of projects (manual 5.4) and the cluster namespace each imports. Other modules find an environment and
 * its target cluster here.
 */
@Service
public class EnvironmentService implements ProjectDeletionGuard {

    static final String OBJECT_ENV = "ENVIRONMENT";

    private final EnvironmentRepository environments;
    private final EnvResourceRepository envResources;
    private final ResourcePoolRepository pools;
    private final K8sClusterRepository clusters;
    private final RegisterCentreRepository registerCentres;
    private final ResourceService resources;
    private final KubernetesClusters kubernetes;
    private final ProjectAccess projectAccess;
    private final ObjectProvider<EnvironmentContentsGuard> contentsGuards;
    private final Messages messages;

    EnvironmentService(
            EnvironmentRepository environments,
            EnvResourceRepository envResources,
            ResourcePoolRepository pools,
            K8sClusterRepository clusters,
            RegisterCentreRepository registerCentres,
            ResourceService resources,
            KubernetesClusters kubernetes,
            ProjectAccess projectAccess,
            ObjectProvider<EnvironmentContentsGuard> contentsGuards,
            Messages messages) {
        this.environments = environments;
        this.envResources = envResources;
        this.pools = pools;
        this.clusters = clusters;
        this.registerCentres = registerCentres;
        this.resources = resources;
        this.kubernetes = kubernetes;
        this.projectAccess = projectAccess;
        this.contentsGuards = contentsGuards;
        this.messages = messages;
    }

    /** A row of listEnvs. */
    record EnvRow(
            String envId,
            long tenantId,
            String envCode,
            String envName,
            EnvType envType,
            String resPoolId,
            String resPoolCode,
            String resPoolName,
            String projectId,
            String projectCode,
            String projectName,
            Instant createTime) {}

    /** A row of listEvnK8s: the imported cluster namespace. */
    record EnvResourceRow(
            String envId,
            long tenantId,
            String instId,
            String resourceName,
            String resourcePoolId,
            String resourcePoolCode,
            String namespace,
            String spuName,
            String spec,
            String ip,
            String port,
            Instant orderTime,
            String statusCd,
            String subCategory,
            Instant createTime,
            String createStaff,
            Instant updateTime,
            String updateStaff) {}

    /** A type of listEnvTypes. */
    record EnvTypeView(String code, String name) {}

    // ---- for other modules ----

    /**
     * The environment {@code envId} (sent in {@code field}) if the caller may see its project, after checking that the
     * caller's roles there grant {@code permission}. 404 "环境不存在" otherwise.
     */
    @Transactional(readOnly = true)
    public EnvironmentView require(Caller caller, String field, String envId, ProjectPermission permission) {
        Environment environment = visible(caller, field, envId);
        projectAccess.require(caller, field, environment.getProjectId(), permission, environment.getId());
        return view(environment);
    }

    /** A live environment by id, whoever asks (for modules that already checked access to its project). */
    @Transactional(readOnly = true)
    public Optional<EnvironmentView> find(String envId) {
        return environments.findByIdAndDeletedFalse(envId).map(this::view);
    }

    /** A register centre of an environment's resource pool: its type and address, injected into deployed pods. */
    public record RegisterCentreRef(String instId, String type, String address) {}

    /** The register centre {@code instId} if it belongs to the environment's resource pool. */
    @Transactional(readOnly = true)
    public Optional<RegisterCentreRef> registerCentre(String envId, String instId) {
        Environment environment = environments.findByIdAndDeletedFalse(envId).orElseThrow();
        return registerCentres
                .findById(instId)
                .filter(c -> c.getPoolId().equals(environment.getPoolId()))
                .map(c -> new RegisterCentreRef(c.getId(), c.getType().name(), c.getAddress()));
    }

    /** The cluster and namespace imported into an environment, if any. */
    @Transactional(readOnly = true)
    public Optional<EnvTarget> target(String envId) {
        return envResources.findByEnvId(envId).map(r -> {
            K8sCluster cluster = clusters.findById(r.getClusterId()).orElseThrow();
            return new EnvTarget(
                    envId, cluster.getId(), cluster.getResourceName(), r.getNamespace(), resources.access(cluster));
        });
    }

    /** The live environments of the given projects. */
    @Transactional(readOnly = true)
    public List<EnvironmentView> environmentsOfProjects(Collection<String> projectIds) {
        if (projectIds.isEmpty()) {
            return List.of();
        }
        return environments.findByProjectIdInAndDeletedFalse(projectIds).stream()
                .map(this::view)
                .toList();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<MessageSourceResolvable> remainingIn(String projectId) {
        long count = environments.countByProjectIdAndDeletedFalse(projectId);
        return count == 0
                ? Optional.empty()
                : Optional.of(new DefaultMessageSourceResolvable(
                        new String[] {"environment.count.environments"}, new Object[] {count}));
    }

    // ---- endpoints ----

    @Transactional
    String create(Caller caller, EnvironmentRequests.CreateEnvRequest request) {
        String name = envName(request.envName());
        String projectId = projectAccess
                .require(caller, request.projectId(), ProjectPermission.ENV_CREATE)
                .projectId();
        String code = request.envCode().trim();
        ResourcePool pool = resources.usablePool(caller, "resPoolId", request.resPoolId());
        if (environments.existsByProjectIdAndEnvCodeAndDeletedFalse(projectId, code)) {
            throw MsapException.conflict("environment.code.exists", code);
        }
        Environment environment = environments.saveAndFlush(new Environment(
                Ids.newId(),
                caller.tenantId(),
                projectId,
                code,
                name,
                request.envType(),
                pool.getId(),
                caller.userId(),
                Times.now()));
        AuditTrail.target(projectId, OBJECT_ENV, environment.getId());
        return environment.getId();
    }

    @Transactional
    void update(Caller caller, EnvironmentRequests.UpdateEnvRequest request) {
        String name = request.envName() == null ? null : envName(request.envName());
        Environment environment = managed(caller, request.envId());
        environment.update(name, request.envType(), Times.now());
    }

    /** Deletes an environment that holds nothing any more; its imported namespace is released (not deleted). */
    @Transactional
    void delete(Caller caller, String envId) {
        Environment environment = managed(caller, envId);
        refuseWhileInUse(environment, "environment.inUse");
        envResources.findByEnvId(environment.getId()).ifPresent(envResources::delete);
        environment.delete(Times.now());
    }

    @Transactional(readOnly = true)
    List<EnvRow> list(Caller caller, String projectId) {
        ProjectAccess.ProjectRef project = projectAccess.require(caller, projectId, ProjectPermission.ENV_VIEW);
        return environments.findByProjectIdAndDeletedFalseOrderByCreateTimeDescIdDesc(project.projectId()).stream()
                .map(e -> {
                    ResourcePool pool = pools.findById(e.getPoolId()).orElseThrow();
                    return new EnvRow(
                            e.getId(),
                            e.getTenantId(),
                            e.getEnvCode(),
                            e.getEnvName(),
                            e.getEnvType(),
                            pool.getId(),
                            pool.getResPoolCode(),
                            pool.getResPoolName(),
                            project.projectId(),
                            project.projectCode(),
                            project.projectName(),
                            e.getCreateTime());
                })
                .toList();
    }

    List<EnvTypeView> types(Caller caller, String projectId) {
        projectAccess.require(caller, projectId, ProjectPermission.ENV_VIEW);
        return java.util.Arrays.stream(EnvType.values())
                .map(t -> new EnvTypeView(t.name(), t.displayName()))
                .toList();
    }

    /**
     * Imports a cluster namespace into an environment: the cluster must be in the environment's pool, the namespace
     * must exist on it and not be imported anywhere else, and the environment must not hold one already.
     */
    @Transactional
    void importResource(Caller caller, EnvironmentRequests.ImportResourceRequest request) {
        if (request.resourceList().size() != 1) {
            throw MsapException.badField("resourceList", "environment.import.one");
        }
        Environment environment = managed(caller, request.envId());
        EnvironmentRequests.ResourceRef ref = request.resourceList().get(0);
        K8sCluster cluster = resources.usableCluster(caller, ref.instId());
        if (!cluster.getPoolId().equals(environment.getPoolId())) {
            throw MsapException.badField("resourceList[0].instId", "environment.import.otherPool");
        }
        envResources.findByEnvId(environment.getId()).ifPresent(existing -> {
            throw MsapException.conflict("environment.import.alreadyHas", existing.getNamespace());
        });
        String namespace = ref.k8sNameSpace().trim();
        envResources.findByClusterIdAndNamespace(cluster.getId(), namespace).ifPresent(existing -> {
            Environment other = environments.findById(existing.getEnvId()).orElseThrow();
            throw other.getTenantId() == caller.tenantId()
                    ? MsapException.conflict("environment.import.taken", namespace, other.getEnvName())
                    : MsapException.conflict("environment.import.takenElsewhere", namespace);
        });
        if (!kubernetes.namespaceExists(resources.access(cluster), namespace)) {
            throw MsapException.unknownField(
                    "resourceList[0].k8sNameSpace", "environment.namespace.notFound", namespace);
        }
        envResources.saveAndFlush(new EnvResource(
                Ids.newId(),
                environment.getId(),
                cluster.getId(),
                namespace,
                caller.tenantId(),
                caller.userName(),
                Times.now()));
    }

    /** Removes the imported namespace from the environment (the namespace stays on the cluster). */
    @Transactional
    void deleteResource(Caller caller, EnvironmentRequests.DeleteResourceRequest request) {
        Environment environment = managed(caller, request.envId());
        EnvResource resource = envResources
                .findByEnvId(environment.getId())
                .filter(r ->
                        request.instIdList().stream().anyMatch(id -> id.trim().equals(r.getClusterId())))
                .orElseThrow(() -> MsapException.unknownField("instIdList", "environment.resource.notFound"));
        refuseWhileInUse(environment, "environment.resource.inUse");
        envResources.delete(resource);
    }

    @Transactional(readOnly = true)
    List<EnvResourceRow> resources(Caller caller, String envId) {
        Environment environment = visible(caller, "envId", envId);
        projectAccess.require(caller, "envId", environment.getProjectId(), ProjectPermission.ENV_VIEW);
        return envResources.findByEnvId(environment.getId()).stream()
                .map(r -> {
                    K8sCluster cluster = clusters.findById(r.getClusterId()).orElseThrow();
                    ResourcePool pool = pools.findById(cluster.getPoolId()).orElseThrow();
                    boolean reachable = kubernetes.reachable(resources.access(cluster));
                    return new EnvResourceRow(
                            environment.getId(),
                            r.getTenantId(),
                            cluster.getId(),
                            cluster.getResourceName(),
                            pool.getId(),
                            pool.getResPoolCode(),
                            r.getNamespace(),
                            K8sCluster.SPU_NAME,
                            cluster.getSpec(),
                            null,
                            null,
                            cluster.getCreateTime(),
                            reachable ? "1" : "0",
                            K8sCluster.SUB_CATEGORY,
                            r.getCreateTime(),
                            r.getCreateStaff(),
                            r.getUpdateTime(),
                            r.getUpdateStaff());
                })
                .toList();
    }

    // ---- helpers ----

    /** A live environment of a project the caller can see; 404 "环境不存在" naming the field otherwise. */
    private Environment visible(Caller caller, String field, String envId) {
        String id = Ids.require(field, envId, "environment.notFound");
        Environment environment = environments
                .findByIdAndTenantIdAndDeletedFalse(id, caller.tenantId())
                .orElseThrow(() -> MsapException.unknownField(field, "environment.notFound"));
        try {
            projectAccess.require(caller, field, environment.getProjectId(), ProjectPermission.PROJECT_VIEW);
        } catch (MsapException e) {
            throw MsapException.unknownField(field, "environment.notFound");
        }
        return environment;
    }

    /** An environment the caller may manage (ENV_MANAGE in its project). */
    private Environment managed(Caller caller, String envId) {
        Environment environment = visible(caller, "envId", envId);
        AuditTrail.target(environment.getProjectId(), OBJECT_ENV, environment.getId());
        projectAccess.require(
                caller, "envId", environment.getProjectId(), ProjectPermission.ENV_MANAGE, environment.getId());
        return environment;
    }

    private void refuseWhileInUse(Environment environment, String messageKey) {
        List<String> remaining = contentsGuards
                .orderedStream()
                .map(guard -> guard.remainingIn(environment.getId()))
                .flatMap(Optional::stream)
                .map(messages::get)
                .toList();
        if (!remaining.isEmpty()) {
            throw MsapException.conflict(messageKey, Messages.joinList(remaining));
        }
    }

    private static String envName(String name) {
        String trimmed = name.trim();
        if (trimmed.length() < 3 || trimmed.length() > 30) {
            throw MsapException.badField("envName", "environment.name.length");
        }
        return trimmed;
    }

    private EnvironmentView view(Environment e) {
        return new EnvironmentView(
                e.getId(),
                e.getTenantId(),
                e.getProjectId(),
                e.getEnvCode(),
                e.getEnvName(),
                e.getEnvType(),
                pools.findById(e.getPoolId()).map(ResourcePool::getResPoolCode).orElseThrow(),
                e.getCreateUserId());
    }
}
