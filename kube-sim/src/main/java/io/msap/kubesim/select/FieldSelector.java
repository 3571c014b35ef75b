package io.msap.kubesim.select;

import io.msap.kubesim.api.ApiException;
import io.msap.kubesim.api.ResourceType;
import io.msap.kubesim.json.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A field selector ({@code metadata.name=x,status.phase!=Running}). Supported on every kind: metadata.name and
 * metadata.namespace; on pods also status.phase, spec.nodeName, spec.restartPolicy, status.podIP; on events
 * involvedObject.*, reason and type; on secrets type. Any other field is refused with 400, as a real API server does.
 */
public final class FieldSelector {
    private record Term(String field, boolean equals, String value) {}

    private static final FieldSelector EVERYTHING = new FieldSelector(List.of());
    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        this.terms = terms;
    }

    public static FieldSelector everything() {
        return EVERYTHING;
    }

    public static FieldSelector parse(String text, ResourceType type) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Term> terms = new ArrayList<>();
        for (String part : text.split(",")) {
            part = part.trim();
            if (part.isEmpty()) {
                continue;
            }
            int ne = part.indexOf("!=");
            int eqeq = part.indexOf("==");
            int eq = part.indexOf('=');
            Term t;
            if (ne >= 0) {
                t = new Term(
                        part.substring(0, ne).trim(),
                        false,
                        part.substring(ne + 2).trim());
            } else if (eqeq >= 0) {
                t = new Term(
                        part.substring(0, eqeq).trim(),
                        true,
                        part.substring(eqeq + 2).trim());
            } else if (eq >= 0) {
                t = new Term(
                        part.substring(0, eq).trim(),
                        true,
                        part.substring(eq + 1).trim());
            } else {
                throw ApiException.badRequest("invalid selector: '" + text + "'; can't understand '" + part + "'");
            }
            if (!supported(t.field(), type)) {
                throw ApiException.badRequest("field label not supported: " + t.field());
            }
            terms.add(t);
        }
        return new FieldSelector(terms);
    }

    private static boolean supported(String field, ResourceType type) {
        if (field.equals("metadata.name") || field.equals("metadata.namespace")) {
            return true;
        }
        return switch (type.kind()) {
            case "Pod" ->
                List.of(
                                "status.phase",
                                "spec.nodeName",
                                "spec.restartPolicy",
                                "status.podIP",
                                "spec" + ".serviceAccountName",
                                "spec.schedulerName")
                        .contains(field);
            case "Event" ->
                field.startsWith("involvedObject.")
                        || field.equals("reason")
                        || field.equals("type")
                        || field.equals("source");
            case "Secret" -> field.equals("type");
            case "Namespace" -> field.equals("status.phase");
            case "Node" -> field.equals("spec.unschedulable");
            default -> false;
        };
    }

    /** The name of the object when the selector pins {@code metadata.name=x} (used to focus watches). */
    public String pinnedName() {
        for (Term t : terms) {
            if (t.equals() && t.field().equals("metadata.name")) {
                return t.value();
            }
        }
        return null;
    }

    public boolean matches(JsonNode object) {
        for (Term t : terms) {
            String actual = Json.strOr(object, "", t.field().split("\\."));
            if (t.field().equals("spec.unschedulable") && actual.isEmpty()) {
                actual = "false";
            }
            if (t.equals() != actual.equals(t.value())) {
                return false;
            }
        }
        return true;
    }
}
