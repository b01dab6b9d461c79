package org.givingstream.donation.donation;

import java.time.Instant;
import java.util.Objects;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;

/**
 * A successful payment as a provider adapter understood it, before it is stored.
 *
 * @param donationId our key for the payment (not the provider's event): {@code stripe:pi_123}
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
        Instant occurredAt)
        implements LedgerEntry {

    public IncomingDonation {
        Objects.requireNonNull(donationId, "donationId");
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(donor, "donor");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
