package io.msap.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Assertions on answers in the MSAP envelope, shared by test classes of several packages. */
public final class Replies {

    private Replies() {}

    /** HTTP 200, code 200, empty msg. */
    public static void assertOk(Api.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.code()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.msg()).as(reply.toString()).isEmpty();
    }

    /** HTTP 200 with data {@code ""} (endpoints whose data has no stated meaning). */
    public static void assertDone(Api.Reply reply) {
        assertOk(reply);
        assertThat(reply.data().isString()).as(reply.toString()).isTrue();
        assertThat(reply.data().asString()).as(reply.toString()).isEmpty();
    }

    /** HTTP 200 with data {@code true}. */
    public static void assertTrue(Api.Reply reply) {
        assertOk(reply);
        assertThat(reply.data().isBoolean()).as(reply.toString()).isTrue();
        assertThat(reply.data().asBoolean()).as(reply.toString()).isTrue();
    }

    /** A failure with this HTTP status, envelope code (500, or 401 for 401/403), message and data "". */
    public static void assertFailure(Api.Reply reply, int status, String msg) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.code()).as(reply.toString()).isEqualTo(status == 401 || status == 403 ? 401 : 500);
        assertThat(reply.msg()).as(reply.toString()).isEqualTo(msg);
        assertThat(reply.data().asString()).as(reply.toString()).isEmpty();
    }

    /** A failure whose message starts with {@code prefix} (messages that carry a cluster's own words). */
    public static void assertFailureStartingWith(Api.Reply reply, int status, String prefix) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.code()).as(reply.toString()).isEqualTo(status == 401 || status == 403 ? 401 : 500);
        assertThat(reply.msg()).as(reply.toString()).startsWith(prefix);
        assertThat(reply.data().asString()).as(reply.toString()).isEmpty();
    }

    /** The answer names {@code field} in errors[]. */
    public static void assertField(Api.Reply reply, String field) {
        assertThat(fields(reply)).as(reply.toString()).contains(field);
    }

    public static List<String> fields(Api.Reply reply) {
        List<String> fields = new ArrayList<>();
        if (reply.errors() != null) {
            reply.errors().forEach(e -> fields.add(e.get("field").asString()));
        }
        return fields;
    }

    /** The texts of a JSON array of strings. */
    public static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }
}
