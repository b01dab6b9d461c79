package org.givingstream.donation.campaign;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Organiser tokens as learnt from campaign-service's announcements ({@link KnownCampaigns}): no configuration, no
 * restart for a new campaign, and it keeps answering from what it last learnt while campaign-service is down.
 *
 * <p>Read from MongoDB on every request, never cached: a replaced or revoked token stops working here as soon as its
 * announcement is applied (organiser requests are few; a webhook never asks).
 */
@Component
class LearnedOrganiserTokens implements OrganiserTokens {

    private static final HexFormat HEX = HexFormat.of();

    private final MongoTemplate mongo;

    LearnedOrganiserTokens(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public boolean isOrganiserOf(String campaignId, String token) {
        if (campaignId == null || token == null) {
            return false;
        }
        Query byId = Query.query(Criteria.where("_id").is(campaignId));
        byId.fields().include("organiserTokenHash");
        Document campaign = mongo.findOne(byId, Document.class, mongo.getCollectionName(KnownCampaign.class));
        String expected = campaign == null ? null : campaign.getString("organiserTokenHash");
        if (expected == null || expected.length() != 64) {
            return false; // unknown, revoked, or announced before tokens were: nobody is its organiser here
        }
        // constant time: how much of a guessed token matched must not show in the response time
        return MessageDigest.isEqual(HEX.parseHex(expected), sha256(token));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
