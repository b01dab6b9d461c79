package org.givingstream.donation.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.givingstream.contracts.Topics;
import org.givingstream.donation.DonationServiceTestSupport;
import org.givingstream.donation.ledger.Donation;
import org.givingstream.donation.webhook.stripe.StripeTestPayloads;
import org.givingstream.testinfra.Infrastructure;
import org.givingstream.testinfra.KafkaBrokerProcess;
import org.givingstream.testinfra.RealInfrastructure;
import org.givingstream.testinfra.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The broker goes away in the middle of a burst: webhooks are still answered (stored in MongoDB, as the intake log
 * cannot take them), and once the broker is back every donation reaches Kafka, none twice. Uses its own broker
 * process, which it stops and starts again.
 */
@RealInfrastructure
@ActiveProfiles("test")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DonationsReachKafkaAfterAnOutageTest {

    private static final String SECRET = "whsec_test_current";
    private static final int BURST = 40;
    /**
     * Per request: while the broker is away a webhook first waits for the intake log's append timeout (3 s) before
     * falling back to MongoDB, until the circuit breaker stops waiting; well beyond that means it hangs.
     */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private static KafkaBrokerProcess broker;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
        broker = KafkaBrokerProcess.startNew();
        registry.add("spring.cloud.stream.kafka.binder.brokers", broker::bootstrapServers);
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
        registry.add("spring.mongodb.uri", () -> Infrastructure.shared().mongoUri("donations-outage-test"));
    }

    @AfterAll
    static void stopBroker() throws InterruptedException {
        broker.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    JsonMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyDonationStoredDuringTheOutageIsPublishedOnceAfterIt() throws Exception {
        DonationServiceTestSupport.knowCampaigns(mongo, DonationServiceTestSupport.TEST_CAMPAIGNS);
        String warmUp = "pi_warm_" + UUID.randomUUID();
        HttpResponse<String> warm = send(warmUp);
        assertThat(warm.statusCode()).isEqualTo(200);
        assertThat(warm.body()).contains("accepted"); // broker up: log-first, the ledger feed stores it
        await().atMost(Duration.ofSeconds(30)).until(() -> published(warmUp));

        broker.stop();
        List<String> burst = new ArrayList<>();
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < BURST; i++) {
                String pi = "pi_outage_" + i + "_" + UUID.randomUUID();
                burst.add(pi);
                answers.add(pool.submit(() -> send(pi)));
            }
        }
        for (var answer : answers) {
            assertThat(answer.get().statusCode()).isEqualTo(200);
            // the intake log could not acknowledge: the fallback stored it in MongoDB before answering
            assertThat(answer.get().body()).contains("stored");
        }
        assertThat(burst).noneMatch(this::published); // stored, waiting in the outbox

        broker.start();

        await().atMost(Duration.ofSeconds(90)).until(() -> burst.stream().allMatch(this::published));
        Map<String, Long> perDonation = TopicReader.read(
                        broker.bootstrapServers(),
                        Topics.DONATIONS,
                        record -> record.value().contains("pi_outage_"),
                        found -> found.size() > BURST,
                        Duration.ofSeconds(5))
                .stream()
                .map(ConsumerRecord::value)
                .map(value -> json.readTree(value).path("donationId").asString())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(perDonation).hasSize(BURST);
        assertThat(perDonation.values()).allMatch(count -> count == 1);
        assertThat(mongo.count(Query.query(Criteria.where("pendingEvents").gt(0)), Donation.class))
                .isZero();
    }

    private boolean published(String pi) {
        Donation donation = mongo.findById("stripe:" + pi, Donation.class);
        return donation != null && donation.published();
    }

    private HttpResponse<String> send(String pi) throws Exception {
        String payload = StripeTestPayloads.checkout(pi);
        String signature = StripeTestPayloads.signature(payload, SECRET);
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/stripe"))
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .timeout(REQUEST_TIMEOUT)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
