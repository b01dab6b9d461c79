package org.givingstream.testinfra;

import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real Kafka broker and MongoDB server a test talks to. One instance per test JVM ({@link #shared()}); which
 * kind is chosen by the system property {@code giving.infra}: {@code embedded} (default: a KRaft broker and the
 * MongoDB wire-protocol server inside this JVM) or {@code containers} (real {@code apache/kafka} and {@code mongo}
 * images through Testcontainers).
 */
public interface Infrastructure {

    String PROPERTY = "giving.infra";

    String kafkaBootstrapServers();

    /** A connection string for {@code database}, reached over TCP through the real MongoDB driver. */
    String mongoUri(String database);

    /** Points a Spring Boot test at this infrastructure: Kafka binder, spring-kafka and MongoDB. */
    default void register(DynamicPropertyRegistry registry, String database) {
        registry.add("spring.cloud.stream.kafka.binder.brokers", this::kafkaBootstrapServers);
        registry.add("spring.kafka.bootstrap-servers", this::kafkaBootstrapServers);
        registry.add("spring.mongodb.uri", () -> mongoUri(database));
    }

    /**
     * The same settings as command-line arguments, for another instance of a service started in the test's JVM
     * ({@code SpringApplicationBuilder.run}): arguments outrank application.yml, builder properties would not.
     */
    default List<String> arguments(String database) {
        return List.of(
                "--spring.cloud.stream.kafka.binder.brokers=" + kafkaBootstrapServers(),
                "--spring.kafka.bootstrap-servers=" + kafkaBootstrapServers(),
                "--spring.mongodb.uri=" + mongoUri(database));
    }

    static boolean containersRequested() {
        return "containers".equalsIgnoreCase(System.getProperty(PROPERTY, "embedded"));
    }

    /** Starts the infrastructure on first use; it lives until the JVM exits. */
    static Infrastructure shared() {
        return SharedInfrastructure.INSTANCE.get();
    }
}
