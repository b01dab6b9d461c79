package org.givingstream.campaign.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a consumer group's lag straight from the broker with an admin client: the group's committed offsets
 * against the partitions' end offsets. It measures what was applied and committed, not what this instance's
 * consumer has fetched, so it stays right with several instances sharing the partitions.
 *
 * <p>The service's one admin client ({@code KafkaClients}), one reading per check of the {@link CatchUpMonitor} (a background
 * schedule, never a request): the group's committed offsets and the end offsets, plus the first offsets only of
 * partitions the group never committed on; the topic's partitions are described once a minute.
 */
final class ConsumerGroupLag {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final Duration DESCRIBE_EVERY = Duration.ofMinutes(1);

    private final Admin admin;
    private final String group;
    private final String topic;
    private final Clock clock;
    private volatile Partitions partitions;

    /** @param admin shared, not closed here (its calls should time out within {@link #TIMEOUT}) */
    ConsumerGroupLag(Admin admin, String group, String topic, Clock clock) {
        this.admin = admin;
        this.group = group;
        this.topic = topic;
        this.clock = clock;
    }

    /** @throws LagUnknownException when the broker does not answer in time */
    LagReading read() {
        try {
            var at = clock.instant();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<TopicPartition> topicPartitions = partitions();
            Map<Integer, Long> end = offsets(topicPartitions, OffsetSpec.latest());
            Map<Integer, Long> position = new HashMap<>();
            committed.forEach((partition, offset) -> {
                if (offset != null && partition.topic().equals(topic)) {
                    position.put(partition.partition(), offset.offset());
                }
            });
            // a partition the group never committed on is read from its beginning (the binder's default for a
            // named group), so what is still there counts as lag; asked only for such partitions
            List<TopicPartition> uncommitted = topicPartitions.stream()
                    .filter(partition -> !position.containsKey(partition.partition()))
                    .toList();
            if (!uncommitted.isEmpty()) {
                position.putAll(offsets(uncommitted, OffsetSpec.earliest()));
            }
            return new LagReading(at, end, position);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            partitions = null;
            throw new LagUnknownException(e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            partitions = null; // the topic may have changed: describe it again next time
            throw new LagUnknownException(e);
        }
    }

    /** The topic's partitions, described again every {@link #DESCRIBE_EVERY} (partitions are rarely added). */
    private List<TopicPartition> partitions() throws InterruptedException, ExecutionException, TimeoutException {
        Partitions known = partitions;
        if (known != null && Duration.between(known.at(), clock.instant()).compareTo(DESCRIBE_EVERY) < 0) {
            return known.list();
        }
        List<TopicPartition> list = admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .get(topic)
                .partitions()
                .stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        partitions = new Partitions(list, clock.instant());
        return list;
    }

    private record Partitions(List<TopicPartition> list, Instant at) {}

    private Map<Integer, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        return admin
                .listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec)))
                .all()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .entrySet()
                .stream()
                .collect(Collectors.toMap(
                        e -> e.getKey().partition(), e -> e.getValue().offset(), (a, b) -> a, HashMap::new));
    }

    static final class LagUnknownException extends RuntimeException {
        LagUnknownException(Throwable cause) {
            super("Kafka did not tell the consumer lag: " + cause.getMessage(), cause);
        }
    }
}
