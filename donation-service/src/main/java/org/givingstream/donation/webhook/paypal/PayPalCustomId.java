package org.givingstream.donation.webhook.paypal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.givingstream.donation.webhook.InvalidPayloadException;

/**
 * Our campaign metadata, carried through PayPal in the purchase unit's {@code custom_id} (which PayPal copies onto
 * the capture; at most 127 characters): {@code key=value} pairs separated by {@code ;}, values URL-encoded (UTF-8).
 *
 * <pre>campaign_id=james-wish;gift_aid=true;anonymous=false</pre>
 *
 * <p>{@code campaign_id} is required; {@code gift_aid} and {@code anonymous} are true only when exactly
 * {@code true} (any case), false when absent. Unknown keys are ignored, so the checkout page may add keys before
 * this adapter reads them.
 */
record PayPalCustomId(String campaignId, boolean giftAid, boolean anonymous) {

    static PayPalCustomId parse(String customId) {
        Map<String, String> fields = fields(customId);
        String campaignId = fields.get("campaign_id");
        if (campaignId == null || campaignId.isBlank()) {
            throw invalid("custom_id has no campaign_id: the checkout must set custom_id=\"campaign_id=<id>;...\"");
        }
        return new PayPalCustomId(campaignId, flag(fields, "gift_aid"), flag(fields, "anonymous"));
    }

    private static Map<String, String> fields(String customId) {
        Map<String, String> fields = new HashMap<>();
        if (customId == null) {
            return fields;
        }
        for (String pair : customId.split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.putIfAbsent(pair.substring(0, equals).strip(), decode(pair.substring(equals + 1)));
            }
        }
        return fields;
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value.strip(), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid("custom_id has a badly URL-encoded value");
        }
    }

    private static boolean flag(Map<String, String> fields, String key) {
        return "true".equalsIgnoreCase(fields.get(key));
    }

    private static InvalidPayloadException invalid(String message) {
        return new InvalidPayloadException(PayPalSignatureVerifier.PROVIDER, message);
    }
}
