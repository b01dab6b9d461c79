package org.givingstream.httpguard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A configured secret token presented as {@code Authorization: Bearer <token>} (an operator's ops token): compared
 * in constant time over SHA-256 digests, so neither how much of a guess matched nor the token's length shows in the
 * response time; none configured refuses every request; a weak one stops the start ({@link TokenStrength}). The
 * token itself is kept only as its digest and never shown.
 */
public final class BearerToken {

    private static final String BEARER = "Bearer ";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

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
                && MessageDigest.isEqual(
                        digest, sha256(authorization.substring(BEARER.length()).strip()));
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or null when there is none (or it is blank). */
    public static String presentedIn(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).strip();
        return token.isEmpty() ? null : token;
    }

    /**
     * Whether {@code token} is the one whose SHA-256 is {@code sha256Hex} (a stored or announced hash, such as a
     * campaign's organiser token's), in constant time; false for a null token or a hash that is not 64 hex digits.
     */
    public static boolean matchesSha256(String sha256Hex, String token) {
        if (token == null || sha256Hex == null || !SHA256_HEX.matcher(sha256Hex).matches()) {
            return false;
        }
        return MessageDigest.isEqual(HexFormat.of().parseHex(sha256Hex), sha256(token));
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
