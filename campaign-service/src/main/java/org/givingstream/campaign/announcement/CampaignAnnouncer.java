package org.givingstream.campaign.announcement;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.givingstream.campaign.campaigns.Campaign;
import org.givingstream.campaign.campaigns.PendingMilestone;
import org.givingstream.contracts.CampaignEvent;
import org.givingstream.contracts.MilestoneEvent;
import org.givingstream.contracts.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * Tells the other services about campaigns: publishes each campaign revision not yet announced, then marks it, and
 * each recorded milestone, then removes it from the campaign's pending list.
 *
 * <p>At-least-once: the {@code announced} flag lives in the campaign document (an outbox without transactions), is
 * set only after Kafka acknowledged the event, and only if the revision is still the one published; consumers keep
 * the highest revision, so a repeated announcement changes nothing.
 */
@Component
class CampaignAnnouncer implements SmartLifecycle {

    static final String BINDING = "campaigns-out-0";
    static final String MILESTONES_BINDING = "milestones-out-0";
    private static final Logger log = LoggerFactory.getLogger(CampaignAnnouncer.class);

    private final MongoTemplate mongo;
    private final StreamBridge streamBridge;
    private final Clock clock;
    private ScheduledExecutorService executor;

    CampaignAnnouncer(MongoTemplate mongo, StreamBridge streamBridge, Clock clock) {
        this.mongo = mongo;
        this.streamBridge = streamBridge;
        this.clock = clock;
    }

    void announcePending() {
        try {
            List<Campaign> pending = mongo.find(
                    Query.query(Criteria.where("announced").is(false)).limit(100), Campaign.class);
            for (Campaign campaign : pending) {
                announce(campaign);
            }
            List<Campaign> withMilestones = mongo.find(
                    Query.query(Criteria.where("pendingMilestones.0").exists(true))
                            .limit(100),
                    Campaign.class);
            for (Campaign campaign : withMilestones) {
                campaign.pendingMilestones().forEach(milestone -> publish(campaign, milestone));
            }
        } catch (RuntimeException e) {
            log.warn("Announcing campaigns failed; retrying shortly", e);
        }
    }

    private void announce(Campaign campaign) {
        var event = new CampaignEvent(
                UUID.nameUUIDFromBytes((campaign.id() + "|" + campaign.revision()).getBytes())
                        .toString(),
                campaign.revision() == 1 ? CampaignEvent.OPENED : CampaignEvent.CHANGED,
                CampaignEvent.SCHEMA_VERSION,
                clock.instant(),
                campaign.id(),
                campaign.revision(),
                campaign.title(),
                campaign.target(),
                campaign.status().name(),
                campaign.organiserName(),
                campaign.organiserEmail(),
                campaign.endDate(),
                campaign.organiserTokenHash());
        var message = MessageBuilder.withPayload(event)
                .setHeader(KafkaHeaders.KEY, campaign.id())
                .build();
        if (!streamBridge.send(BINDING, message)) {
            throw new IllegalStateException("Kafka did not accept the announcement of " + campaign.id());
        }
        mongo.updateFirst(
                Query.query(
                        Criteria.where("_id").is(campaign.id()).and("revision").is(campaign.revision())),
                new Update()
                        .set("announced", true)
                        .set(AnnounceAgainOnNewSchema.ANNOUNCED_SCHEMA, CampaignEvent.SCHEMA_VERSION),
                Campaign.class);
        log.info("Campaign {} revision {} announced", campaign.id(), campaign.revision());
    }

    /** At-least-once, with an event id stable per campaign and threshold so that consumers deduplicate. */
    private void publish(Campaign campaign, PendingMilestone milestone) {
        String currency = campaign.target().currency();
        var event = new MilestoneEvent(
                UUID.nameUUIDFromBytes((campaign.id() + "|milestone|" + milestone.threshold()).getBytes())
                        .toString(),
                MilestoneEvent.REACHED,
                MilestoneEvent.SCHEMA_VERSION,
                milestone.reachedAt(),
                campaign.id(),
                campaign.title(),
                milestone.threshold(),
                Money.of(milestone.raisedMinorUnits(), currency),
                campaign.target());
        var message = MessageBuilder.withPayload(event)
                .setHeader(KafkaHeaders.KEY, campaign.id())
                .build();
        if (!streamBridge.send(MILESTONES_BINDING, message)) {
            throw new IllegalStateException("Kafka did not accept milestone " + event.eventId());
        }
        mongo.updateFirst(
                Query.query(Criteria.where("_id").is(campaign.id())),
                new Update()
                        .pull(
                                "pendingMilestones",
                                Query.query(Criteria.where("threshold").is(milestone.threshold()))),
                Campaign.class);
        log.info("Milestone {}% of campaign {} published", milestone.threshold(), campaign.id());
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("campaign-announcer").factory());
        executor.scheduleWithFixedDelay(this::announcePending, 0, 250, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        executor.shutdownNow();
        executor = null;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
