package io.vigo.swarm.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An envoy's colour in the swarm views (SPEC §7): the {@code viz.color} tag when it names a
 * palette colour or is {@code #rgb}/{@code #rrggbb}, else a slot chosen by FNV-1a of the hostname.
 * Resolved on the server so the CLI, the web page and the tests agree.
 */
public record EnvoyColor(String hex, boolean pinned) {

    public static final String TAG = "viz.color";

    /** Catppuccin Mocha, in slot order. */
    public static final List<String> NAMES = List.of("yellow", "red", "green", "blue", "peach", "mauve", "teal", "pink");
    public static final List<String> PALETTE = List.of(
            "#f9e2af", "#f38ba8", "#a6e3a1", "#89b4fa", "#fab387", "#cba6f7", "#94e2d5", "#f5c2e7");

    private static final Pattern HEX = Pattern.compile("#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})");

    public static EnvoyColor resolve(String hostname, String tagValue) {
        if (tagValue != null) {
            String value = tagValue.trim();
            int named = NAMES.indexOf(value.toLowerCase(Locale.ROOT));
            if (named >= 0) {
                return new EnvoyColor(PALETTE.get(named), true);
            }
            if (HEX.matcher(value).matches()) {
                return new EnvoyColor(normalise(value.substring(1).toLowerCase(Locale.ROOT)), true);
            }
        }
        return new EnvoyColor(PALETTE.get(slot(hostname)), false);
    }

    /** FNV-1a 32-bit of the hostname's UTF-8 bytes, modulo the palette size. */
    public static int slot(String hostname) {
        int hash = 0x811c9dc5;
        for (byte b : hostname.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return (int) (Integer.toUnsignedLong(hash) % PALETTE.size());
    }

    private static String normalise(String digits) {
        if (digits.length() == 6) {
            return "#" + digits;
        }
        StringBuilder full = new StringBuilder("#");
        for (char c : digits.toCharArray()) {
            full.append(c).append(c);
        }
        return full.toString();
    }
}
