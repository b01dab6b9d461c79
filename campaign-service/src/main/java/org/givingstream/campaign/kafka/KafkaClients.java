package org.givingstream.campaign.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The Kafka clients campaign-service runs beside its bindings (dead letters, the consumer-lag reading, the rebuild's
 * reader): one broker address for all of them, and one admin client shared for the life of the service. Its calls
 * time out after {@link #ADMIN_TIMEOUT}, so a broker away never holds a caller for long.
 */
@Component
public class KafkaClients implements AutoCloseable {

    public static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);

    private final String brokers;
    private final Admin admin;

    @Autowired // the service's own; the public constructor is for clients outside Spring
    KafkaClients(KafkaBinderProperties binder) {
        this(binder.brokers(), "campaign-service-admin");
    }

    /**
     * For clients of its own (a test, a tool): Spring builds the service's one from the binder's properties.
     *
     * @param adminClientId the admin client's id, as the broker and its metrics name it
     */
    public KafkaClients(String brokers, String adminClientId) {
        this.brokers = brokers;
        // created now, connects on first use: a broker away at start does not stop the service
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                brokers,
                AdminClientConfig.CLIENT_ID_CONFIG,
                adminClientId,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) ADMIN_TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) ADMIN_TIMEOUT.toMillis()));
    }

    public Admin admin() {
        return admin;
    }

    /** A consumer's or producer's settings: the caller's own, plus the broker address. */
    public Map<String, Object> config(Map<String, Object> own) {
        Map<String, Object> config = new HashMap<>(own);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, brokers);
        return config;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
