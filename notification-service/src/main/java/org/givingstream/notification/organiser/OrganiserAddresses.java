package org.givingstream.notification.organiser;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.Locale;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The organiser addresses that were confirmed: whoever reads that mailbox followed the link of an address check.
 * Milestone news goes only to a confirmed address of its campaign, so an address typed wrong (or someone else's)
 * on a campaign gets one address check and nothing more. Per campaign and address: a new address is checked again.
 *
 * <p>Effectively-once: a confirmation is one upsert keyed by campaign and address; following the link twice changes
 * nothing.
 */
@Component
public class OrganiserAddresses {

    static final String COLLECTION = "organiser_addresses";

    private final MongoTemplate mongo;

    OrganiserAddresses(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public boolean isConfirmed(String campaignId, String address) {
        return mongo.exists(query(where("_id").is(id(campaignId, address))), COLLECTION);
    }

    public void confirm(String campaignId, String address, Instant at) {
        mongo.upsert(
                query(where("_id").is(id(campaignId, address))),
                new Update()
                        .set("campaignId", campaignId)
                        .set("address", address)
                        .setOnInsert("confirmedAt", at),
                COLLECTION);
    }

    private static String id(String campaignId, String address) {
        return campaignId + ":" + address.strip().toLowerCase(Locale.ROOT);
    }
}
