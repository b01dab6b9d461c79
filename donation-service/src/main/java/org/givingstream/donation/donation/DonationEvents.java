package org.givingstream.donation.donation;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;

/** Builds the events donation-service publishes. */
final class DonationEvents {

    private DonationEvents() {}

    static DonationEvent received(IncomingDonation donation) {
        return new DonationEvent(
                stableEventId(donation.donationId(), DonationEventTypes.RECEIVED),
                DonationEventTypes.RECEIVED,
                DonationEvent.SCHEMA_VERSION,
                donation.occurredAt(),
                donation.donationId(),
                donation.campaignId(),
                donation.amount(),
                donation.giftAid(),
                donation.donor(),
                donation.message(),
                donation.source(),
                donation.providerReference());
    }

    /** The same payment and type always give the same event id, however often the provider retries. */
    static String stableEventId(String donationId, String type) {
        return UUID.nameUUIDFromBytes((donationId + "|" + type).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
