package org.givingstream.campaign.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a consumer group's lag straight from the broker with an admin client: the group's committed offsets
 * against the partitions' end offsets. It measures what was applied and committed, not what this instance's
 * consumer has fetched, so it stays right with several instances sharing the partitions.
 */
final class ConsumerGroupLag implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin;
    private final String group;
    private final String topic;
    private final Clock clock;

    ConsumerGroupLag(String bootstrapServers, String group, String topic, Clock clock) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, group + "-lag",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis()));
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
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic).partitions().stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            Map<Integer, Long> end = offsets(partitions, OffsetSpec.latest());
            // a partition the group never committed on is read from its beginning (the binder's default for a
            // named group), so what is still there counts as lag
            Map<Integer, Long> position = offsets(partitions, OffsetSpec.earliest());
            committed.forEach((partition, offset) -> {
                if (offset != null && partition.topic().equals(topic)) {
                    position.put(partition.partition(), offset.offset());
                }
            });
            return new LagReading(at, end, position);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LagUnknownException(e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new LagUnknownException(e);
        }
    }

    private Map<Integer, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec)))
                .all()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset(),
                        (a, b) -> a, HashMap::new));
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }

    static final class LagUnknownException extends RuntimeException {
        LagUnknownException(Throwable cause) {
            super("Kafka did not tell the consumer lag: " + cause.getMessage(), cause);
        }
    }
}
