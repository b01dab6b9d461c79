package org.givingstream.donation.webhook.standard;

import java.time.Instant;

/**
 * A delivery whose signature was verified: who sent it and the signed headers.
 *
 * @param source the configured source name, e.g. {@code justgiving}
 * @param webhookId the message id ({@code webhook-id}), the same on every retry of one message
 * @param sentAt the signed {@code webhook-timestamp}
 */
record StandardDelivery(String source, String webhookId, Instant sentAt) {

    /** The metric tag and log name of this sender. */
    String provider() {
        return StandardWebhookVerifier.PROVIDER + "/" + source;
    }
}
