package org.givingstream.donation.justgiving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.givingstream.contracts.Topics;
import org.givingstream.donation.DonationServiceTestSupport;
import org.givingstream.donation.ledger.Donation;
import org.givingstream.testinfra.Infrastructure;
import org.givingstream.testinfra.TopicReader;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JustGiving poller against a stand-in API ({@link JustGivingStub}), on real Kafka and MongoDB: each donation
 * of a page reaches the ledger once, whatever the polls, the pages shifting under them, failures and a second poller.
 */
class JustGivingPollerTest extends DonationServiceTestSupport {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String CAMPAIGN = "james-wish";
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 100);

    private final JustGivingStub stub = JustGivingStub.shared();

    @Autowired
    JsonMapper json;

    @Autowired
    JustGivingProperties properties;

    @Autowired
    PageStore pages;

    @Autowired
    PagePoll poll;

    @Autowired
    PageCheck check;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Clock clock;

    @Test
    void eachDonationOfAPageIsCountedOnceAcrossPollsAndASecondPoller() throws Exception {
        String page = page();
        List<Map<String, Object>> donations = donations(7);
        stub.serveSlowly(page, donations, 200); // slow enough for the two pollers to try at the same time
        stub.totals(page, sum(donations));
        // a second instance's poller: its own workers and memory, the same MongoDB (ShedLock) and Kafka
        var second = new JustGivingPoller(properties, pages, poll, check, mongo, meters, clock);
        try {
            assertThat(attach(page).statusCode()).isEqualTo(201);
            for (int i = 0; i < 20; i++) {
                second.pollDuePages();
                Thread.sleep(100);
            }
            List<String> ids = idsOf(donations);
            ids.forEach(id -> awaitDonation(id, d -> true));
            awaitPolls(page, 3); // and more polls after everything was read

            for (String id : ids) {
                assertThat(appendedToIntake(id)).as("intake records of " + id).hasSize(1);
            }
            List<java.time.Instant> requests = stub.requestTimes(page);
            for (int i = 1; i < requests.size(); i++) {
                assertThat(Duration.between(requests.get(i - 1), requests.get(i)))
                        .as("one poller at a time: each request waits for the 200 ms answer before it")
                        .isGreaterThanOrEqualTo(Duration.ofMillis(150));
            }
            assertThat(mongo.getCollection("donations")
                            .countDocuments(new Document("payment.source", "justgiving")
                                    .append("_id", new Document("$in", ids))))
                    .isEqualTo(7);
            Donation first = mongo.findById(ids.getFirst(), Donation.class);
            assertThat(first.payment().amount().minorUnits()).isEqualTo(1_000);
            assertThat(first.payment().donor().email())
                    .as("JustGiving thanks its own donors")
                    .isNull();
            assertThat(first.payment().donor().anonymous()).isFalse();
            Donation anonymous = mongo.findById(ids.get(1), Donation.class);
            assertThat(anonymous.payment().donor().anonymous()).isTrue();
            assertThat(first.payment().giftAid()).isTrue();
        } finally {
            second.stop();
        }
    }

    @Test
    void donationsArrivingBetweenPageReadsAreNeitherSkippedNorDoubled() throws Exception {
        String page = page();
        List<Map<String, Object>> older = donations(10);
        List<Map<String, Object>> newer = new ArrayList<>(donations(2));
        newer.addAll(older); // newest first: two arrive on top while the first read is under way
        stub.serveThenShift(page, older, newer);
        stub.totals(page, sum(newer));

        assertThat(attach(page).statusCode()).isEqualTo(201);

        List<String> ids = idsOf(newer);
        ids.forEach(id -> awaitDonation(id, d -> true));
        awaitPolls(page, 3);
        for (String id : ids) {
            assertThat(appendedToIntake(id)).as("intake records of " + id).hasSize(1);
        }
        // the first read met the shifted pages (2: d9..d7 after the arrival) and went on to the oldest
        assertThat(stub.pageNumsRequested(page)).startsWith(1, 2, 3, 4);
    }

    @Test
    void aPollThatMeetsItsOwnDonationsAgainAfterNewArrivalsReadsOn() throws Exception {
        String page = page();
        List<Map<String, Object>> old = donations(10);
        stub.serve(page, old);
        // no totals for this page: the reconciliation's read-through would hide what this test looks for
        assertThat(attach(page).statusCode()).isEqualTo(201);
        idsOf(old).forEach(id -> awaitDonation(id, d -> true));
        await().atMost(PATIENCE)
                .until(() -> !pageView(page).path("readingThrough").asBoolean());

        // seven arrive; while a poll reads their first page, three more arrive and push those three to page 2: it
        // holds only donations met in this very poll, which must not end it (the other four are further on)
        List<Map<String, Object>> seven = new ArrayList<>(donations(7));
        seven.addAll(old);
        List<Map<String, Object>> ten = new ArrayList<>(donations(3));
        ten.addAll(seven);
        stub.serveThenShift(page, seven, ten);

        List<String> ids = idsOf(ten);
        ids.forEach(id -> await().atMost(PATIENCE).until(() -> mongo.findById(id, Donation.class) != null));
        awaitPolls(page, 2);
        for (String id : ids) {
            assertThat(appendedToIntake(id)).as("intake records of " + id).hasSize(1);
        }
    }

    @Test
    void aLongFirstReadGoesOnFromItsStoredCursorAcrossPolls() throws Exception {
        String page = page();
        // 70 donations in pages of 3: 24 pages, more than one poll may read (max-pages-per-poll 20)
        List<Map<String, Object>> donations = donations(70);
        stub.serve(page, donations);
        stub.totals(page, sum(donations));

        assertThat(attach(page).statusCode()).isEqualTo(201);

        List<String> ids = idsOf(donations);
        ids.forEach(id -> await().atMost(PATIENCE).until(() -> mongo.findById(id, Donation.class) != null));
        for (String id : List.of(ids.getFirst(), ids.get(35), ids.getLast())) {
            assertThat(appendedToIntake(id)).as("intake records of " + id).hasSize(1);
        }
        assertThat(mongo.getCollection("donations").countDocuments(new Document("_id", new Document("$in", ids))))
                .isEqualTo(70);
        // the first poll stopped after page 20 with its cursor in MongoDB (any poller, here or after a restart,
        // reads it from there): the next one went on from page 20, not from page 1
        List<Integer> requested = stub.pageNumsRequested(page);
        assertThat(requested.subList(0, 22))
                .isEqualTo(IntStream.concat(IntStream.rangeClosed(1, 20), IntStream.of(20, 21))
                        .boxed()
                        .toList());
    }

    @Test
    void rateLimitsAndServerErrorsAreBackedOffWithoutLosingTheCursor() throws Exception {
        String page = page();
        List<Map<String, Object>> donations = donations(9);
        stub.failOnce(page, donations, 3, 429, 2);
        stub.totals(page, sum(donations));

        assertThat(attach(page).statusCode()).isEqualTo(201);

        JsonNode failed = await().atMost(PATIENCE)
                .until(() -> pageView(page), v -> v.path("lastError").isString());
        assertThat(failed.path("lastError").asString()).contains("429");
        assertThat(failed.path("readingThrough").asBoolean())
                .as("the cursor stays")
                .isTrue();
        assertThat(Duration.between(instant(failed, "lastPolledAt"), instant(failed, "nextPollAt")))
                .as("Retry-After: 2 honoured")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));

        List<String> ids = idsOf(donations);
        ids.forEach(id -> await().atMost(PATIENCE).until(() -> mongo.findById(id, Donation.class) != null));
        for (String id : ids) {
            assertThat(appendedToIntake(id)).as("intake records of " + id).hasSize(1);
        }
        // pages 1, 2, then 3 refused; the next poll went on from page 2, not from page 1
        assertThat(stub.pageNumsRequested(page)).startsWith(1, 2, 3, 2, 3);

        String broken = page();
        List<Map<String, Object>> more = donations(4);
        stub.failOnce(broken, more, 1, 500, null);
        stub.totals(broken, sum(more));
        assertThat(attach(broken).statusCode()).isEqualTo(201);
        idsOf(more).forEach(id -> await().atMost(PATIENCE).until(() -> mongo.findById(id, Donation.class) != null));
        await().atMost(PATIENCE).until(() -> pageView(broken).path("lastError").isNull());
        assertThat(stub.pageNumsRequested(broken)).startsWith(1, 1, 2);
    }

    @Test
    void aPageWhoseTotalDisagreesWithOurCountIsReadAgainThenReported() throws Exception {
        String page = page();
        List<Map<String, Object>> donations = new ArrayList<>(donations(4));
        stub.serve(page, donations);
        stub.totals(page, sum(donations)); // 40.60

        assertThat(attach(page).statusCode()).isEqualTo(201);
        await().atMost(PATIENCE)
                .until(() -> pageView(page).path("lastCheck").path("agrees").asBoolean());

        // a donation shows up late, deep in the list (older than those read): polls that stop at a page of donations
        // already seen miss it, the page's total does not, and the page is read through again
        List<Map<String, Object>> late = donations(1);
        donations.addAll(late);
        stub.serve(page, donations);
        stub.totals(page, sum(donations)); // 50.60
        int requestsBefore = stub.pageNumsRequested(page).size();
        String lateId = idsOf(late).getFirst();
        await().atMost(PATIENCE).until(() -> mongo.findById(lateId, Donation.class) != null);
        assertThat(stub.pageNumsRequested(page)
                        .subList(requestsBefore, stub.pageNumsRequested(page).size()))
                .as("read through again to the page holding the late donation")
                .contains(2);
        await().atMost(PATIENCE)
                .until(() -> pageView(page)
                                .path("lastCheck")
                                .path("ours")
                                .path("minorUnits")
                                .asLong()
                        == 5_060);
        assertThat(pageView(page).path("lastCheck").path("agrees").asBoolean()).isTrue();

        // a difference that reading everything again does not explain is reported
        stub.totals(page, "65.50");
        JsonNode differs = await().atMost(PATIENCE)
                .until(
                        () -> pageView(page),
                        v -> !v.path("lastCheck").path("agrees").asBoolean());
        assertThat(differs.path("lastCheck").path("theirs").path("minorUnits").asLong())
                .isEqualTo(6_550);
        assertThat(differs.path("lastCheck").path("ours").path("minorUnits").asLong())
                .isEqualTo(5_060);
        List<ConsumerRecord<String, String>> published = TopicReader.read(
                Infrastructure.shared().kafkaBootstrapServers(),
                Topics.SOURCE_CHECKS,
                r -> r.value().contains("\"page\":\"" + page + "\"")
                        && r.value().contains("\"agrees\":false"),
                found -> !found.isEmpty(),
                PATIENCE);
        assertThat(published).hasSize(1);
        assertThat(published.getFirst().key()).isEqualTo(CAMPAIGN);
        JsonNode event = json.readTree(published.getFirst().value());
        assertThat(event.path("source").asString()).isEqualTo("justgiving");
        assertThat(event.path("theirs").path("minorUnits").asLong()).isEqualTo(6_550);
        assertThat(event.path("ours").path("minorUnits").asLong()).isEqualTo(5_060);
        assertThat(meters.counter("donations.justgiving.checks", "agrees", "false")
                        .count())
                .isPositive();
    }

    @Test
    void onlyTheCampaignsOrganiserAttachesPagesAndAPageCountsForOneCampaign() throws Exception {
        String page = page();
        stub.serve(page, List.of());
        assertThat(put("/api/campaigns/" + CAMPAIGN + "/justgiving-pages/" + page, null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(put("/api/campaigns/" + CAMPAIGN + "/justgiving-pages/" + page, organiserTokenOf("cake-fair"))
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> hostile =
                put("/api/campaigns/" + CAMPAIGN + "/justgiving-pages/..%2Fadmin", organiserTokenOf(CAMPAIGN));
        assertThat(hostile.statusCode()).isIn(400, 404);
        HttpResponse<String> tooLong =
                put("/api/campaigns/" + CAMPAIGN + "/justgiving-pages/" + "a".repeat(101), organiserTokenOf(CAMPAIGN));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(pages.find(page)).isNull();

        assertThat(attach(page).statusCode()).isEqualTo(201);
        assertThat(attach(page).statusCode())
                .as("attaching again changes nothing")
                .isEqualTo(200);
        HttpResponse<String> taken =
                put("/api/campaigns/cake-fair/justgiving-pages/" + page, organiserTokenOf("cake-fair"));
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(pages.find(page).campaignId()).isEqualTo(CAMPAIGN);
    }

    private HttpResponse<String> attach(String page) throws Exception {
        return put("/api/campaigns/" + CAMPAIGN + "/justgiving-pages/" + page, organiserTokenOf(CAMPAIGN));
    }

    private HttpResponse<String> put(String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .PUT(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode pageView(String page) throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(URI.create(
                                "http://localhost:" + port + "/api/campaigns/" + CAMPAIGN + "/justgiving-pages"))
                        .header("Authorization", "Bearer " + organiserTokenOf(CAMPAIGN))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        for (JsonNode view : json.readTree(response.body())) {
            if (view.path("shortName").asString().equals(page)) {
                return view;
            }
        }
        throw new AssertionError("page " + page + " not listed: " + response.body());
    }

    /** Waits until the page has been polled {@code more} more times than now. */
    private void awaitPolls(String page, int more) {
        int before = stub.pageNumsRequested(page).size();
        await().atMost(PATIENCE).until(() -> stub.pageNumsRequested(page).size() >= before + more);
    }

    private static java.time.Instant instant(JsonNode view, String field) {
        return java.time.Instant.parse(view.path(field).asString());
    }

    private static String page() {
        return "james-page-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Newest first; every other donor anonymous; amounts 10.00, 10.10, 10.20... (the first with Gift Aid). */
    private static List<Map<String, Object>> donations(int count) {
        long first = IDS.getAndAdd(count);
        return IntStream.range(0, count)
                .mapToObj(i -> JustGivingStub.donation(
                        first + count - i,
                        new java.math.BigDecimal("10.00").add(new java.math.BigDecimal(i).movePointLeft(1)),
                        i % 2 == 0 ? "Donor " + i : null,
                        i == 0))
                .toList();
    }

    /** The donations' total as JustGiving writes it, e.g. "40.60". */
    private static String sum(List<Map<String, Object>> donations) {
        return donations.stream()
                .map(d -> new java.math.BigDecimal(d.get("amount").toString()))
                .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add)
                .setScale(2)
                .toPlainString();
    }

    private static List<String> idsOf(List<Map<String, Object>> donations) {
        return donations.stream().map(d -> "justgiving:" + d.get("id")).toList();
    }
}
