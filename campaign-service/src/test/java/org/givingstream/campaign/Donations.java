package org.givingstream.campaign;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;

/** Donation events as donation-service publishes them, with fresh ids. */
public final class Donations {

    private Donations() {}

    public static DonationEvent received(String campaignId, long minorUnits, String currency) {
        return event(
                DonationEventTypes.RECEIVED,
                campaignId,
                Money.of(minorUnits, currency),
                false,
                new Donor("Ann Donor", "ann@example.org", false),
                "Good luck!",
                now());
    }

    public static DonationEvent event(
            String type, String campaignId, Money amount, boolean giftAid, Donor donor, String message, Instant at) {
        String donationId = "stripe:pi_" + UUID.randomUUID().toString().replace("-", "");
        return new DonationEvent(
                UUID.randomUUID().toString(),
                type,
                DonationEvent.SCHEMA_VERSION,
                at,
                donationId,
                campaignId,
                amount,
                giftAid,
                donor,
                message,
                "stripe",
                donationId.substring("stripe:".length()));
    }

    /** BSON dates keep milliseconds: events carry millisecond instants so that round trips compare equal. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    public static String campaignId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
