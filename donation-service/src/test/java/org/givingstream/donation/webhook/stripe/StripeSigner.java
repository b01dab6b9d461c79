package org.givingstream.donation.webhook.stripe;

import com.stripe.net.Webhook;
import java.time.Instant;

/** Signs test payloads with Stripe's own library, so our verifier is checked against the provider's algorithm. */
final class StripeSigner {

    private StripeSigner() {}

    static String header(String payload, String secret, Instant at) {
        try {
            long t = at.getEpochSecond();
            return "t=" + t + ",v1=" + Webhook.Util.computeHmacSha256(secret, t + "." + payload);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String checkoutCompleted(
            String eventId, String paymentIntent, String campaignId, long amount, String email) {
        return """
                {"id":"%s","object":"event","type":"checkout.session.completed","created":%d,
                 "data":{"object":{"id":"cs_test_%s","object":"checkout.session","amount_total":%d,"currency":"gbp",
                   "payment_intent":"%s","payment_status":"paid",
                   "customer_details":{"name":"Ada Lovelace","email":"%s"},
                   "metadata":{"campaign_id":"%s","gift_aid":"true","anonymous":"false","message":"Get well soon"}}}}
                """.formatted(
                eventId, Instant.now().getEpochSecond(), paymentIntent, amount, paymentIntent, email, campaignId);
    }
}
