package org.givingstream.donation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.givingstream.contracts.Topics;
import org.givingstream.donation.campaign.KnownCampaign;
import org.givingstream.donation.intake.IntakeTopic;
import org.givingstream.donation.justgiving.JustGivingStub;
import org.givingstream.donation.ledger.Donation;
import org.givingstream.testinfra.Infrastructure;
import org.givingstream.testinfra.TopicReader;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base class of donation-service's Spring tests: the shared infrastructure, HTTP posting and topic reading.
 *
 * <p>Webhooks are log-first: a 2xx {@code accepted} means the event is in the intake log ({@link IntakeTopic}), and
 * the ledger feed writes MongoDB a little later. Tests therefore await the document ({@link #awaitDonation}), wait
 * for the feed to have applied what was appended ({@link #awaitLedgerFeed}) before asserting that something did NOT
 * change, and prove a refused webhook kept nothing by reading the whole intake log ({@link #appendedToIntake}).
 */
@DonationServiceTest
public abstract class DonationServiceTestSupport {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        Infrastructure.shared().register(registry, "donations-test");
        registry.add(
                "donations.justgiving.base-url", () -> JustGivingStub.shared().baseUrl());
    }

    /** Campaign ids the tests send money for: known to donation-service as if campaign-service announced them. */
    public static final List<String> TEST_CAMPAIGNS = List.of("james-wish", "cake-fair", "summer-ball", "summer-fete");

    @LocalServerPort
    protected int port;

    /** Actuator's port, apart from the public one. */
    @LocalManagementPort
    protected int managementPort;

    @Autowired
    protected MongoTemplate mongo;

    @BeforeEach
    void knowTestCampaigns() {
        knowCampaigns(mongo, TEST_CAMPAIGNS);
    }

    /**
     * Stores campaigns as known (what {@code rememberCampaign} does with campaign-service's announcements), each with
     * the organiser token {@link #organiserTokenOf}.
     */
    public static void knowCampaigns(MongoTemplate mongo, List<String> campaignIds) {
        campaignIds.forEach(id -> mongo.save(
                new KnownCampaign(id, 1, "Test campaign " + id, "GBP", "OPEN", sha256Hex(organiserTokenOf(id)))));
    }

    /** The test-only organiser token of a test campaign. */
    public static String organiserTokenOf(String campaignId) {
        return "test-organiser-token-" + campaignId;
    }

    public static String sha256Hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    protected final HttpClient http = HttpClient.newHttpClient();

    protected HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The donation events published for {@code donationId}: reads until {@code enough} were seen or time is up. */
    protected static List<ConsumerRecord<String, String>> eventsFor(String donationId, int enough, Duration atMost) {
        return TopicReader.read(
                Infrastructure.shared().kafkaBootstrapServers(),
                Topics.DONATIONS,
                record -> record.value().contains("\"donationId\":\"" + donationId + "\""),
                found -> found.size() >= enough,
                atMost);
    }

    /**
     * Every donation event published for {@code donationId}, read once the donation is marked published (so all its
     * events are in Kafka): a duplicate shows, where {@link #eventsFor} stops at the number it was asked for.
     */
    protected List<ConsumerRecord<String, String>> allEventsFor(String donationId) {
        awaitDonation(donationId, Donation::published);
        return TopicReader.readToEnd(
                Infrastructure.shared().kafkaBootstrapServers(),
                Topics.DONATIONS,
                record -> record.value().contains("\"donationId\":\"" + donationId + "\""),
                Duration.ofSeconds(30));
    }

    /** The ledger feed's consumer group (see intake.LedgerFeed): its committed offsets follow its MongoDB writes. */
    public static final String LEDGER_FEED_GROUP = "donation-service-ledger";

    private static final Duration LEDGER_WAIT = Duration.ofSeconds(15);

    /** The donation once the ledger feed has written it; fails if it does not within 15 s. */
    protected Donation awaitDonation(String donationId) {
        return awaitDonation(mongo, donationId, donation -> true);
    }

    /** The donation once it exists and {@code until} holds for it; fails if that does not happen within 15 s. */
    protected Donation awaitDonation(String donationId, Predicate<Donation> until) {
        return awaitDonation(mongo, donationId, until);
    }

    public static Donation awaitDonation(MongoTemplate mongo, String donationId, Predicate<Donation> until) {
        return await("donation " + donationId + " written by the ledger feed")
                .atMost(LEDGER_WAIT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> mongo.findById(donationId, Donation.class), d -> d != null && until.test(d));
    }

    /**
     * A refused (or ignored) webhook kept nothing for {@code donationId}: no record in the intake log, read to its end,
     * and no document in MongoDB (what the fallback path would have written before answering).
     */
    protected void assertNothingKept(String donationId) {
        assertThat(appendedToIntake(donationId))
                .as("intake records of " + donationId)
                .isEmpty();
        assertThat(mongo.findById(donationId, Donation.class))
                .as("donation " + donationId)
                .isNull();
    }

    /** The intake records appended for {@code donationId}: reads the intake log until {@code atMost} has passed. */
    protected static List<ConsumerRecord<String, String>> intakeRecordsFor(String donationId, Duration atMost) {
        return intakeRecordsFor(donationId, Integer.MAX_VALUE, atMost);
    }

    /** The intake records appended for {@code donationId}: reads until {@code enough} were seen or time is up. */
    protected static List<ConsumerRecord<String, String>> intakeRecordsFor(
            String donationId, int enough, Duration atMost) {
        return TopicReader.read(
                Infrastructure.shared().kafkaBootstrapServers(),
                IntakeTopic.NAME,
                record -> donationId.equals(record.key()),
                found -> found.size() >= enough,
                atMost);
    }

    /**
     * Everything in the intake log for {@code donationId}, read from the beginning to the END of every partition
     * (as it was when called). A webhook answered 2xx from the log had its record acknowledged before the answer, so
     * an empty result proves a refused webhook appended nothing, with no time window to miss it in.
     */
    protected static List<ConsumerRecord<String, String>> appendedToIntake(String donationId) {
        return appendedToIntake(Infrastructure.shared().kafkaBootstrapServers(), donationId);
    }

    public static List<ConsumerRecord<String, String>> appendedToIntake(String bootstrapServers, String donationId) {
        return appendedToIntake(bootstrapServers, donationId::equals);
    }

    /** Like {@link #appendedToIntake(String)}, for every donation id (record key) that {@code keys} accepts. */
    protected static List<ConsumerRecord<String, String>> appendedToIntakeFor(Predicate<String> keys) {
        return appendedToIntake(Infrastructure.shared().kafkaBootstrapServers(), keys);
    }

    private static List<ConsumerRecord<String, String>> appendedToIntake(
            String bootstrapServers, Predicate<String> keys) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class);
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        Instant deadline = Instant.now().plus(LEDGER_WAIT);
        try (var consumer = new KafkaConsumer<String, String>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(IntakeTopic.NAME, LEDGER_WAIT).stream()
                    .map(p -> new TopicPartition(IntakeTopic.NAME, p.partition()))
                    .toList();
            assertThat(partitions).as("partitions of " + IntakeTopic.NAME).isNotEmpty();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, LEDGER_WAIT);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(Instant.now())
                        .as("read " + IntakeTopic.NAME + " to its end in time")
                        .isBefore(deadline);
                consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                    if (record.key() != null && keys.test(record.key())) {
                        found.add(record);
                    }
                });
            }
        }
        return found;
    }

    /**
     * Waits until the ledger feed has applied every intake record appended so far for {@code donationId}: its
     * consumer group commits a batch's offsets only after the batch's MongoDB writes, so from then on the donation
     * document shows them all (and an absent or unchanged document is a real result, not an early look).
     *
     * @return the donation's intake records, in log order
     */
    protected static List<ConsumerRecord<String, String>> awaitLedgerFeed(String donationId) {
        return awaitLedgerFeed(Infrastructure.shared().kafkaBootstrapServers(), donationId);
    }

    public static List<ConsumerRecord<String, String>> awaitLedgerFeed(String bootstrapServers, String donationId) {
        List<ConsumerRecord<String, String>> appended = appendedToIntake(bootstrapServers, donationId);
        Map<TopicPartition, Long> needed = new HashMap<>();
        appended.forEach(record ->
                needed.merge(new TopicPartition(record.topic(), record.partition()), record.offset() + 1, Math::max));
        if (needed.isEmpty()) {
            return appended;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            await("ledger feed past the intake records of " + donationId)
                    .atMost(LEDGER_WAIT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                                        LEDGER_FEED_GROUP)
                                .partitionsToOffsetAndMetadata()
                                .get();
                        return needed.entrySet().stream()
                                .allMatch(n -> committed.get(n.getKey()) != null
                                        && committed.get(n.getKey()).offset() >= n.getValue());
                    });
        }
        return appended;
    }
}
