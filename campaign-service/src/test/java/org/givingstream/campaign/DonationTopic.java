package org.givingstream.campaign;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.Topics;
import org.givingstream.testinfra.Infrastructure;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes donation events onto the real topic the way donation-service does (key = campaign id, JSON value,
 * type headers), and reads the dead-letter topic.
 */
public final class DonationTopic implements AutoCloseable {

    private final KafkaTemplate<String, String> kafka;
    private final DefaultKafkaProducerFactory<String, String> producers;
    private final JsonMapper json;

    public DonationTopic(JsonMapper json) {
        this.json = json;
        this.producers = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.shared().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.ACKS_CONFIG,
                "all"));
        this.kafka = new KafkaTemplate<>(producers);
    }

    /** Publishes on the partition the campaign id hashes to, and waits for the broker's acknowledgement. */
    public RecordMetadata publish(DonationEvent event) {
        return send(new ProducerRecord<>(Topics.DONATIONS, event.campaignId(), json.writeValueAsString(event)), event);
    }

    /**
     * Publishes many events as fast as the producer batches them, on the partitions their campaign ids hash to, and
     * waits until the broker has acknowledged every one.
     */
    public void publishAll(List<DonationEvent> events) {
        List<CompletableFuture<?>> sent = new ArrayList<>(events.size());
        for (DonationEvent event : events) {
            var record = new ProducerRecord<>(Topics.DONATIONS, event.campaignId(), json.writeValueAsString(event));
            record.headers().add("eventType", event.type().getBytes(StandardCharsets.UTF_8));
            record.headers().add("donationId", event.donationId().getBytes(StandardCharsets.UTF_8));
            sent.add(kafka.send(record));
        }
        kafka.flush();
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge every one of " + events.size() + " events", e);
        }
    }

    /** Publishes on a chosen partition, to put events of different campaigns one behind the other. */
    public RecordMetadata publish(DonationEvent event, int partition) {
        return send(
                new ProducerRecord<>(Topics.DONATIONS, partition, event.campaignId(), json.writeValueAsString(event)),
                event);
    }

    /** Publishes a value donation-service would never send, e.g. broken JSON, on a chosen partition. */
    public RecordMetadata publishRaw(String key, String value, int partition) {
        try {
            return kafka.send(new ProducerRecord<>(Topics.DONATIONS, partition, key, value))
                    .get(10, TimeUnit.SECONDS)
                    .getRecordMetadata();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge " + value, e);
        }
    }

    private RecordMetadata send(ProducerRecord<String, String> record, DonationEvent event) {
        record.headers().add("eventType", event.type().getBytes(StandardCharsets.UTF_8));
        record.headers().add("donationId", event.donationId().getBytes(StandardCharsets.UTF_8));
        try {
            return kafka.send(record).get(10, TimeUnit.SECONDS).getRecordMetadata();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge " + event.eventId(), e);
        }
    }

    /** A consumer of the dead-letter topic from its beginning, in a group of its own. */
    public static DeadLetters deadLetters() {
        return new DeadLetters(new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.shared().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "dlq-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class)));
    }

    @Override
    public void close() {
        producers.destroy();
    }

    public static final class DeadLetters implements AutoCloseable {

        private final KafkaConsumer<String, String> consumer;
        private final List<ConsumerRecord<String, String>> received = new ArrayList<>();

        DeadLetters(KafkaConsumer<String, String> consumer) {
            this.consumer = consumer;
            consumer.subscribe(List.of(Topics.DONATIONS_DLQ));
        }

        /** Polls once more and returns everything read so far. */
        public List<ConsumerRecord<String, String>> poll() {
            consumer.poll(Duration.ofMillis(250)).forEach(received::add);
            return List.copyOf(received);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
