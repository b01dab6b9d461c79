package org.givingstream.httpguard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A configured secret token presented as {@code Authorization: Bearer <token>} (an operator's ops token): compared
 * in constant time over SHA-256 digests, so neither how much of a guess matched nor the token's length shows in the
 * response time; none configured refuses every request; a weak one stops the start ({@link TokenStrength}). The
 * token itself is kept only as its digest and never shown.
 */
public final class BearerToken {

    private static final String BEARER = "Bearer ";

    private final byte[] digest; // null: none configured

    private BearerToken(byte[] digest) {
        this.digest = digest;
    }

    /**
     * @param property where it is configured, for the message when it is too weak
     * @param token the configured token; null or blank: none
     */
    public static BearerToken configured(String property, String token) {
        TokenStrength.require(property, token);
        return new BearerToken(token == null || token.isBlank() ? null : sha256(token.strip()));
    }

    public boolean isConfigured() {
        return digest != null;
    }

    /** Whether an {@code Authorization} header (null when absent) carries this token. */
    public boolean matches(String authorization) {
        return digest != null
                && authorization != null
                && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && MessageDigest.isEqual(digest, sha256(authorization.substring(BEARER.length()).strip()));
    }

    @Override
    public String toString() {
        return "BearerToken[" + (digest == null ? "none" : "***") + "]";
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
