package org.givingstream.donation.donation;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.givingstream.donation.campaign.KnownCampaigns;
import org.givingstream.donation.campaign.UnknownCampaignException;
import org.givingstream.donation.outbox.OutboxRelay;
import org.givingstream.donation.tracing.TraceParents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DuplicateKeyException;
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
 * through the {@link OutboxRelay}, at least once.
 */
@Service
public class DonationLedger {

    private static final Logger log = LoggerFactory.getLogger(DonationLedger.class);
    private static final int MAX_ATTEMPTS = 10;

    private final MongoTemplate mongo;
    private final OutboxRelay relay;
    private final KnownCampaigns campaigns;
    private final Clock clock;
    private final TraceParents traces;

    DonationLedger(
            MongoTemplate mongo, OutboxRelay relay, KnownCampaigns campaigns, Clock clock, TraceParents traces) {
        this.mongo = mongo;
        this.relay = relay;
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
        PARKED
    }

    public Outcome record(LedgerEntry entry) {
        return switch (entry) {
            case IncomingDonation payment -> recordPayment(payment);
            case IncomingReversal reversal -> recordReversal(reversal);
        };
    }

    /** @throws UnknownCampaignException when the payment names a campaign campaign-service never announced */
    public Outcome recordPayment(IncomingDonation payment) {
        try (var ignored = MDC.putCloseable("donationId", payment.donationId())) {
            campaigns.requireKnown(payment.campaignId());
            Outcome outcome = change(
                    payment.donationId(),
                    () -> Donation.firstPayment(payment, clock.instant()),
                    current -> current.hasPayment() ? null : current.withPayment(payment));
            log.debug("Payment {} for campaign {}: {}", payment.donationId(), payment.campaignId(), outcome);
            return outcome;
        }
    }

    /** @throws IllegalArgumentException when the reversal's currency differs from the payment's */
    public Outcome recordReversal(IncomingReversal reversal) {
        try (var ignored = MDC.putCloseable("donationId", reversal.donationId())) {
            Outcome outcome = change(
                    reversal.donationId(),
                    () -> Donation.firstReversal(reversal, clock.instant()),
                    current -> current.hasReversal(reversal.reversalId()) ? null : current.withReversal(reversal));
            log.debug("{} {} of donation {}: {}", reversal.kind(), reversal.reversalId(), reversal.donationId(), outcome);
            return outcome;
        }
    }

    /**
     * Whether the payment itself is recorded (not only a reversal waiting for it) and happened before
     * {@code instant}: lets an adapter tell a failure of money it counted from a failure of an earlier attempt.
     */
    public boolean hasPaymentBefore(String donationId, Instant instant) {
        return mongo.exists(
                Query.query(Criteria.where("_id").is(donationId).and("payment.occurredAt").lt(instant)),
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
    private Outcome change(String donationId, Supplier<Donation> first, UnaryOperator<Donation> change) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Donation current = attempt == 1 ? null : mongo.findById(donationId, Donation.class);
            Donation written;
            if (current == null) {
                written = first.get().tracedBy(traces.current());
                try {
                    mongo.insert(written);
                } catch (DuplicateKeyException alreadyThere) {
                    continue;
                }
            } else {
                written = change.apply(current);
                if (written == null) {
                    return Outcome.DUPLICATE;
                }
                written = written.tracedBy(traces.current());
                Query sameVersion = Query.query(
                        Criteria.where("_id").is(donationId).and("version").is(current.version()));
                if (mongo.replace(sameVersion, written.nextVersion()).getMatchedCount() != 1) {
                    continue;
                }
            }
            if (!written.published()) {
                relay.wakeUp(donationId);
            }
            return written.hasPayment() ? Outcome.STORED : Outcome.PARKED;
        }
        throw new IllegalStateException("donation " + donationId + " kept changing under " + MAX_ATTEMPTS + " attempts");
    }
}
