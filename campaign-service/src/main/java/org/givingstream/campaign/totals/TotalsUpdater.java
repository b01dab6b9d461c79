package org.givingstream.campaign.totals;

import org.givingstream.campaign.campaign.Campaign;
import org.givingstream.campaign.campaign.RecentDonation;
import java.util.Set;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.contracts.Donor;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Adds one donation to its campaign's totals, at most once, without transactions.
 *
 * <p>Effectively-once: the guards and the totals are ONE single-document update, so they can never disagree.
 * <ul>
 *   <li>{@code offsets.<partition>} must be below the record's offset: a Kafka redelivery (same partition and
 *       offset, after a crash before the commit or a rebalance) matches nothing;
 *   <li>{@code recentEventIds} must not hold the event id: a republished event (the producer's outbox is
 *       at-least-once, so the same event id may come again at a later offset) matches nothing. The window keeps the
 *       last {@link #EVENT_ID_WINDOW} ids of the campaign, far more than an outbox republishes.
 * </ul>
 * Works the same on MongoDB 8 and on mongo-java-server: no sessions, no transactions.
 */
@Component
class TotalsUpdater {

    static final int EVENT_ID_WINDOW = 1000;
    /** Money in, and money going back out: every other event type leaves the totals alone. */
    static final Set<String> APPLIES_TO =
            Set.of(DonationEventTypes.RECEIVED, DonationEventTypes.REFUNDED, DonationEventTypes.CHARGED_BACK);
    private static final int MESSAGE_MAX = 500;

    private final MongoTemplate mongo;

    TotalsUpdater(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** @throws UnknownCampaignException when no campaign has the event's id (nothing is written) */
    Outcome apply(DonationEvent event, int partition, long offset) {
        String offsetField = "offsets." + partition;
        Query notYetApplied = Query.query(Criteria.where("_id")
                .is(event.campaignId())
                .orOperator(Criteria.where(offsetField).lt(offset), Criteria.where(offsetField).exists(false))
                .and("recentEventIds")
                .ne(event.eventId()));
        Update update = DonationEventTypes.RECEIVED.equals(event.type())
                ? totalsAndGuards(event, offsetField, offset)
                : reversalAndGuards(event, offsetField, offset);
        var result = mongo.updateFirst(notYetApplied, update, Campaign.class);
        if (result.getMatchedCount() == 1) {
            return Outcome.APPLIED;
        }
        if (!mongo.exists(Query.query(Criteria.where("_id").is(event.campaignId())), Campaign.class)) {
            throw new UnknownCampaignException(event.campaignId(), event.eventId());
        }
        return Outcome.DUPLICATE;
    }

    private static Update totalsAndGuards(DonationEvent event, String offsetField, long offset) {
        // currency codes are validated ISO 4217 letters (Money), so they are safe as field names
        String currency = event.amount().currency();
        long amount = event.amount().minorUnits();
        Update update = new Update()
                .inc("raisedByCurrency." + currency, amount)
                .inc("donationCount", 1)
                .max("lastDonationAt", event.occurredAt())
                .set(offsetField, offset);
        if (event.giftAid()) {
            update.inc("giftAidByCurrency." + currency, amount);
        }
        update.push("recentEventIds").slice(-EVENT_ID_WINDOW).each(event.eventId());
        update.push("recentDonations")
                .sort(Sort.by("occurredAt"))
                .slice(-Campaign.RECENT_DONATIONS)
                .each(publicPart(event));
        return update;
    }

    /**
     * A refund or chargeback: its amount leaves {@code raised} (and the Gift Aid base when the donation had Gift Aid)
     * and is shown under its own heading. The donation still counts as a donation; donation-service never sends back
     * more than was paid, so totals cannot go below zero through one donation.
     */
    private static Update reversalAndGuards(DonationEvent event, String offsetField, long offset) {
        String currency = event.amount().currency();
        long amount = event.amount().minorUnits();
        String heading = DonationEventTypes.REFUNDED.equals(event.type()) ? "refundedByCurrency." : "chargedBackByCurrency.";
        Update update = new Update()
                .inc("raisedByCurrency." + currency, -amount)
                .inc(heading + currency, amount)
                .set(offsetField, offset);
        if (event.giftAid()) {
            update.inc("giftAidByCurrency." + currency, -amount);
        }
        update.push("recentEventIds").slice(-EVENT_ID_WINDOW).each(event.eventId());
        return update;
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

    enum Outcome {
        APPLIED,
        DUPLICATE
    }
}
