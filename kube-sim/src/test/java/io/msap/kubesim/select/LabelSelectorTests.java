package io.msap.kubesim.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msap.kubesim.api.ApiException;
import io.msap.kubesim.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The label selector grammar and metav1.LabelSelector objects. */
class LabelSelectorTests {
    private static final Map<String, String> WEB = Map.of("app", "web", "tier", "front", "app.kubernetes.io/name", "x");

    @Test
    void parsesEqualityAndSetBasedRequirements() {
        assertThat(LabelSelector.parse("app=web").matches(WEB)).isTrue();
        assertThat(LabelSelector.parse("app==web,tier!=back").matches(WEB)).isTrue();
        assertThat(LabelSelector.parse("app in (web, api),tier notin (back)").matches(WEB))
                .isTrue();
        assertThat(LabelSelector.parse("app in (api)").matches(WEB)).isFalse();
        assertThat(LabelSelector.parse("app.kubernetes.io/name").matches(WEB)).isTrue();
        assertThat(LabelSelector.parse("!missing,app").matches(WEB)).isTrue();
        assertThat(LabelSelector.parse("!app").matches(WEB)).isFalse();
        assertThat(LabelSelector.parse("").matches(WEB)).isTrue();
        assertThatThrownBy(() -> LabelSelector.parse("app in web")).isInstanceOf(ApiException.class);
    }

    @Test
    void readsSelectorObjects() {
        var sel = LabelSelector.fromObject(Json.parse("{\"matchLabels\":{\"app\":\"web\"},\"matchExpressions\":"
                + "[{\"key\":\"tier\",\"operator\":\"In\",\"values\":[\"front\"]},{\"key\":\"x\",\"operator\":"
                + "\"DoesNotExist\"}]}"));
        assertThat(sel.matches(WEB)).isTrue();
        assertThat(sel.toString()).isEqualTo("app=web,tier in (front),!x");
        assertThat(LabelSelector.fromObject(null).matches(WEB))
                .as("a missing selector selects nothing")
                .isFalse();
        assertThat(LabelSelector.fromObject(Json.parse("{}")).matches(WEB)).isTrue();
    }
}
