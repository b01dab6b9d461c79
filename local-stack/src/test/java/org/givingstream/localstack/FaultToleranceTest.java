package org.givingstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.givingstream.localstack.TestMachine.freePort;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Breaks the running platform on purpose in the middle of a burst of donations, and checks the only outcome a
 * family may see: every donation counted exactly once and one receipt for each donor (at most one resend, carrying
 * the same Message-ID, when notification-service dies between sending and recording the send).
 *
 * <p>Each service runs in its own JVM and is killed with SIGKILL, as a crash would. MongoDB and SMTP outages are
 * made with a TCP proxy that cuts every connection, so their data survives (the in-memory stand-ins would lose it
 * if killed); Kafka is killed and restarted on its own log directory. The webhooks are sent like a payment provider
 * sends them: whatever is not answered 2xx is retried.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceTest {

    private static final int DONATIONS = 30;
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private MongoServer mongo;
    private TcpProxy mongoProxy;
    private TcpProxy smtpProxy;
    private LocalStack stack;
    private GreenMailInbox inbox;
    private StripeWebhookClient signer;

    @BeforeAll
    void startStack() throws Exception {
        mongo = new MongoServer(new MemoryBackend());
        int mongoPort = mongo.bind().getPort();
        mongoProxy = new TcpProxy(mongoPort);
        Path stackDir = Files.createTempDirectory("giving-faults");
        StackConfig config = new StackConfig(
                Path.of("..").toAbsolutePath().normalize(),
                stackDir,
                freePort(),
                freePort(),
                freePort(),
                freePort(),
                freePort(),
                freePort(),
                freePort(),
                freePort(),
                null,
                "mongodb://127.0.0.1:" + mongoProxy.port(),
                "whsec_faults_" + UUID.randomUUID(),
                new StackConfig.ManagementPorts(freePort(), freePort(), freePort()));
        smtpProxy = new TcpProxy(config.smtpPort());
        // Boot's Mongo health check sends 'hello', which the stand-in does not implement
        Map<String, String> noHello = Map.of("MANAGEMENT_HEALTH_MONGODB_ENABLED", "false");
        stack = new LocalStack(config)
                .withEnvironment("donation-service", noHello)
                .withEnvironment("campaign-service", noHello)
                .withEnvironment("notification-service", noHello)
                .withEnvironment("notification-service", Map.of("SPRING_MAIL_PORT", String.valueOf(smtpProxy.port())));
        try {
            stack.start();
        } catch (Exception e) {
            stack.close();
            throw e;
        }
        signer = new StripeWebhookClient(config.donationUrl() + "/webhooks/stripe", config.stripeSecret());
        inbox = new GreenMailInbox(config.mailApiUrl());
    }

    @AfterAll
    void stopStack() throws IOException {
        if (stack != null) {
            stack.close();
        }
        if (smtpProxy != null) {
            smtpProxy.close();
        }
        if (mongoProxy != null) {
            mongoProxy.close();
        }
        if (mongo != null) {
            mongo.shutdownNow();
        }
    }

    @Test
    @Order(1)
    void donationServiceKilledMidBurst() throws Exception {
        burstSurvives("kill-donation", sender -> {
            stack.kill("donation-service");
            stack.restart("donation-service");
        });
    }

    @Test
    @Order(2)
    void campaignServiceKilledMidBurst() throws Exception {
        burstSurvives("kill-campaign", sender -> {
            stack.kill("campaign-service");
            stack.restart("campaign-service");
        });
    }

    @Test
    @Order(3)
    void notificationServiceKilledMidBurst() throws Exception {
        burstSurvives("kill-notification", sender -> {
            stack.kill("notification-service");
            stack.restart("notification-service");
        });
    }

    /**
     * Kafka killed while the log-first intake is taking the burst: what was appended before the kill is in the log
     * and reaches the ledger after the restart; what comes during the outage is stored in MongoDB instead (the
     * fallback) and relayed later. Both paths must have carried webhooks, and the totals stay exact: 0 lost, 0 doubled.
     */
    @Test
    @Order(4)
    void kafkaDownMidBurst() throws Exception {
        double loggedBefore = webhooksAnswered("accepted");
        double storedBefore = webhooksAnswered("stored");
        burstSurvives("kafka-down", sender -> {
            stack.kill("kafka");
            try {
                // the intake goes on storing in MongoDB (the outbox waits), and says so on its health endpoint
                int acceptedWhenKilled = sender.accepted();
                await().atMost(PATIENCE).until(() -> sender.accepted() >= acceptedWhenKilled + 5);
                await().atMost(PATIENCE)
                        .untilAsserted(() -> assertThat(health(stack.config().donationManagementUrl()))
                                .contains("\"outbox\"")
                                .contains("DOWN"));
            } finally {
                stack.restart("kafka");
            }
        });
        assertThat(webhooksAnswered("accepted"))
                .as("answered from the intake log")
                .isGreaterThan(loggedBefore);
        assertThat(webhooksAnswered("stored"))
                .as("answered from MongoDB while Kafka was away")
                .isGreaterThan(storedBefore);
    }

    /** donation-service's {@code webhooks_outcome_total} for one outcome, all providers and reasons together. */
    private double webhooksAnswered(String outcome) throws Exception {
        String metrics = get(stack.config().donationManagementUrl() + "/actuator/prometheus")
                .body();
        Matcher line = Pattern.compile("^webhooks_outcome_total\\{([^}]*)} (\\S+)$", Pattern.MULTILINE)
                .matcher(metrics);
        double total = 0;
        while (line.find()) {
            if (line.group(1).contains("outcome=\"" + outcome + "\"")) {
                total += Double.parseDouble(line.group(2));
            }
        }
        return total;
    }

    /**
     * MongoDB cut with Kafka up: the log-first intake still answers (the webhooks are in the intake log), the ledger
     * feed waits for MongoDB, and health says which part is down. Nothing is lost or doubled once it is back.
     */
    @Test
    @Order(5)
    void mongoUnreachableMidBurst() throws Exception {
        burstSurvives("mongo-down", sender -> {
            mongoProxy.cut();
            try {
                int acceptedWhenCut = sender.accepted();
                await().atMost(PATIENCE).until(() -> sender.accepted() >= acceptedWhenCut + 3);
                await().atMost(PATIENCE)
                        .untilAsserted(() -> assertThat(health(stack.config().donationManagementUrl()))
                                .contains("\"mongoPing\"")
                                .contains("DOWN"));
            } finally {
                mongoProxy.restore();
            }
        });
    }

    /**
     * Kafka killed AND MongoDB cut: a webhook can be kept nowhere, so it is refused with 503 (and Retry-After) and the
     * provider retries; nothing is half-written, so once both are back every donation is counted exactly once.
     */
    @Test
    @Order(6)
    void kafkaAndMongoDownMidBurst() throws Exception {
        burstSurvives("both-down", sender -> {
            int refusedBefore = sender.answered(503);
            stack.kill("kafka");
            mongoProxy.cut();
            try {
                await().atMost(PATIENCE).until(() -> sender.answered(503) >= refusedBefore + 3);
            } finally {
                mongoProxy.restore();
                stack.restart("kafka");
            }
        });
    }

    @Test
    @Order(7)
    void smtpUnreachableMidBurst() throws Exception {
        List<String> delivered = new ArrayList<>();
        burstSurvives("smtp-down", sender -> {
            smtpProxy.cut();
            try {
                // donations keep coming in and being counted while no mail can leave
                await().atMost(PATIENCE).until(() -> sender.accepted() == DONATIONS);
                delivered.add("all " + DONATIONS + " webhooks accepted with SMTP down");
            } finally {
                smtpProxy.restore();
            }
        });
        assertThat(delivered).hasSize(1);
    }

    /** A fault, injected once a quarter of the burst is in; it returns when the platform may recover. */
    private interface Fault {
        void inject(ProviderLikeSender sender) throws Exception;
    }

    private void burstSurvives(String scenario, Fault fault) throws Exception {
        try {
            burst(scenario, fault);
        } catch (AssertionError | ConditionTimeoutException e) {
            // what each JVM was doing when the stack did not recover, for whoever reads the logs
            System.out.printf("%s failed; thread dumps of every part are in %s%n", scenario, stack.dumpThreads());
            throw e;
        }
    }

    private void burst(String scenario, Fault fault) throws Exception {
        String campaign = createCampaign(scenario);
        List<StripeWebhookClient.Checkout> checkouts = new ArrayList<>();
        long sum = 0;
        for (int i = 0; i < DONATIONS; i++) {
            long amount = ThreadLocalRandom.current().nextLong(100, 5_000);
            sum += amount;
            checkouts.add(new StripeWebhookClient.Checkout(
                    "pi_" + scenario.replace("-", "") + "_" + i + "_"
                            + UUID.randomUUID().toString().substring(0, 8),
                    campaign,
                    amount,
                    "GBP",
                    "Donor " + i,
                    scenario + "-" + i + "-" + UUID.randomUUID().toString().substring(0, 6) + "@example.org",
                    i % 2 == 0,
                    false,
                    "Good luck!"));
        }
        ProviderLikeSender sender = new ProviderLikeSender(stack.config().donationUrl() + "/webhooks/stripe", signer);

        var delivery = sender.deliverAll(checkouts, 3);
        await().atMost(PATIENCE).until(() -> sender.accepted() >= DONATIONS / 4);
        fault.inject(sender);
        delivery.get(5, TimeUnit.MINUTES);
        System.out.printf("%s: %s%n", scenario, sender);

        long expected = sum;
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode summary = summary(campaign);
            assertThat(summary.path("donationCount").asLong())
                    .as(scenario + " donations counted")
                    .isEqualTo(DONATIONS);
            assertThat(summary.path("raised").path("minorUnits").asLong())
                    .as(scenario + " raised")
                    .isEqualTo(expected);
        });
        for (var checkout : checkouts) {
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(inbox.messageIds(checkout.donorEmail()))
                            .as(checkout.donorEmail())
                            .isNotEmpty());
        }
        int resent = 0;
        for (var checkout : checkouts) {
            List<String> ids = inbox.messageIds(checkout.donorEmail());
            assertThat(Set.copyOf(ids))
                    .as("one receipt, by Message-ID, for " + checkout.donorEmail())
                    .hasSize(1);
            assertThat(ids)
                    .as("at most one resend for " + checkout.donorEmail())
                    .hasSizeLessThanOrEqualTo(2);
            resent += ids.size() - 1;
        }
        System.out.printf(
                "%s: %d donations counted once, %d receipts (%d resent with the same Message-ID)%n",
                scenario, DONATIONS, DONATIONS + resent, resent);
        JsonNode summary = summary(campaign);
        assertThat(summary.path("donationCount").asLong())
                .as(scenario + " nothing counted late")
                .isEqualTo(DONATIONS);
    }

    private String createCampaign(String scenario) throws Exception {
        String id = scenario + "-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = new CampaignOpener(http, stack.config()).open("""
                {"id":"%s","title":"Fault drill %s","target":{"minorUnits":5000000,"currency":"GBP"}}""".formatted(id, scenario));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return id;
    }

    private JsonNode summary(String campaign) throws Exception {
        HttpResponse<String> response = get(stack.config().campaignUrl() + "/api/campaigns/" + campaign);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private String health(String serviceUrl) throws Exception {
        return get(serviceUrl + "/actuator/health").body();
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
