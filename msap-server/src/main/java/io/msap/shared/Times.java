package io.msap.shared;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Time on the wire: answers are ISO-8601 in UTC with milliseconds ({@code 2022-08-29T03:32:58.000+00:00}, the format of
 * the manual's captured responses); inputs may also be {@code yyyy-MM-dd HH:mm:ss} in Beijing time or epoch millis.
 */
public final class Times {

    /** The zone the manual's local times are written in. */
    public static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private static final DateTimeFormatter WIRE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Times() {}

    public static String format(Instant instant) {
        return instant == null ? null : WIRE.format(instant.atOffset(ZoneOffset.UTC));
    }

    /** The current time at the precision the database keeps (microseconds), so a stored time reads back unchanged. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** A time a caller sent in {@code field}; null when absent. */
    public static Instant parse(String field, String value) {
        String text = Texts.trimToNull(value);
        if (text == null) {
            return null;
        }
        try {
            if (text.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochMilli(Long.parseLong(text));
            }
            if (text.length() == 19 && text.charAt(10) == ' ') {
                return LocalDateTime.parse(text, LOCAL).atZone(BEIJING).toInstant();
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw MsapException.badField(field, "error.field.time");
        }
    }
}
