package org.givingstream.donation.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.contracts.Money;

/** Builds the events donation-service publishes. */
final class DonationEvents {

    private DonationEvents() {}

    static DonationEvent received(IncomingDonation donation) {
        return event(DonationEventTypes.RECEIVED, "", donation, donation.amount(), donation.occurredAt());
    }

    /**
     * A refund or chargeback of {@code amount}, carrying the payment's campaign, donor and Gift Aid flag; its
     * provider reference is the refund's or dispute's id.
     */
    static DonationEvent reversed(IncomingDonation payment, IncomingReversal reversal, long amount) {
        return event(
                reversal.kind().eventType(),
                reversal.reversalId(),
                payment,
                Money.of(amount, payment.amount().currency()),
                reversal.occurredAt());
    }

    /** @param reference what the event's {@code providerReference} names: empty for the payment itself */
    private static DonationEvent event(
            String type, String reference, IncomingDonation payment, Money amount, Instant occurredAt) {
        return new DonationEvent(
                stableEventId(payment.donationId(), type, reference),
                type,
                DonationEvent.SCHEMA_VERSION,
                occurredAt,
                payment.donationId(),
                payment.campaignId(),
                amount,
                payment.giftAid(),
                payment.donor(),
                payment.message(),
                payment.source(),
                reference.isEmpty() ? payment.providerReference() : reference);
    }

    /** The same payment, type and reversal always give the same event id, however often a provider retries. */
    static String stableEventId(String donationId, String type, String discriminator) {
        return UUID.nameUUIDFromBytes((donationId + "|" + type + "|" + discriminator).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
