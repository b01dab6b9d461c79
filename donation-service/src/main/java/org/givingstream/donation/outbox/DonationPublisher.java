package org.givingstream.donation.outbox;

import org.givingstream.contracts.DonationEvent;
import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * Sends one donation event to Kafka and waits for the broker's acknowledgement (the binding is {@code sync}).
 *
 * <p>A circuit breaker sits around the send: while the broker is away, relay rounds fail at once instead of each
 * waiting for a producer timeout, and the donations simply stay pending in MongoDB.
 */
@Component
class DonationPublisher {

    static final String BINDING = "donations-out-0";

    private final StreamBridge streamBridge;
    private final CircuitBreaker circuitBreaker;

    DonationPublisher(StreamBridge streamBridge, CircuitBreakerFactory<?, ?> circuitBreakers) {
        this.streamBridge = streamBridge;
        this.circuitBreaker = circuitBreakers.create("kafka-publish");
    }

    /** @return true once Kafka acknowledged the event; false when the broker is unreachable or the breaker open */
    boolean publish(DonationEvent event) {
        return circuitBreaker.run(() -> send(event), failure -> false);
    }

    private boolean send(DonationEvent event) {
        var message = MessageBuilder.withPayload(event)
                // keyed by campaign: one campaign's events stay in order on one partition
                .setHeader(KafkaHeaders.KEY, event.campaignId())
                .setHeader("eventType", event.type())
                .setHeader("donationId", event.donationId())
                .build();
        if (!streamBridge.send(BINDING, message)) {
            throw new IllegalStateException("Kafka did not accept event " + event.eventId());
        }
        return true;
    }
}
