package org.givingstream.campaign.summary;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.givingstream.campaign.campaigns.CampaignChanged;
import org.givingstream.campaign.campaigns.CampaignNotFoundException;
import org.givingstream.campaign.campaigns.Campaigns;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Public summaries, each read from MongoDB at most once per {@code freshness} (250 ms) per instance, however many
 * viewers ask: the summary API and the dashboard streams both read through here. (A whole second of freshness alone
 * kept a donation off the dashboard for up to a second after it was counted; four reads a second of one document
 * per campaign being watched cost nothing next to the donations themselves.)
 *
 * <p>Concurrent misses for one campaign wait for a single read instead of each reading. A change made through this
 * instance ({@link CampaignChanged}) {@link #invalidate invalidates} the entry, so it shows at once; a read that was already under way then is
 * returned to its caller but not kept. Donations counted by any instance show within {@code freshness}.
 */
@Component
public class SummaryCache {

    /** Above this many campaigns, entries that are no longer fresh are dropped when a new campaign is asked for. */
    static final int SWEEP_ABOVE = 10_000;

    private final Campaigns campaigns;
    private final JsonMapper json;
    private final long freshnessNanos;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();

    SummaryCache(Campaigns campaigns, JsonMapper json, SummaryProperties properties) {
        this.campaigns = campaigns;
        this.json = json;
        this.freshnessNanos = properties.freshness().toNanos();
    }

    /** @throws CampaignNotFoundException for an unknown campaign (not cached: it may be opened any moment) */
    public CachedSummary get(String campaignId) {
        Slot slot = slotOf(campaignId);
        Loaded loaded = slot.loaded;
        if (isFresh(loaded)) {
            return loaded.summary();
        }
        slot.lock.lock();
        try {
            loaded = slot.loaded;
            if (isFresh(loaded)) {
                return loaded.summary(); // another viewer read it while this one waited
            }
            long generation = slot.generation.get();
            long readAt = System.nanoTime(); // before the read: freshness bounds the age of the data
            CachedSummary summary = read(campaignId, slot);
            if (slot.generation.get() == generation) {
                slot.loaded = new Loaded(summary, readAt);
            }
            return summary;
        } finally {
            slot.lock.unlock();
        }
    }

    @EventListener
    void on(CampaignChanged changed) {
        invalidate(changed.campaignId());
    }

    /** Forgets the campaign's summary, so that the next viewer sees a change made through this instance. */
    public void invalidate(String campaignId) {
        Slot slot = slots.get(campaignId);
        if (slot != null) {
            slot.generation.incrementAndGet();
            slot.loaded = null;
        }
    }

    private CachedSummary read(String campaignId, Slot slot) {
        try {
            return CachedSummary.of(campaigns.summary(campaignId), json);
        } catch (CampaignNotFoundException e) {
            slots.remove(campaignId, slot);
            throw e;
        }
    }

    private Slot slotOf(String campaignId) {
        Slot slot = slots.get(campaignId);
        if (slot != null) {
            return slot;
        }
        if (slots.size() > SWEEP_ABOVE) {
            slots.values().removeIf(stale -> !isFresh(stale.loaded));
        }
        return slots.computeIfAbsent(campaignId, id -> new Slot());
    }

    private boolean isFresh(Loaded loaded) {
        return loaded != null && System.nanoTime() - loaded.readAt() < freshnessNanos;
    }

    private record Loaded(CachedSummary summary, long readAt) {}

    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        final AtomicLong generation = new AtomicLong();
        volatile Loaded loaded;
    }
}
