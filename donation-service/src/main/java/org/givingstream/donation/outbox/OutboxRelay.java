package org.givingstream.donation.outbox;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.UpdateOneModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.donation.ledger.Donation;
import org.givingstream.donation.ledger.UnpublishedEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Moves stored donations to Kafka: reads pending ones, publishes their events, then marks them published.
 *
 * <p>Two ways to find work. The fast path: the ledger hands over the id of each donation it wrote, and the relay
 * reads those by {@code _id}. The sweep: a query for every donation with pending events, run at start, after any
 * failed round, when hints overflowed, and every {@code sweep-interval}; it finds what no hint named (a crash
 * after the write, another instance that died, events Kafka refused). Hints only make publishing prompt and cheap;
 * correctness rests on the sweep and on the pending marker in the donation document itself.
 *
 * <p>At-least-once: a crash (or a lost acknowledgement) between the publish and the mark publishes the event again
 * with the same event id, which consumers deduplicate. Nothing is lost: a donation stays pending until Kafka has
 * acknowledged it. One relay thread per instance keeps the per-campaign order of the first attempt.
 */
@Component
public class OutboxRelay implements SmartLifecycle, UnpublishedEvents {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final MongoTemplate mongo;
    private final DonationPublisher publisher;
    private final OutboxProperties properties;
    private final Clock clock;
    private final Timer publishLatency;
    private final Counter published;
    private final AtomicBoolean roundQueued = new AtomicBoolean();
    /** Donations this instance wrote and has not yet relayed, in the order they were written. */
    private final Queue<String> hints = new ConcurrentLinkedQueue<>();

    private final AtomicInteger hintCount = new AtomicInteger();
    /** Set when something may be pending that no hint names; the next round sweeps. True at start. */
    private volatile boolean sweepDue = true;

    private volatile Instant lastSweep = Instant.MIN;
    /** When the current outage began (a round could not reach Kafka), or null while Kafka takes our events. */
    private volatile Instant unreachableSince;

    private ScheduledExecutorService executor;

    OutboxRelay(
            MongoTemplate mongo,
            DonationPublisher publisher,
            OutboxProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.mongo = mongo;
        this.publisher = publisher;
        this.properties = properties;
        this.clock = clock;
        this.publishLatency = Timer.builder("donations.outbox.publish.latency")
                .description("From storing a donation to Kafka acknowledging its event")
                .publishPercentileHistogram()
                .register(meters);
        this.published = Counter.builder("donations.outbox.published").register(meters);
        Gauge.builder("donations.outbox.backlog", this, OutboxRelay::backlog)
                .description("Donations stored but not yet acknowledged by Kafka")
                .register(meters);
    }

    /**
     * Names a donation that now has events to publish, and asks for a round soon. Past {@code max-hints} waiting,
     * the id is dropped and the next round sweeps instead: memory stays bounded during a long broker outage.
     */
    @Override
    public void written(String donationId) {
        if (hintCount.incrementAndGet() <= properties.maxHints()) {
            hints.add(donationId);
        } else {
            hintCount.decrementAndGet();
            sweepDue = true;
        }
        wakeUp();
    }

    /**
     * Publishes the events of donations the caller has just written (the ledger feed's batch), on the caller's
     * thread and without reading them back. Whatever Kafka does not take stays pending and the next sweep finds it.
     *
     * @return whether every event was acknowledged
     */
    public boolean relayWritten(List<Donation> written) {
        List<Donation> pending = written.stream().filter(d -> !d.published()).toList();
        return pending.isEmpty() || relayed(pending);
    }

    /** Asks for a round soon; several wake-ups while one is queued cost one round. */
    private void wakeUp() {
        if (executor != null && roundQueued.compareAndSet(false, true)) {
            executor.execute(this::round);
        }
    }

    long backlog() {
        return mongo.count(pending(), Donation.class);
    }

    /** @return since when Kafka has not been taking events, if it is not */
    Optional<Instant> unreachableSince() {
        return Optional.ofNullable(unreachableSince);
    }

    private void round() {
        roundQueued.set(false);
        try {
            if (sweepDue || clock.instant().isAfter(lastSweep.plus(properties.sweepInterval()))) {
                sweepDue = false;
                lastSweep = clock.instant();
                if (!sweep()) {
                    return;
                }
            }
            List<String> ids;
            while (!(ids = takeHints()).isEmpty()) {
                if (!relayed(hinted(ids))) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            sweepDue = true;
            log.warn("Outbox round failed; it will be retried", e);
        }
    }

    /** Publishes every pending donation, oldest first. @return false when Kafka did not take everything */
    private boolean sweep() {
        List<Donation> batch;
        do {
            batch = mongo.find(settled().with(Sort.by("receivedAt")).limit(properties.batchSize()), Donation.class);
            if (!relayed(batch)) {
                return false;
            }
        } while (batch.size() == properties.batchSize());
        return true;
    }

    private List<String> takeHints() {
        Set<String> ids = new LinkedHashSet<>();
        String id;
        while (ids.size() < properties.batchSize() && (id = hints.poll()) != null) {
            hintCount.decrementAndGet();
            ids.add(id);
        }
        return List.copyOf(ids);
    }

    /**
     * The hinted donations still pending, oldest first. Read by {@code _id} alone, which every MongoDB (and the
     * wire-protocol stand-in) answers from the primary key; one already published (by a sweep) is skipped.
     */
    private List<Donation> hinted(List<String> ids) {
        return mongo.find(Query.query(Criteria.where("_id").in(ids)), Donation.class).stream()
                .filter(donation -> !donation.published())
                .sorted(Comparator.comparing(Donation::receivedAt))
                .toList();
    }

    /** Relays a batch, and keeps track of whether Kafka is taking events. A refusal makes the next round sweep. */
    private boolean relayed(List<Donation> batch) {
        if (relay(batch)) {
            unreachableSince = null;
            return true;
        }
        if (unreachableSince == null) {
            unreachableSince = clock.instant();
        }
        sweepDue = true; // broker away: what stays pending is found again by the sweep
        return false;
    }

    /**
     * Publishes the pending events of a batch of donations, in order, then removes from each outbox the events
     * Kafka acknowledged. @return false when not everything was acknowledged
     */
    private boolean relay(List<Donation> batch) {
        List<OutgoingEvent> events = batch.stream()
                .flatMap(d -> d.outbox().stream().map(e -> new OutgoingEvent(e, d.traceparentOf(e))))
                .toList();
        int acknowledged = events.isEmpty() ? 0 : publisher.publish(events);
        Instant now = clock.instant();
        List<UpdateOneModel<Document>> marks = new ArrayList<>(events.size());
        int index = 0;
        int marked = 0;
        boolean everything = true;
        donations:
        for (Donation donation : batch) {
            for (DonationEvent event : donation.outbox()) {
                if (index++ >= acknowledged) {
                    log.warn(
                            "Kafka unavailable; {} of {} events published, the rest stays in the outbox",
                            acknowledged,
                            events.size());
                    everything = false;
                    break donations;
                }
                marks.add(published(donation, event));
                marked++;
            }
            publishLatency.record(Duration.between(donation.receivedAt(), now));
        }
        if (marked > 0) {
            // one round trip for the whole batch; a crash before it only republishes (same event ids)
            mongo.getCollection(mongo.getCollectionName(Donation.class))
                    .bulkWrite(marks, new BulkWriteOptions().ordered(false));
            published.increment(marked);
            log.debug("{} events published and removed from their outboxes", marked);
        }
        return everything;
    }

    /**
     * Takes a published event out of its donation's outbox, guarded by the event still being there (a second mark
     * of the same event changes nothing). The version moves on so that a ledger write based on an older read retries
     * instead of putting the published event back. Plain BSON with the field names {@link Donation} is stored under:
     * mapping these through Spring Data was a measured part of the ledger feed's CPU.
     */
    private static UpdateOneModel<Document> published(Donation donation, DonationEvent event) {
        return new UpdateOneModel<>(
                new Document("_id", donation.id()).append("outbox.eventId", event.eventId()),
                new Document("$pull", new Document("outbox", new Document("eventId", event.eventId())))
                        // event ids are UUIDs: safe as field names
                        .append("$unset", new Document("traceparents." + event.eventId(), ""))
                        .append("$inc", new Document("pendingEvents", -1).append("version", 1L)));
    }

    /**
     * Pending, and not written in the last {@code sweep-grace}: a donation just written is being published by its
     * writer, so sweeping it now would send its events twice. (Documents from before {@code writtenAt} was kept
     * have none.)
     */
    private Query settled() {
        Instant before = clock.instant().minus(properties.sweepGrace());
        return Query.query(Criteria.where("pendingEvents")
                .gt(0)
                .orOperator(
                        Criteria.where("writtenAt").lt(before),
                        Criteria.where("writtenAt").exists(false)));
    }

    private static Query pending() {
        return Query.query(Criteria.where("pendingEvents").gt(0));
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("outbox-relay").factory());
        long every = properties.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::wakeUp, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor = null;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
