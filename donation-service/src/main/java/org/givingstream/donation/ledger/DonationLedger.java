package org.givingstream.donation.ledger;

import com.mongodb.bulk.BulkWriteError;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.givingstream.donation.campaign.KnownCampaigns;
import org.givingstream.donation.campaign.UnknownCampaignException;
import org.givingstream.donation.tracing.TraceParents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * Records payments and reversals, each once, together with the events they cause.
 *
 * <p>Effectively-once: a donation's {@code _id} is its payment key, so a retried webhook, or a second provider event
 * for the same payment (checkout session and payment intent), finds the payment already there; a reversal is keyed
 * by the provider's refund or dispute id inside the document. Every change is ONE single-document write: an insert,
 * or a replace guarded by the version that was read (a concurrent writer makes it retry). MongoDB acknowledges the
 * write before the caller answers the provider, so a 2xx means the donation is durable; its events then reach Kafka
 * through the outbox relay (told through {@link UnpublishedEvents}), at least once.
 */
@Service
public class DonationLedger {

    private static final Logger log = LoggerFactory.getLogger(DonationLedger.class);
    private static final int MAX_ATTEMPTS = 10;
    private static final int DUPLICATE_KEY = 11000;

    private final MongoTemplate mongo;
    private final UnpublishedEvents unpublished;
    private final KnownCampaigns campaigns;
    private final Clock clock;
    private final TraceParents traces;

    DonationLedger(
            MongoTemplate mongo,
            UnpublishedEvents unpublished,
            KnownCampaigns campaigns,
            Clock clock,
            TraceParents traces) {
        this.mongo = mongo;
        this.unpublished = unpublished;
        this.campaigns = campaigns;
        this.clock = clock;
        this.traces = traces;
    }

    public enum Outcome {
        /** Stored, with its events queued for Kafka. */
        STORED,
        /** Seen before: nothing changed. */
        DUPLICATE,
        /** A reversal whose payment has not arrived yet: kept, and applied when the payment comes. */
        PARKED,
        /** A late-failure reversal whose payment was not recorded before it: no money to take back. */
        IGNORED
    }

    /**
     * An entry as the ledger feed reads it from the intake log.
     *
     * @param traceparent the webhook's trace, recorded with the events the entry causes
     * @param onlyIfPaidBefore a reversal applied only if its payment was recorded before it happened
     */
    public record Logged(LedgerEntry entry, String traceparent, boolean onlyIfPaidBefore) {}

    /**
     * What a batch did.
     *
     * @param outcomes one per entry, in the order given; null where the entry was refused
     * @param refused why an entry can never be applied, by its index (a reversal in another currency than its
     *     payment, a campaign never announced): the caller dead-letters those
     * @param unpublished the documents written with events still to publish, for the caller to relay
     */
    public record BatchResult(List<Outcome> outcomes, Map<Integer, String> refused, List<Donation> unpublished) {}

    private record Change(Outcome outcome, Donation written) {}

    /**
     * Records one entry now, in the current trace; the relay publishes its events.
     *
     * @throws UnknownCampaignException when a payment names a campaign campaign-service never announced
     * @throws IllegalArgumentException when a reversal's currency differs from its payment's
     */
    public Outcome record(LedgerEntry entry) {
        return record(entry, false);
    }

    /**
     * As {@link #record(LedgerEntry)}; with {@code onlyIfPaidBefore}, a reversal applies only when its payment was
     * recorded before the reversal happened (GoCardless late failures), else it is {@link Outcome#IGNORED}.
     */
    public Outcome record(LedgerEntry entry, boolean onlyIfPaidBefore) {
        Change change = applyUnlessUnpaid(entry, onlyIfPaidBefore, traces.current());
        if (change.written() != null && !change.written().published()) {
            unpublished.written(change.written().id());
        }
        return change.outcome();
    }

    /** @throws UnknownCampaignException when the payment names a campaign campaign-service never announced */
    public Outcome recordPayment(IncomingDonation payment) {
        return record(payment);
    }

    /** @throws IllegalArgumentException when the reversal's currency differs from the payment's */
    public Outcome recordReversal(IncomingReversal reversal) {
        return record(reversal);
    }

    /**
     * Records a batch from the intake log. The first event of each payment in the batch goes in ONE unordered bulk
     * insert (most donations are new); duplicate keys there are sorted out with one query (payment already recorded:
     * nothing to do), and a further event of a payment recorded by then changes nothing either. Every other entry
     * (reversals, a payment whose reversal came first) takes the one-by-one read-and-replace path in log order, so
     * the entries of one payment apply in the order they were appended. Effectively-once for the same reasons as
     * {@link #record}: a redelivered batch finds its payments and reversals already there.
     *
     * @throws org.springframework.dao.DataAccessException when MongoDB fails: nothing is lost, the batch is retried
     */
    public BatchResult recordAll(List<Logged> batch) {
        Outcome[] outcomes = new Outcome[batch.size()];
        Map<Integer, String> refused = new HashMap<>();
        Map<String, Donation> unpublished = new LinkedHashMap<>();
        Map<Integer, Donation> inserts = firstPayments(batch, refused);
        Set<Integer> alreadyThere = insertAll(inserts);
        Set<String> paidBefore =
                paidAmong(alreadyThere.stream().map(i -> inserts.get(i).id()).toList());
        // donations whose payment is recorded: any further payment event of theirs in this batch changes nothing
        Set<String> paid = new HashSet<>();
        inserts.forEach((i, donation) -> {
            if (!alreadyThere.contains(i)) {
                outcomes[i] = Outcome.STORED;
                unpublished.put(donation.id(), donation);
                paid.add(donation.id());
            } else if (paidBefore.contains(donation.id())) {
                outcomes[i] = Outcome.DUPLICATE;
                paid.add(donation.id());
            }
        });
        // the rest one by one, in log order: reversals, payments after a reversal, payments of parked reversals
        for (int i = 0; i < batch.size(); i++) {
            if (outcomes[i] != null || refused.containsKey(i)) {
                continue;
            }
            Logged logged = batch.get(i);
            String donationId = logged.entry().donationId();
            if (logged.entry() instanceof IncomingDonation && paid.contains(donationId)) {
                outcomes[i] = Outcome.DUPLICATE;
                continue;
            }
            try {
                Change change = applyUnlessUnpaid(logged.entry(), logged.onlyIfPaidBefore(), logged.traceparent());
                outcomes[i] = change.outcome();
                if (change.written() != null) {
                    unpublished.put(donationId, change.written()); // the latest write holds every pending event
                    if (change.written().hasPayment()) {
                        paid.add(donationId);
                    }
                }
            } catch (IllegalArgumentException | UnknownCampaignException e) {
                refused.put(i, e.getMessage());
            }
        }
        return new BatchResult(
                Arrays.asList(outcomes),
                refused,
                unpublished.values().stream().filter(d -> !d.published()).toList());
    }

    /**
     * The documents to bulk-insert, by batch index: one per donation whose first entry in the batch is a payment.
     * A payment for a campaign never announced goes into {@code refused} instead.
     */
    private Map<Integer, Donation> firstPayments(List<Logged> batch, Map<Integer, String> refused) {
        Map<Integer, Donation> inserts = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            Logged logged = batch.get(i);
            if (seen.add(logged.entry().donationId()) && logged.entry() instanceof IncomingDonation payment) {
                try {
                    campaigns.requireKnown(payment.campaignId());
                    inserts.put(
                            i, Donation.firstPayment(payment, clock.instant()).tracedBy(logged.traceparent()));
                } catch (UnknownCampaignException e) {
                    refused.put(i, e.getMessage());
                }
            }
        }
        return inserts;
    }

    /** Which of these stored donations have their payment recorded: one query for a batch's duplicates. */
    private Set<String> paidAmong(List<String> donationIds) {
        if (donationIds.isEmpty()) {
            return Set.of();
        }
        Query query =
                Query.query(Criteria.where("_id").in(donationIds).and("payment").ne(null));
        query.fields().include("_id");
        Set<String> paid = new HashSet<>();
        mongo.find(query, org.bson.Document.class, mongo.getCollectionName(Donation.class))
                .forEach(found -> paid.add(found.getString("_id")));
        return paid;
    }

    private Change applyUnlessUnpaid(LedgerEntry entry, boolean onlyIfPaidBefore, String traceparent) {
        if (onlyIfPaidBefore
                && entry instanceof IncomingReversal reversal
                && !hasPaymentBefore(reversal.donationId(), reversal.occurredAt())) {
            return new Change(Outcome.IGNORED, null);
        }
        return apply(entry, traceparent);
    }

    /** @return the indexes whose document already existed (duplicate key): those take the read-and-replace path */
    private Set<Integer> insertAll(Map<Integer, Donation> inserts) {
        if (inserts.isEmpty()) {
            return Set.of();
        }
        List<Integer> indexes = new ArrayList<>(inserts.keySet());
        try {
            mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, Donation.class)
                    .insert(new ArrayList<>(inserts.values()))
                    .execute();
            return Set.of();
        } catch (BulkOperationException e) {
            Set<Integer> duplicates = new HashSet<>();
            for (BulkWriteError error : e.getErrors()) {
                if (error.getCode() != DUPLICATE_KEY) {
                    throw e; // not a duplicate: retry the batch (what was inserted comes back as duplicates)
                }
                duplicates.add(indexes.get(error.getIndex()));
            }
            return duplicates;
        }
    }

    private Change apply(LedgerEntry entry, String traceparent) {
        return switch (entry) {
            case IncomingDonation payment -> applyPayment(payment, traceparent);
            case IncomingReversal reversal -> applyReversal(reversal, traceparent);
        };
    }

    private Change applyPayment(IncomingDonation payment, String traceparent) {
        try (var ignored = MDC.putCloseable("donationId", payment.donationId())) {
            campaigns.requireKnown(payment.campaignId());
            Change change = change(
                    payment.donationId(),
                    () -> Donation.firstPayment(payment, clock.instant()),
                    current -> current.hasPayment() ? null : current.withPayment(payment),
                    traceparent);
            log.debug("Payment {} for campaign {}: {}", payment.donationId(), payment.campaignId(), change.outcome());
            return change;
        }
    }

    private Change applyReversal(IncomingReversal reversal, String traceparent) {
        try (var ignored = MDC.putCloseable("donationId", reversal.donationId())) {
            Change change = change(
                    reversal.donationId(),
                    () -> Donation.firstReversal(reversal, clock.instant()),
                    current -> current.hasReversal(reversal.reversalId()) ? null : current.withReversal(reversal),
                    traceparent);
            log.debug(
                    "{} {} of donation {}: {}",
                    reversal.kind(),
                    reversal.reversalId(),
                    reversal.donationId(),
                    change.outcome());
            return change;
        }
    }

    /**
     * Whether the payment itself is recorded (not only a reversal waiting for it) and happened before
     * {@code instant}: tells a failure of money we counted from a failure of an earlier attempt.
     */
    private boolean hasPaymentBefore(String donationId, Instant instant) {
        return mongo.exists(
                Query.query(Criteria.where("_id")
                        .is(donationId)
                        .and("payment.occurredAt")
                        .lt(instant)),
                Donation.class);
    }

    /**
     * Inserts the first version of a donation, or applies {@code change} to the stored one with a version-guarded
     * replace, retrying when another writer got there first. {@code change} returns null for "nothing to do".
     * The events a write adds remember the current trace, so the relay publishes them in the webhook's trace.
     *
     * <p>The first attempt assumes the donation is new, as most are: the insert is also the read, and its duplicate
     * key error (the unique {@code _id}) sends a retry or a second event of the payment to the read-and-replace path.
     */
    private Change change(
            String donationId, Supplier<Donation> first, UnaryOperator<Donation> change, String traceparent) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Donation current = attempt == 1 ? null : mongo.findById(donationId, Donation.class);
            Donation written;
            if (current == null) {
                written = first.get().tracedBy(traceparent);
                try {
                    mongo.insert(written);
                } catch (DuplicateKeyException alreadyThere) {
                    continue;
                }
            } else {
                written = change.apply(current);
                if (written == null) {
                    return new Change(Outcome.DUPLICATE, null);
                }
                written = written.tracedBy(traceparent).nextVersion().writtenAt(clock.instant());
                Query sameVersion = Query.query(
                        Criteria.where("_id").is(donationId).and("version").is(current.version()));
                if (mongo.replace(sameVersion, written).getMatchedCount() != 1) {
                    continue;
                }
            }
            return new Change(written.hasPayment() ? Outcome.STORED : Outcome.PARKED, written);
        }
        throw new IllegalStateException(
                "donation " + donationId + " kept changing under " + MAX_ATTEMPTS + " attempts");
    }
}
