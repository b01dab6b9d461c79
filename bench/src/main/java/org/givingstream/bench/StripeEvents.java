package org.givingstream.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Stripe events the benchmark sends, shaped as Stripe sends them, and the {@code Stripe-Signature} header:
 * {@code t=<unix>,v1=hex(HMAC-SHA256(secret, "{t}.{body}"))}. A payment gives two events keyed by the same
 * payment intent (checkout session and payment intent): donation-service counts them as ONE donation.
 */
final class StripeEvents {

    private StripeEvents() {}

    static String checkoutCompleted(Gift gift, long created) {
        return """
                {"id":"evt_cs_%1$s","object":"event","type":"checkout.session.completed","created":%2$d,\
                "data":{"object":{"id":"cs_%1$s","object":"checkout.session","amount_total":%3$d,"currency":"gbp",\
                "payment_intent":"%1$s","payment_status":"paid","customer_details":{"name":"%4$s","email":%5$s},\
                "metadata":{"campaign_id":"%6$s","gift_aid":"%7$s","anonymous":"false","message":"Good luck!"}}}}""".formatted(
                        gift.paymentIntent(),
                        created,
                        gift.amount(),
                        gift.donorName(),
                        quoted(gift.email()),
                        gift.campaignId(),
                        gift.giftAid());
    }

    /** The intent of the same payment; its metadata names the campaign, so donation-service reads it (and dedups). */
    static String paymentIntentSucceeded(Gift gift, long created) {
        return """
                {"id":"evt_pi_%1$s","object":"event","type":"payment_intent.succeeded","created":%2$d,\
                "data":{"object":{"id":"%1$s","object":"payment_intent","amount":%3$d,"amount_received":%3$d,\
                "currency":"gbp","status":"succeeded","receipt_email":%4$s,\
                "metadata":{"campaign_id":"%5$s","donor_name":"%6$s","gift_aid":"%7$s"}}}}""".formatted(
                        gift.paymentIntent(),
                        created,
                        gift.amount(),
                        quoted(gift.email()),
                        gift.campaignId(),
                        gift.donorName(),
                        gift.giftAid());
    }

    /** A full refund: Stripe sends the charge with its cumulative {@code amount_refunded}. */
    static String chargeRefunded(Gift gift, long created) {
        return """
                {"id":"evt_re_%1$s","object":"event","type":"charge.refunded","created":%2$d,\
                "data":{"object":{"id":"ch_%1$s","object":"charge","amount":%3$d,"amount_refunded":%3$d,\
                "currency":"gbp","payment_intent":"%1$s","refunded":true}}}""".formatted(gift.paymentIntent(), created, gift.amount());
    }

    static String signature(String secret, String body, Instant at) {
        long t = at.getEpochSecond();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
            return "t=" + t + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Signs many bodies with one key: the {@link Mac} is looked up and keyed once, not per webhook (the lookup and
     * the key schedule cost more than the hash of a small body). Not thread-safe.
     */
    static final class Signer {

        private final Mac mac;

        Signer(String secret) {
            try {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The {@code Stripe-Signature} header of {@code body} (its UTF-8 bytes) signed at {@code t}, Unix seconds. */
        String sign(byte[] body, long t) {
            String prefix = t + ".";
            mac.update(prefix.getBytes(StandardCharsets.US_ASCII));
            byte[] digest = mac.doFinal(body); // doFinal resets the Mac for the next body
            return "t=" + t + ",v1=" + HexFormat.of().formatHex(digest);
        }
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }
}
