package org.givingstream.campaign.campaign;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/** Opens campaigns and reads their public summaries. */
@Service
public class Campaigns {

    private static final Logger log = LoggerFactory.getLogger(Campaigns.class);

    private final MongoTemplate mongo;
    private final Clock clock;

    Campaigns(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    Campaign open(NewCampaign request) {
        String id = request.id() != null ? request.id() : CampaignIds.generate(request.title());
        Campaign campaign = Campaign.open(request, id, clock.instant());
        try {
            // insert, never save: an existing campaign (and its totals) must not be overwritten
            mongo.insert(campaign);
        } catch (DuplicateKeyException e) {
            throw new CampaignAlreadyExistsException(id);
        }
        log.info("Campaign {} opened with target {} {}", id, campaign.target().minorUnits(), campaign.target().currency());
        return campaign;
    }

    public CampaignSummary summary(String id) {
        Query byId = Query.query(Criteria.where("_id").is(id));
        // the totals' dedup bookkeeping (up to 1000 event ids) is not needed for a summary that pages poll
        byId.fields().exclude("offsets", "recentEventIds", "totalsVersion");
        Campaign campaign = mongo.findOne(byId, Campaign.class);
        if (campaign == null) {
            throw new CampaignNotFoundException(id);
        }
        return CampaignSummary.of(campaign);
    }
}
