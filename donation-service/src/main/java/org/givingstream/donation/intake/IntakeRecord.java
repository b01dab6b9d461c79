package org.givingstream.donation.intake;

import java.time.Instant;
import java.util.Objects;
import org.givingstream.donation.ledger.IncomingDonation;
import org.givingstream.donation.ledger.IncomingReversal;
import org.givingstream.donation.ledger.LedgerEntry;

/**
 * One verified, understood provider event as appended to the intake log ({@link IntakeTopic}): what the ledger will
 * record, with what is needed to trace and audit it. Exactly one of {@code payment} and {@code reversal} is set.
 *
 * @param deliveryId the provider's id of the event or delivery (Stripe {@code evt_}, Standard Webhooks
 *     {@code webhook-id}, ...): kept for audit; the ledger itself deduplicates by payment and reversal id
 * @param onlyIfPaidBefore a reversal that applies only when its payment was recorded before the reversal happened
 *     (GoCardless late failures); decided by the ledger feed, in log order, not by the webhook
 * @param traceparent the W3C trace context of the webhook request, so its donation stays one trace
 */
public record IntakeRecord(
        String provider,
        String eventType,
        String deliveryId,
        Instant receivedAt,
        String traceparent,
        IncomingDonation payment,
        IncomingReversal reversal,
        boolean onlyIfPaidBefore) {

    public IntakeRecord {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if ((payment == null) == (reversal == null)) {
            throw new IllegalArgumentException("an intake record holds a payment or a reversal, not both or neither");
        }
        if (onlyIfPaidBefore && reversal == null) {
            throw new IllegalArgumentException("only a reversal can depend on its payment");
        }
    }

    public static IntakeRecord of(
            String provider,
            String eventType,
            String deliveryId,
            Instant receivedAt,
            String traceparent,
            LedgerEntry entry,
            boolean onlyIfPaidBefore) {
        return switch (entry) {
            case IncomingDonation payment ->
                new IntakeRecord(provider, eventType, deliveryId, receivedAt, traceparent, payment, null, false);
            case IncomingReversal reversal ->
                new IntakeRecord(
                        provider, eventType, deliveryId, receivedAt, traceparent, null, reversal, onlyIfPaidBefore);
        };
    }

    /** What the ledger records. */
    public LedgerEntry entry() {
        return payment != null ? payment : reversal;
    }

    /** The record's key: every event of one payment lands on one partition, in the order it was appended. */
    public String donationId() {
        return entry().donationId();
    }
}
