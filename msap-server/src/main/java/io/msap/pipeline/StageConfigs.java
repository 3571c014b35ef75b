package io.msap.pipeline;

import io.msap.scm.GitRefs;
import io.msap.shared.MsapException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Reading stage configurations (JSON objects) field by field, with 400s that name the field. */
final class StageConfigs {

    private static final Pattern VARIABLE_NAME = Pattern.compile(PipelineRequests.VARIABLE_NAME);

    private StageConfigs() {}

    /** The configuration as an object (400 naming {@code field} when it is missing or not an object). */
    static ObjectNode object(String field, JsonNode config) {
        if (config == null || config.isNull() || config.isMissingNode()) {
            throw MsapException.badField(field, "error.field.required");
        }
        if (!(config instanceof ObjectNode object)) {
            throw MsapException.badField(field, "pipeline.config.object");
        }
        return object;
    }

    /** A text field, trimmed; null when absent and not required. Numbers are taken as their text. */
    static String text(ObjectNode config, String field, String name, boolean required, int maxLength) {
        JsonNode value = config.get(name);
        if (value == null
                || value.isNull()
                || (value.isString() && value.asString().isBlank())) {
            if (required) {
                throw MsapException.badField(field + "." + name, "error.field.required");
            }
            return null;
        }
        if (!value.isString() && !value.isNumber()) {
            throw MsapException.badField(field + "." + name, "pipeline.config.text");
        }
        String text = value.asString().trim();
        if (text.length() > maxLength) {
            throw MsapException.badField(field + "." + name, "pipeline.config.maxLength", maxLength);
        }
        return text;
    }

    /** An enum-valued text field (case-insensitive), null when absent and not required. */
    static String oneOf(ObjectNode config, String field, String name, boolean required, List<String> values) {
        String text = text(config, field, name, required, 64);
        if (text == null) {
            return null;
        }
        String upper = text.toUpperCase(Locale.ROOT);
        if (!values.contains(upper)) {
            throw MsapException.badField(field + "." + name, "error.field.enum", String.join(", ", values));
        }
        return upper;
    }

    /**
     * A relative path inside the repository: no leading slash, no {@code ..}; answered without {@code ./} and trailing
     * slashes ({@code .} for the repository's root).
     */
    static String relativePath(String field, String path) {
        String normalized = path.replace('\\', '/');
        if (normalized.startsWith("/") || normalized.matches("^[A-Za-z]:.*")) {
            throw MsapException.badField(field, "pipeline.path.relative");
        }
        StringBuilder out = new StringBuilder();
        for (String part : normalized.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw MsapException.badField(field, "pipeline.path.relative");
            }
            out.append(out.isEmpty() ? "" : "/").append(part);
        }
        return out.isEmpty() ? "." : out.toString();
    }

    /** A file name (a glob with * and ? is allowed): no directory separators. */
    static String fileName(String field, String name) {
        if (name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
            throw MsapException.badField(field, "pipeline.fileName");
        }
        return name;
    }

    /** A branch or tag name as git allows it (no spaces, no {@code ..}, not starting with '-'). */
    static String refName(String field, String name) {
        if (name == null) {
            return null;
        }
        if (!GitRefs.valid(name)) {
            throw MsapException.badField(field, "pipeline.ref.invalid");
        }
        return name;
    }

    /** A list of variables {name, type, value} (type CUSTOM), names unique; answered as stored. */
    static ArrayNode variables(String field, JsonNode list) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw MsapException.badField(field, "error.field.array");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = field + "[" + i + "]";
            ObjectNode variable = object(at, list.get(i));
            String name = text(variable, at, "name", true, 128);
            if (!VARIABLE_NAME.matcher(name).matches()) {
                throw MsapException.badField(at + ".name", "pipeline.variable.name");
            }
            if (!names.add(name)) {
                throw MsapException.badField(at + ".name", "pipeline.variable.twice", name);
            }
            oneOf(variable, at, "type", false, List.of("CUSTOM"));
            String value = text(variable, at, "value", false, 4000);
            ObjectNode stored = out.addObject();
            stored.put("name", name);
            stored.put("type", "CUSTOM");
            stored.put("value", value == null ? "" : value);
        }
        return out;
    }
}
