package io.vigo.swarm.gateway.identity;

import io.vigo.swarm.api.Hostnames;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks envoy keys without a lookup: a key is {@code vk1.<hostname>.<generation>.<mac>},
 * the mac an HMAC-SHA256 of hostname and generation under the gateways' shared signing secret. A
 * key that verifies was issued by a gateway; whether it is still the host's current one is the
 * {@link KeyBook}'s question.
 */
public final class EnvoyKeys {

    /** A key that verified: whose it is and which generation. */
    public record Holder(String hostname, long generation) {
    }

    private static final String PREFIX = "vk1.";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAX_KEY_LENGTH = PREFIX.length() + Hostnames.MAX_LENGTH + 1 + 19 + 1 + 43;

    private final SecretKeySpec secret;
    /** A Mac per thread, keyed once: looking up the provider and keying it cost more than the hash itself. */
    private final ThreadLocal<Mac> macs;

    /** @param signingSecret at least 32 bytes, the same on every gateway */
    public EnvoyKeys(byte[] signingSecret) {
        if (signingSecret.length < 32) {
            throw new IllegalArgumentException("the signing secret must be at least 32 bytes, got " + signingSecret.length);
        }
        this.secret = new SecretKeySpec(signingSecret, ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    public String issue(String hostname, long generation) {
        return PREFIX + hostname + "." + generation + "." + mac(hostname, generation);
    }

    /** The holder of a key the gateways issued; {@code null} for anything else (malformed, forged, truncated). */
    public Holder verify(String key) {
        if (key == null || key.length() > MAX_KEY_LENGTH || !key.startsWith(PREFIX)) {
            return null;
        }
        int macDot = key.lastIndexOf('.');
        int generationDot = key.lastIndexOf('.', macDot - 1);
        if (generationDot <= PREFIX.length()) {
            return null;
        }
        String hostname = key.substring(PREFIX.length(), generationDot);
        long generation;
        try {
            generation = Long.parseLong(key.substring(generationDot + 1, macDot));
        } catch (NumberFormatException e) {
            return null;
        }
        if (generation < 0 || Hostnames.problemWith(hostname) != null) {
            return null;
        }
        byte[] expected = mac(hostname, generation).getBytes(StandardCharsets.US_ASCII);
        byte[] presented = key.substring(macDot + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, presented) ? new Holder(hostname, generation) : null;
    }

    private String mac(String hostname, long generation) {
        byte[] digest = macs.get().doFinal(("vigo-envoy-key\0" + hostname + "\0" + generation).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
