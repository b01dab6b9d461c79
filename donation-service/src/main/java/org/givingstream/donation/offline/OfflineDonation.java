package org.givingstream.donation.offline;

import java.time.LocalDate;
import java.time.ZoneOffset;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.givingstream.donation.ledger.GiftAidDeclaration;
import org.givingstream.donation.ledger.IncomingDonation;

/** A checked offline donation, ready to be recorded once it has an id. */
record OfflineDonation(
        Money amount,
        OfflineDonationKind kind,
        String description,
        LocalDate receivedOn,
        boolean giftAid,
        Donor donor,
        String message,
        GiftAidDeclaration giftAidDeclaration) {

    static final String SOURCE = "offline";

    /**
     * The payment the ledger records. It "occurred" at the start of the day it was received, in UTC, so that the
     * date reads the same in UTC and in UK time (a Gift Aid claim lists the date of each donation).
     */
    IncomingDonation toIncoming(String donationId, String campaignId) {
        return new IncomingDonation(
                donationId,
                campaignId,
                amount,
                giftAid,
                donor,
                message,
                SOURCE,
                description,
                null,
                receivedOn.atStartOfDay(ZoneOffset.UTC).toInstant(),
                giftAidDeclaration);
    }
}
