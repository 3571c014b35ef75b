package io.msap.kubesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Service cluster IPs, node ports (and their clashes), headless services and endpoints. */
class ServiceTests {
    static Sim sim;
    static final String NS = "svc";

    @BeforeAll
    static void start() throws Exception {
        sim = Sim.start();
        sim.namespace(NS);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static Service service(String name, String type, Integer nodePort) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withType(type)
                .addToSelector("app", name)
                .addToPorts(new ServicePortBuilder()
                        .withPort(80)
                        .withTargetPort(new IntOrString(8080))
                        .withNodePort(nodePort)
                        .build())
                .endSpec()
                .build();
    }

    private static Service create(Service s) {
        return sim.client.services().inNamespace(NS).resource(s).create();
    }

    @Test
    void clusterIpsAreUniqueInTheServiceRange() {
        Set<String> ips = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            Service s = create(service("ip-" + i, null, null));
            assertThat(s.getSpec().getType()).isEqualTo("ClusterIP");
            assertThat(s.getSpec().getClusterIP()).startsWith("10.96.");
            assertThat(s.getSpec().getClusterIPs()).containsExactly(s.getSpec().getClusterIP());
            assertThat(s.getSpec().getPorts().get(0).getProtocol()).isEqualTo("TCP");
            assertThat(s.getSpec().getPorts().get(0).getNodePort()).isNull();
            ips.add(s.getSpec().getClusterIP());
        }
        assertThat(ips).hasSize(20).doesNotContain("10.96.0.1");
        // the cluster IP survives updates that do not mention it
        Service s = sim.client.services().inNamespace(NS).withName("ip-0").get();
        String ip = s.getSpec().getClusterIP();
        s.getSpec().setClusterIP(null);
        s.getSpec().setClusterIPs(null);
        s.getMetadata().setResourceVersion(null);
        assertThat(sim.client
                        .services()
                        .inNamespace(NS)
                        .resource(s)
                        .update()
                        .getSpec()
                        .getClusterIP())
                .isEqualTo(ip);
    }

    @Test
    void nodePortsAreAllocatedAndClashesRefused() {
        Service np = create(service("np", "NodePort", null));
        int port = np.getSpec().getPorts().get(0).getNodePort();
        assertThat(port).isBetween(30000, 32767);

        Service fixed = create(service("fixed", "NodePort", 30080));
        assertThat(fixed.getSpec().getPorts().get(0).getNodePort()).isEqualTo(30080);

        assertThatThrownBy(() -> create(service("clash", "NodePort", 30080)))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
                    assertThat(e.getStatus().getMessage()).contains("provided port is already allocated");
                });
        assertThatThrownBy(() -> create(service("outside", "NodePort", 8080)))
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(422));

        Service lb = create(service("lb", "LoadBalancer", null));
        assertThat(lb.getSpec().getPorts().get(0).getNodePort()).isBetween(30000, 32767);

        // freed when the service goes
        sim.client.services().inNamespace(NS).withName("fixed").delete();
        Sim.await("port free again", () -> {
            try {
                create(service("reuse", "NodePort", 30080));
                return true;
            } catch (KubernetesClientException e) {
                return false;
            }
        });
    }

    @Test
    void headlessServicesStayHeadless() {
        Service s = service("headless", null, null);
        s.getSpec().setClusterIP("None");
        Service created = create(s);
        assertThat(created.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(created.getSpec().getClusterIPs()).containsExactly("None");
    }

    @Test
    void endpointsFollowReadyPods() {
        create(service("backend", null, null));
        sim.client
                .apps()
                .deployments()
                .inNamespace(NS)
                .resource(Sim.deployment("backend", 2, "nginx:1"))
                .create();
        Sim.await("two ready endpoints", () -> {
            var ep = sim.client.endpoints().inNamespace(NS).withName("backend").get();
            return ep != null
                    && !ep.getSubsets().isEmpty()
                    && ep.getSubsets().get(0).getAddresses().size() == 2;
        });
        var ep = sim.client.endpoints().inNamespace(NS).withName("backend").get();
        assertThat(ep.getSubsets().get(0).getPorts())
                .singleElement()
                .satisfies(p -> assertThat(p.getPort()).isEqualTo(8080));
        assertThat(ep.getSubsets().get(0).getAddresses())
                .allMatch(a -> a.getIp().startsWith("10.244."));
    }
}
