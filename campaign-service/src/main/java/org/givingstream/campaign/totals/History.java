package org.givingstream.campaign.totals;

import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The money facts of every applied donation event, one document per event id in {@code campaign_history}: what the
 * totals can be recomputed from (reconciliation) and rebuilt into.
 *
 * <p>At-least-once and harmless: each event is upserted with {@code $setOnInsert}, so a second write of the same
 * event (redelivery, republish, rebuild from the topic) changes nothing, and the first Kafka position stays. It is
 * written BEFORE the campaign's guarded totals update; an event is part of the totals iff its position is at or
 * below the campaign's stored {@code offsets.<partition>} — that is how {@link #recompute} leaves out events whose
 * batch has written its history but not yet its totals.
 */
@Component
public class History {

    static final String COLLECTION = "campaign_history";

    private final MongoTemplate mongo;

    History(MongoTemplate mongo) {
        this.mongo = mongo;
        mongo.getCollection(COLLECTION).createIndex(Indexes.ascending("campaignId", "partition", "offset"));
    }

    /** One money-changing event seen at a Kafka position; {@code donorKey} only for received donations. */
    public record Entry(DonationEvent event, int partition, long offset, String donorKey) {}

    public void record(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<UpdateOneModel<Document>> upserts = new ArrayList<>(entries.size());
        Set<String> listed = new HashSet<>();
        for (Entry entry : entries) {
            if (listed.add(entry.event().eventId())) { // of two copies of one event, the first (lower offset) is kept
                upserts.add(new UpdateOneModel<>(
                        Filters.eq("_id", entry.event().eventId()),
                        new Document("$setOnInsert", document(entry)),
                        new UpdateOptions().upsert(true)));
            }
        }
        // unordered, one round trip for the whole list: no two upserts name the same _id, so order does not matter
        mongo.getCollection(COLLECTION).bulkWrite(upserts, new BulkWriteOptions().ordered(false));
    }

    private static Document document(Entry entry) {
        DonationEvent event = entry.event();
        return new Document("campaignId", event.campaignId())
                .append("type", event.type())
                .append("donationId", event.donationId())
                .append("source", event.source())
                .append("currency", event.amount().currency())
                .append("amount", event.amount().minorUnits())
                .append("giftAid", event.giftAid())
                .append("occurredAt", Date.from(event.occurredAt()))
                .append("donorKey", entry.donorKey())
                .append("partition", entry.partition())
                .append("offset", entry.offset());
    }

    /**
     * The totals the history says the campaign should have, counting only events at or below {@code offsets} (the
     * positions the campaign's totals have applied, per partition).
     */
    public Totals recompute(String campaignId, Map<Integer, Long> offsets) {
        if (offsets.isEmpty()) {
            return Totals.EMPTY;
        }
        Bson applied = applied(campaignId, offsets);
        Totals.Builder totals = Totals.builder();
        List<Bson> pipeline = List.of(
                Aggregates.match(applied),
                Aggregates.group(
                        new Document("type", "$type")
                                .append("currency", "$currency")
                                .append("source", "$source")
                                .append("giftAid", "$giftAid"),
                        Accumulators.sum("amount", "$amount"),
                        Accumulators.sum("count", 1)));
        for (Document group : mongo.getCollection(COLLECTION).aggregate(pipeline)) {
            Document key = group.get("_id", Document.class);
            totals.add(
                    key.getString("type"),
                    key.getString("source"),
                    key.getString("currency"),
                    key.getBoolean("giftAid", false),
                    number(group.get("amount")),
                    number(group.get("count")));
        }
        List<Bson> donors = List.of(
                Aggregates.match(Filters.and(applied, Filters.eq("type", DonationEventTypes.RECEIVED))),
                Aggregates.group("$donorKey"),
                Aggregates.count("donors"));
        Document counted = mongo.getCollection(COLLECTION).aggregate(donors).first();
        totals.donors(counted == null ? 0 : number(counted.get("donors")));
        return totals.build();
    }

    private static Bson applied(String campaignId, Map<Integer, Long> offsets) {
        List<Bson> positions = offsets.entrySet().stream()
                .map(p -> Filters.and(Filters.eq("partition", p.getKey()), Filters.lte("offset", p.getValue())))
                .toList();
        return Filters.and(Filters.eq("campaignId", campaignId), Filters.or(positions));
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }
}
