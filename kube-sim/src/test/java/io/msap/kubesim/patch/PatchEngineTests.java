package io.msap.kubesim.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.msap.kubesim.api.ApiException;
import io.msap.kubesim.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The patch engines on plain JSON: strategic merge directives, JSON patch, merge patch, apply and FieldsV1. */
class PatchEngineTests {
    private static ObjectNode json(String text) {
        return (ObjectNode) Json.parse(text.replace('\'', '"'));
    }

    private static final String DEPLOYMENT = "{'metadata':{'name':'web','finalizers':['a','b']},'spec':{'template':"
            + "{'spec':{'containers':[{'name':'web','image':'nginx:1','ports':[{'containerPort':80},"
            + "{'containerPort':81}],'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]},"
            + "{'name':'side','image':'busybox'}]}}}}";

    @Test
    void strategicMergeDirectives() {
        ObjectNode d = json(DEPLOYMENT);
        ObjectNode out = StrategicMergePatch.apply(
                d,
                json("{'metadata':{'$deleteFromPrimitiveList/finalizers':['a'],'finalizers':['c']},'spec':{'template':"
                        + "{'spec':{'$setElementOrder/containers':[{'name':'side'},{'name':'web'}],'containers':[{'name':"
                        + "'web','ports':[{'containerPort':81,'$patch':'delete'}],'env':[{'$patch':'replace'},{'name':'C',"
                        + "'value':'3'}]}]}}}}"));
        assertThat(out.at("/metadata/finalizers").toString()).isEqualTo("[\"b\",\"c\"]");
        JsonNode containers = out.at("/spec/template/spec/containers");
        assertThat(containers.get(0).get("name").asString()).isEqualTo("side");
        JsonNode web = containers.get(1);
        assertThat(web.get("image").asString()).isEqualTo("nginx:1");
        assertThat(web.get("ports").toString()).isEqualTo("[{\"containerPort\":80}]");
        assertThat(web.get("env").toString()).isEqualTo("[{\"name\":\"C\",\"value\":\"3\"}]");

        ObjectNode replaced = StrategicMergePatch.apply(
                d, json("{'spec':{'template':{'spec':{'$patch':'replace','containers':[{'name':'x','image':'y'}]}}}}"));
        assertThat(replaced.at("/spec/template/spec/containers").size()).isEqualTo(1);
        ObjectNode deleted = StrategicMergePatch.apply(d, json("{'spec':{'template':{'$patch':'delete'}}}"));
        assertThat(deleted.at("/spec").has("template")).isFalse();
        // lists without a merge key are replaced
        ObjectNode args = StrategicMergePatch.apply(
                json("{'spec':{'containers':[{'name':'a','args':['1','2']}]}}"),
                json("{'spec':{'containers':[{'name':'a','args':['3']}]}}"));
        assertThat(args.at("/spec/containers/0/args").toString()).isEqualTo("[\"3\"]");
    }

    @Test
    void jsonPatchAndMergePatch() {
        ObjectNode d = json(DEPLOYMENT);
        JsonNode patched = JsonPatch.apply(
                d,
                Json.parse(
                        "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"n:2\"},"
                                + "{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"a/b\":\"c\"}},"
                                + "{\"op\":\"remove\",\"path\":\"/metadata/finalizers/0\"},"
                                + "{\"op\":\"test\",\"path\":\"/metadata/labels/a~1b\",\"value\":\"c\"}]"));
        assertThat(patched.at("/spec/template/spec/containers/0/image").asString())
                .isEqualTo("n:2");
        assertThat(patched.at("/metadata/finalizers").toString()).isEqualTo("[\"b\"]");
        assertThatThrownBy(() -> JsonPatch.apply(d, Json.parse("[{\"op\":\"remove\",\"path\":\"/nope\"}]")))
                .isInstanceOf(ApiException.class);

        JsonNode merged = MergePatch.apply(d, json("{'metadata':{'finalizers':null,'labels':{'x':'y'}}}"));
        assertThat(merged.at("/metadata").has("finalizers")).isFalse();
        assertThat(merged.at("/metadata/labels/x").asString()).isEqualTo("y");
    }

    @Test
    void fieldsV1RoundTrip() {
        FieldSet set = FieldSet.of(json(DEPLOYMENT), false);
        ObjectNode fields = set.toFieldsV1();
        JsonNode web = fields.at("/f:spec/f:template/f:spec/f:containers").get("k:{\"name\":\"web\"}");
        assertThat(web.has(".")).isTrue();
        assertThat(web.get("f:ports").has("k:{\"containerPort\":80,\"protocol\":\"TCP\"}"))
                .isTrue();
        assertThat(fields.at("/f:metadata/f:finalizers").has("v:\"a\"")).isTrue();
        assertThat(fields.at("/f:metadata").has("f:name"))
                .as("identity is nobody's")
                .isFalse();
        assertThat(FieldSet.fromFieldsV1(fields).paths()).isEqualTo(set.paths());
    }

    @Test
    void applyOwnsRemovesAndConflicts() {
        Instant now = Instant.now();
        ObjectNode first = ManagedFields.apply(
                null,
                json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{'a':'1','b':'2'}}"),
                "one",
                false,
                "v1",
                now);
        ObjectNode second = ManagedFields.apply(
                first,
                json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{'b':'2','c':'3'}}"),
                "two",
                false,
                "v1",
                now);
        // "one" drops b (still owned by "two", so it stays) and a (only its own, so it goes)
        ObjectNode third = ManagedFields.apply(
                second,
                json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'}}"),
                "one",
                false,
                "v1",
                now);
        assertThat(third.get("data").toString()).isEqualTo("{\"b\":\"2\",\"c\":\"3\"}");
        assertThatThrownBy(() -> ManagedFields.apply(
                        third,
                        json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{'c':'4'}}"),
                        "one",
                        false,
                        "v1",
                        now))
                .isInstanceOfSatisfying(
                        ManagedFields.ConflictException.class,
                        e -> assertThat(e.getMessage())
                                .isEqualTo("Apply failed with 1 conflict: conflict with \"two\" using v1: .data.c"));
    }
}
