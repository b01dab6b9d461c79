package org.givingstream.campaign.dashboard;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.givingstream.campaign.campaign.SummaryCache;
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
 * <p>A second event, {@code status}, tells whether the totals are catching up with the donations topic (see
 * {@link CatchUpMonitor}): sent on subscribing and whenever it changes.
 */
@Component
class SummaryStream implements SmartLifecycle {

    private static final Duration EMITTER_TIMEOUT = Duration.ofMinutes(30); // the browser reconnects by itself
    static final String SUMMARY = "summary";
    static final String STATUS = "status";

    private final SummaryCache summaries;
    private final JsonMapper json;
    private final Map<String, List<SseEmitter>> viewers = new ConcurrentHashMap<>();
    private final Map<String, String> lastSent = new ConcurrentHashMap<>();
    private final CatchUpMonitor catchUp;
    private volatile String lastStatus;
    private volatile boolean running;

    SummaryStream(SummaryCache summaries, JsonMapper json, CatchUpMonitor catchUp) {
        this.summaries = summaries;
        this.json = json;
        this.catchUp = catchUp;
    }

    /** @throws org.givingstream.campaign.campaign.CampaignNotFoundException for an unknown campaign */
    SseEmitter subscribe(String campaignId) {
        String current = summaries.get(campaignId).json();
        SseEmitter emitter = new SseEmitter(EMITTER_TIMEOUT.toMillis());
        List<SseEmitter> list = viewers.computeIfAbsent(campaignId, id -> new CopyOnWriteArrayList<>());
        list.add(emitter);
        emitter.onCompletion(() -> list.remove(emitter));
        emitter.onTimeout(() -> list.remove(emitter));
        emitter.onError(failure -> list.remove(emitter));
        send(emitter, SUMMARY, current);
        send(emitter, STATUS, json.writeValueAsString(catchUp.status()));
        return emitter;
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
                list.forEach(emitter -> send(emitter, SUMMARY, summary));
            }
        });
    }

    /** The lag is the same for every campaign: one status for all viewers, sent when it changes. */
    private void pushStatus() {
        String status = json.writeValueAsString(catchUp.status());
        if (!status.equals(lastStatus)) {
            lastStatus = status;
            viewers.values().forEach(list -> list.forEach(emitter -> send(emitter, STATUS, status)));
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** Ends open streams first: a graceful shutdown would otherwise wait for every viewer's request to finish. */
    @Override
    public void stop() {
        running = false;
        viewers.values().forEach(list -> list.forEach(SseEmitter::complete));
        viewers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static void send(SseEmitter emitter, String event, String data) {
        try {
            emitter.send(SseEmitter.event().name(event).data(data));
        } catch (IOException | IllegalStateException gone) {
            emitter.completeWithError(gone); // the viewer left; onError removes it
        }
    }
}
