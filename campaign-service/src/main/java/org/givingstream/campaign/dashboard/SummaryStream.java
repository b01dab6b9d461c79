package org.givingstream.campaign.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.givingstream.campaign.summary.SummaryCache;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pushes a campaign's public summary to its open dashboards over Server-Sent Events.
 *
 * <p>Once a second, each campaign that has viewers is read ONCE through the {@link SummaryCache} (shared with the
 * summary API), and the summary is sent only when it changed: a crowd of viewers costs at most one MongoDB read per
 * campaign per second, not one per viewer. Reading the stored summary (rather than listening to this instance's own
 * consumer) keeps it right when several instances share the topic's partitions.
 *
 * <p>Each viewer has a bounded queue and a writer of its own ({@link Viewer}): the push only queues, so a viewer whose
 * connection stops taking data cannot delay anyone else's update; it is dropped once its queue is full. Viewers are
 * capped per instance and per campaign ({@link StreamProperties}).
 *
 * <p>A second event, {@code status}, tells whether the totals are catching up with the donations topic (see
 * {@link CatchUpMonitor}): sent on subscribing and whenever it changes.
 */
@Component
class SummaryStream implements SmartLifecycle {

    static final String SUMMARY = "summary";
    static final String STATUS = "status";

    private final SummaryCache summaries;
    private final JsonMapper json;
    private final StreamProperties limits;
    private final Map<String, List<Viewer>> viewers = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, String> lastSent = new ConcurrentHashMap<>();
    private final CatchUpMonitor catchUp;
    private final Counter dropped;
    private volatile String lastStatus;
    private volatile boolean running;

    SummaryStream(
            SummaryCache summaries,
            JsonMapper json,
            CatchUpMonitor catchUp,
            StreamProperties limits,
            MeterRegistry meters) {
        this.summaries = summaries;
        this.json = json;
        this.catchUp = catchUp;
        this.limits = limits;
        Gauge.builder("campaign.dashboard.viewers", open, AtomicInteger::get)
                .description("Open dashboard streams")
                .register(meters);
        this.dropped = Counter.builder("campaign.dashboard.viewers.dropped")
                .description("Streams dropped because their viewer stopped taking data")
                .register(meters);
    }

    /**
     * @throws org.givingstream.campaign.campaigns.CampaignNotFoundException for an unknown campaign
     * @throws TooManyViewersException when the instance's or the campaign's slots are all taken
     */
    SseEmitter subscribe(String campaignId) {
        String current = summaries.get(campaignId).json();
        List<Viewer> list = viewers.computeIfAbsent(campaignId, id -> new CopyOnWriteArrayList<>());
        if (open.incrementAndGet() > limits.maxViewers()) {
            open.decrementAndGet();
            throw new TooManyViewersException("All " + limits.maxViewers() + " dashboard streams are in use.");
        }
        if (list.size() >= limits.maxViewersPerCampaign()) {
            open.decrementAndGet();
            throw new TooManyViewersException("All " + limits.maxViewersPerCampaign()
                    + " dashboard streams of campaign " + campaignId + " are in use.");
        }
        SseEmitter emitter = new SseEmitter(limits.timeout().toMillis());
        AtomicReference<Viewer> self = new AtomicReference<>();
        Viewer viewer = new Viewer(
                emitter,
                limits.viewerQueue(),
                () -> {
                    list.remove(self.get());
                    open.decrementAndGet();
                },
                dropped::increment);
        self.set(viewer);
        list.add(viewer);
        viewer.offer(event(SUMMARY, current));
        viewer.offer(event(STATUS, json.writeValueAsString(catchUp.status())));
        return viewer.start().emitter();
    }

    @Scheduled(fixedDelayString = "${campaigns.dashboard.push-interval:500ms}")
    void pushChanges() {
        pushStatus();
        viewers.forEach((campaignId, list) -> {
            if (list.isEmpty()) {
                viewers.remove(campaignId, list);
                lastSent.remove(campaignId);
                return;
            }
            String summary = summaries.get(campaignId).json();
            if (!summary.equals(lastSent.put(campaignId, summary))) {
                list.forEach(viewer -> viewer.offer(event(SUMMARY, summary)));
            }
        });
    }

    /** The lag is the same for every campaign: one status for all viewers, sent when it changes. */
    private void pushStatus() {
        String status = json.writeValueAsString(catchUp.status());
        if (!status.equals(lastStatus)) {
            lastStatus = status;
            viewers.values().forEach(list -> list.forEach(viewer -> viewer.offer(event(STATUS, status))));
        }
    }

    /** A comment every viewer ignores: finds dead connections and keeps proxies from closing quiet ones. */
    @Scheduled(fixedDelayString = "${campaigns.dashboard.stream.heartbeat:15s}")
    void heartbeat() {
        viewers.values()
                .forEach(list ->
                        list.forEach(viewer -> viewer.offer(SseEmitter.event().comment("keep-alive"))));
    }

    private static SseEmitter.SseEventBuilder event(String name, String data) {
        return SseEmitter.event().name(name).data(data);
    }

    @Override
    public void start() {
        running = true;
    }

    /** Ends open streams first: a graceful shutdown would otherwise wait for every viewer's request to finish. */
    @Override
    public void stop() {
        running = false;
        viewers.values().forEach(list -> list.forEach(Viewer::close));
        viewers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
