package org.givingstream.campaign.totals;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.InsertManyOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.givingstream.contracts.DonationEvent;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Distinct donors per campaign without scanning and without transactions: {@code campaign_donors} holds one document
 * per (campaign, donor key), {@code _id = campaignId + "/" + donorKey}, with the id of the event that first brought
 * the donor.
 *
 * <p>Exact under at-least-once delivery: an event counts as a new donor iff its insert succeeded OR the stored
 * {@code firstEventId} is this event's own id. The insert happens BEFORE the campaign's guarded totals update, so
 * after a crash between the two writes the redelivered event finds its own id stored and is still counted as the new
 * donor — exactly once, because the totals update (which adds the 1) is itself applied at most once per event. A later
 * event of the same donor finds another event's id and counts as a returning donor. Concurrent instances (during a
 * rebalance) may both classify the same event as new; only one of them wins the guarded totals update.
 */
@Component
public class Donors {

    static final String COLLECTION = "campaign_donors";
    private static final int DUPLICATE_KEY = 11000;

    private final MongoTemplate mongo;

    Donors(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Whether {@code event} (a received donation) is the one that brought its donor to the campaign. */
    public boolean isNewDonor(DonationEvent event) {
        return firstEventsOfNewDonors(List.of(event)).contains(event.eventId());
    }

    /**
     * The ids of the events, among these received donations, that brought their donor to the campaign. Two round
     * trips for a whole batch, whatever its size: one unordered insert of every donor, then one read of those that
     * were already known, to tell a redelivered first event (its own id stored) from a returning donor.
     */
    public Set<String> firstEventsOfNewDonors(List<DonationEvent> received) {
        if (received.isEmpty()) {
            return Set.of();
        }
        List<Document> donors = received.stream()
                .map(event -> new Document("_id", idOf(event))
                        .append("campaignId", event.campaignId())
                        .append("firstEventId", event.eventId()))
                .toList();
        Set<Integer> known = new HashSet<>();
        try {
            mongo.getCollection(COLLECTION).insertMany(donors, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (error.getCode() != DUPLICATE_KEY) {
                    throw e;
                }
                known.add(error.getIndex());
            }
        }
        Set<String> firstEvents = new HashSet<>();
        List<String> knownIds = new ArrayList<>();
        for (int i = 0; i < received.size(); i++) {
            if (known.contains(i)) {
                knownIds.add(idOf(received.get(i)));
            } else {
                firstEvents.add(received.get(i).eventId());
            }
        }
        if (!knownIds.isEmpty()) {
            Map<Object, String> storedFirst = new HashMap<>();
            mongo.getCollection(COLLECTION)
                    .find(new Document("_id", new Document("$in", knownIds)))
                    .forEach(stored -> storedFirst.put(stored.get("_id"), stored.getString("firstEventId")));
            for (int i : known) {
                DonationEvent event = received.get(i);
                if (event.eventId().equals(storedFirst.get(idOf(event)))) {
                    firstEvents.add(event.eventId()); // redelivered after a crash between this write and the totals
                }
            }
        }
        return firstEvents;
    }

    private static String idOf(DonationEvent event) {
        return event.campaignId() + "/" + keyOf(event);
    }

    /**
     * Who gave, as a key that never reveals the email: SHA-256 of the stripped, lower-cased email; a donor without an
     * email (cash at a cake sale) cannot be recognised again, so each such donation is its own donor.
     */
    public static String keyOf(DonationEvent event) {
        String email = event.donor().email();
        if (email == null || email.isBlank()) {
            return "donation:" + event.donationId();
        }
        return "email:" + sha256(email.strip().toLowerCase(Locale.ROOT));
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
