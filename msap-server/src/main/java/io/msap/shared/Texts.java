package io.msap.shared;

import java.util.Locale;

/** Small helpers for request text: trimming, blanks, and fuzzy-filter patterns. */
public final class Texts {

    private Texts() {}

    /** The trimmed value, or null when it is null or blank. */
    public static String trimToNull(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }

    /**
     * A case-insensitive SQL LIKE pattern for a substring match in which {@code %}, {@code _} and the escape character
     * {@code \} are literal; use with {@code ESCAPE '\'} (Spring Data derives it for {@code Containing} queries) and a
     * lower-cased column.
     */
    public static String likePattern(String filter) {
        String escaped = filter.toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
