package org.givingstream.notification.campaign;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
 * The campaigns as campaign-service announced them on {@code giving.campaigns.v1}: per campaign, the highest
 * revision seen (the pattern of donation-service's {@code KnownCampaigns}).
 *
 * <p>Effectively-once: the revision guard and the new state are one single-document upsert; an older or repeated
 * announcement matches nothing, and its upsert then collides on the {@code _id} and is dropped.
 */
@Configuration(proxyBeanMethods = false)
public class KnownCampaigns {

    private static final Logger log = LoggerFactory.getLogger(KnownCampaigns.class);

    private final MongoTemplate mongo;
    private final MeterRegistry meters;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    /**
     * What {@link #find} read lately, for {@link #FRESH_FOR}: every receipt names its campaign, and a read per mail was
     * a tenth of this service's CPU in the bench. Another instance may take a campaign's announcement, so an entry
     * is trusted only briefly (a title a few seconds old on a receipt), and this instance's own announcements
     * replace it at once.
     */
    private final Map<String, Cached> recent = new ConcurrentHashMap<>();

    private static final long FRESH_FOR = TimeUnit.SECONDS.toNanos(5);
    private static final int MAX_CACHED = 10_000;

    private record Cached(KnownCampaign campaign, long readAtNanos) {}

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
                .set("organiserName", event.organiserName())
                .set("organiserEmail", event.organiserEmail())
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
            meters.counter("notifications.campaigns.stale").increment();
            return;
        }
        recent.remove(event.campaignId());
        listeners.forEach(listener -> listener.accept(event.campaignId()));
    }

    public Optional<KnownCampaign> find(String campaignId) {
        Cached cached = recent.get(campaignId);
        if (cached != null && System.nanoTime() - cached.readAtNanos() < FRESH_FOR) {
            return Optional.of(cached.campaign());
        }
        KnownCampaign campaign = mongo.findById(campaignId, KnownCampaign.class);
        if (campaign != null) { // an unknown campaign is asked again: its announcement may come any moment
            if (recent.size() >= MAX_CACHED) {
                recent.clear();
            }
            recent.put(campaignId, new Cached(campaign, System.nanoTime()));
        }
        return Optional.ofNullable(campaign);
    }

    /** Called with a campaign's id whenever we learn something new about it (mails waiting for it may go now). */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }
}
