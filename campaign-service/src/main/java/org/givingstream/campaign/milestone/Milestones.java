package org.givingstream.campaign.milestone;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.givingstream.campaign.campaigns.Campaign;
import org.givingstream.campaign.campaigns.PendingMilestone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Records the milestones (25, 50, 75, 100 % of the target) a campaign's total has reached.
 *
 * <p>Exactly once per campaign and threshold: the {@code $ne} guard on {@code milestonesReached}, adding the
 * threshold and queueing its event ({@code pendingMilestones}, published by the announcer) are ONE single-document
 * update. It is checked after every donation event, applied or recognised as a duplicate, so a crash between the
 * total's update and this one is repaired by the redelivery that follows it.
 */
@Component
public class Milestones {

    static final List<Integer> THRESHOLDS = List.of(25, 50, 75, 100);
    private static final Logger log = LoggerFactory.getLogger(Milestones.class);

    private final MongoTemplate mongo;
    private final Clock clock;

    Milestones(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    public void recordReached(String campaignId) {
        Campaign campaign = mongo.findById(campaignId, Campaign.class);
        if (campaign == null) {
            return;
        }
        long raised = campaign.raisedByCurrency().getOrDefault(campaign.target().currency(), 0L);
        recordReached(
                campaignId, List.of(raised), campaign.target().minorUnits(), Set.copyOf(campaign.milestonesReached()));
    }

    /**
     * The same from totals the caller already holds (the batch path knows them from its guarded update), so no
     * read. {@code raisedInOrder} is the total before a batch and after each of its events: each threshold is
     * recorded with the first total that reached it, as if the events had come one by one. {@code alreadyReached}
     * may be a moment old, which costs at most a guarded update that matches nothing, since a recorded threshold is
     * never taken back.
     */
    public void recordReached(String campaignId, List<Long> raisedInOrder, long target, Set<Integer> alreadyReached) {
        for (int threshold : THRESHOLDS) {
            if (alreadyReached.contains(threshold)) {
                continue;
            }
            for (long raised : raisedInOrder) {
                if (reached(raised, target, threshold)) {
                    record(campaignId, threshold, raised);
                    break;
                }
            }
        }
    }

    /**
     * raised / target >= threshold / 100, exactly: in 128-bit products, since {@code raised * 100} and
     * {@code target * threshold} overflow a long for totals and targets a long can still hold.
     */
    static boolean reached(long raised, long target, int threshold) {
        return compareProducts(raised, 100, target, threshold) >= 0;
    }

    /** Compares a * b with c * d for non-negative b, d, without overflow. */
    private static int compareProducts(long a, long b, long c, long d) {
        long highLeft = Math.multiplyHigh(a, b);
        long highRight = Math.multiplyHigh(c, d);
        if (highLeft != highRight) {
            return Long.compare(highLeft, highRight);
        }
        return Long.compareUnsigned(a * b, c * d);
    }

    private void record(String campaignId, int threshold, long raised) {
        var pending = new PendingMilestone(threshold, raised, clock.instant());
        var result = mongo.updateFirst(
                Query.query(Criteria.where("_id")
                        .is(campaignId)
                        .and("milestonesReached")
                        .ne(threshold)),
                new Update().addToSet("milestonesReached", threshold).push("pendingMilestones", pending),
                Campaign.class);
        if (result.getMatchedCount() == 1) {
            log.info("Campaign {} reached {}% of its target", campaignId, threshold);
        }
    }
}
