package org.givingstream.donation.webhook.stripe;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.givingstream.donation.donation.IncomingDonation;
import org.givingstream.donation.webhook.InvalidPayloadException;
import tools.jackson.databind.JsonNode;

/** Turns a verified Stripe event into a donation, or into nothing for events that carry no new money. */
final class StripeEventTranslator {

    static final String CHECKOUT_COMPLETED = "checkout.session.completed";

    private StripeEventTranslator() {}

    /** @return empty when the event type or state is not one that brings money in (acknowledged and ignored) */
    static Optional<IncomingDonation> translate(JsonNode event) {
        String type = text(event, "type");
        if (!CHECKOUT_COMPLETED.equals(type)) {
            return Optional.empty();
        }
        JsonNode session = event.path("data").path("object");
        if (!"paid".equals(text(session, "payment_status"))) {
            return Optional.empty(); // async payment methods complete later, with their own event
        }
        JsonNode metadata = session.path("metadata");
        String campaignId = text(metadata, "campaign_id");
        if (campaignId == null || campaignId.isBlank()) {
            throw invalid("metadata.campaign_id is missing: the checkout page must name the campaign");
        }
        String paymentIntent = text(session, "payment_intent");
        String paymentKey = paymentIntent != null ? paymentIntent : required(session, "id");
        JsonNode customer = session.path("customer_details");
        return Optional.of(new IncomingDonation(
                "stripe:" + paymentKey,
                campaignId,
                money(session),
                flag(metadata, "gift_aid"),
                new Donor(text(customer, "name"), text(customer, "email"), flag(metadata, "anonymous")),
                text(metadata, "message"),
                StripeSignatureVerifier.PROVIDER,
                paymentKey,
                required(event, "id"),
                Instant.ofEpochSecond(event.path("created").asLong(Instant.now().getEpochSecond()))));
    }

    private static Money money(JsonNode session) {
        JsonNode amount = session.path("amount_total");
        if (!amount.isIntegralNumber()) {
            throw invalid("amount_total must be an integer amount in minor units");
        }
        String currency = required(session, "currency").toUpperCase(Locale.ROOT);
        try {
            return Money.of(amount.asLong(), currency);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static boolean flag(JsonNode node, String field) {
        return "true".equalsIgnoreCase(text(node, field));
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw invalid(field + " is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asString() : null;
    }

    private static InvalidPayloadException invalid(String message) {
        return new InvalidPayloadException(StripeSignatureVerifier.PROVIDER, message);
    }
}
