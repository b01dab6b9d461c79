package org.givingstream.campaign.totals;

import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.contracts.Money;

/**
 * An event whose amount no payment can have (over {@link Money#MAX_PAYMENT_MINOR_UNITS}, or a payment of nothing):
 * donation-service refuses such amounts at the door, so this is a bug or a forged record. Counting it could push a
 * total past {@code long}'s range; retrying it cannot help. It is dead-lettered at once and the partition moves on.
 */
class AmountOutOfRangeException extends RuntimeException {

    AmountOutOfRangeException(DonationEvent event) {
        super("Event " + event.eventId() + " carries " + event.amount().minorUnits()
                + " minor units: a payment is 1 to " + Money.MAX_PAYMENT_MINOR_UNITS);
    }

    /** Refunds and chargebacks may be 0 (nothing was left to give back); a payment may not. */
    static boolean outOfRange(DonationEvent event) {
        long minorUnits = event.amount().minorUnits();
        return minorUnits > Money.MAX_PAYMENT_MINOR_UNITS
                || (minorUnits < 1 && event.type().equals(DonationEventTypes.RECEIVED));
    }
}
