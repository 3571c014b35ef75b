package io.msap.kubesim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone program: {@code java -jar kube-sim.jar [--port 6443] [--kubeconfig sim.kubeconfig] [--data-dir DIR]
 * [--host 127.0.0.1] [--nodes 3] [--pod-start-delay 2s]}. Writes the kubeconfig and serves until stopped.
 */
public final class KubeSimMain {
    private KubeSimMain() {}

    public static void main(String[] args) throws Exception {
        KubeSimConfig config = KubeSimConfig.defaults().withPort(6443);
        Path kubeconfig = Path.of("kube-sim.kubeconfig");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--port" -> config = config.withPort(Integer.parseInt(need(a, v)));
                case "--kubeconfig" -> kubeconfig = Path.of(need(a, v));
                case "--data-dir" -> config = config.withDataDir(Path.of(need(a, v)));
                case "--host" -> config = config.withHost(need(a, v));
                case "--nodes" -> config = config.withNodes(Integer.parseInt(need(a, v)));
                case "--pod-start-delay" -> config = config.withPodStartDelay(duration(need(a, v)));
                case "--slow-start-delay" -> config = config.withSlowStartDelay(duration(need(a, v)));
                case "--crash-loop-interval" -> config = config.withCrashLoopInterval(duration(need(a, v)));
                case "-h", "--help" -> {
                    System.out.println("usage: java -jar kube-sim.jar [--port 6443] [--kubeconfig FILE] [--data-dir"
                            + " DIR] [--host 127.0.0.1] [--nodes 3] [--pod-start-delay 2s] [--slow-start-delay 60s]"
                            + " [--crash-loop-interval 10s]");
                    return;
                }
                default -> {
                    System.err.println("kube-sim: unknown argument " + a + " (try --help)");
                    System.exit(2);
                }
            }
            i++;
        }
        KubeSim sim = KubeSim.start(config);
        sim.writeKubeconfig(kubeconfig);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }));
        System.out.println("kube-sim listening on " + sim.url() + "; kubeconfig written to "
                + kubeconfig.toAbsolutePath() + (config.dataDir() == null ? "" : "; data in " + config.dataDir()));
        stopped.await();
    }

    private static String need(String flag, String value) {
        if (value == null) {
            System.err.println("kube-sim: " + flag + " needs a value");
            System.exit(2);
        }
        return value;
    }

    /** {@code 500ms}, {@code 2s}, {@code 1m} or plain milliseconds. */
    static Duration duration(String text) {
        String t = text.trim();
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        if (t.endsWith("m")) {
            return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
        }
        return Duration.ofMillis(Long.parseLong(t));
    }
}
