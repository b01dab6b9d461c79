package org.givingstream.donation.intake;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends verified provider events to the intake log and waits for the broker's acknowledgement ({@code acks=all}),
 * which is what lets a webhook be answered 2xx before anything is written to MongoDB.
 *
 * <p>Durability: true means every record is in the replicated log. False means the broker did not acknowledge in
 * time, or the circuit breaker is open because it recently did not: the caller must then store the events another
 * way before answering. A record that timed out may still land in the log later; the ledger applies it once all the
 * same, because it deduplicates by payment and reversal id.
 */
@Component
public class IntakeLog implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(IntakeLog.class);

    private final DefaultKafkaProducerFactory<String, byte[]> producers;
    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonMapper json;
    private final IntakeProperties properties;
    private final CircuitBreaker breaker;

    IntakeLog(
            KafkaProperties kafkaProperties,
            JsonMapper json,
            IntakeProperties properties,
            CircuitBreakerRegistry breakers) {
        this.producers = new DefaultKafkaProducerFactory<>(producerConfig(kafkaProperties, properties));
        this.kafka = new KafkaTemplate<>(producers);
        this.json = json;
        this.properties = properties;
        this.breaker = breakers.circuitBreaker("intake-append");
    }

    /**
     * Durable before the webhook's answer: {@code acks=all} and idempotence (no duplicate from the producer's own
     * retries). A record that cannot be acknowledged within the append timeout fails, and the webhook falls back.
     */
    private static Map<String, Object> producerConfig(KafkaProperties kafka, IntakeProperties properties) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // a webhook waits for this ack: batch what arrives together, never hold one back for long
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        int timeout = (int) properties.appendTimeout().toMillis();
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.max(100, timeout / 3));
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(200, timeout / 2));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "donation-intake");
        return config;
    }

    /** @return true once the broker has acknowledged every record; false when the caller must fall back */
    public boolean append(List<IntakeRecord> records) {
        if (!properties.logFirst()) {
            return false;
        }
        try {
            // on the request's own thread: Spring Cloud's breaker would hand each append to a pool thread and back
            return breaker.executeSupplier(() -> sendAll(records));
        } catch (RuntimeException failure) {
            log.debug("Intake log unavailable ({}); falling back", failure.toString());
            return false;
        }
    }

    private boolean sendAll(List<IntakeRecord> records) {
        List<CompletableFuture<?>> acks = new ArrayList<>(records.size());
        for (IntakeRecord record : records) {
            acks.add(kafka.send(toProducerRecord(record)));
        }
        long deadline = ackDeadline();
        for (CompletableFuture<?> ack : acks) {
            // a failure is counted by the breaker: enough of them and webhooks stop waiting for the broker
            await(ack, deadline, "the intake record");
        }
        return true;
    }

    /** A little past the producer's own delivery timeout, so a send it reports failed was never written. */
    private long ackDeadline() {
        return System.nanoTime() + properties.appendTimeout().plusMillis(500).toNanos();
    }

    private static void await(CompletableFuture<?> ack, long deadline, String what) {
        try {
            ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for Kafka to acknowledge " + what, e);
        }
    }

    private ProducerRecord<String, byte[]> toProducerRecord(IntakeRecord record) {
        var producerRecord =
                new ProducerRecord<>(IntakeTopic.NAME, record.donationId(), json.writeValueAsBytes(record));
        producerRecord.headers().add("provider", record.provider().getBytes(StandardCharsets.UTF_8));
        return producerRecord;
    }

    /** Parks a record the ledger can never apply on the dead-letter topic, with why. */
    void deadLetter(byte[] value, String key, String reason) {
        var record = new ProducerRecord<>(IntakeTopic.DEAD_LETTERS, key, value);
        record.headers().add("reason", reason.getBytes(StandardCharsets.UTF_8));
        await(kafka.send(record), ackDeadline(), "a dead-lettered intake record");
    }

    @Override
    public void destroy() {
        producers.destroy();
    }
}
