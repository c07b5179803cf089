package io.vigo.swarm.envoy.gateway;

import io.vigo.swarm.api.envoy.EnrolRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This envoy's key: read from its key file, or got once by enrolling with the fleet's enrolment
 * secret and then kept in that file (owner-readable only). A key the gateway no longer takes (an
 * operator reset it) is dropped, and the agent enrols again if it has the secret.
 *
 * <p>Every enrolment carries this envoy's enrolment id, made once and kept beside the key file
 * ({@code <key-file>.enrolment-id}, owner-readable only), so an enrolment whose answer was lost
 * (a timeout, a gateway killed after Kafka took it) is retried safely: the gateway answers the
 * same id with the same key instead of "enrolled already". The id outlives a reset: a reset kills
 * keys, and the id alone (without the fleet's secret) enrols nothing.
 */
public final class EnvoyCredentials {

    private static final Logger log = LoggerFactory.getLogger(EnvoyCredentials.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String hostname;
    private final Path keyFile;
    private final Path enrolSecretFile;
    private final GatewayClient gateway;
    private String key;

    /** @param enrolSecretFile the enrolment secret's file, or null when the agent only has its key file */
    public EnvoyCredentials(String hostname, Path keyFile, Path enrolSecretFile, GatewayClient gateway) {
        this.hostname = hostname;
        this.keyFile = keyFile;
        this.enrolSecretFile = enrolSecretFile;
        this.gateway = gateway;
    }

    /** The key to present, enrolling first when there is none. */
    public synchronized String key() throws GatewayClient.GatewayException, IOException {
        if (key == null && Files.exists(keyFile)) {
            String stored = Files.readString(keyFile, StandardCharsets.UTF_8).trim();
            if (!stored.startsWith("vk1." + hostname + ".")) {
                throw new IllegalStateException("the key file " + keyFile + " holds no key of " + hostname);
            }
            key = stored;
        }
        if (key == null) {
            key = enrol();
        }
        return key;
    }

    /** The gateway refused {@code refused} as reset or replaced: forget it, so the next {@link #key()} enrols again. */
    public synchronized void dropKey(String refused) throws IOException {
        if (refused.equals(key)) {
            key = null;
            Files.deleteIfExists(keyFile);
            log.warn("the gateway refuses this envoy's key (reset by an operator?); {}", enrolSecretFile == null
                    ? "no enrolment secret to enrol again with: give --enrol-secret-file" : "enrolling again");
        }
    }

    private String enrol() throws GatewayClient.GatewayException, IOException {
        if (enrolSecretFile == null) {
            throw new IllegalStateException("no key in " + keyFile + " and no enrolment secret to get one: give --enrol-secret-file"
                    + " (or --key-file with a key of " + hostname + ")");
        }
        String secret;
        try {
            secret = Files.readString(enrolSecretFile, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the enrolment secret " + enrolSecretFile + ": " + e.getMessage());
        }
        String issued = gateway.enrol(secret, hostname, enrolmentId()).key();
        writeOwnerOnly(keyFile, issued);
        log.info("enrolled {} with the gateway at {}; its key is in {}", hostname, gateway.gateway(), keyFile);
        return issued;
    }

    /** This envoy's enrolment id, made (and kept) before its first enrolment is sent. */
    private String enrolmentId() throws IOException {
        Path file = keyFile.resolveSibling(keyFile.getFileName() + ".enrolment-id");
        if (Files.exists(file)) {
            String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (EnrolRequest.problemWithEnrolmentId(stored) == null) {
                return stored;
            }
            log.warn("{} holds no enrolment id; making a new one", file);
        }
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        String made = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        writeOwnerOnly(file, made);
        return made;
    }

    private static void writeOwnerOnly(Path file, String value) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, file.getFileName().toString(), ".new",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, value + "\n", StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
