package org.givingstream.campaign.totals;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bson.Document;
import org.givingstream.campaign.campaigns.Campaign;
import org.givingstream.campaign.campaigns.RecentDonation;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.contracts.Donor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Adds a batch of donation events to their campaigns' totals with ONE single-document update per campaign, each
 * event at most once, without transactions.
 *
 * <p>Effectively-once: the dedup bookkeeping and the totals change together in that one update, guarded by
 * {@code totalsVersion} being what was read.
 * <ul>
 *   <li>a record at or below the stored {@code offsets.<partition>} was applied before (Kafka redelivered it after a
 *       crash before the commit, or a rebalance) and is dropped;
 *   <li>an event id in {@code recentEventIds} (the last {@link #EVENT_ID_WINDOW} of the campaign) or earlier in the
 *       same batch was republished by donation-service's at-least-once outbox at a later offset and is dropped;
 *   <li>if another instance wrote the totals meanwhile (rebalance overlap, a repair), the guard matches nothing and
 *       that campaign's part of the batch is re-read and re-folded against the new state.
 * </ul>
 * All events of a campaign are on one partition (keyed by campaign id), so one consumer applies them in order;
 * the guard only matters while partitions move. Donor bookkeeping ({@link Donors}) and history ({@link History}) are
 * written before the updates and are idempotent by themselves, so a crash between them and an update is repaired by
 * the redelivery. Per batch, whatever its size and however many campaigns it names: one read of all their
 * campaigns, one unordered insert of the donors (plus one read when some were known), one unordered write of the
 * history, then the one guarded update per campaign. Works the same on MongoDB 8 and on mongo-java-server: no
 * sessions, no transactions.
 */
@Component
class TotalsUpdater {

    static final int EVENT_ID_WINDOW = 1000;
    static final int ATTEMPTS = 10;
    /** Money in, and money going back out: every other event type leaves the totals alone. */
    static final Set<String> APPLIES_TO =
            Set.of(DonationEventTypes.RECEIVED, DonationEventTypes.REFUNDED, DonationEventTypes.CHARGED_BACK);

    private static final int MESSAGE_MAX = 500;
    private static final Logger log = LoggerFactory.getLogger(TotalsUpdater.class);

    private final TotalsStore store;
    private final Donors donors;
    private final History history;
    private final Timer latency;

    TotalsUpdater(TotalsStore store, Donors donors, History history, MeterRegistry meters) {
        this.store = store;
        this.donors = donors;
        this.history = history;
        this.latency = Timer.builder("campaign.update.latency")
                .description("Time to apply one batch to its campaigns: dedup, donors, history, guarded updates")
                .publishPercentileHistogram()
                .register(meters);
    }

    /** One event as read from Kafka. */
    record Delivered(DonationEvent event, int partition, long offset) {}

    /**
     * @param applied the events that changed the totals now; the others were already applied
     * @param raisedInOrder money raised in the target's currency before this batch, then after each applied event in
     *     partition order: what milestones compare, so that a threshold is recorded with the total that crossed it,
     *     however many events came in the same batch
     * @param target the campaign's target, in that currency
     * @param milestonesReached the thresholds recorded before this batch
     */
    record Outcome(
            List<DonationEvent> applied,
            int duplicates,
            List<Long> raisedInOrder,
            long target,
            Set<Integer> milestonesReached) {

        /** Money raised in the target's currency once this batch is in. */
        long raised() {
            return raisedInOrder.getLast();
        }
    }

    /**
     * @param outcomes per campaign that exists
     * @param unknownCampaigns the campaign ids no campaign has: nothing was written for their events
     */
    record BatchOutcome(Map<String, Outcome> outcomes, Set<String> unknownCampaigns) {}

    /**
     * @param deliveries events of ONE campaign, in partition order
     * @throws UnknownCampaignException when no campaign has the id (nothing is written)
     */
    Outcome apply(String campaignId, List<Delivered> deliveries) {
        BatchOutcome outcome = apply(Map.of(campaignId, deliveries));
        if (outcome.unknownCampaigns().contains(campaignId)) {
            throw new UnknownCampaignException(
                    campaignId, deliveries.getFirst().event().eventId());
        }
        return outcome.outcomes().get(campaignId);
    }

    /** @param byCampaign each campaign's events, in partition order */
    BatchOutcome apply(Map<String, List<Delivered>> byCampaign) {
        return latency.record(() -> applyGuarded(byCampaign));
    }

    private BatchOutcome applyGuarded(Map<String, List<Delivered>> byCampaign) {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        Map<String, List<Delivered>> pending = new LinkedHashMap<>(byCampaign);
        for (int attempt = 1; ; attempt++) {
            Map<String, TotalsStore.Snapshot> states = store.readAll(pending.keySet());
            List<Fold> folds = new ArrayList<>();
            for (var campaign : pending.entrySet()) {
                TotalsStore.Snapshot state = states.get(campaign.getKey());
                if (state == null) {
                    unknown.add(campaign.getKey());
                    continue;
                }
                List<Delivered> fresh = notYetApplied(state, campaign.getValue());
                if (fresh.isEmpty()) {
                    outcomes.put(
                            campaign.getKey(),
                            new Outcome(
                                    List.of(),
                                    campaign.getValue().size(),
                                    List.of(state.raised()),
                                    state.targetMinorUnits(),
                                    state.milestonesReached()));
                } else {
                    folds.add(new Fold(state, fresh, campaign.getValue().size()));
                }
            }
            pending.clear();
            if (folds.isEmpty()) {
                return new BatchOutcome(outcomes, unknown);
            }
            writeDonorsAndHistory(folds);
            for (Fold fold : folds) {
                if (store.updateIfUnchanged(fold.state(), fold.update())) {
                    outcomes.put(fold.state().campaignId(), fold.outcome());
                } else {
                    pending.put(
                            fold.state().campaignId(),
                            byCampaign.get(fold.state().campaignId()));
                }
            }
            if (pending.isEmpty()) {
                return new BatchOutcome(outcomes, unknown);
            }
            if (attempt == ATTEMPTS) {
                throw new IllegalStateException("Totals of campaigns " + pending.keySet() + " kept changing under "
                        + ATTEMPTS + " attempts; the batch will be redelivered");
            }
            log.info("Totals of campaigns {} changed meanwhile (attempt {}), re-reading", pending.keySet(), attempt);
        }
    }

    /**
     * Donors first, for every campaign of the batch at once (which events bring a new donor), then the history of
     * every fresh event: both idempotent, both before any totals update (reconciliation relies on that order).
     */
    private void writeDonorsAndHistory(List<Fold> folds) {
        List<DonationEvent> received = folds.stream()
                .flatMap(fold -> fold.fresh().stream())
                .map(Delivered::event)
                .filter(event -> DonationEventTypes.RECEIVED.equals(event.type()))
                .toList();
        Set<String> newDonors = donors.firstEventsOfNewDonors(received);
        List<History.Entry> entries = new ArrayList<>();
        for (Fold fold : folds) {
            fold.newDonors(newDonors);
            for (Delivered delivered : fold.fresh()) {
                DonationEvent event = delivered.event();
                String donorKey = DonationEventTypes.RECEIVED.equals(event.type()) ? Donors.keyOf(event) : null;
                entries.add(new History.Entry(event, delivered.partition(), delivered.offset(), donorKey));
            }
        }
        history.record(entries);
    }

    private static List<Delivered> notYetApplied(TotalsStore.Snapshot state, List<Delivered> deliveries) {
        Set<String> seen = new HashSet<>(state.recentEventIds());
        List<Delivered> fresh = new ArrayList<>();
        for (Delivered delivered : deliveries) {
            if (delivered.offset() > state.offset(delivered.partition())
                    && seen.add(delivered.event().eventId())) {
                fresh.add(delivered);
            }
        }
        return fresh;
    }

    /** One campaign's fresh events against the state they were folded on. */
    private static final class Fold {

        private final TotalsStore.Snapshot state;
        private final List<Delivered> fresh;
        private final int delivered;
        private Totals delta;

        Fold(TotalsStore.Snapshot state, List<Delivered> fresh, int delivered) {
            this.state = state;
            this.fresh = fresh;
            this.delivered = delivered;
        }

        TotalsStore.Snapshot state() {
            return state;
        }

        List<Delivered> fresh() {
            return fresh;
        }

        void newDonors(Set<String> firstEventsOfNewDonors) {
            Totals.Builder builder = Totals.builder();
            for (Delivered delivered : fresh) {
                DonationEvent event = delivered.event();
                builder.add(event);
                if (firstEventsOfNewDonors.contains(event.eventId())
                        && DonationEventTypes.RECEIVED.equals(event.type())) {
                    builder.donors(1);
                }
            }
            delta = builder.build();
        }

        /** The one update of the campaign's totals: a driver document, no mapping on the hot path. */
        Document update() {
            Document inc = new Document();
            delta.values().forEach(inc::append);
            Document set = new Document();
            highestOffsets(fresh).forEach((partition, offset) -> set.append("offsets." + partition, offset));
            Document push = new Document(
                    "recentEventIds",
                    new Document(
                                    "$each",
                                    fresh.stream().map(d -> d.event().eventId()).toList())
                            .append("$slice", -EVENT_ID_WINDOW));
            Document update = new Document("$inc", inc).append("$set", set).append("$push", push);
            List<Document> recent = new ArrayList<>();
            Instant lastDonationAt = null;
            for (Delivered delivered : fresh) {
                DonationEvent event = delivered.event();
                if (DonationEventTypes.RECEIVED.equals(event.type())) {
                    recent.add(recentDonation(publicPart(event)));
                    lastDonationAt =
                            lastDonationAt == null || event.occurredAt().isAfter(lastDonationAt)
                                    ? event.occurredAt()
                                    : lastDonationAt;
                }
            }
            if (!recent.isEmpty()) {
                update.append("$max", new Document("lastDonationAt", Date.from(lastDonationAt)));
                push.append(
                        "recentDonations",
                        new Document("$each", recent)
                                .append("$sort", new Document("occurredAt", 1))
                                .append("$slice", -Campaign.RECENT_DONATIONS));
            }
            return update;
        }

        Outcome outcome() {
            String raised = "raisedByCurrency." + state.currency();
            List<Long> raisedInOrder = new ArrayList<>(fresh.size() + 1);
            long running = state.raised();
            raisedInOrder.add(running);
            for (Delivered delivered : fresh) {
                running = Math.addExact(
                        running, Totals.builder().add(delivered.event()).build().get(raised));
                raisedInOrder.add(running);
            }
            return new Outcome(
                    fresh.stream().map(Delivered::event).toList(),
                    delivered - fresh.size(),
                    List.copyOf(raisedInOrder),
                    state.targetMinorUnits(),
                    state.milestonesReached());
        }
    }

    /** A {@link RecentDonation} as Spring Data stores it in the campaign document (null fields left out). */
    static Document recentDonation(RecentDonation recent) {
        Document document = new Document();
        if (recent.donorName() != null) {
            document.append("donorName", recent.donorName());
        }
        document.append(
                "amount",
                new Document("minorUnits", recent.amount().minorUnits())
                        .append("currency", recent.amount().currency()));
        if (recent.message() != null) {
            document.append("message", recent.message());
        }
        return document.append("occurredAt", Date.from(recent.occurredAt()));
    }

    private static Map<Integer, Long> highestOffsets(List<Delivered> fresh) {
        Map<Integer, Long> highest = new TreeMap<>();
        for (Delivered delivered : fresh) {
            highest.merge(delivered.partition(), delivered.offset(), Math::max);
        }
        return highest;
    }

    /** Only what may be shown in public: never the email, and no name for anonymous donors. */
    static RecentDonation publicPart(DonationEvent event) {
        Donor donor = event.donor();
        String name = donor.anonymous() || donor.name() == null || donor.name().isBlank()
                ? null
                : donor.name().strip();
        String message = event.message();
        if (message != null && message.length() > MESSAGE_MAX) {
            message = message.substring(0, MESSAGE_MAX); // keeps the campaign document small
        }
        return new RecentDonation(name, event.amount(), message, event.occurredAt());
    }
}
