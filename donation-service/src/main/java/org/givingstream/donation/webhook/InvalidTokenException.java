package org.givingstream.donation.webhook;

/**
 * A refused signature from a provider whose convention names the refusal "Invalid Token" rather than a bad request
 * (GoCardless: its dashboard and retry logic expect HTTP 498 for a delivery that fails verification).
 */
public class InvalidTokenException extends InvalidSignatureException {

    public InvalidTokenException(String provider, String reason) {
        super(provider, reason);
    }
}
