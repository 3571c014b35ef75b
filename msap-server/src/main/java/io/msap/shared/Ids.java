package io.msap.shared;

import java.util.UUID;

/** Identifiers: new UUID strings, and ids from requests (trimmed; an id that cannot exist names nothing). */
public final class Ids {

    private Ids() {}

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /**
     * The UUID id a caller sent in {@code field}, trimmed and lower-cased. A value that is not a UUID cannot name any
     * object, so it fails as an unknown id with {@code notFoundKey}; a missing value fails as a missing field.
     */
    public static String require(String field, String value, String notFoundKey) {
        if (value == null || value.isBlank()) {
            throw MsapException.badField(field, "error.field.required");
        }
        String id = value.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (!UUID.fromString(id).toString().equals(id)) {
                throw MsapException.unknownField(field, notFoundKey);
            }
        } catch (IllegalArgumentException e) {
            throw MsapException.unknownField(field, notFoundKey);
        }
        return id;
    }
}
