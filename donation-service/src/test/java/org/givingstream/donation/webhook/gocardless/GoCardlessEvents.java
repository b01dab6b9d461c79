package org.givingstream.donation.webhook.gocardless;

import com.stripe.net.Webhook;
import java.time.Instant;
import java.util.List;

/**
 * GoCardless webhook bodies as GoCardless sends them, with our metadata on the payment (copied onto each event as
 * {@code resource_metadata}).
 */
final class GoCardlessEvents {

    private GoCardlessEvents() {}

    /**
     * GoCardless's {@code Webhook-Signature}: lowercase hex HMAC-SHA256 of the body with the endpoint secret. Computed
     * by stripe-java's helper, an independent published implementation of exactly that, not by our own code.
     */
    static String signature(String body, String secret) {
        try {
            return Webhook.Util.computeHmacSha256(secret, body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String body(List<String> events) {
        return "{\"events\":[" + String.join(",", events) + "]}";
    }

    static String body(String... events) {
        return body(List.of(events));
    }

    static String confirmed(String eventId, String payment, String campaignId, long pence, String email) {
        return confirmed(eventId, payment, campaignId, pence, email, Instant.now());
    }

    static String confirmed(String eventId, String payment, String campaignId, long pence, String email, Instant at) {
        // the donor metadata value is JSON text inside a JSON string, hence the escaped quotes
        String donor = """
                {\\"name\\":\\"Ada Lovelace\\",\\"email\\":\\"%s\\",\\"anonymous\\":false,\\"gift_aid\\":true}""".formatted(email);
        return event(eventId, "confirmed", payment, at, """
                "details":{"origin":"gocardless","cause":"payment_confirmed","scheme":"bacs",
                  "description":"Enough time has passed since the payment was submitted for the banks to return an \
                error, so this payment is now confirmed."},
                "metadata":{},
                "resource_metadata":{"campaign_id":"%s","amount":"%d GBP","donor":"%s"}""".formatted(campaignId, pence, donor));
    }

    static String chargedBack(String eventId, String payment) {
        return event(eventId, "charged_back", payment, Instant.now(), """
                "details":{"origin":"bank","cause":"payment_charged_back","scheme":"bacs","reason_code":"ADDACS-1",
                  "description":"The customer asked their bank to refund the payment under the Direct Debit \
                Guarantee."},
                "metadata":{}""");
    }

    static String failed(String eventId, String payment, Instant at) {
        return event(eventId, "failed", payment, at, """
                "details":{"origin":"bank","cause":"insufficient_funds","scheme":"bacs","reason_code":"ARUDD-0",
                  "will_attempt_retry":true,"description":"The customer's account had insufficient funds."},
                "metadata":{}""");
    }

    static String mandateCreated(String eventId) {
        return """
                {"id":"%s","created_at":"%s","resource_type":"mandates","action":"created",
                 "links":{"mandate":"MD000TEST"},"details":{"origin":"api","cause":"mandate_created"},"metadata":{}}""".formatted(eventId, Instant.now());
    }

    private static String event(String eventId, String action, String payment, Instant at, String rest) {
        return """
                {"id":"%s","created_at":"%s","resource_type":"payments","action":"%s",
                 "links":{"payment":"%s"},%s}""".formatted(eventId, at, action, payment, rest);
    }
}
