package org.givingstream.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * What donation-service publishes on {@link Topics#DONATIONS}, keyed by {@code campaignId} so that every event of
 * one campaign lands on one partition, in order.
 *
 * <p>{@code eventId} is stable: a republished event (the outbox relays at least once) carries the same id, so
 * consumers deduplicate by it. {@code donationId} names the payment, not the provider's event: a Stripe checkout
 * session and its payment intent describe one donation.
 *
 * @param eventId stable id of this event, the consumers' deduplication key
 * @param type one of {@link DonationEventTypes}
 * @param schemaVersion {@link #SCHEMA_VERSION} when published; consumers accept lower versions
 * @param occurredAt when the payment happened at the provider (or was entered, for offline donations)
 * @param donationId our id of the payment, e.g. {@code stripe:pi_123}
 * @param campaignId the campaign the money is for
 * @param amount amount in minor units and its currency
 * @param giftAid whether the donor declared Gift Aid
 * @param donor who gave
 * @param message the donor's message, may be null
 * @param source where it came from: {@code stripe}, {@code paypal}, {@code offline}, ...
 * @param providerReference the provider's own reference (payment intent, capture id), for receipts and support
 */
public record DonationEvent(
        String eventId,
        String type,
        int schemaVersion,
        Instant occurredAt,
        String donationId,
        String campaignId,
        Money amount,
        boolean giftAid,
        Donor donor,
        String message,
        String source,
        String providerReference) {

    public static final int SCHEMA_VERSION = 1;

    public DonationEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(donationId, "donationId");
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(donor, "donor");
        Objects.requireNonNull(source, "source");
    }
}
