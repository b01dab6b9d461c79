package org.givingstream.donation.ledger;

import java.time.Instant;
import java.util.Objects;
import org.givingstream.contracts.Money;

/**
 * Money going back out of a donation, as a provider adapter understood it: a refund (full or partial) or a
 * chargeback (dispute lost, PayPal reversal, direct debit charged back).
 *
 * @param donationId the payment it belongs to, the same key the payment was stored under
 * @param reversalId the provider's id of the refund or dispute: the same reversal is applied once, however often
 *     it is delivered
 * @param amount what goes back; null means "everything not yet given back"
 * @param cumulative true when {@code amount} is the total given back by this kind so far (Stripe's
 *     {@code amount_refunded}) rather than the amount of this one reversal
 */
public record IncomingReversal(
        String donationId,
        String reversalId,
        ReversalKind kind,
        Money amount,
        String providerEventId,
        Instant occurredAt,
        boolean cumulative)
        implements LedgerEntry {

    /** A single reversal of {@code amount} (null: all that is left). */
    public IncomingReversal(
            String donationId,
            String reversalId,
            ReversalKind kind,
            Money amount,
            String providerEventId,
            Instant occurredAt) {
        this(donationId, reversalId, kind, amount, providerEventId, occurredAt, false);
    }

    public IncomingReversal {
        Objects.requireNonNull(donationId, "donationId");
        Objects.requireNonNull(reversalId, "reversalId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
