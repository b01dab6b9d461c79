package org.givingstream.httpguard;

/**
 * The least a configured secret token (an operator's bearer token) must be: long and varied enough that guessing it
 * through a throttled API is hopeless. A weak one stops the service's start with the property's name, never the token.
 */
public final class TokenStrength {

    public static final int MIN_LENGTH = 24;
    public static final int MIN_DISTINCT_CHARACTERS = 10;

    private TokenStrength() {}

    /**
     * @param property where the token is configured, for the message
     * @param token null or blank: no token configured (the caller refuses every request)
     * @throws IllegalStateException when a token is configured but too weak
     */
    public static void require(String property, String token) {
        if (token == null || token.isBlank()) {
            return;
        }
        if (token.strip().length() < MIN_LENGTH || token.chars().distinct().count() < MIN_DISTINCT_CHARACTERS) {
            throw new IllegalStateException(property + " is too weak: use at least " + MIN_LENGTH + " characters, "
                    + MIN_DISTINCT_CHARACTERS + " of them different (e.g. `openssl rand -base64 32`)");
        }
    }
}
