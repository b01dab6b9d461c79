package org.givingstream.campaign.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.givingstream.contracts.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Parks a record a consumer cannot use (unreadable, unknown campaign) on its dead-letter topic, with the
 * headers the binder's own DLQ would add ({@code x-original-topic/partition/offset}, {@code x-exception-*}).
 *
 * <p>In batch mode the binder cannot dead-letter one record and go on with the rest, so the consumer does it itself:
 * synchronously, acks=all, BEFORE the batch returns and its offsets are committed. If the broker does not acknowledge,
 * the batch fails and is redelivered: a parked record is never lost, at worst parked twice.
 */
@Component
public class DeadLetters implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final DefaultKafkaProducerFactory<byte[], byte[]> producers;
    private final KafkaTemplate<byte[], byte[]> kafka;
    private final MeterRegistry meters;
    private final KafkaClients clients;
    private final Set<String> provisioned = ConcurrentHashMap.newKeySet();

    DeadLetters(KafkaClients clients, MeterRegistry meters) {
        this.producers = new DefaultKafkaProducerFactory<>(clients.config(Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000)));
        this.kafka = new KafkaTemplate<>(producers);
        this.meters = meters;
        this.clients = clients;
    }

    /** A record as it came from the topic. */
    public record Original(String topic, int partition, long offset, byte[] key, byte[] value, Headers headers) {}

    /** Parks {@code original} on {@code giving.donations.v1.dlq}; returns once Kafka has acknowledged it. */
    public void park(Original original, RuntimeException reason, String metricReason) {
        park(Topics.DONATIONS_DLQ, original, reason, metricReason);
    }

    /** Parks {@code original} on {@code deadLetterTopic}; returns once Kafka has acknowledged it. */
    public void park(String deadLetterTopic, Original original, RuntimeException reason, String metricReason) {
        provisionOnce(deadLetterTopic);
        var record = new ProducerRecord<>(deadLetterTopic, null, original.key(), original.value());
        if (original.headers() != null) {
            original.headers().forEach(header -> record.headers().add(header));
        }
        record.headers()
                .add("x-original-topic", utf8(original.topic()))
                .add(
                        "x-original-partition",
                        ByteBuffer.allocate(Integer.BYTES)
                                .putInt(original.partition())
                                .array())
                .add(
                        "x-original-offset",
                        ByteBuffer.allocate(Long.BYTES)
                                .putLong(original.offset())
                                .array())
                .add("x-exception-fqcn", utf8(reason.getClass().getName()))
                .add("x-exception-message", utf8(String.valueOf(reason.getMessage())));
        try {
            kafka.send(record).get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while dead-lettering", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka did not acknowledge the dead letter of " + original.partition() + "-" + original.offset()
                            + "; the batch will be redelivered",
                    e);
        }
        meters.counter("campaign.events.dead-lettered", "reason", metricReason).increment();
        log.warn(
                "Record {}-{} of {} dead-lettered to {}: {}",
                original.partition(),
                original.offset(),
                original.topic(),
                deadLetterTopic,
                reason.getMessage());
    }

    /**
     * The binder provisioned the dead-letter topic while it did the dead-lettering; now this does, on first use (a
     * broker may not auto-create topics). Failing to create it is only logged: the send then says what is wrong.
     */
    private void provisionOnce(String topic) {
        if (provisioned.contains(topic)) {
            return;
        }
        try {
            clients.admin()
                    .createTopics(List.of(new NewTopic(topic, Optional.of(3), Optional.empty())))
                    .all()
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                log.warn("Could not create {}: {}", topic, e.getCause().getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            log.warn("Could not create {} in time", topic);
        }
        provisioned.add(topic);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void destroy() {
        producers.destroy();
    }
}
