package org.givingstream.donation.webhook.stripe;

import java.time.Instant;
import java.util.UUID;

/** Stripe payloads for tests outside this package. */
public final class StripeTestPayloads {

    private StripeTestPayloads() {}

    /** A {@code Stripe-Signature} header for now, made with Stripe's own library. */
    public static String signature(String payload, String secret) {
        return StripeSigner.header(payload, secret, Instant.now());
    }

    public static String checkout(String paymentIntent) {
        return StripeSigner.checkoutCompleted(
                "evt_" + UUID.randomUUID(), paymentIntent, "james-wish", 1500, "burst@example.org");
    }
}
