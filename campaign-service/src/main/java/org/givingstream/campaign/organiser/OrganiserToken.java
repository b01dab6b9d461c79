package org.givingstream.campaign.organiser;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The secret that lets a campaign's organiser change it: 256 random bits, URL-safe base64. Handed out once, when the
 * campaign opens; only its SHA-256 is stored, so a copy of the database cannot act as an organiser.
 *
 * <p>{@link #toString()} does not show the token, so that it cannot end up in a log by accident.
 */
public record OrganiserToken(String value) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public OrganiserToken {
        Objects.requireNonNull(value, "value");
    }

    public static OrganiserToken generate() {
        byte[] bits = new byte[32];
        RANDOM.nextBytes(bits);
        return new OrganiserToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bits));
    }

    /** SHA-256 in hex, the form kept in the campaign document (and used by donation-service's configured tokens). */
    public String hash() {
        return HexFormat.of().formatHex(sha256(value));
    }

    /** Constant time: how much of a guessed token's hash matched must not show in the response time. */
    public boolean matches(String storedHash) {
        if (storedHash == null) {
            return false; // campaigns opened before tokens existed have no organiser who can prove it
        }
        return MessageDigest.isEqual(HexFormat.of().parseHex(storedHash), sha256(value));
    }

    @Override
    public String toString() {
        return "OrganiserToken[***]";
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
