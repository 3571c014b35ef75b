package io.msap.kubesim.select;

import io.msap.kubesim.api.ApiException;
import io.msap.kubesim.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A label selector: equality ({@code a=b}, {@code a==b}, {@code a!=b}) and set-based ({@code a in (x,y)}, {@code a
 * notin (x)}, {@code a}, {@code !a}) requirements, all of which must hold. Parsed from the {@code labelSelector}
 * query parameter or from a {@code matchLabels}/{@code matchExpressions} object.
 */
public final class LabelSelector {
    /** One requirement; values are empty for Exists/DoesNotExist. */
    public record Requirement(String key, Op op, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return switch (op) {
                case EQUALS, IN -> v != null && values.contains(v);
                case NOT_EQUALS, NOT_IN -> v == null || !values.contains(v);
                case EXISTS -> v != null;
                case DOES_NOT_EXIST -> v == null;
            };
        }

        @Override
        public String toString() {
            return switch (op) {
                case EQUALS -> key + "=" + values.iterator().next();
                case NOT_EQUALS -> key + "!=" + values.iterator().next();
                case IN -> key + " in (" + String.join(",", values) + ")";
                case NOT_IN -> key + " notin (" + String.join(",", values) + ")";
                case EXISTS -> key;
                case DOES_NOT_EXIST -> "!" + key;
            };
        }
    }

    public enum Op {
        EQUALS,
        NOT_EQUALS,
        IN,
        NOT_IN,
        EXISTS,
        DOES_NOT_EXIST
    }

    private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), false);
    private static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

    private final List<Requirement> requirements;
    private final boolean matchesNothing;

    private LabelSelector(List<Requirement> requirements, boolean matchesNothing) {
        this.requirements = requirements;
        this.matchesNothing = matchesNothing;
    }

    public static LabelSelector everything() {
        return EVERYTHING;
    }

    public boolean isEverything() {
        return !matchesNothing && requirements.isEmpty();
    }

    public boolean matches(Map<String, String> labels) {
        if (matchesNothing) {
            return false;
        }
        for (Requirement r : requirements) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    public boolean matches(JsonNode object) {
        return matches(Json.stringMap(object, "metadata", "labels"));
    }

    @Override
    public String toString() {
        return String.join(",", requirements.stream().map(Requirement::toString).toList());
    }

    /**
     * A metav1.LabelSelector object. A null selector matches nothing (as for a workload selector), an empty one
     * everything.
     */
    public static LabelSelector fromObject(JsonNode selector) {
        if (selector == null || !selector.isObject()) {
            return NOTHING;
        }
        List<Requirement> reqs = new ArrayList<>();
        Json.stringMap(selector, "matchLabels").forEach((k, v) -> reqs.add(new Requirement(k, Op.EQUALS, Set.of(v))));
        for (JsonNode e : Json.items(selector, "matchExpressions")) {
            String key = Json.str(e, "key");
            String op = Json.str(e, "operator");
            Set<String> values = new LinkedHashSet<>();
            Json.items(e, "values").forEach(v -> values.add(v.isString() ? v.stringValue() : v.toString()));
            if (key == null || op == null) {
                throw ApiException.badRequest("invalid label selector expression: key and operator are required");
            }
            reqs.add(new Requirement(
                    key,
                    switch (op) {
                        case "In" -> Op.IN;
                        case "NotIn" -> Op.NOT_IN;
                        case "Exists" -> Op.EXISTS;
                        case "DoesNotExist" -> Op.DOES_NOT_EXIST;
                        default ->
                            throw ApiException.badRequest("\"" + op + "\" is not a valid label selector operator");
                    },
                    values));
        }
        return new LabelSelector(reqs, false);
    }

    /** A map selector (Service.spec.selector, ReplicationController): equality only; empty or null selects none. */
    public static LabelSelector fromMap(Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            return NOTHING;
        }
        List<Requirement> reqs = new ArrayList<>();
        map.forEach((k, v) -> reqs.add(new Requirement(k, Op.EQUALS, Set.of(v))));
        return new LabelSelector(reqs, false);
    }

    /** The {@code labelSelector} query parameter. */
    public static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        return new LabelSelector(new Parser(text).parse(), false);
    }

    /** A small tokenizer-free parser of the label selector grammar. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        List<Requirement> parse() {
            List<Requirement> out = new ArrayList<>();
            while (true) {
                skipSpaces();
                if (pos >= s.length()) {
                    break;
                }
                out.add(requirement());
                skipSpaces();
                if (pos >= s.length()) {
                    break;
                }
                expect(',');
            }
            return out;
        }

        private Requirement requirement() {
            skipSpaces();
            if (peek() == '!') {
                pos++;
                skipSpaces();
                return new Requirement(key(), Op.DOES_NOT_EXIST, Set.of());
            }
            String key = key();
            skipSpaces();
            if (pos >= s.length() || peek() == ',') {
                return new Requirement(key, Op.EXISTS, Set.of());
            }
            if (s.startsWith("==", pos)) {
                pos += 2;
                return new Requirement(key, Op.EQUALS, Set.of(value()));
            }
            if (s.startsWith("!=", pos)) {
                pos += 2;
                return new Requirement(key, Op.NOT_EQUALS, Set.of(value()));
            }
            if (peek() == '=') {
                pos++;
                return new Requirement(key, Op.EQUALS, Set.of(value()));
            }
            String word = word();
            Op op = switch (word) {
                case "in" -> Op.IN;
                case "notin" -> Op.NOT_IN;
                default -> throw error("unexpected \"" + word + "\"");
            };
            skipSpaces();
            expect('(');
            Set<String> values = new LinkedHashSet<>();
            while (true) {
                skipSpaces();
                if (peek() == ')') {
                    pos++;
                    break;
                }
                values.add(value());
                skipSpaces();
                if (peek() == ',') {
                    pos++;
                } else {
                    expect(')');
                    break;
                }
            }
            return new Requirement(key, op, values);
        }

        private String key() {
            String k = word();
            if (k.isEmpty()) {
                throw error("a label key is required");
            }
            return k;
        }

        private String value() {
            skipSpaces();
            return word();
        }

        private String word() {
            int start = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '/') {
                    pos++;
                } else {
                    break;
                }
            }
            return s.substring(start, pos);
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : 0;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private void skipSpaces() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }

        private ApiException error(String what) {
            return ApiException.badRequest(
                    "unable to parse requirement: " + what + " at position " + pos + " in \"" + s + "\"");
        }
    }
}
