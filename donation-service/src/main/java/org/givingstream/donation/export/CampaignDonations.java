package org.givingstream.donation.export;

import java.util.stream.Stream;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * A campaign's donations read for an organiser's file: in the order they were made, one raw document at a time
 * (the {@code campaign_time} index answers the order), with only the payment and what was given back.
 */
@Component
public class CampaignDonations {

    private final MongoTemplate mongo;

    CampaignDonations(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** @param narrower more conditions on the payment, e.g. a period; null for all the campaign's donations */
    public Stream<Document> inTimeOrder(String campaignId, Criteria narrower) {
        Criteria byCampaign = Criteria.where("payment.campaignId").is(campaignId);
        Query query = Query.query(narrower == null ? byCampaign : new Criteria().andOperator(byCampaign, narrower))
                .with(Sort.by("payment.occurredAt", "_id"));
        query.fields().include("payment", "reversedMinorUnits");
        return mongo.stream(query, Document.class, "donations");
    }
}
