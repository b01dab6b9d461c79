package org.givingstream.notification;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.stream.config.ListenerContainerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

/**
 * Kafka static membership when {@code giving.instance-id} is set: each binding's consumer joins its group as
 * {@code <instance-id>-<topic>}, so an instance restarted within the session timeout (15 s) takes its partitions back
 * without rebalancing the group, and a rolling restart does not stop every consumer in turn. Unset (tests, a single
 * instance), consumers join as dynamic members, Kafka's default.
 */
@Configuration(proxyBeanMethods = false)
class StaticMembership {

    @Bean
    ListenerContainerCustomizer<AbstractMessageListenerContainer<?, ?>> groupInstanceIds(
            @Value("${giving.instance-id:}") String instanceId) {
        return (container, destination, group) -> {
            if (!instanceId.isBlank()) {
                container
                        .getContainerProperties()
                        .getKafkaConsumerProperties()
                        .setProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId.strip() + "-" + destination);
            }
        };
    }
}
