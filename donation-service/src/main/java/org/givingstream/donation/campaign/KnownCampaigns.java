package org.givingstream.donation.campaign;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.givingstream.contracts.CampaignEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The campaigns donation-service accepts money for, learnt from campaign-service's announcements on
 * {@code giving.campaigns.v1}. Keeps, per campaign, the highest revision seen.
 *
 * <p>Effectively-once: the revision guard and the new state are one single-document upsert; an older or repeated
 * announcement matches nothing, and its upsert then collides on the {@code _id} and is dropped.
 */
@Configuration(proxyBeanMethods = false)
public class KnownCampaigns {

    private static final Logger log = LoggerFactory.getLogger(KnownCampaigns.class);

    private final MongoTemplate mongo;
    private final MeterRegistry meters;
    // campaigns are never deleted, so a campaign once known stays known: no read per webhook for it
    private final Set<String> knownIds = ConcurrentHashMap.newKeySet();

    KnownCampaigns(MongoTemplate mongo, MeterRegistry meters) {
        this.mongo = mongo;
        this.meters = meters;
    }

    @Bean
    Consumer<CampaignEvent> rememberCampaign() {
        return this::remember;
    }

    void remember(CampaignEvent event) {
        Query olderOrAbsent = Query.query(Criteria.where("_id")
                .is(event.campaignId())
                .orOperator(
                        Criteria.where("revision").lt(event.revision()),
                        Criteria.where("revision").exists(false)));
        Update state = new Update()
                .set("revision", event.revision())
                .set("title", event.title())
                .set("currency", event.target().currency())
                .set("status", event.status());
        if (event.organiserTokenHash() == null) {
            state.unset("organiserTokenHash"); // revoked: the old token must stop working here too
        } else {
            state.set("organiserTokenHash", event.organiserTokenHash());
        }
        try {
            mongo.upsert(olderOrAbsent, state, KnownCampaign.class);
            log.info("Campaign {} revision {} is known", event.campaignId(), event.revision());
        } catch (DuplicateKeyException newerAlreadyKnown) {
            meters.counter("campaigns.announcements.stale").increment();
        }
    }

    /** @throws UnknownCampaignException when campaign-service never announced {@code campaignId} */
    public void requireKnown(String campaignId) {
        if (knownIds.contains(campaignId)) {
            return;
        }
        if (!mongo.exists(Query.query(Criteria.where("_id").is(campaignId)), KnownCampaign.class)) {
            throw new UnknownCampaignException(campaignId);
        }
        knownIds.add(campaignId);
    }
}
