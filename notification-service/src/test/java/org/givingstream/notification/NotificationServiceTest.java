package org.givingstream.notification;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.givingstream.contracts.CampaignEvent;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.MilestoneEvent;
import org.givingstream.contracts.Money;
import org.givingstream.contracts.Topics;
import org.givingstream.testinfra.Infrastructure;
import org.givingstream.testinfra.RealInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole service on real infrastructure: a KRaft Kafka broker and MongoDB (see {@link Infrastructure}), and a
 * GreenMail SMTP server restarted around each test. All test classes extend this one so that they share one
 * Spring context, hence one consumer in the group {@code notification-service} and one SMTP port.
 */
@RealInfrastructure
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "notifications.receipts.retry-delay=300ms",
            "notifications.receipts.poll-interval=200ms",
            "notifications.receipts.campaign-wait=1s",
            "notifications.mail.reply-to=supporters@giving-stream.local",
            "notifications.mail.rate-per-second=10",
            "notifications.mail.retry.initial-backoff=50ms",
            "notifications.mail.circuit-breaker.open-for=1s",
            "notifications.ops.token=" + NotificationServiceTest.OPS_TOKEN,
            "management.server.port=0", // actuator on a port of its own, as in production
            // wrong tokens on purpose, all from one address (http-guard's own test checks throttling)
            "giving.http.auth-failures.per-minute=100000",
            "spring.mail.host=127.0.0.1",
            // unreadable records reach the DLQ after the binder's usual 3 attempts, just with shorter pauses
            "spring.cloud.stream.bindings.sendReceipt-in-0.consumer.back-off-initial-interval=100",
            "spring.cloud.stream.bindings.sendReceipt-in-0.consumer.back-off-max-interval=200",
            "spring.cloud.stream.bindings.sendMilestone-in-0.consumer.back-off-initial-interval=100",
            "spring.cloud.stream.bindings.sendMilestone-in-0.consumer.back-off-max-interval=200",
        })
public abstract class NotificationServiceTest {

    /** Chosen before the context starts, which needs it; GreenMail binds it again for every test. */
    protected static final int SMTP_PORT = freePort();

    protected static final Duration EVENTUALLY = Duration.ofSeconds(30);

    protected static final String DLQ = Topics.DONATIONS_NOTIFICATIONS_DLQ;

    protected static final String OPS_TOKEN = "test-ops-token-not-a-secret";

    @RegisterExtension
    protected static final GreenMailExtension greenMail =
            new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    private static KafkaProducer<String, byte[]> producer;

    @Autowired
    protected JsonMapper json;

    @Autowired
    protected MongoTemplate mongo;

    @Autowired
    protected MeterRegistry meters;

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        Infrastructure.shared().register(registry, "notifications-test");
        registry.add("spring.mail.port", () -> SMTP_PORT);
    }

    @BeforeAll
    static void startProducer() {
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        Infrastructure.shared().kafkaBootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    @AfterAll
    static void stopProducer() {
        producer.close(Duration.ofSeconds(5));
    }

    /** Publishes like donation-service does: keyed by campaign, JSON value. Returns once Kafka acknowledged it. */
    protected void publish(DonationEvent event) {
        publishRaw(event.campaignId(), json.writeValueAsBytes(event));
    }

    /** Announces a campaign like campaign-service does, on giving.campaigns.v1. */
    protected void announce(CampaignEvent event) {
        publishTo(Topics.CAMPAIGNS, event.campaignId(), json.writeValueAsBytes(event));
    }

    protected void publish(MilestoneEvent event) {
        publishTo(Topics.MILESTONES, event.campaignId(), json.writeValueAsBytes(event));
    }

    protected static void publishRaw(String key, byte[] value) {
        publishTo(Topics.DONATIONS, key, value);
    }

    /** In one produce request (linger), so that the consumer very likely gets them in one poll. */
    protected static void publishTogether(String key, List<byte[]> values) {
        try (var together = new KafkaProducer<>(
                Map.<String, Object>of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        Infrastructure.shared().kafkaBootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        200),
                new StringSerializer(),
                new ByteArraySerializer())) {
            values.forEach(value -> together.send(new ProducerRecord<>(Topics.DONATIONS, key, value)));
            together.flush();
        }
    }

    private static void publishTo(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    /** A campaign as campaign-service announces it (with its organiser; no organiser token). */
    protected static CampaignEvent campaign(
            String campaignId, long revision, String title, String organiser, String organiserEmail) {
        return new CampaignEvent(
                unique("campaign-evt-"),
                revision == 1 ? CampaignEvent.OPENED : CampaignEvent.CHANGED,
                CampaignEvent.SCHEMA_VERSION,
                Instant.parse("2026-03-01T09:00:00Z"),
                campaignId,
                revision,
                title,
                Money.of(5_000_000, "GBP"),
                "OPEN",
                organiser,
                organiserEmail,
                null,
                null);
    }

    /** A campaign announced and known to the service (the title has reached its projection). */
    protected void announceAndAwait(CampaignEvent event) {
        announce(event);
        await().atMost(EVENTUALLY).until(() -> {
            var known = mongo.findById(event.campaignId(), org.bson.Document.class, "known_campaigns");
            return known != null && ((Number) known.get("revision")).longValue() >= event.revision();
        });
    }

    /** Everything on our DLQ right now, as text. */
    protected static List<String> dlqRecords() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        Infrastructure.shared().kafkaBootstrapServers()),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(DLQ).stream()
                    .map(info -> new TopicPartition(DLQ, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> records = new ArrayList<>();
            Instant deadline = Instant.now().plus(EVENTUALLY);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + DLQ + " to its end");
                }
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> records.add(new String(r.value(), StandardCharsets.UTF_8)));
            }
            return records;
        }
    }

    protected static DonationEvent donation(
            String donationId, String campaignId, Money amount, Donor donor, boolean giftAid, String message) {
        return new DonationEvent(
                UUID.nameUUIDFromBytes(
                                (donationId + "|" + DonationEventTypes.RECEIVED).getBytes(StandardCharsets.UTF_8))
                        .toString(),
                DonationEventTypes.RECEIVED,
                DonationEvent.SCHEMA_VERSION,
                Instant.parse("2026-03-14T15:09:26Z"),
                donationId,
                campaignId,
                amount,
                giftAid,
                donor,
                message,
                "stripe",
                donationId.substring(donationId.indexOf(':') + 1));
    }

    /** A plain GBP donation from a named donor with a fresh address. */
    protected static DonationEvent simpleDonation(String campaignId) {
        String id = unique("stripe:pi_");
        return donation(id, campaignId, Money.of(1000, "GBP"), donor("Sam Marker"), false, null);
    }

    protected static Donor donor(String name) {
        return new Donor(name, unique("donor-") + "@example.org", false);
    }

    protected static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    protected static List<MimeMessage> messagesTo(String address) {
        return Arrays.stream(greenMail.getReceivedMessages())
                .filter(message -> isAddressedTo(message, address))
                .toList();
    }

    protected static MimeMessage awaitOneMessageTo(String address) {
        return await().atMost(EVENTUALLY)
                .until(() -> messagesTo(address), list -> !list.isEmpty())
                .getFirst();
    }

    /** The first part of this MIME type anywhere in the message tree, decoded; null when there is none. */
    protected static String part(Part part, String mimeType) {
        try {
            if (part.isMimeType(mimeType) && !part.isMimeType("multipart/*")) {
                return (String) part.getContent();
            }
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    String found = part(multipart.getBodyPart(i), mimeType);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a (multi)part of this type, e.g. {@code multipart/alternative}, is anywhere in the tree. */
    protected static boolean containsPart(Part part, String mimeType) {
        try {
            if (part.isMimeType(mimeType)) {
                return true;
            }
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    if (containsPart(multipart.getBodyPart(i), mimeType)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sum over every counter of this name with these tags (e.g. over all kinds). */
    protected double counter(String name, String... tags) {
        return meters.find(name).tags(tags).counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    protected double gauge(String name) {
        var gauge = meters.find(name).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    private static boolean isAddressedTo(MimeMessage message, String address) {
        try {
            var recipients = message.getRecipients(RecipientType.TO);
            return recipients != null
                    && Arrays.stream(recipients).anyMatch(r -> r.toString().equals(address));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
