package io.vigo.swarm.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this build and when it ran, as Maven wrote them into {@code build.properties}:
 * the same for the CLI, the streams app and the gateway of one build.
 *
 * @param version the project version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param built   when the build ran, UTC, RFC 3339 to the second
 */
public record Build(String version, String built) {

    private static final Build CURRENT = load();

    /** This build's. */
    public static Build current() {
        return CURRENT;
    }

    private static Build load() {
        Properties properties = new Properties();
        try (InputStream in = Build.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                throw new IllegalStateException("build.properties is missing from the api jar: rebuild it with Maven");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Build(properties.getProperty("version"), properties.getProperty("built"));
    }

    /** {@code 0.1.0-SNAPSHOT, built 2026-12-05T18:40:00Z}. */
    @Override
    public String toString() {
        return version + ", built " + built;
    }
}
