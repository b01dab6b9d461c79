package org.givingstream.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.givingstream.localstack.TestMachine.freePort;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform end to end, each service in its own JVM as the local stack runs it: a signed Stripe webhook becomes a
 * stored donation, a Kafka event, a new campaign total and exactly one receipt in a real SMTP server. Subclasses
 * choose the infrastructure underneath.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EndToEndContract {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, String> organiserTokens = new ConcurrentHashMap<>();
    private LocalStack stack;
    private StripeWebhookClient stripe;

    /** Adjusts the stack's configuration, e.g. to point it at external infrastructure. */
    abstract StackConfig configure(StackConfig embedded);

    @BeforeAll
    void startStack() throws Exception {
        Path stackDir = Files.createTempDirectory("giving-e2e");
        StackConfig embedded = new StackConfig(
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
                "whsec_e2e_" + UUID.randomUUID(),
                new StackConfig.ManagementPorts(freePort(), freePort(), freePort()));
        stack = new LocalStack(configure(embedded));
        Instant start = Instant.now();
        try {
            stack.start();
        } catch (Exception e) {
            stack.close();
            throw e;
        }
        System.out.printf(
                "Stack healthy in %d ms; per child: %s%n",
                Duration.between(start, Instant.now()).toMillis(), stack.startupTimes());
        stripe = new StripeWebhookClient(
                stack.config().donationUrl() + "/webhooks/stripe",
                stack.config().stripeSecret());
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            System.out.println("Resident memory (MiB) per child: " + stack.residentMemoryMib());
            stack.close();
        }
        stopInfrastructure();
    }

    /** Called after the stack has stopped, for infrastructure a subclass started itself. */
    void stopInfrastructure() {}

    @Test
    void signedStripeDonationIsCountedOnceAndReceiptedOnce() throws Exception {
        String campaign = createCampaign();
        var checkout = checkout(campaign, 2500, "ada@example.org");

        HttpResponse<String> answer = stripe.send(checkout);
        HttpResponse<String> retry = stripe.send(checkout); // Stripe retries: same payment, same donation

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(retry.statusCode()).isEqualTo(200);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(raised(campaign)).isEqualTo(2500));
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(inbox("ada@example.org")).hasSize(1));
        JsonNode receipt = inbox("ada@example.org").get(0);
        assertThat(receipt.toString()).contains("25.00");

        // a later donation on the same campaign (same partition) proves the retry was not counted late
        stripe.send(checkout(campaign, 1000, "bea@example.org"));
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(raised(campaign)).isEqualTo(3500));
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(inbox("bea@example.org")).hasSize(1));
        assertThat(inbox("ada@example.org")).hasSize(1);
        assertThat(summary(campaign).path("donationCount").asLong()).isEqualTo(2);
    }

    /** The local stack's own Standard Webhooks source, so a newcomer can try that intake without configuring one. */
    @Test
    void theDemoStandardWebhooksSourceTakesADonation() throws Exception {
        String campaign = createCampaign();
        String body = """
                {"type":"donation.succeeded","data":{"id":"pay_%s","campaign_id":"%s",
                 "amount":{"minor_units":1800,"currency":"GBP"},"gift_aid":false,
                 "donor":{"name":"Dot","email":"dot@example.org","anonymous":false}}}""".formatted(UUID.randomUUID().toString().substring(0, 8), campaign);
        String id = "msg_" + UUID.randomUUID();
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(
                Base64.getDecoder().decode(StackConfig.LOCAL_STANDARD_SECRET.substring("whsec_".length())),
                "HmacSHA256"));
        String signature = Base64.getEncoder()
                .encodeToString(hmac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));

        HttpRequest delivery = HttpRequest.newBuilder(
                        URI.create(stack.config().donationUrl() + "/webhooks/standard/demo"))
                .header("Content-Type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", timestamp)
                .header("webhook-signature", "v1," + signature)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();

        // a campaign created a moment ago may not be known yet (422): the platform retries, as providers do
        await().atMost(PATIENCE)
                .until(
                        () -> http.send(delivery, HttpResponse.BodyHandlers.ofString())
                                .statusCode(),
                        status -> status == 200);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(raised(campaign)).isEqualTo(1800));
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(inbox("dot@example.org")).hasSize(1));
    }

    /**
     * Issue 14: opening a campaign takes the platform administrator; the organiser token it hands out records offline
     * money at donation-service with no configuration change or restart (donation-service learns the token's hash
     * from the campaign's announcement); a replaced token is refused there, and another campaign's token gets 403
     * from all three services.
     */
    @Test
    void aNewCampaignsOrganiserTokenRecordsOfflineMoneyUntilItIsReplaced() throws Exception {
        HttpResponse<String> anonymous = http.send(
                HttpRequest.newBuilder(URI.create(stack.config().campaignUrl() + "/api/campaigns"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("""
                                {"title":"Not mine to open","target":{"minorUnits":100,"currency":"GBP"}}"""))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        String campaign = createCampaign();
        String token = organiserTokens.get(campaign);
        String otherCampaignsToken = organiserTokens.get(createCampaign());

        // a campaign opened a moment ago may not be known to donation-service yet (422): the same key retries safely
        String cakeSale = UUID.randomUUID().toString();
        await().atMost(PATIENCE)
                .until(() -> enterOffline(campaign, token, cakeSale, 4200).statusCode(), s -> s == 201);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(raised(campaign)).isEqualTo(4200));
        assertThat(enterOffline(campaign, otherCampaignsToken, UUID.randomUUID().toString(), 100)
                        .statusCode())
                .isEqualTo(403);
        assertThat(organiserPost(campaign + "/close", otherCampaignsToken).statusCode())
                .isEqualTo(403);

        HttpResponse<String> replaced = organiserPost(campaign + "/organiser-token", token);
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        String newToken = json.readTree(replaced.body()).path("organiserToken").asString();
        assertThat(newToken).isNotBlank().isNotEqualTo(token);

        String walk = UUID.randomUUID().toString();
        await().atMost(PATIENCE)
                .until(() -> enterOffline(campaign, newToken, walk, 800).statusCode(), s -> s == 201);
        assertThat(enterOffline(campaign, token, UUID.randomUUID().toString(), 100)
                        .statusCode())
                .isEqualTo(403);
        assertThat(organiserPost(campaign + "/close", token).statusCode()).isEqualTo(403);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(raised(campaign)).isEqualTo(5000));

        // the third service's organiser endpoint answers the same tokens
        String receipts = stack.config().notificationUrl() + "/api/campaigns/" + campaign + "/receipts";
        await().atMost(PATIENCE).until(() -> getWithToken(receipts, newToken).statusCode(), s -> s == 200);
        assertThat(getWithToken(receipts, token).statusCode()).isEqualTo(403);
        assertThat(getWithToken(receipts, otherCampaignsToken).statusCode()).isEqualTo(403);
        assertThat(get(receipts).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> getWithToken(String url, String token) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Every consumer group member is a static member named after its instance and the groups rebalance
     * cooperatively: a restarted instance takes its partitions back, and a joining one moves only what changes hands.
     */
    @Test
    void consumersAreStaticMembersOfCooperativeGroups() throws Exception {
        createCampaign(); // campaign-service's and notification-service's consumers have all joined by then
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().kafkaBootstrapServers()))) {
            await().atMost(PATIENCE).untilAsserted(() -> {
                var groups = admin.describeConsumerGroups(
                                List.of("donation-service", "campaign-service", "notification-service"))
                        .all()
                        .get(10, TimeUnit.SECONDS);
                groups.forEach((name, group) -> {
                    assertThat(group.partitionAssignor()).as(name).isEqualTo("cooperative-sticky");
                    assertThat(group.members())
                            .as(name)
                            .isNotEmpty()
                            .allSatisfy(member -> assertThat(member.groupInstanceId())
                                    .as(name)
                                    .hasValueSatisfying(id -> assertThat(id).startsWith(name + "-giving.")));
                });
            });
        }
    }

    @Test
    void theFrontDoorRunsAtNormalPriorityAndThePartsBehindTheLogBelowIt() {
        var nice = stack.niceness();
        int front = nice.get("donation-service");
        int behind = Math.min(19, front + LocalStack.BACKGROUND_NICE);

        assertThat(nice)
                .containsEntry("campaign-service", behind)
                .containsEntry("notification-service", behind)
                .containsEntry("greenmail", behind);
        // the embedded stores, where this stack started them; external ones are not its to renice
        if (stack.parts().contains("kafka")) {
            assertThat(nice).containsEntry("kafka", front);
        }
        if (stack.parts().contains("mongo")) {
            assertThat(nice).containsEntry("mongo", behind);
        }
    }

    @Test
    void forgedWebhookIsRefusedAndNothingIsStoredOrPublished() throws Exception {
        String campaign = createCampaign();
        var forgedCheckout = checkout(campaign, 99_999, "mallory@example.org");
        String body = StripeWebhookClient.payload(forgedCheckout);
        var forger = new StripeWebhookClient(stack.config().donationUrl() + "/webhooks/stripe", "whsec_guessed");

        HttpResponse<String> refused = forger.post(body, forger.signature(body, Instant.now()));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(supportLookup("stripe:" + forgedCheckout.paymentIntent()).statusCode())
                .isEqualTo(404);
        // a genuine donation after it travels the same partition: once it is counted, the forged one would be too
        stripe.send(checkout(campaign, 700, "carl@example.org"));
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(raised(campaign)).isEqualTo(700));
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(inbox("carl@example.org")).hasSize(1));
        assertThat(summary(campaign).path("donationCount").asLong()).isEqualTo(1);
        assertThat(inbox("mallory@example.org")).isEmpty();
    }

    @Test
    void aPartialRefundIsTakenBackOutOfTheTotal() throws Exception {
        String campaign = createCampaign();
        var checkout = checkout(campaign, 3000, "dora@example.org");
        stripe.send(checkout);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(raised(campaign)).isEqualTo(3000));

        String refund = """
                {"id":"evt_re_%1$s","type":"charge.refunded","created":%2$d,"data":{"object":{"id":"ch_%1$s",\
                "object":"charge","amount":3000,"amount_refunded":1000,"currency":"gbp","payment_intent":"%1$s"}}}""".formatted(checkout.paymentIntent(), Instant.now().getEpochSecond());
        HttpResponse<String> answer = stripe.post(refund, stripe.signature(refund, Instant.now()));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(raised(campaign)).isEqualTo(2000));
        JsonNode summary = summary(campaign);
        assertThat(summary.path("refunded").path("minorUnits").asLong()).isEqualTo(1000);
        assertThat(summary.path("donationCount").asLong()).isEqualTo(1);
        // the receipt, then a refund notice that names the same receipt number
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(inbox("dora@example.org")).hasSize(2));
        List<String> subjects = new ArrayList<>();
        inbox("dora@example.org")
                .forEach(mail -> subjects.add(mail.path("subject").asString()));
        String receiptNumber = subjects.stream()
                .filter(subject -> subject.startsWith("Thank you"))
                .map(subject -> subject.substring(subject.lastIndexOf(' ') + 1))
                .findFirst()
                .orElseThrow();
        assertThat(subjects)
                .containsExactlyInAnyOrder(
                        "Thank you for your donation – receipt " + receiptNumber,
                        "Your donation was refunded – receipt " + receiptNumber);
    }

    @Test
    void theDashboardShowsNewDonationsWithoutAReload() throws Exception {
        String campaign = createCampaign();
        try (var browser = DashboardBrowser.start(PATIENCE)) {
            browser.open(stack.config().campaignUrl() + "/campaigns/" + campaign);
            browser.awaitText("raised", "£0.00");
            browser.awaitText("donations", "0");
            String marker = "page-" + UUID.randomUUID();
            browser.script("window.__marker = '" + marker + "'"); // a reload would lose it

            stripe.send(checkout(campaign, 2500, "fay@example.org"));
            stripe.send(new StripeWebhookClient.Checkout(
                    "pi_e2e_" + UUID.randomUUID().toString().replace("-", ""),
                    campaign,
                    1000,
                    "GBP",
                    "Gil Donor",
                    "gil@example.org",
                    false,
                    true,
                    "For James"));

            browser.awaitText("raised", "£35.00");
            browser.awaitText("donations", "2");
            browser.awaitText("donors", "2");
            assertThat(browser.displayed("donors-stat")).as("the donors tile").isTrue();
            assertThat(browser.script("return window.__marker")).isEqualTo(marker);
            assertThat(browser.texts("#recent .who")).containsExactlyInAnyOrder("Ada Donor", "Anonymous");
            assertThat(browser.texts("#recent .message")).contains("Go James!", "For James");
            String name = getClass().getSimpleName().replace("EndToEndOn", "").replace("Test", "");
            System.out.println(
                    "Screenshots: " + browser.screenshot("dashboard-" + name + "-desktop", DashboardBrowser.DESKTOP)
                            + " " + browser.screenshot("dashboard-" + name + "-phone", DashboardBrowser.PHONE));
        }
    }

    /**
     * The docker-compose observability, proven on a real Prometheus: it scrapes the three services with
     * {@code ops/prometheus/prometheus.yml}, and every query of the provisioned Grafana dashboard is valid PromQL that
     * finds data once donations flow.
     */
    @Test
    void everyGrafanaPanelQueryFindsDataOnARealPrometheus() throws Exception {
        List<GrafanaDashboard.Query> queries = GrafanaDashboard.queries(
                stack.config().projectDir().resolve("ops/grafana/dashboards/giving-stream.json"));
        assertThat(queries).isNotEmpty();
        Duration scrapes = Duration.ofSeconds(90); // a 1m rate needs two scrapes after the first increment
        try (var prometheus = PrometheusServer.scraping(stack.config(), PATIENCE)) {
            String campaign = createCampaign();
            stripe.send(checkout(campaign, 1200, "hal@example.org"));
            stripe.send(checkout(campaign, 800, "ivy@example.org"));
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(raised(campaign)).isEqualTo(2000));
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(inbox("ivy@example.org")).hasSize(1));

            await().atMost(scrapes).untilAsserted(() -> {
                JsonNode targets = prometheus.targets();
                assertThat(targets).as("targets, see %s", prometheus.log()).hasSize(3);
                targets.forEach(target -> {
                    assertThat(target.path("labels").path("job").asString()).isEqualTo("giving-stream");
                    assertThat(target.path("health").asString())
                            .as(target.toString())
                            .isEqualTo("up");
                });
            });
            for (GrafanaDashboard.Query query : queries) {
                JsonNode first = prometheus.query(query.promql());
                assertThat(first.path("status").asString())
                        .as("%s is valid PromQL: %s", query, first)
                        .isEqualTo("success");
                await().atMost(scrapes)
                        .untilAsserted(() -> assertThat(prometheus
                                        .query(query.promql())
                                        .path("data")
                                        .path("result"))
                                .as("series of %s", query)
                                .isNotEmpty());
            }
        }
    }

    private String createCampaign() throws Exception {
        String id = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = new CampaignOpener(http, stack.config()).open("""
                {"id":"%s","title":"James's wish to walk","target":{"minorUnits":5000000,"currency":"GBP"}}""".formatted(id));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        organiserTokens.put(
                id, json.readTree(created.body()).path("organiserToken").asString());
        return id;
    }

    /** {@code POST /api/campaigns/{campaignAndAction}} (close, organiser-token) with an organiser's token. */
    private HttpResponse<String> organiserPost(String campaignAndAction, String token) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(stack.config().campaignUrl() + "/api/campaigns/" + campaignAndAction))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A cash entry at donation-service, as an organiser's tool sends it. */
    private HttpResponse<String> enterOffline(String campaign, String token, String idempotencyKey, long pence)
            throws Exception {
        String entry = """
                {"amount":{"minorUnits":%d,"currency":"GBP"},"kind":"cash","description":"Cake sale",\
                "receivedOn":"%s","giftAidEligible":false}""".formatted(pence, LocalDate.now(ZoneId.of("Europe/London")));
        return http.send(
                HttpRequest.newBuilder(URI.create(
                                stack.config().donationUrl() + "/api/campaigns/" + campaign + "/offline-donations"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .header("Idempotency-Key", idempotencyKey)
                        .POST(HttpRequest.BodyPublishers.ofString(entry))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static StripeWebhookClient.Checkout checkout(String campaign, long amount, String email) {
        return new StripeWebhookClient.Checkout(
                "pi_e2e_" + UUID.randomUUID().toString().replace("-", ""),
                campaign,
                amount,
                "GBP",
                "Ada Donor",
                email,
                true,
                false,
                "Go James!");
    }

    private long raised(String campaign) throws Exception {
        return summary(campaign).path("raised").path("minorUnits").asLong();
    }

    private JsonNode summary(String campaign) throws Exception {
        HttpResponse<String> response = get(stack.config().campaignUrl() + "/api/campaigns/" + campaign);
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** The messages GreenMail holds for one address, through its HTTP API (the local stack's mail viewer). */
    private JsonNode inbox(String email) throws Exception {
        HttpResponse<String> response = get(stack.config().mailApiUrl() + "/api/user/" + email + "/messages/INBOX");
        if (response.statusCode() == 404 || response.statusCode() == 400) {
            return json.readTree("[]"); // GreenMail creates the user on first delivery
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** {@code GET /api/donations/{id}} as support staff: with the local stack's ops token. */
    private HttpResponse<String> supportLookup(String donationId) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(stack.config().donationUrl() + "/api/donations/" + donationId))
                        .header("Authorization", "Bearer " + StackConfig.LOCAL_OPS_TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
