package org.givingstream.donation.webhook.gocardless;

import static org.givingstream.donation.webhook.WebhookJson.text;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.givingstream.donation.ledger.IncomingDonation;
import org.givingstream.donation.ledger.IncomingReversal;
import org.givingstream.donation.ledger.ReversalKind;
import org.givingstream.donation.webhook.InvalidPayloadException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a verified GoCardless body, {@code {"events":[...]}}, into one {@link GoCardlessStep} per event. The whole
 * body is understood before anything is recorded: one malformed event refuses the body, so nothing is half-applied.
 *
 * <p>GoCardless events carry no amounts, so our integration creates each payment with metadata that says what a
 * donation needs, and GoCardless copies the payment's metadata onto every event of it as {@code resource_metadata}
 * (an event's own {@code metadata} is that of the API call behind it, read only when {@code resource_metadata} does
 * not name a campaign). Payment metadata allows at most 3 keys with values of up to 500 characters, hence:
 *
 * <ul>
 *   <li>{@code campaign_id}: the campaign, e.g. {@code james-wish}; a payment without it is not a donation
 *       (ignored and counted, not refused, so that it cannot block the other events of its batch);
 *   <li>{@code amount}: the payment's own amount again, {@code "<minor units> <ISO 4217>"}, e.g. {@code "2500 GBP"};
 *   <li>{@code donor}: optional JSON text, {@code {"name":"...","email":"...","anonymous":false,"gift_aid":true}},
 *       every field optional.
 * </ul>
 *
 * See {@code docs/gocardless-webhooks.md}.
 */
@Component
class GoCardlessEventTranslator {

    static final int MAX_EVENTS = 250;

    private static final String PROVIDER = GoCardlessSignatureVerifier.PROVIDER;
    private static final Pattern PAYMENT_ID = Pattern.compile("PM[0-9A-Za-z]{1,64}");
    private static final Pattern AMOUNT = Pattern.compile("(\\d{1,15}) ([A-Za-z]{3})");

    private final JsonMapper json;

    GoCardlessEventTranslator(JsonMapper json) {
        this.json = json;
    }

    List<GoCardlessStep> translate(JsonNode body) {
        JsonNode events = body.path("events");
        if (!events.isArray()) {
            throw invalid("the body has no \"events\" array");
        }
        if (events.size() > MAX_EVENTS) {
            throw invalid("a body holds at most " + MAX_EVENTS + " events, this one " + events.size());
        }
        List<GoCardlessStep> steps = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            try {
                steps.add(step(event));
            } catch (InvalidPayloadException e) {
                throw invalid("events[" + i + "] (" + Objects.requireNonNullElse(text(event, "id"), "no id") + "): "
                        + e.getMessage());
            }
        }
        return steps;
    }

    private GoCardlessStep step(JsonNode event) {
        if (!event.isObject()) {
            throw invalid("not a JSON object");
        }
        String eventId = required(event, "id");
        String type = required(event, "resource_type") + "." + required(event, "action");
        return switch (type) {
            case "payments.confirmed" -> confirmed(eventId, type, event);
            // one chargeback and one failure per payment, however many events or deliveries say so
            case "payments.charged_back" ->
                new GoCardlessStep.Record(eventId, type, everythingBack(event, "charged_back"));
            case "payments.failed" ->
                new GoCardlessStep.ReverseIfConfirmedBefore(eventId, type, everythingBack(event, "failed"));
            default -> new GoCardlessStep.Ignore(eventId, type, "moves no donation money");
        };
    }

    private GoCardlessStep confirmed(String eventId, String type, JsonNode event) {
        String payment = paymentId(event);
        JsonNode metadata = metadata(event);
        String campaignId = text(metadata, "campaign_id");
        if (campaignId == null || campaignId.isBlank()) {
            return new GoCardlessStep.Ignore(eventId, type, "payment " + payment + " names no campaign_id");
        }
        JsonNode donor = donor(text(metadata, "donor"));
        return new GoCardlessStep.Record(
                eventId,
                type,
                new IncomingDonation(
                        "gocardless:" + payment,
                        campaignId,
                        amount(text(metadata, "amount")),
                        flag(donor, "gift_aid"),
                        new Donor(text(donor, "name"), text(donor, "email"), flag(donor, "anonymous")),
                        null,
                        PROVIDER,
                        payment,
                        eventId,
                        createdAt(event)));
    }

    /** A chargeback or late failure takes back all that is left of the payment (events carry no amount). */
    private static IncomingReversal everythingBack(JsonNode event, String action) {
        String payment = paymentId(event);
        return new IncomingReversal(
                "gocardless:" + payment,
                payment + ":" + action,
                ReversalKind.CHARGEBACK,
                null,
                required(event, "id"),
                createdAt(event));
    }

    private static JsonNode metadata(JsonNode event) {
        JsonNode resourceMetadata = event.path("resource_metadata");
        return text(resourceMetadata, "campaign_id") != null ? resourceMetadata : event.path("metadata");
    }

    private JsonNode donor(String donorJson) {
        if (donorJson == null) {
            return json.createObjectNode();
        }
        try {
            JsonNode donor = json.readTree(donorJson);
            if (donor != null && donor.isObject()) {
                return donor;
            }
        } catch (JacksonException e) {
            // reported below
        }
        throw invalid("metadata donor must be a JSON object");
    }

    private static Money amount(String amount) {
        Matcher matcher = AMOUNT.matcher(amount == null ? "" : amount);
        if (!matcher.matches()) {
            throw invalid("metadata amount must be \"<minor units> <ISO 4217 code>\", e.g. \"2500 GBP\"");
        }
        try {
            return Money.payment(Long.parseLong(matcher.group(1)), matcher.group(2));
        } catch (IllegalArgumentException e) {
            throw invalid("metadata amount: " + e.getMessage());
        }
    }

    private static String paymentId(JsonNode event) {
        String payment = text(event.path("links"), "payment");
        if (payment == null || !PAYMENT_ID.matcher(payment).matches()) {
            throw invalid("links.payment must be a GoCardless payment id (PM...)");
        }
        return payment;
    }

    private static Instant createdAt(JsonNode event) {
        try {
            return Instant.parse(required(event, "created_at"));
        } catch (DateTimeParseException e) {
            throw invalid("created_at must be an ISO-8601 instant");
        }
    }

    /** A JSON boolean; anything else there is refused rather than read as false (Gift Aid is money). */
    private static boolean flag(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw invalid("metadata donor." + field + " must be true or false");
        }
        return value.booleanValue();
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw invalid(field + " is missing");
        }
        return value;
    }

    private static InvalidPayloadException invalid(String message) {
        return new InvalidPayloadException(PROVIDER, message);
    }
}
