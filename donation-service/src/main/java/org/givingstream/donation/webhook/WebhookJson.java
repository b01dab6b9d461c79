package org.givingstream.donation.webhook;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading a verified webhook body: parse errors become {@link InvalidPayloadException}s of the provider. */
public final class WebhookJson {

    private WebhookJson() {}

    /** @throws InvalidPayloadException when the body is not a JSON object */
    public static JsonNode parseObject(JsonMapper json, byte[] body, String provider) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new InvalidPayloadException(provider, "the body is not a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new InvalidPayloadException(provider, "the body is not valid JSON");
        }
    }

    /** The field as text when it is a non-null scalar, else null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asString() : null;
    }
}
