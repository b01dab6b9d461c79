package org.givingstream.campaign.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.givingstream.campaign.kafka.KafkaClients;
import org.givingstream.testinfra.Infrastructure;
import org.givingstream.testinfra.RealInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

/**
 * The lag as the broker tells it, for a topic and group of this test's own whose committed offsets it sets: no
 * consumer runs, so the numbers are exact.
 */
@RealInfrastructure
class ConsumerGroupLagTest {

    private final String topic = "lag-test-" + UUID.randomUUID();
    private final String group = "lag-test-group-" + UUID.randomUUID();
    private Admin admin;

    @BeforeEach
    void topicWithRecords() throws Exception {
        admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.shared().kafkaBootstrapServers()));
        admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k", "p0-" + i)).get(30, TimeUnit.SECONDS);
            }
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, 1, "k", "p1-" + i)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    @AfterEach
    void closeAdmin() {
        admin.close(Duration.ofSeconds(5));
    }

    @Test
    void lagIsEndMinusCommittedAndAnUncommittedPartitionCountsFromItsStart() throws Exception {
        commit(Map.of(0, 2L)); // partition 1: nothing committed, its 3 records wait

        {
            var lag = new ConsumerGroupLag(admin, group, topic, Clock.systemUTC());
            LagReading reading = lag.read();

            assertThat(reading.endOffsets()).isEqualTo(Map.of(0, 5L, 1, 3L));
            assertThat(reading.committedOffsets()).isEqualTo(Map.of(0, 2L, 1, 0L));
            assertThat(reading.records()).isEqualTo(6);

            commit(Map.of(0, 5L, 1, 3L));

            assertThat(lag.read().records()).isZero();
        }
    }

    @Test
    void theMonitorPublishesTheGaugeAndCallsALongQueueCatchingUp() throws Exception {
        var properties = new CatchUpProperties(4, Duration.ofHours(1), Duration.ofSeconds(2), group, topic);
        var meters = new SimpleMeterRegistry();
        try (var kafka = new KafkaClients(Infrastructure.shared().kafkaBootstrapServers(), group + "-lag")) {
            var monitor =
                    new CatchUpMonitor(properties, kafka, new SimpleAsyncTaskScheduler(), meters, Clock.systemUTC());
            assertThat(monitor.check()).isEqualTo(new CatchUpStatus(8L, true));
            assertThat(meters.get(CatchUpMonitor.GAUGE)
                            .tag("group", group)
                            .gauge()
                            .value())
                    .isEqualTo(8.0);

            commit(Map.of(0, 4L, 1, 3L));

            assertThat(monitor.check()).isEqualTo(new CatchUpStatus(1L, false));
            assertThat(meters.get(CatchUpMonitor.GAUGE).gauge().value()).isEqualTo(1.0);
        }
    }

    @Test
    void dashboardsAndTheGaugeReadTheLastCheckAndOnlyACheckAsksTheBroker() throws Exception {
        commit(Map.of(0, 1L, 1, 1L));
        var properties = new CatchUpProperties(4, Duration.ofHours(1), Duration.ofHours(1), group, topic);
        var meters = new SimpleMeterRegistry();
        try (var kafka = new KafkaClients(Infrastructure.shared().kafkaBootstrapServers(), group + "-lag")) {
            var monitor =
                    new CatchUpMonitor(properties, kafka, new SimpleAsyncTaskScheduler(), meters, Clock.systemUTC());
            assertThat(monitor.check()).isEqualTo(new CatchUpStatus(6L, true));
            long afterCheck = lagClientRequests();
            commit(Map.of(0, 5L, 1, 3L)); // caught up, but nobody has looked yet

            for (int i = 0; i < 50; i++) { // what open dashboards and metric scrapes do
                assertThat(monitor.status()).isEqualTo(new CatchUpStatus(6L, true));
                assertThat(meters.get(CatchUpMonitor.GAUGE).gauge().value()).isEqualTo(6.0);
            }
            long afterReads = lagClientRequests();
            CatchUpStatus refreshed = monitor.check();

            // a reading is two or three requests; the admin client may send one of its own (metadata upkeep)
            assertThat(afterReads - afterCheck).isLessThan(3);
            assertThat(refreshed).isEqualTo(new CatchUpStatus(0L, false));
            assertThat(monitor.status()).isEqualTo(refreshed);
            assertThat(lagClientRequests()).isGreaterThan(afterReads);
        }
    }

    /** Requests sent by the monitor's one admin client (client id "{group}-lag"). */
    private long lagClientRequests() {
        return org.givingstream.campaign.KafkaClientRequests.byClientId("admin.client")
                .getOrDefault(group + "-lag", 0L);
    }

    @Test
    void anUnreachableBrokerGivesAnUnknownLagNotAnError() {
        var properties = new CatchUpProperties(4, Duration.ofHours(1), Duration.ofSeconds(2), group, topic);
        var meters = new SimpleMeterRegistry();
        try (var kafka = new KafkaClients("127.0.0.1:1", group + "-lag")) {
            var monitor =
                    new CatchUpMonitor(properties, kafka, new SimpleAsyncTaskScheduler(), meters, Clock.systemUTC());
            assertThat(monitor.check()).isEqualTo(CatchUpStatus.UNKNOWN);
            assertThat(meters.get(CatchUpMonitor.GAUGE).gauge().value()).isNaN();
        }
    }

    private void commit(Map<Integer, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = new java.util.HashMap<>();
        offsets.forEach((partition, offset) ->
                committed.put(new TopicPartition(topic, partition), new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(group, committed).all().get(30, TimeUnit.SECONDS);
    }
}
