package io.msap.release;

import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** JSON of what the release module stores in text columns: specs, change parameters and pod snapshots. */
@Component
class ReleaseJson {

    private static final TypeReference<List<PodView>> PODS = new TypeReference<>() {};

    private final JsonMapper json;

    ReleaseJson(JsonMapper json) {
        this.json = json;
    }

    String write(Object value) {
        return json.writeValueAsString(value);
    }

    DeploySpec spec(String text) {
        return text == null ? null : json.readValue(text, DeploySpec.class);
    }

    ChangeParams params(String text) {
        return json.readValue(text, ChangeParams.class);
    }

    DeployStrategies.GrayRuleView grayRule(String text) {
        return json.readValue(text, DeployStrategies.GrayRuleView.class);
    }

    List<PodView> pods(String text) {
        return text == null ? List.of() : json.readValue(text, PODS);
    }

    /** A pod of a stage as getChangeOrderInfo shows it. */
    record PodView(String podName, String podIp, String podStatus, String errMsg) {}
}
