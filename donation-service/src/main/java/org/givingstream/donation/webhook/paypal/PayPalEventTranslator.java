package org.givingstream.donation.webhook.paypal;

import static org.givingstream.donation.webhook.WebhookJson.text;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.givingstream.donation.ledger.IncomingDonation;
import org.givingstream.donation.ledger.IncomingReversal;
import org.givingstream.donation.ledger.LedgerEntry;
import org.givingstream.donation.ledger.ReversalKind;
import org.givingstream.donation.webhook.InvalidPayloadException;
import tools.jackson.databind.JsonNode;

/**
 * Turns a verified PayPal event (Payments v2) into a ledger entry, or into nothing for events that move no money.
 *
 * <p>Every entry is keyed by the CAPTURE ({@code paypal:<capture id>}): the capture is the money received, and
 * refunds and reversals point back at it through their {@code rel: "up"} link. The refund id is the reversal id.
 *
 * <p>{@code PAYMENT.CAPTURE.REVERSED} (PayPal took the money back: a dispute or chargeback lost, a payment
 * reversed) carries a refund resource in PayPal's documented sample ({@code resource_type: "refund"}, its own id, its
 * amount, an {@code up} link to the capture): it is read like a refund, as a chargeback. Should it carry the capture
 * itself ({@code resource_type: "capture"}), everything left of that capture is charged back.
 */
final class PayPalEventTranslator {

    private static final String PROVIDER = PayPalSignatureVerifier.PROVIDER;
    private static final Pattern CAPTURE_PATH = Pattern.compile(".*/captures/([A-Za-z0-9-]+)/?");

    private PayPalEventTranslator() {}

    /** @return empty when the event brings no money in or out (acknowledged and ignored) */
    static Optional<LedgerEntry> translate(JsonNode event, Instant receivedAt) {
        JsonNode resource = event.path("resource");
        return switch (String.valueOf(text(event, "event_type"))) {
            case "PAYMENT.CAPTURE.COMPLETED" -> Optional.of(capture(event, resource, receivedAt));
            case "PAYMENT.CAPTURE.REFUNDED" -> Optional.of(refund(event, resource, ReversalKind.REFUND, receivedAt));
            case "PAYMENT.CAPTURE.REVERSED" -> Optional.of(reversed(event, resource, receivedAt));
            // a dispute only moves money when PayPal decides it: that arrives as PAYMENT.CAPTURE.REVERSED
            default -> Optional.empty();
        };
    }

    /** The metric reason of an ignored event. */
    static String ignoredReason(String eventType) {
        return "CUSTOMER.DISPUTE.CREATED".equals(eventType) ? "dispute-created" : eventType;
    }

    private static IncomingDonation capture(JsonNode event, JsonNode capture, Instant receivedAt) {
        String captureId = required(capture, "id");
        PayPalCustomId metadata = PayPalCustomId.parse(text(capture, "custom_id"));
        Money amount = PayPalAmounts.toMoney(capture.path("amount"));
        // PayPal puts the payer on the order; a capture carries it only sometimes
        JsonNode payer = capture.path("payer");
        Donor donor = new Donor(name(payer.path("name")), text(payer, "email_address"), metadata.anonymous());
        return new IncomingDonation(
                donationId(captureId),
                metadata.campaignId(),
                amount,
                metadata.giftAid(),
                donor,
                null,
                PROVIDER,
                captureId,
                required(event, "id"),
                occurredAt(event, receivedAt));
    }

    /** A refund resource: its own id, the amount of THIS refund (absent: all that is left), a link up to the capture. */
    private static IncomingReversal refund(JsonNode event, JsonNode refund, ReversalKind kind, Instant receivedAt) {
        String captureId = capturedBy(refund)
                .orElseThrow(() -> invalid("resource.links has no rel \"up\" link to /captures/<id>"));
        Money amount = refund.path("amount").isObject() ? PayPalAmounts.toMoney(refund.path("amount")) : null;
        return new IncomingReversal(
                donationId(captureId),
                required(refund, "id"),
                kind,
                amount,
                required(event, "id"),
                occurredAt(event, receivedAt));
    }

    private static IncomingReversal reversed(JsonNode event, JsonNode resource, Instant receivedAt) {
        if (capturedBy(resource).isPresent() || !"capture".equals(text(event, "resource_type"))) {
            return refund(event, resource, ReversalKind.CHARGEBACK, receivedAt);
        }
        String captureId = required(resource, "id");
        return new IncomingReversal(
                donationId(captureId),
                captureId + ":reversed", // a capture is reversed at most once
                ReversalKind.CHARGEBACK,
                null,
                required(event, "id"),
                occurredAt(event, receivedAt));
    }

    /** The capture id from the {@code rel: "up"} link, e.g. {@code https://api.paypal.com/v2/payments/captures/X}. */
    static Optional<String> capturedBy(JsonNode resource) {
        for (JsonNode link : resource.path("links")) {
            if ("up".equals(text(link, "rel"))) {
                Matcher matcher = CAPTURE_PATH.matcher(path(text(link, "href")));
                if (matcher.matches()) {
                    return Optional.of(matcher.group(1));
                }
            }
        }
        return Optional.empty();
    }

    private static String path(String href) {
        try {
            String path = href == null ? null : URI.create(href).getPath();
            return path == null ? "" : path;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String donationId(String captureId) {
        return PROVIDER + ":" + captureId;
    }

    private static String name(JsonNode name) {
        String given = text(name, "given_name");
        String surname = text(name, "surname");
        String full = ((given == null ? "" : given) + " " + (surname == null ? "" : surname)).strip();
        return full.isEmpty() ? null : full;
    }

    private static Instant occurredAt(JsonNode event, Instant receivedAt) {
        String created = text(event, "create_time");
        try {
            return created == null ? receivedAt : OffsetDateTime.parse(created).toInstant();
        } catch (DateTimeParseException e) {
            return receivedAt;
        }
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
