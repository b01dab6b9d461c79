package org.givingstream.donation.ledger;

/** What a provider adapter hands to the {@link DonationLedger}: a payment or money going back out. */
public sealed interface LedgerEntry permits IncomingDonation, IncomingReversal {

    String donationId();
}
