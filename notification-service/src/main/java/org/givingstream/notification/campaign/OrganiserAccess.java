package org.givingstream.notification.campaign;

import org.bson.Document;
import org.givingstream.httpguard.BearerToken;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * The check in front of notification-service's organiser endpoints: a bearer token (else 401), a campaign
 * campaign-service announced (else 404), and exactly that campaign's organiser token as last announced (else 403).
 * Read from MongoDB each time, never from a cache: a replaced token stops working as soon as its revision is here,
 * and the service keeps answering from what it last heard while campaign-service is down.
 */
@Component
public class OrganiserAccess {

    private final MongoTemplate mongo;

    OrganiserAccess(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** @throws OrganiserAccessDenied unless {@code authorization} carries {@code campaignId}'s organiser token */
    public void require(String campaignId, String authorization) {
        String token = BearerToken.presentedIn(authorization);
        if (token == null) {
            throw new OrganiserAccessDenied(
                    OrganiserAccessDenied.Reason.NO_TOKEN,
                    campaignId,
                    "Send the campaign's organiser token as 'Authorization: Bearer <token>'.");
        }
        Query byId = Query.query(Criteria.where("_id").is(campaignId));
        byId.fields().include("organiserTokenHash");
        Document campaign = mongo.findOne(byId, Document.class, mongo.getCollectionName(KnownCampaign.class));
        if (campaign == null) {
            throw new OrganiserAccessDenied(
                    OrganiserAccessDenied.Reason.UNKNOWN_CAMPAIGN,
                    campaignId,
                    "No campaign " + campaignId + " has been announced to this service.");
        }
        if (!BearerToken.matchesSha256(campaign.getString("organiserTokenHash"), token)) {
            throw new OrganiserAccessDenied(
                    OrganiserAccessDenied.Reason.NOT_THE_ORGANISER,
                    campaignId,
                    "The token is not an organiser token of campaign " + campaignId + ".");
        }
    }
}
