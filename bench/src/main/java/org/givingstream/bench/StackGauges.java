package org.givingstream.bench;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.givingstream.contracts.Topics;

/**
 * What is waiting where, read from outside the services: consumer lag of each consumer group on
 * {@code giving.donations.v1} (Kafka AdminClient), donations whose events are still in the outbox, and receipts
 * claimed but not sent (MongoDB). Every read gives up after about a second and answers -1, so a broker that is
 * down shows as a gap, not as a stalled benchmark.
 */
final class StackGauges implements AutoCloseable {

    static final String DONATIONS_TOPIC = Topics.DONATIONS;
    /** donation-service's own intake log and the ledger feed that reads it (log-first intake). */
    static final String INTAKE_TOPIC = Topics.DONATION_INTAKE;

    static final String LEDGER_FEED_GROUP = "donation-service-ledger";
    static final List<String> DLQ_TOPICS = List.of(Topics.DONATIONS_DLQ, Topics.DONATIONS_NOTIFICATIONS_DLQ);
    private static final String SENT = "SENT";
    private static final int PARTITIONS_TO_ASK = 16; // more than the topic has: unknown ones are skipped

    private final Admin admin;
    private final MongoClient mongo;
    private final MongoCollection<Document> donations;
    private final MongoCollection<Document> notifications;

    StackGauges(String kafkaBootstrap, String mongoUri) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "1000");
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "1500");
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        this.admin = Admin.create(properties);
        this.mongo = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(mongoUri))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(2, TimeUnit.SECONDS))
                .applyToSocketSettings(s -> s.readTimeout(10, TimeUnit.SECONDS))
                .build());
        this.donations = mongo.getDatabase("donations").getCollection("donations");
        this.notifications = mongo.getDatabase("notifications").getCollection("notifications");
    }

    long lag(String group) {
        return lag(group, DONATIONS_TOPIC);
    }

    long lag(String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(1500, TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> ends = endOffsets(topic);
            long lag = 0;
            for (var end : ends.entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                lag += end.getValue() - (at == null ? 0 : at.offset());
            }
            return lag;
        } catch (Exception e) {
            return -1;
        }
    }

    /** Records ever written to a topic (0 when it does not exist), -1 when Kafka did not answer. */
    long records(String topic) {
        try {
            return endOffsets(topic).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return cause instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException ? 0 : -1;
        }
    }

    private Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        int partitions = admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(1500, TimeUnit.MILLISECONDS)
                .get(topic)
                .partitions()
                .size();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < Math.min(partitions, PARTITIONS_TO_ASK); p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest)
                .all()
                .get(1500, TimeUnit.MILLISECONDS)
                .forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /**
     * Accepted webhooks whose donation events have not all reached {@code giving.donations.v1} yet: intake records
     * the ledger feed has not applied, plus donations with events still in their outbox (the fallback path's, and
     * the feed's between its write and Kafka's ack).
     */
    long outboxBacklog() {
        long intake = lag(LEDGER_FEED_GROUP, INTAKE_TOPIC);
        try {
            long outbox = donations.countDocuments(Filters.gt("pendingEvents", 0));
            return intake < 0 ? -1 : intake + outbox;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Receipts claimed but not (known to be) sent, all scenarios together. */
    long receiptsPending() {
        try {
            return receiptsNotSent("");
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Receipt claims not (known to be) sent for donations whose payment intent starts with {@code prefix}: one scan. */
    long receiptsNotSent(String prefix) {
        return notifications.countDocuments(Filters.and(receipts(prefix), notSent()));
    }

    /** Receipt claims for donations whose payment intent starts with {@code prefix}. */
    long receipts(String prefix, boolean sentOnly) {
        var filter = receipts(prefix);
        return notifications.countDocuments(sentOnly ? Filters.and(filter, Filters.eq("status", SENT)) : filter);
    }

    private static org.bson.conversions.Bson receipts(String prefix) {
        return Filters.regex("_id", "^" + Pattern.quote("receipt:stripe:" + prefix));
    }

    /** The receipt's final state in notification-service (Notification.Status.SENT); all others are still owed. */
    private static org.bson.conversions.Bson notSent() {
        return Filters.ne("status", SENT);
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(2));
        mongo.close();
    }
}
