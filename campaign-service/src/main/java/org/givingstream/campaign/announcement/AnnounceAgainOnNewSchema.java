package org.givingstream.campaign.announcement;

import org.givingstream.contracts.CampaignEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * At start, every campaign last announced under an older {@link CampaignEvent#SCHEMA_VERSION} gets a new revision
 * and is announced again, so that consumers (which keep only newer revisions) learn what the new version adds:
 * version 3's organiser token hash, without which donation-service and notification-service would refuse the
 * organisers of campaigns opened before it.
 *
 * <p>Idempotent and safe with several instances starting at once: the update matches only campaigns not yet marked
 * with this version, and marks them in the same single-document write. An organiser's change racing with it reads
 * the revision again (its update is guarded by the revision it read).
 */
@Component
class AnnounceAgainOnNewSchema implements ApplicationRunner {

    static final String ANNOUNCED_SCHEMA = "announcedSchema";

    private static final Logger log = LoggerFactory.getLogger(AnnounceAgainOnNewSchema.class);

    private final MongoTemplate mongo;

    AnnounceAgainOnNewSchema(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void run(ApplicationArguments args) {
        long upgraded = upgrade();
        if (upgraded > 0) {
            log.info(
                    "{} campaigns get a new revision to announce schema version {}",
                    upgraded,
                    CampaignEvent.SCHEMA_VERSION);
        }
    }

    long upgrade() {
        return mongo.updateMulti(
                        // not yet announced: the announcer sends it in the current version anyway
                        Query.query(Criteria.where("announced")
                                .is(true)
                                .and(ANNOUNCED_SCHEMA)
                                .ne(CampaignEvent.SCHEMA_VERSION)),
                        new Update()
                                .inc("revision", 1)
                                .set("announced", false)
                                .set(ANNOUNCED_SCHEMA, CampaignEvent.SCHEMA_VERSION),
                        "campaigns")
                .getModifiedCount();
    }
}
