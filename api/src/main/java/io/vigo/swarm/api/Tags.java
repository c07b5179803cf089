package io.vigo.swarm.api;

import java.util.regex.Pattern;

/** The shape of an envoy tag: checked by the CLI before sending and by the server before writing. */
public final class Tags {

    private static final Pattern KEY = Pattern.compile("[a-z0-9]([a-z0-9._/-]{0,61}[a-z0-9])?");
    public static final int MAX_VALUE = 256;

    private Tags() {
    }

    /** Why {@code key} is not a valid tag key, or null when it is. */
    public static String problemWithKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            return "tag key \"" + Hostnames.printable(key) + "\" is not 1-63 lower-case letters, digits, '.', '_', '/' or '-' (starting and ending with a letter or digit)";
        }
        return null;
    }

    /** Why {@code value} is not a valid tag value, or null when it is. */
    public static String problemWithValue(String value) {
        if (value == null || value.length() > MAX_VALUE || value.chars().anyMatch(Character::isISOControl)) {
            return "tag value is longer than " + MAX_VALUE + " characters or has control characters";
        }
        return null;
    }
}
