package org.givingstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.givingstream.localstack.TestMachine.freePort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two instances of every service, as after a press spike: a burst of 3,000 signed checkouts spread over both
 * donation-service instances (a load balancer's round robin, retried as Stripe retries), and one instance of each
 * service killed (SIGKILL) a quarter of the way in. The survivors take the dead ones' partitions; once the killed ones
 * are back, every donation is counted once, every donor has one receipt, nothing was dead-lettered, both
 * campaign-service instances show the same totals, and the receipts never left faster than the provider's limit,
 * which is the deployment's, not each instance's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoOfEverythingTest {

    private static final int DONATIONS = 3_000;
    /** The whole deployment's sending limit (mails a second): shared by the notification-service instances. */
    private static final int MAIL_RATE = 60;

    private static final int WINDOW_SECONDS = 5;
    private static final Duration PATIENCE = Duration.ofMinutes(4);
    private static final Pattern DATE =
            Pattern.compile("^Date:\\s*(.+)$", Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private LocalStack stack;
    private GreenMailInbox inbox;

    @BeforeAll
    void startTwoOfEverything() throws Exception {
        Path stackDir = Files.createTempDirectory("giving-replicas");
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
                null,
                "whsec_replicas_" + UUID.randomUUID(),
                new StackConfig.ManagementPorts(freePort(), freePort(), freePort()));
        stack = new LocalStack(config)
                .withReplicas(2)
                .withMongoMaxHeap("768m")
                .withMailMaxHeap("384m")
                .withEnvironment(
                        "notification-service",
                        Map.of("NOTIFICATIONS_MAIL_RATE_PER_SECOND", String.valueOf(MAIL_RATE)));
        inbox = new GreenMailInbox(config.mailApiUrl());
        try {
            stack.start();
        } catch (Exception e) {
            stack.close();
            throw e;
        }
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aBurstSurvivesLosingOneInstanceOfEachService() throws Exception {
        assertThat(stack.instances("donation-service")).hasSize(2);
        String campaign = createCampaign();
        List<StripeWebhookClient.Checkout> checkouts = new ArrayList<>();
        long sum = 0;
        for (int i = 0; i < DONATIONS; i++) {
            long amount = ThreadLocalRandom.current().nextLong(100, 5_000);
            sum += amount;
            checkouts.add(new StripeWebhookClient.Checkout(
                    "pi_replicas_" + i + "_" + UUID.randomUUID().toString().substring(0, 8),
                    campaign,
                    amount,
                    "GBP",
                    "Donor " + i,
                    "replicas-" + i + "-" + UUID.randomUUID().toString().substring(0, 6) + "@example.org",
                    i % 2 == 0,
                    false,
                    null));
        }
        var signer = new StripeWebhookClient(
                stack.config().donationUrl() + "/webhooks/stripe",
                stack.config().stripeSecret());
        var sender = new ProviderLikeSender(
                stack.instances("donation-service").stream()
                        .map(instance -> instance.url() + "/webhooks/stripe")
                        .toList(),
                signer);

        var delivery = sender.deliverAll(checkouts, 16);
        await().atMost(PATIENCE).until(() -> sender.accepted() >= DONATIONS / 4);
        List<String> killed = List.of("donation-service-2", "campaign-service-2", "notification-service-2");
        killed.forEach(stack::kill);
        delivery.get(6, TimeUnit.MINUTES);
        System.out.printf("two of everything: %s%n", sender);
        for (String part : killed) {
            stack.restart(part);
        }

        long expected = sum;
        for (var instance : stack.instances("campaign-service")) {
            await().atMost(PATIENCE).untilAsserted(() -> {
                JsonNode summary = summary(instance, campaign);
                assertThat(summary.path("donationCount").asLong())
                        .as(instance.name())
                        .isEqualTo(DONATIONS);
                assertThat(summary.path("raised").path("minorUnits").asLong())
                        .as(instance.name())
                        .isEqualTo(expected);
            });
        }

        Map<String, List<String>> mail = awaitOneReceiptEach(checkouts);
        assertNothingDeadLettered();
        assertReceiptsNeverLeftFasterThanTheDeploymentsLimit(mail);
    }

    /** Every donor's mails (their raw text), once each has at least one; checks one receipt per donor. */
    private Map<String, List<String>> awaitOneReceiptEach(List<StripeWebhookClient.Checkout> checkouts)
            throws Exception {
        Map<String, List<String>> mail = new ConcurrentHashMap<>();
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(5)).until(() -> {
            try (var pool = Executors.newFixedThreadPool(8)) {
                for (var checkout : checkouts) {
                    if (!mail.containsKey(checkout.donorEmail())) {
                        pool.submit(() -> {
                            List<String> messages = inbox.messages(checkout.donorEmail());
                            if (!messages.isEmpty()) {
                                mail.put(checkout.donorEmail(), messages);
                            }
                            return null;
                        });
                    }
                }
            }
            return mail.size() == checkouts.size();
        });
        int resent = 0;
        for (var entry : mail.entrySet()) {
            List<String> ids =
                    entry.getValue().stream().map(GreenMailInbox::messageId).toList();
            assertThat(Set.copyOf(ids))
                    .as("one receipt, by Message-ID, for " + entry.getKey())
                    .hasSize(1);
            assertThat(ids).as("at most one resend for " + entry.getKey()).hasSizeLessThanOrEqualTo(2);
            resent += ids.size() - 1;
        }
        System.out.printf(
                "two of everything: %d receipts for %d donors (%d resent with the same Message-ID)%n",
                DONATIONS + resent, DONATIONS, resent);
        return mail;
    }

    /** No topic's dead-letter queue holds anything: nothing was given up on while instances died and came back. */
    private void assertNothingDeadLettered() throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().kafkaBootstrapServers()))) {
            List<String> dlqs = admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(topic -> topic.endsWith(".dlq"))
                    .toList();
            Map<TopicPartition, OffsetSpec> ends =
                    new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
            admin.describeTopics(dlqs)
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .forEach((topic, description) -> description
                            .partitions()
                            .forEach(p -> ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            long parked = 0;
            for (var end :
                    admin.listOffsets(ends).all().get(10, TimeUnit.SECONDS).values()) {
                parked += end.offset();
            }
            assertThat(parked).as("records in " + dlqs).isZero();
        }
    }

    /**
     * Each mail's {@code Date} is stamped (to the second) just after it gets its permit, so a calendar second can
     * show a mail or two more than the limit: one stamped a moment after its permit crosses into the next second, and
     * a rate change at a rebalance starts a new limiter. Over any 5 seconds the deployment stays within 5 x the limit
     * (+2 per instance for those edges); two instances each at the full limit would send twice that.
     */
    private static void assertReceiptsNeverLeftFasterThanTheDeploymentsLimit(Map<String, List<String>> mail) {
        TreeMap<Long, Integer> perSecond = new TreeMap<>();
        mail.values()
                .forEach(messages -> messages.forEach(message -> {
                    Matcher date = DATE.matcher(message);
                    assertThat(date.find()).as("a Date header").isTrue();
                    String value =
                            date.group(1).replaceAll("\\s*\\([^)]*\\)\\s*$", "").strip(); // "... +0000 (UTC)"
                    long second = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toEpochSecond();
                    perSecond.merge(second, 1, Integer::sum);
                }));
        int busiestSecond = perSecond.values().stream().max(Integer::compare).orElse(0);
        int busiestWindow = 0;
        for (long start : perSecond.keySet()) {
            int window = perSecond.subMap(start, start + WINDOW_SECONDS).values().stream()
                    .mapToInt(i -> i)
                    .sum();
            busiestWindow = Math.max(busiestWindow, window);
        }
        System.out.printf(
                "two of everything: busiest second %d mails, busiest %d s %d mails (limit %d/s), over %d s%n",
                busiestSecond, WINDOW_SECONDS, busiestWindow, MAIL_RATE, perSecond.size());
        assertThat(busiestWindow).isLessThanOrEqualTo(MAIL_RATE * WINDOW_SECONDS + 2 * 2);
    }

    private String createCampaign() throws Exception {
        String id = "two-of-everything-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = new CampaignOpener(http, stack.config()).open("""
                {"id":"%s","title":"Two of everything","target":{"minorUnits":50000000,"currency":"GBP"}}""".formatted(id));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return id;
    }

    private JsonNode summary(LocalStack.Instance campaignService, String campaign) throws Exception {
        HttpResponse<String> response = get(campaignService.url() + "/api/campaigns/" + campaign);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
