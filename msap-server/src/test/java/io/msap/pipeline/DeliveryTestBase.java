package io.msap.pipeline;

import io.msap.test.IntegrationTest;
import io.msap.test.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the tests that build and deploy share: a kube-sim each test class registers (and stops after it), and the
 * pipeline test steps.
 */
abstract class DeliveryTestBase extends IntegrationTest {

    static TestCluster cluster;

    PipelineSupport support;

    @BeforeEach
    void registerCluster() {
        support = new PipelineSupport(api);
        if (cluster == null) {
            cluster = TestCluster.register(api, ADMIN_TOKEN);
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }
}
