package org.givingstream.donation.outbox;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.Topics;
import org.givingstream.donation.tracing.TraceParents;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends donation events to Kafka in batches and reports how many, from the start, the broker acknowledged.
 *
 * <p>All events of a batch are handed to the producer at once and then awaited, so a spike costs one round trip per
 * batch instead of one per event; the idempotent producer keeps each partition's order. A circuit breaker sits
 * around the batch: while the broker is away, relay rounds fail at once and the donations stay pending in MongoDB.
 *
 * <p>Each event is sent inside a span continuing the trace of the webhook that stored it; the observed
 * {@code KafkaTemplate} ({@code spring.kafka.template.observation-enabled}) adds its producer span to that trace
 * and writes the W3C {@code traceparent} record header the consumers continue from.
 */
@Configuration(proxyBeanMethods = false)
class DonationPublisher {

    /** Longer than the producer's delivery.timeout.ms: a send reported failed was never written. */
    private static final long ACK_TIMEOUT_SECONDS = 16;

    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final CircuitBreaker circuitBreaker;
    private final TraceParents traces;

    DonationPublisher(
            KafkaTemplate<String, String> kafka,
            JsonMapper json,
            CircuitBreakerRegistry breakers,
            TraceParents traces) {
        this.kafka = kafka;
        this.json = json;
        this.circuitBreaker = breakers.circuitBreaker("kafka-publish");
        this.traces = traces;
    }

    @Bean
    NewTopic donationsTopic() {
        return TopicBuilder.name(Topics.DONATIONS).partitions(3).build();
    }

    /** @return how many events, counted from the first, Kafka acknowledged (all, or fewer if the broker is away) */
    int publish(List<OutgoingEvent> events) {
        try {
            return circuitBreaker.executeSupplier(() -> sendAll(events)); // on the relay's thread, no hand-off
        } catch (RuntimeException failure) {
            return 0;
        }
    }

    private int sendAll(List<OutgoingEvent> events) {
        List<CompletableFuture<?>> acks = new ArrayList<>(events.size());
        for (OutgoingEvent outgoing : events) {
            acks.add(traces.continueTrace(
                    outgoing.traceparent(), "donation-outbox relay", () -> kafka.send(record(outgoing.event()))));
        }
        int acknowledged = 0;
        for (CompletableFuture<?> ack : acks) {
            try {
                ack.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                acknowledged++;
            } catch (ExecutionException | TimeoutException e) {
                if (acknowledged == 0) {
                    throw new IllegalStateException("Kafka did not acknowledge the first event", e);
                }
                return acknowledged; // the rest waits for the next round, in order
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return acknowledged;
            }
        }
        return acknowledged;
    }

    private ProducerRecord<String, String> record(DonationEvent event) {
        // keyed by campaign: one campaign's events stay in order on one partition
        var record = new ProducerRecord<>(Topics.DONATIONS, event.campaignId(), json.writeValueAsString(event));
        record.headers()
                .add("eventType", event.type().getBytes(StandardCharsets.UTF_8))
                .add("donationId", event.donationId().getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
