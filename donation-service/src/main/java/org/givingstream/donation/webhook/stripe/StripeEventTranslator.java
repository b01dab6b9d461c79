package org.givingstream.donation.webhook.stripe;

import static org.givingstream.donation.webhook.WebhookJson.text;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
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
 * Turns a verified Stripe event into a ledger entry, or into nothing for events that move no money.
 *
 * <p>Every entry is keyed by the payment intent, so a checkout session and its payment intent describe ONE
 * donation. {@code payment_intent.succeeded} counts only when the intent itself names the campaign in its metadata
 * (a direct integration); intents created by Checkout leave that to {@code checkout.session.completed}, which also
 * carries the donor's details.
 */
final class StripeEventTranslator {

    private static final String PROVIDER = StripeSignatureVerifier.PROVIDER;

    private StripeEventTranslator() {}

    /** @return empty when the event type or state brings no money in or out (acknowledged and ignored) */
    static Optional<LedgerEntry> translate(JsonNode event) {
        JsonNode object = event.path("data").path("object");
        return switch (String.valueOf(text(event, "type"))) {
            case "checkout.session.completed" ->
                "paid".equals(text(object, "payment_status")) ? Optional.of(checkout(event, object)) : Optional.empty();
            case "checkout.session.async_payment_succeeded" -> Optional.of(checkout(event, object));
            case "payment_intent.succeeded" ->
                text(object.path("metadata"), "campaign_id") == null
                        ? Optional.empty()
                        : Optional.of(paymentIntent(event, object));
            case "charge.refunded" -> Optional.of(refund(event, object));
            case "charge.dispute.closed" ->
                "lost".equals(text(object, "status")) ? Optional.of(disputeLost(event, object)) : Optional.empty();
            default -> Optional.empty(); // async_payment_failed, dispute.created, and types we do not use
        };
    }

    private static IncomingDonation checkout(JsonNode event, JsonNode session) {
        String paymentIntent = text(session, "payment_intent");
        String paymentKey = paymentIntent != null ? paymentIntent : required(session, "id");
        JsonNode customer = session.path("customer_details");
        return donation(
                event,
                session,
                paymentKey,
                money(session, "amount_total"),
                text(customer, "name"),
                text(customer, "email"));
    }

    private static IncomingDonation paymentIntent(JsonNode event, JsonNode intent) {
        String amountField = intent.has("amount_received") ? "amount_received" : "amount";
        return donation(
                event,
                intent,
                required(intent, "id"),
                money(intent, amountField),
                text(intent.path("metadata"), "donor_name"),
                text(intent, "receipt_email"));
    }

    private static IncomingDonation donation(
            JsonNode event, JsonNode object, String paymentKey, Money amount, String name, String email) {
        JsonNode metadata = object.path("metadata");
        String campaignId = text(metadata, "campaign_id");
        if (campaignId == null || campaignId.isBlank()) {
            throw invalid("metadata.campaign_id is missing: the checkout page must name the campaign");
        }
        boolean giftAid = flag(metadata, "gift_aid");
        return new IncomingDonation(
                "stripe:" + paymentKey,
                campaignId,
                amount,
                giftAid,
                new Donor(name, email, flag(metadata, "anonymous")),
                text(metadata, "message"),
                PROVIDER,
                paymentKey,
                required(event, "id"),
                created(event),
                giftAid ? declaration("stripe:" + paymentKey, metadata, created(event)) : null);
    }

    /**
     * The checkout's Gift Aid declaration, from its metadata ({@code gift_aid_first_name}, {@code gift_aid_last_name},
     * {@code gift_aid_title}, {@code gift_aid_house}, {@code gift_aid_postcode}, {@code gift_aid_declaration_version}),
     * made when the checkout completed; null when none was given or it fails HMRC's checks.
     */
    private static GiftAidDeclaration declaration(String donationId, JsonNode metadata, Instant declaredAt) {
        if (text(metadata, "gift_aid_last_name") == null && text(metadata, "gift_aid_postcode") == null) {
            return null;
        }
        return DeclarationRules.fromProvider(
                donationId,
                new DeclarationRules.Given(
                        text(metadata, "gift_aid_title"),
                        text(metadata, "gift_aid_first_name"),
                        text(metadata, "gift_aid_last_name"),
                        text(metadata, "gift_aid_house"),
                        text(metadata, "gift_aid_postcode"),
                        text(metadata, "gift_aid_declaration_version"),
                        declaredAt,
                        false));
    }

    /** Stripe sends the charge with its cumulative {@code amount_refunded}: each new total is one more refund. */
    private static IncomingReversal refund(JsonNode event, JsonNode charge) {
        Money refundedSoFar = money(charge, "amount_refunded");
        return new IncomingReversal(
                "stripe:" + paymentIntentOf(charge),
                required(charge, "id") + ":refunded:" + refundedSoFar.minorUnits(),
                ReversalKind.REFUND,
                refundedSoFar,
                required(event, "id"),
                created(event),
                true);
    }

    private static IncomingReversal disputeLost(JsonNode event, JsonNode dispute) {
        return new IncomingReversal(
                "stripe:" + paymentIntentOf(dispute),
                required(dispute, "id"),
                ReversalKind.CHARGEBACK,
                money(dispute, "amount"),
                required(event, "id"),
                created(event));
    }

    private static String paymentIntentOf(JsonNode object) {
        String intent = text(object, "payment_intent");
        if (intent == null) {
            throw invalid("payment_intent is missing: the payment cannot be identified");
        }
        return intent;
    }

    private static Money money(JsonNode object, String field) {
        JsonNode amount = object.path(field);
        if (!amount.isIntegralNumber() || !amount.canConvertToLong() || !Money.isPaymentAmount(amount.asLong())) {
            throw invalid(field + " must be an integer amount in minor units, 1 to " + Money.MAX_PAYMENT_MINOR_UNITS);
        }
        try {
            return Money.payment(amount.asLong(), required(object, "currency").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static Instant created(JsonNode event) {
        JsonNode created = event.path("created");
        return created.isIntegralNumber() ? Instant.ofEpochSecond(created.asLong()) : Instant.now();
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

    private static InvalidPayloadException invalid(String message) {
        return new InvalidPayloadException(PROVIDER, message);
    }
}
