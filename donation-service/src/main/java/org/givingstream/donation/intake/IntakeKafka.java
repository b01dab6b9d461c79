package org.givingstream.donation.intake;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The intake log's topics and its consumer, apart from the outbox relay's settings: batches, committed after the
 * ledger write. (Its producer is {@link IntakeLog}'s own, not a bean: a second {@code KafkaTemplate} bean would
 * switch off Boot's, which the outbox relay uses.)
 */
@Configuration(proxyBeanMethods = false)
class IntakeKafka {

    static final String LISTENER_FACTORY = "intakeListenerFactory";

    @Bean
    NewTopic intakeTopic(IntakeProperties properties) {
        return TopicBuilder.name(IntakeTopic.NAME)
                .partitions(properties.partitions())
                .build();
    }

    @Bean
    NewTopic intakeDeadLetters(IntakeProperties properties) {
        return TopicBuilder.name(IntakeTopic.DEAD_LETTERS)
                .partitions(properties.partitions())
                .build();
    }

    /**
     * Batches from the intake log; offsets are committed after the listener returns (AckMode.BATCH), so after the
     * ledger write. A batch that fails on a transient error (MongoDB unreachable) is retried with backoff for as long
     * as it lasts; records the ledger can never apply are dead-lettered by the feed itself, so none blocks a
     * partition.
     */
    @Bean(LISTENER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<String, byte[]> intakeListenerFactory(
            KafkaProperties kafka,
            IntakeProperties properties,
            MeterRegistry meters,
            // the instance's name in consumer groups, as StaticMembership uses it for the bindings
            @Value("${giving.instance-id:}") String instanceId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a group's first start reads the log from its beginning: nothing appended before it is skipped
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxBatch());
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, properties.fetchMinBytes());
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int)
                properties.fetchMaxWait().toMillis());
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 15000);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3000);
        // as the bindings: cooperative rebalancing (a joining instance moves only the partitions that change hands)
        // and, with an instance id, static membership (a restart within the session timeout keeps its partitions)
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        if (!instanceId.isBlank()) {
            config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId.strip() + "-" + IntakeTopic.NAME);
        }
        var factory = new ConcurrentKafkaListenerContainerFactory<String, byte[]>();
        var consumers = new DefaultKafkaConsumerFactory<String, byte[]>(config);
        // the Kafka client's own metrics, the feed's lag among them (kafka_consumer_fetch_manager_records_lag_max)
        consumers.addListener(new MicrometerConsumerListener<>(meters));
        factory.setConsumerFactory(consumers);
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        var backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(10_000);
        factory.setCommonErrorHandler(new DefaultErrorHandler(backOff)); // no max elapsed time: wait storage out
        return factory;
    }
}
