package org.givingstream.campaign.totals;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bson.Document;
import org.givingstream.campaign.campaign.Campaign;
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
     */
    public record Snapshot(
            String campaignId,
            String currency,
            Map<Integer, Long> offsets,
            Set<String> recentEventIds,
            Long version,
            Totals totals) {

        long offset(int partition) {
            return offsets.getOrDefault(partition, -1L);
        }

        /** Matches the campaign only while nothing has written its totals since this snapshot. */
        Query unchanged() {
            Criteria guard = Criteria.where("_id").is(campaignId);
            return Query.query(version == null ? guard.and(VERSION).exists(false) : guard.and(VERSION).is(version));
        }
    }

    /** @return null when there is no such campaign */
    public Snapshot read(String campaignId) {
        Document campaign = mongo.getCollection(mongo.getCollectionName(Campaign.class))
                .find(new Document("_id", campaignId))
                .projection(new Document("recentDonations", 0).append("story", 0))
                .first();
        if (campaign == null) {
            return null;
        }
        Map<Integer, Long> offsets = new TreeMap<>();
        Document stored = campaign.get("offsets", Document.class);
        if (stored != null) {
            stored.forEach((partition, offset) -> offsets.put(Integer.valueOf(partition), ((Number) offset).longValue()));
        }
        List<String> recent = campaign.getList("recentEventIds", String.class, List.of());
        Number version = campaign.get(VERSION, Number.class);
        return new Snapshot(
                campaignId,
                campaign.get("target", Document.class).getString("currency"),
                Map.copyOf(offsets),
                Set.copyOf(new HashSet<>(recent)),
                version == null ? null : version.longValue(),
                Totals.of(campaign));
    }

    /** Applies {@code update} (plus the version bump) iff the campaign is unchanged since {@code read}. */
    boolean updateIfUnchanged(Snapshot read, Update update) {
        update.inc(VERSION, 1);
        return mongo.updateFirst(read.unchanged(), update, Campaign.class).getMatchedCount() == 1;
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
