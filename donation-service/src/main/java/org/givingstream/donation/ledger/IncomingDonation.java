package org.givingstream.donation.ledger;

import java.time.Instant;
import java.util.Objects;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;

/**
 * A successful payment as a provider adapter understood it, before it is stored.
 *
 * @param donationId our key for the payment (not the provider's event): {@code stripe:pi_123}
 * @param giftAidDeclaration the donor's checked Gift Aid declaration, or null when none came (or it failed HMRC's
 *     checks); kept in the ledger only, never published
 */
public record IncomingDonation(
        String donationId,
        String campaignId,
        Money amount,
        boolean giftAid,
        Donor donor,
        String message,
        String source,
        String providerReference,
        String providerEventId,
        Instant occurredAt,
        GiftAidDeclaration giftAidDeclaration)
        implements LedgerEntry {

    /** A payment that came without a Gift Aid declaration. */
    public IncomingDonation(
            String donationId,
            String campaignId,
            Money amount,
            boolean giftAid,
            Donor donor,
            String message,
            String source,
            String providerReference,
            String providerEventId,
            Instant occurredAt) {
        this(
                donationId,
                campaignId,
                amount,
                giftAid,
                donor,
                message,
                source,
                providerReference,
                providerEventId,
                occurredAt,
                null);
    }

    public IncomingDonation {
        Objects.requireNonNull(donationId, "donationId");
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(donor, "donor");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
