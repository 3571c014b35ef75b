package io.msap.kubesim;

import io.msap.kubesim.api.Registry;
import io.msap.kubesim.controller.ControllerManager;
import io.msap.kubesim.http.ApiServer;
import io.msap.kubesim.store.ObjectStore;
import io.msap.kubesim.store.Persistence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A running simulated Kubernetes cluster: the API server on loopback plus its controllers, optionally persisted
 * under a data directory. Start one with {@link #start(KubeSimConfig)}, point any client at {@link #kubeconfig()},
 * and {@link #close()} it when done.
 */
public final class KubeSim implements AutoCloseable {
    private final KubeSimConfig config;
    private final Persistence persistence;
    private final ControllerManager controllers;
    private final ApiServer server;

    private KubeSim(KubeSimConfig config, Persistence persistence, ControllerManager controllers, ApiServer server) {
        this.config = config;
        this.persistence = persistence;
        this.controllers = controllers;
        this.server = server;
    }

    /** Starts a cluster: loads its saved objects, seeds nodes and system namespaces, and begins serving. */
    public static KubeSim start(KubeSimConfig config) throws IOException {
        ObjectStore store = new ObjectStore();
        Persistence persistence = null;
        if (config.dataDir() != null) {
            persistence = new Persistence(store, config.dataDir(), config.persistDelay());
            persistence.start();
        }
        Registry registry = new Registry(store);
        ControllerManager controllers = new ControllerManager(registry, config);
        ApiServer server;
        try {
            controllers.start();
            server = new ApiServer(registry, config);
            server.start();
        } catch (IOException | RuntimeException e) {
            controllers.close();
            if (persistence != null) {
                persistence.close();
            }
            throw e;
        }
        return new KubeSim(config, persistence, controllers, server);
    }

    public KubeSimConfig config() {
        return config;
    }

    /** The port the API server listens on (useful when the config asked for 0). */
    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://" + config.host() + ":" + port();
    }

    /** A kubeconfig for this cluster: plain HTTP on loopback, no credentials, context and cluster {@code kube-sim}. */
    public String kubeconfig() {
        return kubeconfig(url());
    }

    static String kubeconfig(String server) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: kube-sim
                  cluster:
                    server: %s
                contexts:
                - name: kube-sim
                  context:
                    cluster: kube-sim
                    namespace: default
                    user: kube-sim
                current-context: kube-sim
                preferences: {}
                users:
                - name: kube-sim
                  user: {}
                """.formatted(server);
    }

    /** Writes {@link #kubeconfig()} to a file (parents created). */
    public Path writeKubeconfig(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, kubeconfig());
        return file;
    }

    /** Stops serving and controlling, and saves the objects (when persisted). */
    @Override
    public void close() {
        server.close();
        controllers.close();
        if (persistence != null) {
            persistence.close();
        }
    }
}
