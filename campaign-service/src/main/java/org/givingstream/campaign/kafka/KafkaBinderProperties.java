package org.givingstream.campaign.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The binder's broker address ({@code spring.cloud.stream.kafka.binder.brokers}, comma-separated), read once for the
 * clients this service runs beside the binder, so that they always reach the broker the bindings reach.
 */
@ConfigurationProperties("spring.cloud.stream.kafka.binder")
record KafkaBinderProperties(@DefaultValue("localhost:9092") String brokers) {}
