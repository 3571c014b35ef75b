package io.msap.kubesim.controller;

import io.msap.kubesim.KubeSimConfig;
import io.msap.kubesim.api.Registry;
import io.msap.kubesim.api.ResourceType;
import io.msap.kubesim.api.ResourceTypes;
import io.msap.kubesim.json.Json;
import io.msap.kubesim.store.StoreEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs the simulated control plane on its own single thread (never on HTTP threads): store changes become keys in a
 * de-duplicated work queue, each key is reconciled by its controller, and a periodic resync catches timeouts and
 * anything missed. The controllers: deployments, replica sets, the scheduler and kubelet (pods), endpoints,
 * namespaces and the garbage collector.
 */
public final class ControllerManager implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ControllerManager.class.getName());

    /** A unit of work: which controller, which object. */
    record Key(String controller, String namespace, String name) {}

    private final Registry registry;
    private final ScheduledExecutorService executor;
    private final LinkedHashSet<Key> pending = new LinkedHashSet<>();
    private boolean drainScheduled;
    private volatile boolean closed;
    private final Map<String, Controller> controllers;
    private final GarbageCollector gc;
    private final EventRecorder events;
    private final Nodes nodes;
    private long sweeps;

    public ControllerManager(Registry registry, KubeSimConfig config) {
        this.registry = registry;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kube-sim-controllers");
            t.setDaemon(true);
            return t;
        });
        this.events = new EventRecorder(registry);
        this.nodes = new Nodes(registry, config);
        ReplicaSetController rs = new ReplicaSetController(registry, events);
        this.gc = new GarbageCollector(registry);
        this.controllers = Map.of(
                "deployment", new DeploymentController(registry, events, rs, this),
                "replicaset", rs,
                "pod", new Kubelet(registry, config, events, nodes, this),
                "endpoints", new EndpointsController(registry),
                "namespace", new NamespaceController(registry),
                "gc-owner-gone", gc::ownerGone,
                "gc-foreground", gc::foreground);
        registry.store().addListener(this::onEvent);
        long resync = Math.max(50, config.resyncInterval().toMillis());
        executor.scheduleWithFixedDelay(this::resync, resync, resync, TimeUnit.MILLISECONDS);
    }

    /** Seeds nodes and system objects (before anyone is served), then reconciles everything once. */
    public void start() {
        try {
            executor.submit(nodes::ensure).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("kube-sim: seeding nodes failed", e.getCause());
        }
        executor.execute(this::resync);
    }

    void enqueue(String controller, String namespace, String name) {
        if (closed) {
            return;
        }
        synchronized (pending) {
            pending.add(new Key(controller, namespace == null ? "" : namespace, name));
            if (!drainScheduled) {
                drainScheduled = true;
                executor.execute(this::drain);
            }
        }
    }

    void enqueueAfter(String controller, String namespace, String name, Duration delay) {
        if (closed) {
            return;
        }
        executor.schedule(
                () -> enqueue(controller, namespace, name), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void drain() {
        while (!closed) {
            Key key;
            synchronized (pending) {
                if (pending.isEmpty()) {
                    drainScheduled = false;
                    return;
                }
                key = pending.iterator().next();
                pending.remove(key);
            }
            Controller c = controllers.get(key.controller());
            try {
                c.sync(key.namespace(), key.name());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "kube-sim: " + key + " failed; retrying", e);
                enqueueAfter(key.controller(), key.namespace(), key.name(), Duration.ofMillis(500));
            }
        }
    }

    /** Maps a store change to the keys it affects. Runs under the store's monitor: only enqueues. */
    private void onEvent(StoreEvent e) {
        ResourceType t = e.resource();
        String ns = e.namespace();
        String name = e.name();
        switch (t.kind()) {
            case "Deployment" -> enqueue("deployment", ns, name);
            case "ReplicaSet" -> {
                enqueue("replicaset", ns, name);
                controllerOf(e.object(), "Deployment").forEach(owner -> enqueue("deployment", ns, owner));
            }
            case "Pod" -> {
                if (e.type() != StoreEvent.Type.DELETED) {
                    enqueue("pod", ns, name);
                }
                controllerOf(e.object(), "ReplicaSet").forEach(owner -> enqueue("replicaset", ns, owner));
                enqueue("endpoints", ns, "");
            }
            case "Service" -> enqueue("endpoints", ns, e.type() == StoreEvent.Type.DELETED ? "-" + name : "");
            case "Namespace" -> enqueue("namespace", "", name);
            default -> {}
        }
        String uid = Json.str(e.object(), "metadata", "uid");
        if (e.type() == StoreEvent.Type.DELETED && uid != null) {
            enqueue("gc-owner-gone", t.namespaced() ? ns : "", uid);
            // an owner waiting in foreground deletion may now be free to go
            for (JsonNode ref : Json.items(e.object(), "metadata", "ownerReferences")) {
                enqueue("gc-foreground", ns, ownerKey(ref));
            }
        }
        if (e.type() != StoreEvent.Type.DELETED && Json.at(e.object(), "metadata", "deletionTimestamp") != null) {
            for (JsonNode f : Json.items(e.object(), "metadata", "finalizers")) {
                if ("foregroundDeletion".equals(f.asString())) {
                    enqueue("gc-foreground", ns, t.apiVersion() + "|" + t.kind() + "|" + name);
                }
            }
        }
    }

    private static String ownerKey(JsonNode ref) {
        return Json.strOr(ref, "", "apiVersion") + "|" + Json.strOr(ref, "", "kind") + "|"
                + Json.strOr(ref, "", "name");
    }

    /** Names of the controlling owners of a given kind. */
    static List<String> controllerOf(ObjectNode o, String kind) {
        List<String> out = new ArrayList<>();
        for (JsonNode ref : Json.items(o, "metadata", "ownerReferences")) {
            if (kind.equals(Json.str(ref, "kind")) && Json.bool(ref, "controller")) {
                out.add(Json.str(ref, "name"));
            }
        }
        return out;
    }

    /** The periodic resync: every workload, pod and terminating namespace; now and then the GC sweep. */
    private void resync() {
        if (closed) {
            return;
        }
        try {
            for (ObjectNode d : registry.list(ResourceTypes.DEPLOYMENTS, null)) {
                enqueue("deployment", Json.str(d, "metadata", "namespace"), Json.str(d, "metadata", "name"));
            }
            for (ObjectNode rs : registry.list(ResourceTypes.REPLICASETS, null)) {
                enqueue("replicaset", Json.str(rs, "metadata", "namespace"), Json.str(rs, "metadata", "name"));
            }
            for (ObjectNode p : registry.list(ResourceTypes.PODS, null)) {
                enqueue("pod", Json.str(p, "metadata", "namespace"), Json.str(p, "metadata", "name"));
            }
            for (ObjectNode n : registry.list(ResourceTypes.NAMESPACES, null)) {
                enqueue("namespace", "", Json.str(n, "metadata", "name"));
                enqueue("endpoints", Json.str(n, "metadata", "name"), "");
            }
            if (sweeps++ % 10 == 0) {
                executor.execute(() -> {
                    gc.sweep();
                    events.expire();
                });
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "kube-sim: resync failed", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
