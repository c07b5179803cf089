package io.vigo.swarm.api;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A moment as an operator writes one (SPEC §12): {@code yyyy-MM-dd HH:mm[:ss]} in the CLI's time
 * zone, RFC 3339 ({@code 2026-12-05T09:30:00Z}, {@code ...+01:00}), or relative to now
 * ({@code -2h}, {@code -3d}, {@code -90m}, {@code -30s}).
 */
public final class Moments {

    public static final String FORMATS = "yyyy-MM-dd HH:mm[:ss], RFC 3339 (2026-12-05T09:30:00Z) or relative (-30m, -2h, -3d)";

    private static final Pattern RELATIVE = Pattern.compile("-(\\d{1,9})([smhd])");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]");

    private Moments() {
    }

    /** The moment {@code text} names; IllegalArgumentException (one line naming the formats) when it names none. */
    public static Instant parse(String text, ZoneId zone, Instant now) {
        String value = text == null ? "" : text.trim();
        Matcher relative = RELATIVE.matcher(value);
        if (relative.matches()) {
            long amount = Long.parseLong(relative.group(1));
            Duration back = switch (relative.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return now.minus(back);
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notRfc3339) {
            try {
                return LocalDateTime.parse(value, LOCAL).atZone(zone).toInstant();
            } catch (DateTimeException notLocal) {
                throw new IllegalArgumentException("\"" + Hostnames.printable(value) + "\" is not a moment: use " + FORMATS);
            }
        }
    }

    /** A moment as the API takes it: RFC 3339, UTC, to the millisecond when it has one. */
    public static String rfc3339(Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at);
    }
}
