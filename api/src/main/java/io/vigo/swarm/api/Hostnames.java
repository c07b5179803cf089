package io.vigo.swarm.api;

import java.util.regex.Pattern;

/** The shape of an envoy's identity and of a blob's: checked at every edge that accepts one. */
public final class Hostnames {

    private static final Pattern HOSTNAME = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    public static final int MAX_LENGTH = 253;

    private Hostnames() {
    }

    public static boolean isValid(String hostname) {
        return hostname != null && hostname.length() <= MAX_LENGTH && HOSTNAME.matcher(hostname).matches();
    }

    /** Why {@code hostname} is not a valid envoy hostname, or null when it is. */
    public static String problemWith(String hostname) {
        if (hostname == null || hostname.isEmpty()) {
            return "hostname is empty";
        }
        if (hostname.length() > MAX_LENGTH) {
            return "hostname is longer than " + MAX_LENGTH + " characters";
        }
        if (!HOSTNAME.matcher(hostname).matches()) {
            return "hostname \"" + hostname + "\" is not lower-case letters, digits, '.' and '-' (starting and ending with a letter or digit)";
        }
        return null;
    }

    public static boolean isSha256(String sha) {
        return sha != null && SHA256.matcher(sha).matches();
    }
}
