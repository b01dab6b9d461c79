package org.givingstream.donation.webhook.standard;

import static org.givingstream.donation.webhook.WebhookJson.text;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.givingstream.donation.giftaid.DeclarationRules;
import org.givingstream.donation.ledger.GiftAidDeclaration;
import org.givingstream.donation.ledger.IncomingDonation;
import org.givingstream.donation.ledger.IncomingReversal;
import org.givingstream.donation.ledger.LedgerEntry;
import org.givingstream.donation.ledger.ReversalKind;
import org.givingstream.donation.webhook.InvalidPayloadException;
import tools.jackson.databind.JsonNode;

/**
 * Turns our documented Standard Webhooks payload ({@code docs/standard-webhooks.md}) into a ledger entry:
 * {@code donation.succeeded} is a payment keyed {@code standard:<source>:<data.id>}, {@code donation.refunded} a
 * refund of it keyed by {@code data.refund_id}. Other types move no money and give nothing.
 *
 * <p>No webhook-id is stored to deduplicate: a retried message carries the same payment id or refund id, which are
 * the ledger's keys, so it comes back as a duplicate there; so does another message about the same payment.
 */
final class StandardEventTranslator {

    /** Visible ASCII, no spaces: the platform's ids become part of our keys. */
    private static final Pattern PLATFORM_ID = Pattern.compile("[\\x21-\\x7E]{1,200}");

    private StandardEventTranslator() {}

    static Optional<LedgerEntry> translate(JsonNode body, StandardDelivery delivery) {
        JsonNode data = body.path("data");
        String type = String.valueOf(text(body, "type"));
        if (!type.equals("donation.succeeded") && !type.equals("donation.refunded")) {
            return Optional.empty();
        }
        if (!data.isObject()) {
            throw invalid(delivery, "data must be a JSON object");
        }
        return Optional.of(type.equals("donation.succeeded") ? succeeded(data, delivery) : refunded(data, delivery));
    }

    private static IncomingDonation succeeded(JsonNode data, StandardDelivery delivery) {
        String paymentId = platformId(data, "id", delivery);
        JsonNode donor = data.path("donor");
        String donationId = donationId(delivery, paymentId);
        boolean giftAid = flag(data, "gift_aid", delivery);
        Instant occurredAt = occurredAt(data, delivery);
        return new IncomingDonation(
                donationId,
                required(data, "campaign_id", delivery),
                money(data.path("amount"), delivery),
                giftAid,
                new Donor(text(donor, "name"), text(donor, "email"), flag(donor, "anonymous", delivery)),
                text(data, "message"),
                delivery.source(),
                paymentId,
                delivery.webhookId(),
                occurredAt,
                giftAid ? declaration(donationId, data.path("gift_aid_declaration"), occurredAt) : null);
    }

    /**
     * {@code data.gift_aid_declaration}: {@code title}, {@code first_name}, {@code last_name}, {@code house},
     * {@code postcode}, {@code version}, {@code declared_at} (ISO 8601; the donation's time when absent),
     * {@code sponsored}; null when absent or failing HMRC's checks.
     */
    private static GiftAidDeclaration declaration(String donationId, JsonNode declaration, Instant occurredAt) {
        if (!declaration.isObject()) {
            return null;
        }
        Instant declaredAt = occurredAt;
        String declaredText = text(declaration, "declared_at");
        if (declaredText != null) {
            try {
                declaredAt = Instant.parse(declaredText);
            } catch (DateTimeParseException e) {
                declaredAt = null; // reported by the rules as a missing time, and the declaration is not kept
            }
        }
        return DeclarationRules.fromProvider(
                donationId,
                new DeclarationRules.Given(
                        text(declaration, "title"),
                        text(declaration, "first_name"),
                        text(declaration, "last_name"),
                        text(declaration, "house"),
                        text(declaration, "postcode"),
                        text(declaration, "version"),
                        declaredAt,
                        declaration.path("sponsored").isBoolean()
                                && declaration.path("sponsored").asBoolean()));
    }

    /** {@code amount} omitted: everything not yet given back. */
    private static IncomingReversal refunded(JsonNode data, StandardDelivery delivery) {
        JsonNode amount = data.path("amount");
        return new IncomingReversal(
                donationId(delivery, platformId(data, "id", delivery)),
                platformId(data, "refund_id", delivery),
                ReversalKind.REFUND,
                amount.isMissingNode() || amount.isNull() ? null : money(amount, delivery),
                delivery.webhookId(),
                occurredAt(data, delivery));
    }

    private static String donationId(StandardDelivery delivery, String paymentId) {
        return "standard:" + delivery.source() + ":" + paymentId;
    }

    private static String platformId(JsonNode data, String field, StandardDelivery delivery) {
        String id = text(data, field);
        if (id == null || !PLATFORM_ID.matcher(id).matches()) {
            throw invalid(delivery, "data." + field + " must be 1 to 200 visible ASCII characters");
        }
        return id;
    }

    private static Money money(JsonNode amount, StandardDelivery delivery) {
        JsonNode minorUnits = amount.path("minor_units");
        if (!minorUnits.isIntegralNumber()
                || !minorUnits.canConvertToLong()
                || !Money.isPaymentAmount(minorUnits.asLong())) {
            throw invalid(delivery, "amount.minor_units must be an integer, 1 to " + Money.MAX_PAYMENT_MINOR_UNITS);
        }
        try {
            return Money.payment(minorUnits.asLong(), required(amount, "currency", delivery));
        } catch (IllegalArgumentException e) {
            throw invalid(delivery, "amount.currency: " + e.getMessage());
        }
    }

    /** When it happened at the platform; without {@code occurred_at}, when the platform signed the message. */
    private static Instant occurredAt(JsonNode data, StandardDelivery delivery) {
        String occurredAt = text(data, "occurred_at");
        if (occurredAt == null) {
            return delivery.sentAt();
        }
        try {
            return Instant.parse(occurredAt);
        } catch (DateTimeParseException e) {
            throw invalid(delivery, "data.occurred_at must be an ISO-8601 instant such as 2026-11-25T10:00:00Z");
        }
    }

    /** A JSON boolean; anything else there is refused rather than read as false (Gift Aid is money). */
    private static boolean flag(JsonNode node, String field, StandardDelivery delivery) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw invalid(delivery, field + " must be true or false");
        }
        return value.booleanValue();
    }

    private static String required(JsonNode node, String field, StandardDelivery delivery) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw invalid(delivery, field + " is missing");
        }
        return value;
    }

    private static InvalidPayloadException invalid(StandardDelivery delivery, String message) {
        return new InvalidPayloadException(delivery.provider(), message);
    }
}
