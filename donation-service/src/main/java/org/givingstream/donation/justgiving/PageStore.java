package org.givingstream.donation.justgiving;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.givingstream.contracts.Money;
import org.givingstream.donation.justgiving.JustGivingPage.Check;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/** The attached pages and their cursors, in {@code justgiving_pages} ({@code _id} = short name: one campaign each). */
@Component
class PageStore {

    private static final int DUPLICATE_KEY = 11000;

    private final MongoCollection<Document> pages;

    PageStore(MongoTemplate mongo) {
        this.pages = mongo.getCollection("justgiving_pages");
        pages.createIndex(Indexes.ascending("nextPollAt"));
        pages.createIndex(Indexes.ascending("campaignId"));
    }

    /**
     * Attaches the page to the campaign; its first poll reads every donation it has (from page 1 to the last).
     *
     * @return true if newly attached, false if it already was (to this campaign)
     * @throws PageTakenException it is attached to another campaign
     */
    boolean attach(String shortName, String campaignId, Instant now) {
        try {
            pages.insertOne(new Document("_id", shortName)
                    .append("campaignId", campaignId)
                    .append("scanFrom", 1)
                    .append("nextPollAt", Date.from(now))
                    .append("intervalMs", 0L)
                    .append("failures", 0)
                    .append("nextCheckAt", Date.from(now))
                    .append("attachedAt", Date.from(now)));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCode() != DUPLICATE_KEY) {
                throw e;
            }
        }
        JustGivingPage existing = find(shortName);
        if (existing != null && existing.campaignId().equals(campaignId)) {
            return false;
        }
        throw new PageTakenException(shortName);
    }

    boolean detach(String shortName, String campaignId) {
        return pages.deleteOne(and(eq("_id", shortName), eq("campaignId", campaignId)))
                        .getDeletedCount()
                == 1;
    }

    JustGivingPage find(String shortName) {
        Document page = pages.find(eq("_id", shortName)).first();
        return page == null ? null : pageOf(page);
    }

    List<JustGivingPage> ofCampaign(String campaignId) {
        List<JustGivingPage> found = new ArrayList<>();
        pages.find(eq("campaignId", campaignId)).sort(Sorts.ascending("_id")).forEach(p -> found.add(pageOf(p)));
        return found;
    }

    /** Pages whose next poll is due, the longest-waiting first. */
    List<JustGivingPage> due(Instant now, int limit) {
        List<JustGivingPage> due = new ArrayList<>();
        pages.find(lte("nextPollAt", Date.from(now)))
                .sort(Sorts.ascending("nextPollAt"))
                .limit(limit)
                .forEach(p -> due.add(pageOf(p)));
        return due;
    }

    /** After a poll: the new cursor and when to come back. A page detached meanwhile stays detached. */
    void polled(JustGivingPage page, Integer scanFrom, Duration interval, int failures, String error, Instant now) {
        pages.updateOne(
                attachedAsRead(page),
                Updates.combine(
                        Updates.set("scanFrom", scanFrom),
                        Updates.set("intervalMs", interval.toMillis()),
                        Updates.set("nextPollAt", Date.from(now.plus(interval))),
                        Updates.set("failures", failures),
                        Updates.set("lastError", error),
                        Updates.set("lastPolledAt", Date.from(now))));
    }

    void checked(JustGivingPage page, Check check, Instant nextCheckAt) {
        pages.updateOne(
                attachedAsRead(page),
                Updates.combine(
                        Updates.set(
                                "lastCheck",
                                new Document("theirs", money(check.theirs()))
                                        .append("ours", money(check.ours()))
                                        .append("agrees", check.agrees())
                                        .append("at", Date.from(check.at()))),
                        Updates.set("nextCheckAt", Date.from(nextCheckAt)),
                        Updates.set("recount", false)));
    }

    /** The page's totals disagreed: read it through again from its first page, then compare again. */
    void recount(JustGivingPage page, Instant now) {
        pages.updateOne(
                attachedAsRead(page),
                Updates.combine(
                        Updates.set("recount", true),
                        Updates.set("scanFrom", 1),
                        Updates.set("nextPollAt", Date.from(now)),
                        Updates.set("nextCheckAt", Date.from(now))));
    }

    /** The page still attached to the campaign it was polled for (detached and re-attached meanwhile: nothing). */
    private static Bson attachedAsRead(JustGivingPage page) {
        return and(eq("_id", page.shortName()), eq("campaignId", page.campaignId()));
    }

    private static Bson money(Money money) {
        return new Document("minorUnits", money.minorUnits()).append("currency", money.currency());
    }

    private static JustGivingPage pageOf(Document page) {
        Document check = page.get("lastCheck", Document.class);
        return new JustGivingPage(
                page.getString("_id"),
                page.getString("campaignId"),
                page.getInteger("scanFrom"),
                instant(page.getDate("nextPollAt")),
                Duration.ofMillis(page.get("intervalMs", Number.class).longValue()),
                page.get("failures", Number.class).intValue(),
                instant(page.getDate("lastPolledAt")),
                page.getString("lastError"),
                instant(page.getDate("nextCheckAt")),
                check == null
                        ? null
                        : new Check(
                                moneyOf(check.get("theirs", Document.class)),
                                moneyOf(check.get("ours", Document.class)),
                                check.getBoolean("agrees"),
                                instant(check.getDate("at"))),
                page.getBoolean("recount", false));
    }

    private static Money moneyOf(Document money) {
        return Money.of(money.get("minorUnits", Number.class).longValue(), money.getString("currency"));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
