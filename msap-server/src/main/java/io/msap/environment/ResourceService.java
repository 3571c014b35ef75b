package io.msap.environment;

import io.msap.kubernetes.ClusterAccess;
import io.msap.kubernetes.KubernetesClusters;
import io.msap.project.ProjectAccess;
import io.msap.project.ProjectPermission;
import io.msap.shared.AuditTrail;
import io.msap.shared.Caller;
import io.msap.shared.Ids;
import io.msap.shared.Messages;
import io.msap.shared.MsapException;
import io.msap.shared.SecretCipher;
import io.msap.shared.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The platform's resources: areas and resource pools, the clusters and register centres registered into them
 * (operator only), what each tenant may use of them (listRegions, getK8sCluster, getMseList), and namespaces on the
 * clusters (created and deleted live on the cluster).
 */
@Service
class ResourceService {

    static final String OBJECT_POOL = "RESOURCE_POOL";
    static final String OBJECT_CLUSTER = "K8S_CLUSTER";
    static final String OBJECT_MSE = "REGISTER_CENTRE";
    static final String OBJECT_NAMESPACE = "NAMESPACE";

    /** getK8sCluster.statusCd of a cluster that answers, and of one that does not. */
    static final String RUNNING = "运行中";

    static final String UNREACHABLE = "不可达";

    private final AreaRepository areas;
    private final ResourcePoolRepository pools;
    private final ResourcePoolGrantRepository grants;
    private final K8sClusterRepository clusters;
    private final RegisterCentreRepository registerCentres;
    private final ManagedNamespaceRepository managedNamespaces;
    private final EnvironmentRepository environments;
    private final EnvResourceRepository envResources;
    private final KubernetesClusters kubernetes;
    private final SecretCipher cipher;
    private final ProjectAccess projectAccess;
    private final ExecutorService clusterReads;
    private final Messages messages;

    ResourceService(
            AreaRepository areas,
            ResourcePoolRepository pools,
            ResourcePoolGrantRepository grants,
            K8sClusterRepository clusters,
            RegisterCentreRepository registerCentres,
            ManagedNamespaceRepository managedNamespaces,
            EnvironmentRepository environments,
            EnvResourceRepository envResources,
            KubernetesClusters kubernetes,
            SecretCipher cipher,
            ProjectAccess projectAccess,
            @Qualifier("clusterReads") ExecutorService clusterReads,
            Messages messages) {
        this.messages = messages;
        this.areas = areas;
        this.pools = pools;
        this.grants = grants;
        this.clusters = clusters;
        this.registerCentres = registerCentres;
        this.managedNamespaces = managedNamespaces;
        this.environments = environments;
        this.envResources = envResources;
        this.kubernetes = kubernetes;
        this.cipher = cipher;
        this.projectAccess = projectAccess;
        this.clusterReads = clusterReads;
    }

    /** An area with the pools the caller may use (listRegions). */
    record RegionView(String areaCode, String areaId, String areaName, List<PoolView> resPools) {}

    record PoolView(String resPoolCode, String resPoolId, String resPoolName) {}

    /** A row of getK8sCluster and getMseList. */
    record ResourceInstanceView(
            String instId,
            List<String> namespaceList,
            Instant orderTime,
            String resourceName,
            String spec,
            String spuName,
            String statusCd,
            String subCategory,
            String type,
            String address) {}

    // ---- pools (operator) ----

    @Transactional
    String createResourcePool(Caller caller, EnvironmentRequests.CreateResourcePoolRequest request) {
        requireOperator(caller);
        String code = request.resPoolCode().trim();
        AuditTrail.target(null, OBJECT_POOL, code);
        if (pools.existsByResPoolCode(code)) {
            throw MsapException.conflict("environment.pool.exists", code);
        }
        Area area = areas.findByAreaCode(request.areaCode().trim())
                .orElseGet(() -> areas.save(new Area(
                        Ids.newNumericId(),
                        request.areaCode().trim(),
                        request.areaName().trim(),
                        Times.now())));
        ResourcePool pool = pools.save(new ResourcePool(
                Ids.newNumericId(), area.getId(), code, request.resPoolName().trim(), false, Times.now()));
        return pool.getId();
    }

    /** Creates the embedded area and pool {@code local}, usable by every tenant, unless it exists. */
    @Transactional
    ResourcePool ensureEmbeddedPool(String code) {
        return pools.findByResPoolCode(code).orElseGet(() -> {
            Area area = areas.findByAreaCode(code)
                    .orElseGet(() -> areas.save(new Area(Ids.newNumericId(), code, code, Times.now())));
            return pools.save(new ResourcePool(Ids.newNumericId(), area.getId(), code, code, true, Times.now()));
        });
    }

    @Transactional
    void deleteResourcePool(Caller caller, String resPoolCode) {
        requireOperator(caller);
        AuditTrail.target(null, OBJECT_POOL, resPoolCode.trim());
        ResourcePool pool = pools.findByResPoolCode(resPoolCode.trim())
                .orElseThrow(() -> MsapException.unknownField("resPoolCode", "environment.pool.notFound"));
        List<String> users = new ArrayList<>();
        long clusterCount = clusters.countByPoolId(pool.getId());
        long centreCount = registerCentres.countByPoolId(pool.getId());
        long envCount = environments.countByPoolIdAndDeletedFalse(pool.getId());
        if (clusterCount > 0) {
            users.add(messages.get("environment.count.clusters", clusterCount));
        }
        if (centreCount > 0) {
            users.add(messages.get("environment.count.registerCentres", centreCount));
        }
        if (envCount > 0) {
            users.add(messages.get("environment.count.environments", envCount));
        }
        if (!users.isEmpty()) {
            throw MsapException.conflict("environment.pool.inUse", Messages.joinList(users));
        }
        pools.delete(pool);
    }

    @Transactional
    void grantResourcePool(Caller caller, String resPoolCode, long tenantId, boolean tenantExists) {
        requireOperator(caller);
        AuditTrail.target(null, OBJECT_POOL, resPoolCode.trim());
        ResourcePool pool = pools.findByResPoolCode(resPoolCode.trim())
                .orElseThrow(() -> MsapException.unknownField("resPoolCode", "environment.pool.notFound"));
        if (!tenantExists) {
            throw MsapException.unknownField("tenantId", "environment.tenant.notFound");
        }
        if (!grants.existsByPoolIdAndTenantId(pool.getId(), tenantId)) {
            grants.save(new ResourcePoolGrant(pool.getId(), tenantId, Times.now()));
        }
    }

    @Transactional(readOnly = true)
    List<RegionView> listRegions(Caller caller) {
        List<ResourcePool> visible =
                caller.operator() ? pools.findAllByOrderByCreateTimeAscIdAsc() : pools.findUsableBy(caller.tenantId());
        Map<String, List<PoolView>> byArea = new LinkedHashMap<>();
        for (ResourcePool pool : visible) {
            byArea.computeIfAbsent(pool.getAreaId(), a -> new ArrayList<>())
                    .add(new PoolView(pool.getResPoolCode(), pool.getId(), pool.getResPoolName()));
        }
        return byArea.entrySet().stream()
                .map(e -> areas.findById(e.getKey())
                        .map(a -> new RegionView(a.getAreaCode(), a.getId(), a.getAreaName(), e.getValue()))
                        .orElseThrow())
                .toList();
    }

    /** A pool the caller's tenant may use, named by its code in {@code field}; 404 otherwise. */
    ResourcePool usablePool(Caller caller, String field, String resPoolCode) {
        ResourcePool pool = pools.findByResPoolCode(resPoolCode.trim())
                .orElseThrow(() -> MsapException.unknownField(field, "environment.pool.notFound"));
        if (!usable(caller, pool)) {
            throw MsapException.unknownField(field, "environment.pool.notFound");
        }
        return pool;
    }

    boolean usable(Caller caller, ResourcePool pool) {
        return caller.operator()
                || pool.isAllTenants()
                || grants.existsByPoolIdAndTenantId(pool.getId(), caller.tenantId());
    }

    // ---- clusters and register centres ----

    /** Registers a cluster after checking that it answers with the given kubeconfig; returns its instId. */
    @Transactional
    String registerCluster(Caller caller, EnvironmentRequests.RegisterClusterRequest request) {
        requireOperator(caller);
        String name = request.resourceName().trim();
        AuditTrail.target(null, OBJECT_CLUSTER, name);
        ResourcePool pool = pools.findByResPoolCode(request.resPoolCode().trim())
                .orElseThrow(() -> MsapException.unknownField("resPoolCode", "environment.pool.notFound"));
        if (clusters.existsByResourceName(name)) {
            throw MsapException.conflict("environment.cluster.exists", name);
        }
        KubernetesClusters.ClusterInfo info = kubernetes.probe(request.kubeconfig());
        String spec = request.spec() == null || request.spec().isBlank()
                ? info.version()
                : request.spec().trim();
        K8sCluster cluster = clusters.save(new K8sCluster(
                Ids.newNumericId(),
                pool.getId(),
                name,
                spec,
                cipher.encrypt(request.kubeconfig()),
                false,
                Times.now()));
        AuditTrail.target(null, OBJECT_CLUSTER, cluster.getId());
        return cluster.getId();
    }

    /** Registers or refreshes the embedded cluster {@code name} in {@code pool} with a fresh kubeconfig. */
    @Transactional
    K8sCluster registerEmbeddedCluster(ResourcePool pool, String name, String kubeconfig, String spec) {
        K8sCluster cluster = clusters.findByEmbeddedTrue().orElse(null);
        if (cluster == null) {
            return clusters.save(new K8sCluster(
                    Ids.newNumericId(), pool.getId(), name, spec, cipher.encrypt(kubeconfig), true, Times.now()));
        }
        cluster.replaceKubeconfig(cipher.encrypt(kubeconfig));
        kubernetes.forget(cluster.getId());
        return cluster;
    }

    @Transactional
    void unregisterCluster(Caller caller, String instId) {
        requireOperator(caller);
        AuditTrail.target(null, OBJECT_CLUSTER, instId.trim());
        K8sCluster cluster = clusters.findById(instId.trim())
                .orElseThrow(() -> MsapException.unknownField("instId", "environment.cluster.notFound"));
        List<String> users = envResources.findByClusterId(cluster.getId()).stream()
                .map(r -> environments
                        .findById(r.getEnvId())
                        .map(Environment::getEnvName)
                        .orElse(r.getEnvId()))
                .toList();
        if (!users.isEmpty()) {
            throw MsapException.conflict("environment.cluster.inUse", Messages.joinList(users));
        }
        managedNamespaces.deleteByClusterId(cluster.getId());
        clusters.delete(cluster);
        kubernetes.forget(cluster.getId());
    }

    @Transactional
    String registerMse(Caller caller, EnvironmentRequests.RegisterMseRequest request) {
        requireOperator(caller);
        String name = request.resourceName().trim();
        AuditTrail.target(null, OBJECT_MSE, name);
        ResourcePool pool = pools.findByResPoolCode(request.resPoolCode().trim())
                .orElseThrow(() -> MsapException.unknownField("resPoolCode", "environment.pool.notFound"));
        if (registerCentres.existsByResourceName(name)) {
            throw MsapException.conflict("environment.mse.exists", name);
        }
        RegisterCentre centre = registerCentres.save(new RegisterCentre(
                Ids.newNumericId(),
                pool.getId(),
                name,
                request.spec() == null ? null : request.spec().trim(),
                request.type(),
                request.address().trim(),
                Times.now()));
        AuditTrail.target(null, OBJECT_MSE, centre.getId());
        return centre.getId();
    }

    @Transactional
    void unregisterMse(Caller caller, String instId) {
        requireOperator(caller);
        AuditTrail.target(null, OBJECT_MSE, instId.trim());
        RegisterCentre centre = registerCentres
                .findById(instId.trim())
                .orElseThrow(() -> MsapException.unknownField("instId", "environment.mse.notFound"));
        registerCentres.delete(centre);
    }

    /** The clusters of a pool the caller may use, each with its namespaces and state read live, in parallel. */
    @Transactional(readOnly = true)
    List<ResourceInstanceView> clustersOf(Caller caller, String resPoolCode) {
        ResourcePool pool = usablePool(caller, "resPoolId", resPoolCode);
        List<CompletableFuture<ResourceInstanceView>> rows =
                clusters.findByPoolIdOrderByCreateTimeAscIdAsc(pool.getId()).stream()
                        .map(c -> CompletableFuture.supplyAsync(() -> liveView(c), clusterReads))
                        .toList();
        return rows.stream().map(CompletableFuture::join).toList();
    }

    @Transactional(readOnly = true)
    List<ResourceInstanceView> registerCentresOf(Caller caller, String resPoolCode) {
        ResourcePool pool = usablePool(caller, "resPoolId", resPoolCode);
        return registerCentres.findByPoolIdOrderByCreateTimeAscIdAsc(pool.getId()).stream()
                .map(c -> new ResourceInstanceView(
                        c.getId(),
                        null,
                        c.getCreateTime(),
                        c.getResourceName(),
                        c.getSpec(),
                        RegisterCentre.SPU_NAME,
                        "1",
                        RegisterCentre.SUB_CATEGORY,
                        c.getType().name(),
                        c.getAddress()))
                .toList();
    }

    // ---- namespaces ----

    @Transactional(readOnly = true)
    List<String> namespaces(Caller caller, String instId) {
        return kubernetes.namespaces(access(usableCluster(caller, instId)));
    }

    /** Creates a namespace on the cluster and remembers that this tenant made it. */
    @Transactional
    void createNamespace(Caller caller, String instId, String namespace) {
        projectAccess.requireInSomeProject(caller, ProjectPermission.NAMESPACE_MANAGE);
        K8sCluster cluster = usableCluster(caller, instId);
        AuditTrail.target(null, OBJECT_NAMESPACE, cluster.getId() + "/" + namespace);
        kubernetes.createNamespace(
                access(cluster), namespace, Map.of("msap.io/tenant-id", String.valueOf(caller.tenantId())));
        managedNamespaces.save(new ManagedNamespace(cluster.getId(), namespace, caller.tenantId(), Times.now()));
    }

    /**
     * Deletes a namespace (and everything in it) from the cluster: only one this tenant created through MSAP, and only
     * while no environment imports it.
     */
    @Transactional
    void deleteNamespace(Caller caller, String instId, String namespace) {
        projectAccess.requireInSomeProject(caller, ProjectPermission.NAMESPACE_MANAGE);
        K8sCluster cluster = usableCluster(caller, instId);
        AuditTrail.target(null, OBJECT_NAMESPACE, cluster.getId() + "/" + namespace);
        ClusterAccess access = access(cluster);
        if (!kubernetes.namespaceExists(access, namespace)) {
            throw MsapException.unknownField("namespaceName", "environment.namespace.notFound", namespace);
        }
        ManagedNamespace managed = managedNamespaces
                .findById(new ManagedNamespace.Key(cluster.getId(), namespace))
                .filter(m -> m.getTenantId() == caller.tenantId())
                .orElseThrow(() -> MsapException.forbidden("environment.namespace.notManaged", namespace));
        envResources.findByClusterIdAndNamespace(cluster.getId(), namespace).ifPresent(r -> {
            String envName = environments
                    .findById(r.getEnvId())
                    .map(Environment::getEnvName)
                    .orElse(r.getEnvId());
            throw MsapException.conflict("environment.namespace.imported", namespace, envName);
        });
        kubernetes.deleteNamespace(access, namespace);
        managedNamespaces.delete(managed);
    }

    /** A cluster in a pool the caller's tenant may use; 404 naming instId otherwise. */
    K8sCluster usableCluster(Caller caller, String instId) {
        K8sCluster cluster = clusters.findById(instId.trim())
                .orElseThrow(() -> MsapException.unknownField("instId", "environment.cluster.notFound"));
        ResourcePool pool = pools.findById(cluster.getPoolId()).orElseThrow();
        if (!usable(caller, pool)) {
            throw MsapException.unknownField("instId", "environment.cluster.notFound");
        }
        return cluster;
    }

    ClusterAccess access(K8sCluster cluster) {
        return new ClusterAccess(cluster.getId(), cipher.decrypt(cluster.getKubeconfigCipher()));
    }

    /** A cluster's row of getK8sCluster, read live: its namespaces when it answers, 不可达 when it does not. */
    ResourceInstanceView liveView(K8sCluster cluster) {
        List<String> namespaces;
        String status;
        try {
            namespaces = kubernetes.namespaces(access(cluster));
            status = RUNNING;
        } catch (MsapException e) {
            namespaces = List.of();
            status = UNREACHABLE;
        }
        return new ResourceInstanceView(
                cluster.getId(),
                namespaces,
                cluster.getCreateTime(),
                cluster.getResourceName(),
                cluster.getSpec(),
                K8sCluster.SPU_NAME,
                status,
                K8sCluster.SUB_CATEGORY,
                null,
                null);
    }

    private static void requireOperator(Caller caller) {
        if (!caller.operator()) {
            throw MsapException.forbidden("error.forbidden.permission", Messages.ref("account.permission.operator"));
        }
    }
}
