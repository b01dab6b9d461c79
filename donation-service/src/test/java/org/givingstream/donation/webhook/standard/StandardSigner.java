package org.givingstream.donation.webhook.standard;

import com.svix.Webhook;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs test messages with the Svix SDK (Svix wrote the Standard Webhooks specification), so our verifier is checked
 * against a published implementation rather than against itself.
 */
final class StandardSigner {

    private StandardSigner() {}

    /** The three Standard Webhooks headers for {@code payload}, signed with {@code secret} ({@code whsec_...}). */
    static Map<String, String> headers(String msgId, String payload, String secret, Instant at) {
        return Map.of(
                "webhook-id", msgId,
                "webhook-timestamp", String.valueOf(at.getEpochSecond()),
                "webhook-signature", signature(msgId, payload, secret, at));
    }

    static String signature(String msgId, String payload, String secret, Instant at) {
        try {
            return new Webhook(secret).sign(msgId, at.getEpochSecond(), payload);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Svix's own verification of our test headers: proves they are what the specification describes. */
    static void verifyWithSvix(String payload, Map<String, String> headers, String secret) throws Exception {
        Map<String, List<String>> multi = new HashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        new Webhook(secret).verify(payload, multi);
    }

    static String succeeded(String paymentId, String campaignId, long minorUnits, String email) {
        return """
                {"type":"donation.succeeded","data":{"id":"%s","campaign_id":"%s",
                 "amount":{"minor_units":%d,"currency":"GBP"},"gift_aid":true,
                 "donor":{"name":"Ada Lovelace","email":"%s","anonymous":false},
                 "message":"Go James!","occurred_at":"2026-11-25T10:00:00Z"}}""".formatted(paymentId, campaignId, minorUnits, email);
    }

    static String refunded(String paymentId, String refundId, Long minorUnits) {
        String amount =
                minorUnits == null ? "" : ",\"amount\":{\"minor_units\":%d,\"currency\":\"GBP\"}".formatted(minorUnits);
        return """
                {"type":"donation.refunded","data":{"id":"%s","refund_id":"%s"%s,
                 "occurred_at":"2026-11-26T09:00:00Z"}}""".formatted(paymentId, refundId, amount);
    }
}
