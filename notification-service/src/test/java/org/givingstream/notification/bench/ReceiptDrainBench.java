package org.givingstream.notification.bench;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.givingstream.notification.NotificationServiceApplication;
import org.givingstream.testinfra.Infrastructure;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Not a test: measures the receipt drain. A burst of 5,000 donations is published as fast as Kafka takes it, then
 * the backlog (PENDING notifications) and the send rate are sampled, once at the default rate limit (10/s, for
 * 30 s) and once with the limit raised out of the way (until drained). Real Kafka, MongoDB stand-in and GreenMail,
 * all in this JVM. Run:
 *
 * <pre>./mvnw -o verify -pl notification-service -am -Dgroups=bench -Dsurefire.excludedGroups=none \
 *     -Dtest=ReceiptDrainBench -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * Results print to the test output (target/surefire-reports/*ReceiptDrainBench-output.txt), lines "BENCH ...".
 */
@Tag("bench")
class ReceiptDrainBench {

    private static final int BURST = 5_000;
    private final JsonMapper json = JsonMapper.builder().findAndAddModules().build();

    @Test
    void burstOf5000() throws Exception {
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            run(smtp, 10, Duration.ofSeconds(30));
            run(smtp, 100_000, Duration.ofMinutes(10));
        } finally {
            smtp.stop();
        }
    }

    private void run(GreenMail smtp, int rate, Duration observeAtMost) throws Exception {
        String name = "bench-" + rate + "-" + UUID.randomUUID().toString().substring(0, 8);
        Infrastructure infra = Infrastructure.shared();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(NotificationServiceApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.mongodb.uri=" + infra.mongoUri(name),
                        "--spring.cloud.stream.kafka.binder.brokers=" + infra.kafkaBootstrapServers(),
                        "--spring.cloud.stream.bindings.sendReceipt-in-0.destination=" + name,
                        "--spring.cloud.stream.bindings.sendReceipt-in-0.group=" + name,
                        "--spring.mail.host=127.0.0.1",
                        "--spring.mail.port=" + smtp.getSmtp().getPort(),
                        "--notifications.mail.rate-per-second=" + rate,
                        "--notifications.receipts.campaign-wait=0s",
                        "--logging.level.root=WARN",
                        "--logging.structured.format.console=")) {
            MongoTemplate mongo = app.getBean(MongoTemplate.class);
            Instant start = Instant.now();
            publishBurst(infra, name);
            Instant published = Instant.now();
            long claimedAtPublish = count(mongo, null);
            long pendingAtPublish = count(mongo, "PENDING");
            long sentAtPublish = count(mongo, "SENT");
            await().atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> count(mongo, null) == BURST);
            Instant allClaimed = Instant.now();
            long pendingWhenAllClaimed = count(mongo, "PENDING");
            long sentBefore = count(mongo, "SENT");
            Instant windowStart = Instant.now();
            await().atMost(observeAtMost)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> count(mongo, "SENT") == BURST
                            || Duration.between(windowStart, Instant.now()).compareTo(observeAtMost.minusSeconds(1))
                                    > 0);
            Instant windowEnd = Instant.now();
            long sentAfter = count(mongo, "SENT");
            double seconds = Duration.between(windowStart, windowEnd).toMillis() / 1000.0;
            System.out.printf(
                    "BENCH rate-limit=%d/s burst=%d published-in=%.2fs | at publish end: claimed=%d pending=%d sent=%d"
                            + " (consumer lag %d) | all claimed after %.2fs with pending=%d | drained %d in %.1fs ="
                            + " %.1f mails/s | pending at end=%d%n",
                    rate,
                    BURST,
                    Duration.between(start, published).toMillis() / 1000.0,
                    claimedAtPublish,
                    pendingAtPublish,
                    sentAtPublish,
                    BURST - claimedAtPublish,
                    Duration.between(start, allClaimed).toMillis() / 1000.0,
                    pendingWhenAllClaimed,
                    sentAfter - sentBefore,
                    seconds,
                    (sentAfter - sentBefore) / seconds,
                    count(mongo, "PENDING"));
        }
    }

    private void publishBurst(Infrastructure infra, String topic) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        infra.kafkaBootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        5),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < BURST; i++) {
                String donationId = "stripe:pi_bench_" + topic + "_" + i;
                DonationEvent event = new DonationEvent(
                        UUID.nameUUIDFromBytes(donationId.getBytes(StandardCharsets.UTF_8))
                                .toString(),
                        DonationEventTypes.RECEIVED,
                        DonationEvent.SCHEMA_VERSION,
                        Instant.now(),
                        donationId,
                        "bench-campaign-" + (i % 3),
                        Money.of(1000 + i, "GBP"),
                        i % 2 == 0,
                        new Donor("Donor " + i, "donor" + i + "@example.org", false),
                        null,
                        "stripe",
                        "pi_bench_" + i);
                producer.send(new ProducerRecord<>(topic, event.campaignId(), json.writeValueAsBytes(event)));
            }
            producer.flush();
        }
    }

    private static long count(MongoTemplate mongo, String status) {
        Document filter = status == null ? new Document() : new Document("status", status);
        return mongo.getCollection("notifications").countDocuments(filter);
    }
}
