package org.givingstream.donation.webhook;

/**
 * We cannot judge a delivery right now, through no fault of its own: the provider is not configured here, or
 * something we need from it (PayPal's signing certificate) cannot be fetched. Answered 503: the provider retries.
 */
public class WebhookUnavailableException extends RuntimeException {

    private final String provider;
    private final String reason;

    /** @param reason a short machine-friendly reason, also a metric tag: {@code not-configured}, ... */
    public WebhookUnavailableException(String provider, String reason, String message) {
        super(message);
        this.provider = provider;
        this.reason = reason;
    }

    public String provider() {
        return provider;
    }

    public String reason() {
        return reason;
    }
}
