package org.givingstream.campaign.totals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.bson.Document;
import org.givingstream.contracts.DonationEvent;
import org.springframework.dao.DuplicateKeyException;
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

    private final MongoTemplate mongo;

    Donors(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Whether {@code event} (a received donation) is the one that brought its donor to the campaign. */
    public boolean isNewDonor(DonationEvent event) {
        String id = event.campaignId() + "/" + keyOf(event);
        try {
            mongo.getCollection(COLLECTION).insertOne(new Document("_id", id)
                    .append("campaignId", event.campaignId())
                    .append("firstEventId", event.eventId()));
            return true;
        } catch (com.mongodb.MongoWriteException | DuplicateKeyException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
            Document stored = mongo.getCollection(COLLECTION).find(new Document("_id", id)).first();
            return stored != null && event.eventId().equals(stored.getString("firstEventId"));
        }
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

    private static boolean isDuplicateKey(RuntimeException e) {
        return e instanceof DuplicateKeyException
                || (e instanceof com.mongodb.MongoWriteException w && w.getError().getCode() == 11000);
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
