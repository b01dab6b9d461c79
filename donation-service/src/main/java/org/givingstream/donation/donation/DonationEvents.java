package org.givingstream.donation.donation;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.contracts.Money;

/** Builds the events donation-service publishes. */
final class DonationEvents {

    private DonationEvents() {}

    static DonationEvent received(IncomingDonation donation) {
        return event(DonationEventTypes.RECEIVED, "", donation, donation.amount(), donation.providerReference());
    }

    /** A refund or chargeback of {@code amount}, carrying the payment's campaign, donor and Gift Aid flag. */
    static DonationEvent reversed(IncomingDonation payment, IncomingReversal reversal, long amount) {
        var event = event(
                reversal.kind().eventType(),
                reversal.reversalId(),
                payment,
                Money.of(amount, payment.amount().currency()),
                reversal.reversalId());
        return new DonationEvent(
                event.eventId(), event.type(), event.schemaVersion(), reversal.occurredAt(), event.donationId(),
                event.campaignId(), event.amount(), event.giftAid(), event.donor(), event.message(), event.source(),
                event.providerReference());
    }

    private static DonationEvent event(
            String type, String discriminator, IncomingDonation payment, Money amount, String reference) {
        return new DonationEvent(
                stableEventId(payment.donationId(), type, discriminator),
                type,
                DonationEvent.SCHEMA_VERSION,
                payment.occurredAt(),
                payment.donationId(),
                payment.campaignId(),
                amount,
                payment.giftAid(),
                payment.donor(),
                payment.message(),
                payment.source(),
                reference);
    }

    /** The same payment, type and reversal always give the same event id, however often a provider retries. */
    static String stableEventId(String donationId, String type, String discriminator) {
        return UUID.nameUUIDFromBytes((donationId + "|" + type + "|" + discriminator).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
