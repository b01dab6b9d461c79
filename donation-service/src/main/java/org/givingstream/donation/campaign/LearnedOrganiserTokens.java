package org.givingstream.donation.campaign;

import org.bson.Document;
import org.givingstream.httpguard.BearerToken;
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
        // null (unknown, revoked, announced before tokens were): nobody is its organiser here; constant time
        return BearerToken.matchesSha256(campaign == null ? null : campaign.getString("organiserTokenHash"), token);
    }
}
