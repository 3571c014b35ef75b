package io.msap.kubesim.api;

import io.msap.kubesim.json.Json;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A failed API call, answered as a {@code kind: Status} object with the API server's reason and code. */
public final class ApiException extends RuntimeException {
    private final int code;
    private final String reason;
    private final ObjectNode details;

    public ApiException(int code, String reason, String message, ObjectNode details) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.details = details;
    }

    /** One field problem of an Invalid (422) answer. */
    public record Cause(String type, String field, String message) {}

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public ObjectNode status() {
        ObjectNode s = Json.object();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure");
        s.put("message", getMessage());
        s.put("reason", reason);
        if (details != null) {
            s.set("details", details);
        }
        s.put("code", code);
        return s;
    }

    private static ObjectNode details(ResourceType type, String name) {
        ObjectNode d = Json.object();
        if (name != null) {
            d.put("name", name);
        }
        if (type != null) {
            if (!type.group().isEmpty()) {
                d.put("group", type.group());
            }
            d.put("kind", type.plural());
        }
        return d;
    }

    public static ApiException notFound(ResourceType type, String name) {
        return new ApiException(
                404, "NotFound", type.qualifiedName() + " \"" + name + "\" not found", details(type, name));
    }

    public static ApiException alreadyExists(ResourceType type, String name) {
        return new ApiException(
                409, "AlreadyExists", type.qualifiedName() + " \"" + name + "\" already exists", details(type, name));
    }

    public static ApiException conflict(ResourceType type, String name) {
        return new ApiException(
                409,
                "Conflict",
                "Operation cannot be fulfilled on " + type.qualifiedName() + " \"" + name
                        + "\": the object has been modified; please apply your changes to the latest version and try"
                        + " again",
                details(type, name));
    }

    public static ApiException conflict(ResourceType type, String name, String message, List<Cause> causes) {
        ObjectNode d = details(type, name);
        addCauses(d, causes);
        return new ApiException(409, "Conflict", message, d);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message, null);
    }

    public static ApiException forbidden(ResourceType type, String name, String message) {
        return new ApiException(403, "Forbidden", message, details(type, name));
    }

    public static ApiException methodNotAllowed(String message) {
        return new ApiException(405, "MethodNotAllowed", message, null);
    }

    public static ApiException unsupportedMediaType(String contentType) {
        return new ApiException(
                415,
                "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types"
                        + " include: application/json-patch+json, application/merge-patch+json,"
                        + " application/apply-patch+yaml, application/strategic-merge-patch+json (got " + contentType
                        + ")",
                null);
    }

    public static ApiException gone(String message) {
        return new ApiException(410, "Expired", message, null);
    }

    /** 422: {@code Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be ...}. */
    public static ApiException invalid(ResourceType type, String name, List<Cause> causes) {
        StringBuilder msg = new StringBuilder();
        msg.append(type.group().isEmpty() ? type.kind() : type.kind() + "." + type.group())
                .append(" \"")
                .append(name)
                .append("\" is invalid: ");
        if (causes.size() == 1) {
            msg.append(causes.get(0).field()).append(": ").append(causes.get(0).message());
        } else {
            msg.append('[');
            for (int i = 0; i < causes.size(); i++) {
                if (i > 0) {
                    msg.append(", ");
                }
                msg.append(causes.get(i).field())
                        .append(": ")
                        .append(causes.get(i).message());
            }
            msg.append(']');
        }
        ObjectNode d = Json.object();
        d.put("name", name);
        if (!type.group().isEmpty()) {
            d.put("group", type.group());
        }
        d.put("kind", type.kind());
        addCauses(d, causes);
        return new ApiException(422, "Invalid", msg.toString(), d);
    }

    private static void addCauses(ObjectNode d, List<Cause> causes) {
        ArrayNode a = d.putArray("causes");
        for (Cause c : causes) {
            ObjectNode o = a.addObject();
            o.put("reason", c.type());
            o.put("message", c.message());
            o.put("field", c.field());
        }
    }
}
