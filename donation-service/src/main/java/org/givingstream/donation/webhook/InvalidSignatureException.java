package org.givingstream.donation.webhook;

/** The delivery's signature does not prove it came from the provider: forged, tampered, replayed or malformed. */
public class InvalidSignatureException extends RuntimeException {

    private final String provider;
    private final String reason;

    public InvalidSignatureException(String provider, String reason) {
        super(provider + " webhook refused: " + reason);
        this.provider = provider;
        this.reason = reason;
    }

    public String provider() {
        return provider;
    }

    /** A short machine-friendly reason, also used as a metric tag: {@code mismatch}, {@code expired}, ... */
    public String reason() {
        return reason;
    }
}
