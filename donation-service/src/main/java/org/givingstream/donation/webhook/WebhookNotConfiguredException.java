package org.givingstream.donation.webhook;

/**
 * A delivery to a webhook endpoint that has no secret here: a provider we are not set up for, or a Standard
 * Webhooks source that is not configured. Nothing could verify it, so nothing is read.
 */
public class WebhookNotConfiguredException extends RuntimeException {

    private final String provider;

    public WebhookNotConfiguredException(String provider, String message) {
        super(message);
        this.provider = provider;
    }

    public String provider() {
        return provider;
    }
}
