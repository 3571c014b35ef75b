package io.msap.kubesim;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a kube-sim runs: where it listens, where it keeps its objects (null: in memory only), how many simulated nodes
 * it has, and the delays of its simulated kubelet. Every delay is configurable so tests can run fast.
 *
 * @param host loopback address to bind (kubeconfigs point here)
 * @param port TCP port; 0 picks a free one
 * @param dataDir directory for {@code store.json}; null keeps everything in memory
 * @param nodes number of simulated nodes ({@code sim-node-1..n})
 * @param podStartDelay from scheduling to containers running (and ready)
 * @param slowStartDelay from scheduling to ready for images whose name or tag contains {@code slowstart}
 * @param crashLoopInterval between crashes of images containing {@code crashloop}
 * @param imagePullBackOff between ErrImagePull and ImagePullBackOff for images containing {@code imagepullfail}
 * @param logInterval between the simulated heartbeat lines of a running container's log
 * @param persistDelay how long changes gather before the store file is rewritten
 * @param resyncInterval how often controllers re-check every object (timeouts, lost events)
 */
public record KubeSimConfig(
        String host,
        int port,
        Path dataDir,
        int nodes,
        Duration podStartDelay,
        Duration slowStartDelay,
        Duration crashLoopInterval,
        Duration imagePullBackOff,
        Duration logInterval,
        Duration persistDelay,
        Duration resyncInterval) {

    /** Realistic delays: pods are ready about two seconds after they are created. */
    public static KubeSimConfig defaults() {
        return new KubeSimConfig(
                "127.0.0.1",
                0,
                null,
                3,
                Duration.ofSeconds(2),
                Duration.ofSeconds(60),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                Duration.ofMillis(200),
                Duration.ofSeconds(1));
    }

    /** Short delays for tests. */
    public static KubeSimConfig fast() {
        return defaults()
                .withPodStartDelay(Duration.ofMillis(300))
                .withSlowStartDelay(Duration.ofSeconds(3))
                .withCrashLoopInterval(Duration.ofMillis(500))
                .withImagePullBackOff(Duration.ofMillis(500))
                .withLogInterval(Duration.ofMillis(200))
                .withPersistDelay(Duration.ofMillis(50))
                .withResyncInterval(Duration.ofMillis(500));
    }

    public KubeSimConfig withHost(String v) {
        return new KubeSimConfig(
                v,
                port,
                dataDir,
                nodes,
                podStartDelay,
                slowStartDelay,
                crashLoopInterval,
                imagePullBackOff,
                logInterval,
                persistDelay,
                resyncInterval);
    }

    public KubeSimConfig withPort(int v) {
        return new KubeSimConfig(
                host,
                v,
                dataDir,
                nodes,
                podStartDelay,
                slowStartDelay,
                crashLoopInterval,
                imagePullBackOff,
                logInterval,
                persistDelay,
                resyncInterval);
    }

    public KubeSimConfig withDataDir(Path v) {
        return new KubeSimConfig(
                host,
                port,
                v,
                nodes,
                podStartDelay,
                slowStartDelay,
                crashLoopInterval,
                imagePullBackOff,
                logInterval,
                persistDelay,
                resyncInterval);
    }

    public KubeSimConfig withNodes(int v) {
        return new KubeSimConfig(
                host,
                port,
                dataDir,
                v,
                podStartDelay,
                slowStartDelay,
                crashLoopInterval,
                imagePullBackOff,
                logInterval,
                persistDelay,
                resyncInterval);
    }

    public KubeSimConfig withPodStartDelay(Duration v) {
        return new KubeSimConfig(
                host,
                port,
                dataDir,
                nodes,
                v,
                slowStartDelay,
                crashLoopInterval,
                imagePullBackOff,
                logInterval,
                persistDelay,
                resyncInterval);
    }

    public KubeSimConfig withSlowStartDelay(Duration v) {
        return new KubeSimConfig(
                host,
                port,
                dataDir,
                nodes,
                podStartDelay,
                v,
                crashLoopInterval,
                imagePullBackOff,
                logInterval,
                persistDelay,
                resyncInterval);
    }

    public KubeSimConfig withCrashLoopInterval(Duration v) {
        return new KubeSimConfig(
                host,
                port,
                dataDir,
                nodes,
                podStartDelay,
                slowStartDelay,
                v,
                imagePullBackOff,
                logInterval,
                persistDelay,
                resyncInterval);
    }

    public KubeSimConfig withImagePullBackOff(Duration v) {
        return new KubeSimConfig(
                host,
                port,
                dataDir,
                nodes,
                podStartDelay,
                slowStartDelay,
                crashLoopInterval,
                v,
                logInterval,
                persistDelay,
                resyncInterval);
    }

    public KubeSimConfig withLogInterval(Duration v) {
        return new KubeSimConfig(
                host,
                port,
                dataDir,
                nodes,
                podStartDelay,
                slowStartDelay,
                crashLoopInterval,
                imagePullBackOff,
                v,
                persistDelay,
                resyncInterval);
    }

    public KubeSimConfig withPersistDelay(Duration v) {
        return new KubeSimConfig(
                host,
                port,
                dataDir,
                nodes,
                podStartDelay,
                slowStartDelay,
                crashLoopInterval,
                imagePullBackOff,
                logInterval,
                v,
                resyncInterval);
    }

    public KubeSimConfig withResyncInterval(Duration v) {
        return new KubeSimConfig(
                host,
                port,
                dataDir,
                nodes,
                podStartDelay,
                slowStartDelay,
                crashLoopInterval,
                imagePullBackOff,
                logInterval,
                persistDelay,
                v);
    }
}
