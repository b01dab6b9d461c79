package org.givingstream.campaign.totals;

import com.mongodb.client.MongoCollection;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bson.Document;
import org.givingstream.campaign.campaigns.Campaign;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Reads a campaign's totals with their bookkeeping, and overwrites them. Every write to the totals is ONE
 * single-document update guarded by {@code totalsVersion} (an optimistic lock, bumped by each write): a write based on
 * a stale read matches nothing, and the writer re-reads and tries again, so neither a batch nor a repair is lost.
 */
@Component
public class TotalsStore {

    static final String VERSION = "totalsVersion";

    private final MongoTemplate mongo;

    TotalsStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * @param offsets the highest applied offset per partition
     * @param recentEventIds the ids of the latest applied events (republish window)
     * @param version the optimistic lock; null before the first write
     * @param targetMinorUnits the campaign's target, in {@code currency}
     * @param milestonesReached the thresholds already recorded (they are never taken back)
     */
    public record Snapshot(
            String campaignId,
            String currency,
            Map<Integer, Long> offsets,
            Set<String> recentEventIds,
            Long version,
            Totals totals,
            long targetMinorUnits,
            Set<Integer> milestonesReached) {

        long offset(int partition) {
            return offsets.getOrDefault(partition, -1L);
        }

        /** Money raised in the target's currency, as read. */
        public long raised() {
            return totals.get("raisedByCurrency." + currency);
        }

        /** Matches the campaign only while nothing has written its totals since this snapshot. */
        Query unchanged() {
            Criteria guard = Criteria.where("_id").is(campaignId);
            return Query.query(
                    version == null
                            ? guard.and(VERSION).exists(false)
                            : guard.and(VERSION).is(version));
        }

        /** The same guard, as the driver's filter (no mapping). */
        Document unchangedFilter() {
            return new Document("_id", campaignId)
                    .append(VERSION, version == null ? new Document("$exists", false) : version);
        }
    }

    /** @return null when there is no such campaign */
    public Snapshot read(String campaignId) {
        return readAll(List.of(campaignId)).get(campaignId);
    }

    /** One round trip for several campaigns; unknown ids are left out of the answer. */
    Map<String, Snapshot> readAll(Collection<String> campaignIds) {
        Map<String, Snapshot> snapshots = new HashMap<>();
        campaigns()
                .find(
                        campaignIds.size() == 1
                                ? new Document("_id", campaignIds.iterator().next())
                                : new Document("_id", new Document("$in", List.copyOf(campaignIds))))
                .projection(
                        new Document("recentDonations", 0).append("story", 0).append("pendingMilestones", 0))
                .forEach(campaign -> snapshots.put(campaign.getString("_id"), snapshotOf(campaign)));
        return snapshots;
    }

    private static Snapshot snapshotOf(Document campaign) {
        String campaignId = campaign.getString("_id");
        Map<Integer, Long> offsets = new TreeMap<>();
        Document stored = campaign.get("offsets", Document.class);
        if (stored != null) {
            stored.forEach(
                    (partition, offset) -> offsets.put(Integer.valueOf(partition), ((Number) offset).longValue()));
        }
        List<String> recent = campaign.getList("recentEventIds", String.class, List.of());
        Number version = campaign.get(VERSION, Number.class);
        Document target = campaign.get("target", Document.class);
        Set<Integer> reached = new HashSet<>();
        campaign.getList("milestonesReached", Number.class, List.of()).forEach(t -> reached.add(t.intValue()));
        return new Snapshot(
                campaignId,
                target.getString("currency"),
                Map.copyOf(offsets),
                Set.copyOf(new HashSet<>(recent)),
                version == null ? null : version.longValue(),
                Totals.of(campaign),
                ((Number) target.get("minorUnits")).longValue(),
                Set.copyOf(reached));
    }

    /**
     * Applies {@code update}, a driver update document, plus the version bump iff the campaign is unchanged since
     * {@code read}. Written with the driver directly: the batch path builds plain documents and needs no mapping.
     */
    boolean updateIfUnchanged(Snapshot read, Document update) {
        Document inc = update.get("$inc", Document.class);
        if (inc == null) {
            inc = new Document();
            update.put("$inc", inc);
        }
        inc.put(VERSION, 1L);
        return campaigns().updateOne(read.unchangedFilter(), update).getMatchedCount() == 1;
    }

    /** Applies {@code update} (plus the version bump) iff the campaign is unchanged since {@code read}. */
    boolean updateIfUnchanged(Snapshot read, Update update) {
        update.inc(VERSION, 1);
        return mongo.updateFirst(read.unchanged(), update, Campaign.class).getMatchedCount() == 1;
    }

    private MongoCollection<Document> campaigns() {
        return mongo.getCollection(mongo.getCollectionName(Campaign.class));
    }

    /** Overwrites the stored totals with {@code totals} iff the campaign is unchanged since {@code read}. */
    public boolean overwriteIfUnchanged(Snapshot read, Totals totals) {
        Update update = new Update();
        totals.asSet().forEach(update::set);
        return updateIfUnchanged(read, update);
    }

    /** All campaign ids, for rebuilding every campaign. */
    public List<String> campaignIds() {
        List<String> ids = new java.util.ArrayList<>();
        mongo.getCollection(mongo.getCollectionName(Campaign.class))
                .find()
                .projection(new Document("_id", 1))
                .forEach(campaign -> ids.add(campaign.getString("_id")));
        return ids;
    }
}
