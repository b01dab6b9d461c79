package org.givingstream.donation.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.givingstream.contracts.DonationEvent;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One payment and everything that happened to it, in ONE document: the payment itself (null while only a refund or
 * chargeback has arrived), every reversal seen, and the events not yet acknowledged by Kafka.
 *
 * <p>The outbox lives inside the document (a transactional outbox without transactions): a state change and the
 * events it causes are written by one single-document write, so neither exists without the other. Writers replace
 * the document only if {@code version} is still the one they read (optimistic concurrency).
 *
 * @param reversedMinorUnits what has gone back to the donor so far, by refunds and chargebacks together
 * @param pendingEvents the number of events in {@code outbox}, indexed so the relay finds work cheaply
 * @param traceparents the W3C {@code traceparent} of the request that caused each pending event, by event id: the
 *     relay sends the event in that trace, so one donation is one trace from its webhook to its receipt. Kept beside
 *     {@code outbox} (not inside it) so that documents written before tracing still read; removed with the event.
 * @param writtenAt when the ledger last wrote the document (null in documents written before it was kept): the
 *     relay's sweep leaves a document alone for {@code sweep-grace} after it, while its writer publishes its events
 */
@Document("donations")
@CompoundIndex(name = "outbox_pending", def = "{'pendingEvents': 1, 'receivedAt': 1}")
// the organiser's export reads a campaign's donations in time order
@CompoundIndex(name = "campaign_time", def = "{'payment.campaignId': 1, 'payment.occurredAt': 1, '_id': 1}")
public record Donation(
        @Id String id,
        long version,
        Instant receivedAt,
        IncomingDonation payment,
        List<Reversal> reversals,
        long reversedMinorUnits,
        List<DonationEvent> outbox,
        int pendingEvents,
        Map<String, String> traceparents,
        Instant writtenAt) {

    /**
     * A refund or chargeback as received, and what it actually took back once applied to the payment.
     *
     * @param appliedMinorUnits null while the payment is not known yet (the reversal is kept, not lost)
     */
    public record Reversal(IncomingReversal reversal, Long appliedMinorUnits) {}

    public Donation {
        reversals = reversals == null ? List.of() : List.copyOf(reversals);
        outbox = outbox == null ? List.of() : List.copyOf(outbox);
        traceparents = traceparents == null ? Map.of() : Map.copyOf(traceparents);
    }

    static Donation firstPayment(IncomingDonation payment, Instant now) {
        return new Donation(payment.donationId(), 0, now, null, List.of(), 0, List.of(), 0, Map.of(), now)
                .withPayment(payment);
    }

    /** A reversal whose payment has not arrived yet: kept, applied when the payment comes. */
    static Donation firstReversal(IncomingReversal reversal, Instant now) {
        return new Donation(
                reversal.donationId(),
                0,
                now,
                null,
                List.of(new Reversal(reversal, null)),
                0,
                List.of(),
                0,
                Map.of(),
                now);
    }

    boolean hasPayment() {
        return payment != null;
    }

    boolean hasReversal(String reversalId) {
        return reversals.stream().anyMatch(r -> r.reversal().reversalId().equals(reversalId));
    }

    public boolean published() {
        return pendingEvents == 0;
    }

    /** The payment arrives: its event first, then the events of the reversals that were waiting for it. */
    Donation withPayment(IncomingDonation newPayment) {
        Donation paid = new Donation(
                        id,
                        version,
                        receivedAt,
                        newPayment,
                        List.of(),
                        0,
                        outbox,
                        pendingEvents,
                        traceparents,
                        writtenAt)
                .withEvent(DonationEvents.received(newPayment));
        for (Reversal waiting : reversals) {
            paid = paid.withWaitingReversal(waiting.reversal());
        }
        return paid;
    }

    /**
     * A reversal that arrived before the payment. The payment must be counted whatever the reversal says: one that
     * contradicts it (another currency) is kept with nothing applied, for a person to look at, instead of making the
     * payment's every delivery fail.
     */
    private Donation withWaitingReversal(IncomingReversal reversal) {
        try {
            return withReversal(reversal);
        } catch (IllegalArgumentException contradictsThePayment) {
            return withReversals(append(reversals, new Reversal(reversal, 0L)), reversedMinorUnits);
        }
    }

    /** Records a reversal; applies it (with its event) when the payment is known, else keeps it for later. */
    Donation withReversal(IncomingReversal reversal) {
        if (payment == null) {
            return withReversals(append(reversals, new Reversal(reversal, null)), reversedMinorUnits);
        }
        long amount = amountToReverse(reversal);
        Donation changed =
                withReversals(append(reversals, new Reversal(reversal, amount)), reversedMinorUnits + amount);
        return amount == 0 ? changed : changed.withEvent(DonationEvents.reversed(payment, reversal, amount));
    }

    /** What this reversal takes back: never more than is left of the payment. */
    private long amountToReverse(IncomingReversal reversal) {
        long left = payment.amount().minorUnits() - reversedMinorUnits;
        if (reversal.amount() == null) {
            return left;
        }
        if (!reversal.amount().currency().equals(payment.amount().currency())) {
            throw new IllegalArgumentException("reversal " + reversal.reversalId() + " is in "
                    + reversal.amount().currency() + ", the payment in "
                    + payment.amount().currency());
        }
        long requested = reversal.cumulative()
                ? reversal.amount().minorUnits() - reversedOfKind(reversal.kind())
                : reversal.amount().minorUnits();
        return Math.clamp(requested, 0, left);
    }

    private long reversedOfKind(ReversalKind kind) {
        return reversals.stream()
                .filter(r -> r.reversal().kind() == kind && r.appliedMinorUnits() != null)
                .mapToLong(Reversal::appliedMinorUnits)
                .sum();
    }

    private Donation withReversals(List<Reversal> newReversals, long reversed) {
        return new Donation(
                id,
                version,
                receivedAt,
                payment,
                newReversals,
                reversed,
                outbox,
                pendingEvents,
                traceparents,
                writtenAt);
    }

    private Donation withEvent(DonationEvent event) {
        List<DonationEvent> events = append(outbox, event);
        return new Donation(
                id,
                version,
                receivedAt,
                payment,
                reversals,
                reversedMinorUnits,
                events,
                events.size(),
                traceparents,
                writtenAt);
    }

    /** When a ledger write is made: the relay's sweep leaves a document alone for a while after it. */
    Donation writtenAt(Instant now) {
        return new Donation(
                id,
                version,
                receivedAt,
                payment,
                reversals,
                reversedMinorUnits,
                outbox,
                pendingEvents,
                traceparents,
                now);
    }

    /** The next version of this document, as written by a guarded replace. */
    Donation nextVersion() {
        return new Donation(
                id,
                version + 1,
                receivedAt,
                payment,
                reversals,
                reversedMinorUnits,
                outbox,
                pendingEvents,
                traceparents,
                writtenAt);
    }

    /** @return the {@code traceparent} to send this pending event in, or null when none was recorded */
    public String traceparentOf(DonationEvent event) {
        return traceparents.get(event.eventId());
    }

    /** Records {@code traceparent} for the pending events that have none yet: those this write adds. */
    Donation tracedBy(String traceparent) {
        if (traceparent == null) {
            return this;
        }
        Map<String, String> traced = new HashMap<>(traceparents);
        outbox.forEach(event -> traced.putIfAbsent(event.eventId(), traceparent));
        return new Donation(
                id,
                version,
                receivedAt,
                payment,
                reversals,
                reversedMinorUnits,
                outbox,
                pendingEvents,
                traced,
                writtenAt);
    }

    private static <T> List<T> append(List<T> list, T element) {
        List<T> copy = new ArrayList<>(list);
        copy.add(element);
        return copy;
    }
}
