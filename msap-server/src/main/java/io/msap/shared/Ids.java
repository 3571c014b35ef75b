package io.msap.shared;

import java.util.UUID;

/** Identifiers: new UUID strings, and ids from requests (trimmed; an id that cannot exist names nothing). */
public final class Ids {

    private Ids() {}

    /** Milliseconds since 2020-01-01T00:00:00Z, the epoch of numeric ids. */
    private static final long NUMERIC_EPOCH = 1_577_836_800_000L;

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /**
     * A new numeric id as the manual prints instance ids ({@code 813708046147519488}): the time in milliseconds since
     * 2020 shifted left by 22 bits, plus 22 random bits; 18 digits until the 2030s and ordered by creation time.
     */
    public static String newNumericId() {
        long millis = System.currentTimeMillis() - NUMERIC_EPOCH;
        return String.valueOf((millis << 22) | RANDOM.nextInt(1 << 22));
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
