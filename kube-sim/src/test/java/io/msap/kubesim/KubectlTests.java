package io.msap.kubesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl against kube-sim: apply (twice, and server-side), get with server-side tables, set image, scale, rollout
 * status and restart, logs, delete. Runs wherever kubectl is installed; on CI (CI=true) a missing kubectl fails the
 * suite instead of skipping it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlTests {
    static Sim sim;
    static String kubectl;

    @TempDir
    static Path dir;

    static Path kubeconfig;
    /** kubectl before 1.26 validates with the protobuf OpenAPI v2 document, which kube-sim does not serve. */
    static boolean oldKubectl;

    static Path manifest;

    @BeforeAll
    static void start() throws Exception {
        kubectl = findKubectl();
        if (kubectl == null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("kubectl is not installed; .ci/run installs Debian's kubernetes-client");
            }
            Assumptions.abort("kubectl is not installed: the kubectl checks of kube-sim did not run");
        }
        sim = Sim.start();
        oldKubectl = minorVersion() < 26;
        kubeconfig = sim.sim.writeKubeconfig(dir.resolve("sim.kubeconfig"));
        manifest = dir.resolve("web.yaml");
        Files.writeString(manifest, """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  labels: {app: web}
                spec:
                  replicas: 3
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: web
                        image: nginx:1.25
                        ports:
                        - containerPort: 80
                        env:
                        - name: MODE
                          value: one
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                spec:
                  type: NodePort
                  selector: {app: web}
                  ports:
                  - port: 80
                    targetPort: 80
                """);
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private static String findKubectl() {
        for (String p : List.of("/usr/bin/kubectl", "/usr/local/bin/kubectl")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(":")) {
                if (Files.isExecutable(Path.of(d, "kubectl"))) {
                    return Path.of(d, "kubectl").toString();
                }
            }
        }
        return null;
    }

    private static int minorVersion() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(kubectl, "version", "--client", "-o", "json")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        var m = java.util.regex.Pattern.compile("\"minor\":\\s*\"(\\d+)").matcher(out);
        return m.find() ? Integer.parseInt(m.group(1)) : 99;
    }

    /** Runs kubectl; returns stdout, failing with stderr when it exits non-zero. */
    private static String kubectl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(kubectl);
        cmd.add("--kubeconfig");
        cmd.add(kubeconfig.toString());
        cmd.addAll(List.of(args));
        if (oldKubectl && args[0].equals("apply")) {
            cmd.add("--validate=false");
        }
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("kubectl " + String.join(" ", args) + " timed out");
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            fail("kubectl " + String.join(" ", args) + " exited " + p.exitValue() + ":\n" + stdout + stderr);
        }
        return stdout;
    }

    @Test
    @Order(1)
    void applyTwiceThenGet() throws Exception {
        assertThat(kubectl("apply", "-f", manifest.toString()))
                .contains("deployment.apps/web created")
                .contains("service/web created");
        assertThat(kubectl("apply", "-f", manifest.toString()))
                .contains("deployment.apps/web unchanged")
                .contains("service/web unchanged");
        assertThat(kubectl("rollout", "status", "deploy/web", "--timeout=60s")).contains("successfully rolled out");
        String all = kubectl("get", "deploy,rs,pods,svc", "-A");
        assertThat(all)
                .contains("NAMESPACE")
                .containsPattern("deployment.apps/web\\s+3/3\\s+3\\s+3")
                .containsPattern("replicaset.apps/web-[a-z0-9]+\\s+3\\s+3\\s+3")
                .containsPattern("pod/web-[a-z0-9]+-[a-z0-9]{5}\\s+1/1\\s+Running\\s+0")
                .containsPattern("service/web\\s+NodePort\\s+10\\.96\\.[0-9.]+\\s+<none>\\s+80:3[0-9]{4}/TCP")
                .contains("service/kubernetes");
        assertThat(kubectl("get", "pods", "-o", "wide")).contains("sim-node-").contains("10.244.");
        assertThat(kubectl("get", "nodes")).contains("sim-node-1").contains("Ready");
    }

    @Test
    @Order(2)
    void changedManifestRollsOut() throws Exception {
        Files.writeString(manifest, Files.readString(manifest).replace("value: one", "value: two"));
        assertThat(kubectl("apply", "-f", manifest.toString())).contains("deployment.apps/web configured");
        assertThat(kubectl("rollout", "status", "deploy/web", "--timeout=60s")).contains("successfully rolled out");
        assertThat(kubectl(
                        "get",
                        "deploy",
                        "web",
                        "-o",
                        "jsonpath={.metadata.annotations.deployment\\.kubernetes\\" + ".io/revision}"))
                .isEqualTo("2");
    }

    @Test
    @Order(3)
    void setImageScaleAndRestart() throws Exception {
        assertThat(kubectl("set", "image", "deploy/web", "web=nginx:1.26")).contains("image updated");
        assertThat(kubectl("rollout", "status", "deploy/web", "--timeout=60s")).contains("successfully rolled out");
        assertThat(kubectl("get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}"))
                .isEqualTo("nginx:1.26");
        assertThat(kubectl("scale", "deploy/web", "--replicas=1")).contains("scaled");
        Sim.await(
                "one pod",
                () -> sim.client
                                .pods()
                                .inNamespace("default")
                                .withLabel("app", "web")
                                .list()
                                .getItems()
                                .size()
                        == 1);
        assertThat(kubectl("rollout", "restart", "deploy/web")).contains("restarted");
        assertThat(kubectl("rollout", "status", "deploy/web", "--timeout=60s")).contains("successfully rolled out");
        assertThat(kubectl("rollout", "history", "deploy/web")).contains("REVISION");
        assertThat(kubectl("logs", "deploy/web")).contains("starting container web (image nginx:1.26)");
        assertThat(kubectl("describe", "deploy", "web")).contains("ScalingReplicaSet");
    }

    @Test
    @Order(4)
    void serverSideApply() throws Exception {
        assertThat(kubectl("apply", "--server-side", "--force-conflicts", "-f", manifest.toString()))
                .contains("serverside-applied");
        assertThat(kubectl("get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"))
                .isEqualTo("3");
    }

    @Test
    @Order(5)
    void deleteRemovesEverything() throws Exception {
        assertThat(kubectl("delete", "-f", manifest.toString()))
                .contains("deployment.apps \"web\" deleted")
                .contains("service \"web\" deleted");
        Sim.await(
                "collected",
                () -> sim.client
                        .pods()
                        .inNamespace("default")
                        .withLabel("app", "web")
                        .list()
                        .getItems()
                        .isEmpty());
        assertThat(kubectl("get", "deploy,rs,pods", "-l", "app=web", "--ignore-not-found"))
                .isBlank();
    }
}
