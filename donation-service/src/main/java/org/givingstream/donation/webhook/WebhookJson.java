package org.givingstream.donation.webhook;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading provider JSON the same way in every adapter: a verified body must be an object; absent means null. */
public final class WebhookJson {

    private WebhookJson() {}

    /** @throws InvalidPayloadException when the (already verified) body is not a JSON object */
    public static JsonNode parseObject(JsonMapper json, String provider, byte[] body) {
        try {
            JsonNode event = json.readTree(body);
            if (event == null || !event.isObject()) {
                throw new InvalidPayloadException(provider, "the body is not a JSON object");
            }
            return event;
        } catch (JacksonException e) {
            throw new InvalidPayloadException(provider, "the body is not valid JSON");
        }
    }

    /** The field as text, or null when it is absent, null, an object or an array. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asString() : null;
    }
}
