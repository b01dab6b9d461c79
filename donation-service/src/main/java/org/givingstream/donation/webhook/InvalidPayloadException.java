package org.givingstream.donation.webhook;

/** A correctly signed delivery whose content we cannot turn into a donation (bad JSON, missing campaign...). */
public class InvalidPayloadException extends RuntimeException {

    private final String provider;

    public InvalidPayloadException(String provider, String message) {
        super(message);
        this.provider = provider;
    }

    public String provider() {
        return provider;
    }
}
