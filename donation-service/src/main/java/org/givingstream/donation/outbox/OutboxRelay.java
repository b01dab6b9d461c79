package org.givingstream.donation.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.donation.donation.Donation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Moves stored donations to Kafka: reads the pending ones oldest first, publishes each, then marks it published.
 *
 * <p>At-least-once: a crash (or a lost acknowledgement) between the publish and the mark publishes the event again
 * on the next round with the same event id, which consumers deduplicate. Nothing is lost: a donation stays pending
 * until Kafka has acknowledged it. One relay thread per instance keeps the per-campaign order of the first attempt.
 */
@Component
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final MongoTemplate mongo;
    private final DonationPublisher publisher;
    private final OutboxProperties properties;
    private final Clock clock;
    private final Timer publishLatency;
    private final Counter published;
    private final AtomicBoolean roundQueued = new AtomicBoolean();
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

    /** Asks for a round soon; several wake-ups while one is queued cost one round. */
    public void wakeUp() {
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
            List<Donation> batch;
            do {
                batch = mongo.find(pending().with(Sort.by("receivedAt")).limit(properties.batchSize()), Donation.class);
                if (!relay(batch)) {
                    if (unreachableSince == null) {
                        unreachableSince = clock.instant();
                    }
                    return; // broker away: the rest stays pending for the next round
                }
                unreachableSince = null;
            } while (batch.size() == properties.batchSize());
        } catch (RuntimeException e) {
            log.warn("Outbox round failed; it will be retried", e);
        }
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
        BulkOperations marks = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, Donation.class);
        int index = 0;
        int marked = 0;
        boolean everything = true;
        donations:
        for (Donation donation : batch) {
            for (DonationEvent event : donation.outbox()) {
                if (index++ >= acknowledged) {
                    log.warn("Kafka unavailable; {} of {} events published, the rest stays in the outbox",
                            acknowledged, events.size());
                    everything = false;
                    break donations;
                }
                marks.updateOne(publishedQuery(donation, event), publishedUpdate(event));
                marked++;
            }
            publishLatency.record(Duration.between(donation.receivedAt(), now));
        }
        if (marked > 0) {
            // one round trip for the whole batch; a crash before it only republishes (same event ids)
            marks.execute();
            published.increment(marked);
            log.debug("{} events published and removed from their outboxes", marked);
        }
        return everything;
    }

    private static Query publishedQuery(Donation donation, DonationEvent event) {
        return Query.query(Criteria.where("_id").is(donation.id()).and("outbox.eventId").is(event.eventId()));
    }

    /**
     * Takes a published event out of its donation's outbox. The version moves on so that a ledger write based on an
     * older read retries instead of putting the published event back.
     */
    private static Update publishedUpdate(DonationEvent event) {
        return new Update()
                .pull("outbox", Query.query(Criteria.where("eventId").is(event.eventId())))
                .unset("traceparents." + event.eventId()) // event ids are UUIDs: safe as field names
                .inc("pendingEvents", -1)
                .inc("version", 1);
    }

    private static Query pending() {
        return Query.query(Criteria.where("pendingEvents").gt(0));
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("outbox-relay").factory());
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
