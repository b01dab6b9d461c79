package org.givingstream.campaign.totals;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.givingstream.campaign.campaign.Campaign;
import org.givingstream.campaign.campaign.RecentDonation;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.contracts.Donor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Adds a batch of one campaign's donation events to its totals with ONE single-document update, each event at most
 * once, without transactions.
 *
 * <p>Effectively-once: the dedup bookkeeping and the totals change together in that one update, guarded by
 * {@code totalsVersion} being what was read.
 * <ul>
 *   <li>a record at or below the stored {@code offsets.<partition>} was applied before (Kafka redelivered it after a
 *       crash before the commit, or a rebalance) and is dropped;
 *   <li>an event id in {@code recentEventIds} (the last {@link #EVENT_ID_WINDOW} of the campaign) or earlier in the
 *       same batch was republished by donation-service's at-least-once outbox at a later offset and is dropped;
 *   <li>if another instance wrote the totals meanwhile (rebalance overlap, a repair), the guard matches nothing and
 *       the batch is re-read and re-folded against the new state.
 * </ul>
 * All events of a campaign are on one partition (keyed by campaign id), so one consumer applies them in order;
 * the guard only matters while partitions move. Donor bookkeeping ({@link Donors}) and history ({@link History}) are
 * written before the update and are idempotent by themselves, so a crash between them and the update is repaired by
 * the redelivery. Works the same on MongoDB 8 and on mongo-java-server: no sessions, no transactions.
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
                .description("Time to apply one campaign's part of a batch: dedup, donors, history, guarded update")
                .publishPercentileHistogram()
                .register(meters);
    }

    /** One event as read from Kafka. */
    record Delivered(DonationEvent event, int partition, long offset) {}

    /** @param applied the events that changed the totals now; the others were already applied */
    record Outcome(List<DonationEvent> applied, int duplicates) {}

    /**
     * @param deliveries events of ONE campaign, in partition order
     * @throws UnknownCampaignException when no campaign has the id (nothing is written)
     */
    Outcome apply(String campaignId, List<Delivered> deliveries) {
        return latency.record(() -> applyGuarded(campaignId, deliveries));
    }

    private Outcome applyGuarded(String campaignId, List<Delivered> deliveries) {
        for (int attempt = 1; ; attempt++) {
            TotalsStore.Snapshot state = store.read(campaignId);
            if (state == null) {
                throw new UnknownCampaignException(campaignId, deliveries.getFirst().event().eventId());
            }
            List<Delivered> fresh = notYetApplied(state, deliveries);
            if (fresh.isEmpty()) {
                return new Outcome(List.of(), deliveries.size());
            }
            if (store.updateIfUnchanged(state, update(state, fresh))) {
                return new Outcome(fresh.stream().map(Delivered::event).toList(), deliveries.size() - fresh.size());
            }
            if (attempt == ATTEMPTS) {
                throw new IllegalStateException("Totals of campaign " + campaignId + " kept changing under "
                        + ATTEMPTS + " attempts; the batch will be redelivered");
            }
            log.info("Totals of campaign {} changed meanwhile (attempt {}), re-reading", campaignId, attempt);
        }
    }

    private static List<Delivered> notYetApplied(TotalsStore.Snapshot state, List<Delivered> deliveries) {
        Set<String> seen = new HashSet<>(state.recentEventIds());
        List<Delivered> fresh = new ArrayList<>();
        for (Delivered delivered : deliveries) {
            if (delivered.offset() > state.offset(delivered.partition()) && seen.add(delivered.event().eventId())) {
                fresh.add(delivered);
            }
        }
        return fresh;
    }

    /** Writes donors and history first (both idempotent), then returns the one update for the totals. */
    private Update update(TotalsStore.Snapshot state, List<Delivered> fresh) {
        Totals.Builder delta = Totals.builder();
        List<History.Entry> entries = new ArrayList<>(fresh.size());
        List<RecentDonation> recent = new ArrayList<>();
        Instant lastDonationAt = null;
        Set<String> newDonors = donors.firstEventsOfNewDonors(fresh.stream()
                .map(Delivered::event)
                .filter(event -> DonationEventTypes.RECEIVED.equals(event.type()))
                .toList());
        for (Delivered delivered : fresh) {
            DonationEvent event = delivered.event();
            String donorKey = null;
            if (DonationEventTypes.RECEIVED.equals(event.type())) {
                donorKey = Donors.keyOf(event);
                if (newDonors.contains(event.eventId())) {
                    delta.donors(1);
                }
                recent.add(publicPart(event));
                lastDonationAt = lastDonationAt == null || event.occurredAt().isAfter(lastDonationAt)
                        ? event.occurredAt()
                        : lastDonationAt;
            }
            delta.add(event);
            entries.add(new History.Entry(event, delivered.partition(), delivered.offset(), donorKey));
        }
        history.record(entries);

        Update update = new Update();
        delta.build().values().forEach(update::inc);
        highestOffsets(fresh).forEach((partition, offset) -> update.set("offsets." + partition, offset));
        update.push("recentEventIds")
                .slice(-EVENT_ID_WINDOW)
                .each(fresh.stream().map(d -> d.event().eventId()).toArray());
        if (!recent.isEmpty()) {
            update.max("lastDonationAt", lastDonationAt);
            update.push("recentDonations")
                    .sort(Sort.by("occurredAt"))
                    .slice(-Campaign.RECENT_DONATIONS)
                    .each(recent.toArray());
        }
        return update;
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
        String name = donor.anonymous() || donor.name() == null || donor.name().isBlank() ? null : donor.name().strip();
        String message = event.message();
        if (message != null && message.length() > MESSAGE_MAX) {
            message = message.substring(0, MESSAGE_MAX); // keeps the campaign document small
        }
        return new RecentDonation(name, event.amount(), message, event.occurredAt());
    }
}
