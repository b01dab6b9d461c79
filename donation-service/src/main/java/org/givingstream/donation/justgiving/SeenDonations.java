package org.givingstream.donation.justgiving;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.givingstream.contracts.Money;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The JustGiving donations already read, in {@code justgiving_donations} ({@code _id} = our donation id): the poll's
 * cursor ("a page holding only these is where the new ones end") and what was counted from each page.
 */
@Component
class SeenDonations {

    private final MongoCollection<Document> seen;

    SeenDonations(MongoTemplate mongo) {
        this.seen = mongo.getCollection("justgiving_donations");
        seen.createIndex(Indexes.ascending("page", "moneyIn"));
    }

    static String donationIdOf(JustGivingDonation donation) {
        return "justgiving:" + donation.id();
    }

    /** Of these donations, the ones read before, and whether each was money in then. */
    Map<String, Boolean> known(List<JustGivingDonation> donations) {
        Map<String, Boolean> known = new HashMap<>();
        if (donations.isEmpty()) {
            return known;
        }
        seen.find(in("_id", donations.stream().map(SeenDonations::donationIdOf).toList()))
                .forEach(d -> known.put(d.getString("_id"), d.getBoolean("moneyIn", false)));
        return known;
    }

    /** Remembers what was read: called only once the money-in ones are durable in the intake (or the ledger). */
    void remember(String page, String campaignId, List<JustGivingDonation> donations, Instant now) {
        if (donations.isEmpty()) {
            return;
        }
        var upserts = donations.stream()
                .map(d -> new UpdateOneModel<Document>(
                        eq("_id", donationIdOf(d)),
                        Updates.combine(
                                // once fed, money stays in: the ledger keeps it (a later refund on JustGiving is
                                // not fed as a reversal; the page's total then shows less than ours)
                                d.isMoneyIn() ? Updates.set("moneyIn", true) : Updates.setOnInsert("moneyIn", false),
                                Updates.set("status", d.status()),
                                Updates.setOnInsert("page", page),
                                Updates.setOnInsert("campaignId", campaignId),
                                Updates.setOnInsert("minorUnits", d.amount().minorUnits()),
                                Updates.setOnInsert("currency", d.amount().currency()),
                                Updates.setOnInsert("seenAt", Date.from(now))),
                        new UpdateOptions().upsert(true)))
                .toList();
        seen.bulkWrite(upserts, new BulkWriteOptions().ordered(false));
    }

    /** The money counted from the page, in {@code currency} (donations in another currency are not part of it). */
    Money counted(String page, String currency) {
        Document sum = seen.aggregate(List.of(
                        Aggregates.match(and(eq("page", page), eq("moneyIn", true), eq("currency", currency))),
                        Aggregates.group(null, Accumulators.sum("minorUnits", "$minorUnits"))))
                .first();
        return Money.of(sum == null ? 0 : sum.get("minorUnits", Number.class).longValue(), currency);
    }

    long countedDonations(String page) {
        return seen.countDocuments(Filters.and(eq("page", page), eq("moneyIn", true)));
    }
}
