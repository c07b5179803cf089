package io.vigo.swarm.api;

/**
 * The shape of an envoy's identity and of a blob's: checked at every edge that accepts one.
 * Plain loops rather than regular expressions: the streams app checks every hostname and every sha
 * of every event, and matching the sha pattern alone took 5 % of its stream thread at 100,000
 * envoys (BENCHMARKS.md).
 */
public final class Hostnames {

    public static final int MAX_LENGTH = 253;
    private static final int SHA256_HEX_LENGTH = 64;

    private Hostnames() {
    }

    public static boolean isValid(String hostname) {
        return problemWith(hostname) == null;
    }

    /** Why {@code hostname} is not a valid envoy hostname, or null when it is. */
    public static String problemWith(String hostname) {
        if (hostname == null || hostname.isEmpty()) {
            return "hostname is empty";
        }
        if (hostname.length() > MAX_LENGTH) {
            return "hostname is longer than " + MAX_LENGTH + " characters";
        }
        if (!hasHostnameShape(hostname)) {
            return "hostname \"" + printable(hostname) + "\" is not lower-case letters, digits, '.' and '-' (each dot-separated label"
                    + " starting and ending with a letter or digit)";
        }
        return null;
    }

    /** What of a refused value may be echoed in a one-line message: printable ASCII, at most 80 characters. */
    public static String printable(String value) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < value.length() && shown.length() < 80; i++) {
            char c = value.charAt(i);
            shown.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return value.length() > 80 ? shown + "..." : shown.toString();
    }

    /** Lower-case letters, digits, '.' and '-'; every dot-separated label starts and ends with a letter or digit. */
    private static boolean hasHostnameShape(String hostname) {
        int last = hostname.length() - 1;
        if (!isLowerAlphanumeric(hostname.charAt(0)) || !isLowerAlphanumeric(hostname.charAt(last))) {
            return false;
        }
        for (int i = 1; i < last; i++) {
            char c = hostname.charAt(i);
            if (c == '.') {
                if (!isLowerAlphanumeric(hostname.charAt(i - 1)) || !isLowerAlphanumeric(hostname.charAt(i + 1))) {
                    return false; // an empty label, or one that starts or ends with '-'
                }
            } else if (!isLowerAlphanumeric(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** Exactly 64 lower-case hexadecimal digits. */
    public static boolean isSha256(String sha) {
        if (sha == null || sha.length() != SHA256_HEX_LENGTH) {
            return false;
        }
        for (int i = 0; i < SHA256_HEX_LENGTH; i++) {
            char c = sha.charAt(i);
            if (!isDigit(c) && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerAlphanumeric(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
