package org.givingstream.campaign.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.bson.Document;
import org.givingstream.campaign.CampaignServiceApplication;
import org.givingstream.campaign.CampaignServiceTest;
import org.givingstream.campaign.DonationTopic;
import org.givingstream.campaign.Donations;
import org.givingstream.campaign.Http;
import org.givingstream.campaign.Http.Response;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.givingstream.testinfra.Infrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rebuild and repair as background jobs, on real Kafka and MongoDB: a campaign of 100,000 donations (and 1,000
 * refunds) is counted live, its history and totals are lost, and a rebuild job brings back exactly the ledger's
 * totals — answered at once, followed by its progress, resumed by another instance when its own dies mid-way.
 */
class RebuildJobTest extends CampaignServiceTest {

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final String BEARER = "Bearer " + OPS_TOKEN;
    private static final int DONATIONS = 100_000;
    private static final int DONORS = 25_000;
    /** Every 100th donation is refunded in full. */
    private static final int REFUND_EVERY = 100;

    /** The big campaign, published and counted once for the whole class. */
    private static Ledger ledger;

    private final Http http;
    private final JobsApi jobs;
    private final JsonMapper json;
    private final MongoTemplate mongo;

    RebuildJobTest(@LocalServerPort int port, JsonMapper json, MongoTemplate mongo) {
        this.http = new Http(port, json);
        this.jobs = new JobsApi(http, OPS_TOKEN);
        this.json = json;
        this.mongo = mongo;
    }

    @AfterEach
    void noJobLeftRunning() {
        await().atMost(PATIENCE)
                .until(() -> mongo.getCollection("jobs").countDocuments(new Document("state", "RUNNING")) == 0);
    }

    @Test
    void aRebuildOfAHundredThousandDonationsAnswersAtOnceShowsProgressAndEndsWithTheLedgersTotals() {
        Ledger ledger = ledger();
        loseHistoryAndTotals(ledger.campaign);

        Response started = http.post("/api/campaigns/" + ledger.campaign + "/rebuild", "Authorization", BEARER);

        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        JsonNode job = started.json();
        assertThat(job.path("state").asString()).isEqualTo("running");
        assertThat(job.path("kind").asString()).isEqualTo("rebuild");
        assertThat(started.header("Location"))
                .isEqualTo(job.path("href").asString())
                .startsWith("/api/jobs/");

        // one at a time: neither another job on this campaign nor one on every campaign starts meanwhile
        Response repair =
                http.post("/api/campaigns/" + ledger.campaign + "/reconciliation/repair", "Authorization", BEARER);
        Response everything = http.post("/api/admin/rebuild", "Authorization", BEARER);
        for (Response refused : List.of(repair, everything)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.json().path("runningJob").asString())
                    .isEqualTo(job.path("href").asString());
        }

        List<JsonNode> seen = jobs.follow(job.path("href").asString());

        JsonNode done = seen.getLast();
        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("succeeded");
        assertThat(seen)
                .as("progress between start and end")
                .anySatisfy(s -> assertThat(s.path("progress").path("done").asLong())
                        .isPositive()
                        .isLessThan(s.path("progress").path("total").asLong()));
        assertThat(seen.stream()
                        .map(s -> s.path("progress").path("done").asLong())
                        .toList())
                .as("progress never goes back")
                .isSorted();
        assertThat(done.path("progress").path("done").asLong())
                .isEqualTo(done.path("progress").path("total").asLong());
        assertThat(done.path("outcome").path("eventsRecorded").asLong()).isEqualTo(ledger.events);
        assertThat(done.path("outcome").path("campaignsRepaired").asLong()).isEqualTo(1);
        assertThat(storedTotals(ledger.campaign)).isEqualTo(ledger.expected);
        assertThat(reconciliation(ledger.campaign).path("consistent").asBoolean())
                .isTrue();

        // the lock went with the job: the campaign takes a new one
        Response again =
                http.post("/api/campaigns/" + ledger.campaign + "/reconciliation/repair", "Authorization", BEARER);
        assertThat(again.status()).isEqualTo(202);
        JsonNode repaired = jobs.follow(again.json().path("href").asString()).getLast();
        assertThat(repaired.path("state").asString()).isEqualTo("succeeded");
        assertThat(repaired.path("outcome").path("repaired").asBoolean()).isFalse();
    }

    @Test
    void aJobWhoseInstanceDiesIsResumedByAnotherFromItsCheckpoint() {
        Ledger ledger = ledger();
        loseHistoryAndTotals(ledger.campaign);
        String href;
        long doneBeforeTheCrash;
        try (ConfigurableApplicationContext second = secondInstance()) {
            Http secondHttp = new Http(
                    ((WebServerApplicationContext) second).getWebServer().getPort(), json);
            Response started =
                    secondHttp.post("/api/campaigns/" + ledger.campaign + "/rebuild", "Authorization", BEARER);
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            href = started.json().path("href").asString();
            doneBeforeTheCrash = await().atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> jobs.job(href).path("progress").path("done").asLong(), done -> done > 0);
        } // the second instance stops here: it hands its job over at the last checkpoint (a crash leaves it silent
        //   until campaigns.jobs.stale-after instead; aJobLostMoreOftenThanAllowed... covers what a crash leaves)

        JsonNode orphaned = jobs.job(href);
        assertThat(orphaned.path("state").asString())
                .as("the fault landed mid-job")
                .isEqualTo("running");
        assertThat(orphaned.path("progress").path("done").asLong())
                .isLessThan(orphaned.path("progress").path("total").asLong());

        List<JsonNode> seen = jobs.follow(href);

        JsonNode done = seen.getLast();
        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.path("resumes").asInt()).isEqualTo(1);
        assertThat(done.path("resumedFrom").asLong())
                .as("taken over at its checkpoint")
                .isPositive();
        assertThat(seen)
                .as("resumed from its checkpoint, not from the start")
                .allSatisfy(s -> assertThat(s.path("progress").path("done").asLong())
                        .isGreaterThanOrEqualTo(doneBeforeTheCrash));
        assertThat(storedTotals(ledger.campaign)).isEqualTo(ledger.expected);
        assertThat(reconciliation(ledger.campaign).path("consistent").asBoolean())
                .isTrue();
    }

    @Test
    void aJobLostMoreOftenThanAllowedIsReportedFailedAndFreesItsCampaign() {
        String campaign = Donations.campaignId("lost-job");
        http.openCampaign(campaign, 10_000, "GBP");
        // what an instance leaves behind when it dies for the fourth time on the same job (max-resumes is 3)
        String id = leftBehind(
                Rebuild.KIND,
                campaign,
                "reading giving.donations.v1",
                10,
                100,
                3,
                Instant.now().minus(1, ChronoUnit.HOURS));

        JsonNode failed = await().atMost(PATIENCE)
                .until(
                        () -> jobs.job("/api/jobs/" + id),
                        j -> !j.path("state").asString().equals("running"));

        assertThat(failed.path("state").asString()).isEqualTo("failed");
        assertThat(failed.path("error").asString()).contains("lost 4 times").contains("10 of 100");
        Response next = http.post("/api/campaigns/" + campaign + "/rebuild", "Authorization", BEARER);
        assertThat(next.status()).as(next.toString()).isEqualTo(202);
        assertThat(jobs.follow(next.json().path("href").asString())
                        .getLast()
                        .path("state")
                        .asString())
                .isEqualTo("succeeded");
    }

    @Test
    void aJobWhoseInstanceCrashedIsTakenOverWhenItGoesSilent() {
        String campaign = Donations.campaignId("crashed-job");
        http.openCampaign(campaign, 10_000, "GBP");
        // what a crashed instance leaves behind: running, its heartbeat stopped a minute ago, its lock still held
        String id = leftBehind(
                Repair.KIND, campaign, "repairing", 0, 1, 0, Instant.now().minus(1, ChronoUnit.MINUTES));

        JsonNode done = jobs.follow("/api/jobs/" + id).getLast();

        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.path("resumes").asInt()).isEqualTo(1);
        assertThat(done.path("outcome").path("campaignId").asString()).isEqualTo(campaign);
        assertThat(mongo.getCollection("jobs")
                        .find(new Document("_id", id))
                        .first()
                        .getInteger("losses"))
                .as("a crash counts against max-resumes")
                .isEqualTo(1);
        assertThat(mongo.getCollection("job_locks").countDocuments(new Document("_id", "campaign:" + campaign)))
                .as("its lock went with it")
                .isZero();
    }

    @Test
    void jobsWantTheOpsTokenAndUnknownOnesAreNotFound() {
        Response anonymous = http.get("/api/jobs/" + UUID.randomUUID());
        Response rebuild = http.post("/api/campaigns/whatever/rebuild", "Authorization", "Bearer wrong-token-123456");
        for (Response refused : List.of(anonymous, rebuild)) {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        }
        Response unknownJob = http.get("/api/jobs/" + UUID.randomUUID(), "Authorization", BEARER);
        Response unknownCampaign =
                http.post("/api/campaigns/no-such-" + UUID.randomUUID() + "/rebuild", "Authorization", BEARER);
        assertThat(unknownJob.status()).isEqualTo(404);
        assertThat(unknownJob.json().path("type").asString()).isEqualTo("urn:giving-stream:problem:job-not-found");
        assertThat(unknownCampaign.status()).isEqualTo(404);
        assertThat(mongo.getCollection("jobs")
                        .countDocuments(new Document("campaignId", new Document("$regex", "^no-such-"))))
                .isZero();
    }

    private JsonNode reconciliation(String campaign) {
        Response response = http.get("/api/campaigns/" + campaign + "/reconciliation", "Authorization", BEARER);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    /**
     * A running job, and its campaign's lock, as a run that is gone leaves them: silent since {@code lastWrite}.
     *
     * @param losses how many crashes it has already survived
     * @return the job's id
     */
    private String leftBehind(
            String kind, String campaign, String phase, long done, long total, int losses, Instant lastWrite) {
        String id = UUID.randomUUID().toString();
        Date at = Date.from(lastWrite);
        mongo.getCollection("jobs")
                .insertOne(new Document("_id", id)
                        .append("kind", kind)
                        .append("campaignId", campaign)
                        .append("state", "RUNNING")
                        .append("phase", phase)
                        .append("done", done)
                        .append("total", total)
                        .append("resumes", losses)
                        .append("losses", losses)
                        .append("resumedFrom", done)
                        .append("handedOver", false)
                        .append("owner", "a-run-that-is-gone")
                        .append("createdAt", at)
                        .append("updatedAt", at)
                        .append("saved", new Document()));
        mongo.getCollection("job_locks").insertOne(new Document("_id", "campaign:" + campaign).append("jobId", id));
        return id;
    }

    /** The totals fields this test computes by hand, as the campaign document stores them now. */
    private Map<String, Long> storedTotals(String campaign) {
        Document stored = mongo.getCollection("campaigns")
                .find(new Document("_id", campaign))
                .first();
        Map<String, Long> totals = new TreeMap<>();
        totals.put("raised", gbp(stored, "raisedByCurrency"));
        totals.put("refunded", gbp(stored, "refundedByCurrency"));
        totals.put("giftAid", gbp(stored, "giftAidByCurrency"));
        totals.put("donations", number(stored.get("donationCount")));
        totals.put("donors", number(stored.get("donorCount")));
        return totals;
    }

    private static long gbp(Document campaign, String byCurrency) {
        Document amounts = campaign.get(byCurrency, Document.class);
        return amounts == null ? 0 : number(amounts.get("GBP"));
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** History and donors gone, totals wrong: what a rebuild is for. */
    private void loseHistoryAndTotals(String campaign) {
        mongo.getCollection("campaign_history").deleteMany(new Document("campaignId", campaign));
        mongo.getCollection("campaign_donors").deleteMany(new Document("campaignId", campaign));
        mongo.getCollection("campaigns")
                .updateOne(
                        new Document("_id", campaign),
                        new Document(
                                "$set",
                                new Document("raisedByCurrency.GBP", 7L)
                                        .append("donationCount", 1L)
                                        .append("donorCount", 0L)));
        assertThat(storedTotals(campaign)).isNotEqualTo(ledger.expected);
    }

    private ConfigurableApplicationContext secondInstance() {
        Stream<String> jobs = JOBS.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue());
        Stream<String> own = Stream.of(
                "--server.port=0",
                "--management.server.port=0",
                // it runs jobs only: the live totals stay with the first instance, without a rebalance
                "--spring.cloud.stream.bindings.applyDonation-in-0.consumer.auto-startup=false",
                "--campaigns.ops.token=" + OPS_TOKEN);
        return new SpringApplicationBuilder(CampaignServiceApplication.class)
                .run(Stream.of(Infrastructure.shared().arguments(DATABASE).stream(), own, jobs)
                        .flatMap(arguments -> arguments)
                        .toArray(String[]::new));
    }

    /**
     * 100,000 donations from 25,000 donors (a quarter with Gift Aid), every 100th refunded, published as
     * donation-service would and counted by the live consumer; {@code expected} is worked out here from the events.
     */
    private synchronized Ledger ledger() {
        if (ledger != null) {
            return ledger;
        }
        String campaign = Donations.campaignId("rebuild-100k");
        http.openCampaign(campaign, 10_000_000, "GBP");
        List<DonationEvent> events = new ArrayList<>(DONATIONS + DONATIONS / REFUND_EVERY);
        long raised = 0;
        long refunded = 0;
        long giftAid = 0;
        Set<String> donors = new HashSet<>();
        Instant at = Donations.now();
        for (int i = 0; i < DONATIONS; i++) {
            long amount = 100 + (i % 97) * 25;
            boolean withGiftAid = i % 4 == 0;
            String email = "donor-" + (i % DONORS) + "@example.org";
            DonationEvent received = Donations.event(
                    DonationEventTypes.RECEIVED,
                    campaign,
                    Money.of(amount, "GBP"),
                    withGiftAid,
                    new Donor("Donor " + (i % DONORS), email, false),
                    null,
                    at);
            events.add(received);
            raised += amount;
            giftAid += withGiftAid ? amount : 0;
            donors.add(email);
            if (i % REFUND_EVERY == 0) {
                events.add(new DonationEvent(
                        UUID.randomUUID().toString(),
                        DonationEventTypes.REFUNDED,
                        received.schemaVersion(),
                        at,
                        received.donationId(),
                        campaign,
                        received.amount(),
                        withGiftAid,
                        received.donor(),
                        null,
                        received.source(),
                        "re_" + i));
                raised -= amount;
                refunded += amount;
                giftAid -= withGiftAid ? amount : 0;
            }
        }
        Map<String, Long> expected = new TreeMap<>(Map.of(
                "raised",
                raised,
                "refunded",
                refunded,
                "giftAid",
                giftAid,
                "donations",
                (long) DONATIONS,
                "donors",
                (long) donors.size()));
        try (DonationTopic topic = new DonationTopic(json)) {
            topic.publishAll(events);
        }
        await().atMost(PATIENCE).until(() -> storedTotals(campaign), expected::equals);
        ledger = new Ledger(campaign, events.size(), Map.copyOf(expected));
        return ledger;
    }

    /** @param events how many were published (donations and refunds) */
    private record Ledger(String campaign, int events, Map<String, Long> expected) {}
}
