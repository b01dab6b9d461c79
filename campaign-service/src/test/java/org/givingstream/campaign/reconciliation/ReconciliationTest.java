package org.givingstream.campaign.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.bson.Document;
import org.givingstream.campaign.CampaignServiceTest;
import org.givingstream.campaign.DonationTopic;
import org.givingstream.campaign.Donations;
import org.givingstream.campaign.Http;
import org.givingstream.campaign.Http.Response;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Stored totals against the history, through the operators' HTTP endpoints, on real Kafka and MongoDB. */
class ReconciliationTest extends CampaignServiceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String BEARER = "Bearer " + OPS_TOKEN;

    private final Http http;
    private final JobsApi jobs;
    private final DonationTopic topic;
    private final MongoTemplate mongo;

    ReconciliationTest(@LocalServerPort int port, JsonMapper json, MongoTemplate mongo) {
        this.http = new Http(port, json);
        this.jobs = new JobsApi(http, OPS_TOKEN);
        this.topic = new DonationTopic(json);
        this.mongo = mongo;
    }

    @AfterEach
    void closeProducer() {
        topic.close();
    }

    @Test
    void aCorruptedTotalIsFoundAndRepaired() {
        String campaign = campaignWithDonations("reconcile");
        assertThat(reconciliation(campaign).path("consistent").asBoolean()).isTrue();

        // corruption behind the service's back: raised and the donor count no longer match the events
        mongo.getCollection("campaigns")
                .updateOne(
                        new Document("_id", campaign),
                        new Document("$set", new Document("raisedByCurrency.GBP", 1L).append("donorCount", 9L)));

        JsonNode report = reconciliation(campaign);
        assertThat(report.path("consistent").asBoolean()).isFalse();
        assertThat(report.path("differences")
                        .valueStream()
                        .map(d -> d.path("field").asString() + " "
                                + d.path("stored").asLong() + " "
                                + d.path("recomputed").asLong()))
                .containsExactlyInAnyOrder("raisedByCurrency.GBP 1 3500", "donorCount 9 2");

        JsonNode repaired = jobs.run("/api/campaigns/" + campaign + "/reconciliation/repair");

        assertThat(repaired.path("state").asString()).as(repaired.toString()).isEqualTo("succeeded");
        assertThat(repaired.path("outcome").path("repaired").asBoolean()).isTrue();
        assertThat(repaired.path("outcome")
                        .path("differences")
                        .valueStream()
                        .map(d -> d.path("field").asString()))
                .containsExactlyInAnyOrder("raisedByCurrency.GBP", "donorCount");
        assertThat(reconciliation(campaign).path("consistent").asBoolean()).isTrue();
        JsonNode summary = http.summary(campaign);
        assertThat(summary.path("raised").path("minorUnits").asLong()).isEqualTo(3_500);
        assertThat(summary.path("donorCount").asLong()).isEqualTo(2);

        // and the consumer goes on counting on top of the repaired totals
        topic.publish(Donations.received(campaign, 500, "GBP"));
        await().atMost(PATIENCE)
                .until(() ->
                        http.summary(campaign).path("raised").path("minorUnits").asLong() == 4_000);
        assertThat(reconciliation(campaign).path("consistent").asBoolean()).isTrue();
    }

    @Test
    void aRebuildFromTheTopicRestoresLostHistoryAndTotals() {
        String campaign = campaignWithDonations("rebuild");
        mongo.getCollection("campaign_history").deleteMany(new Document("campaignId", campaign));
        mongo.getCollection("campaign_donors").deleteMany(new Document("campaignId", campaign));
        mongo.getCollection("campaigns")
                .updateOne(
                        new Document("_id", campaign),
                        new Document("$set", new Document("raisedByCurrency.GBP", 0L).append("donationCount", 0L)));

        JsonNode rebuilt = jobs.run("/api/admin/rebuild");

        assertThat(rebuilt.path("state").asString()).as(rebuilt.toString()).isEqualTo("succeeded");
        assertThat(rebuilt.path("campaignId").isNull()).isTrue();
        assertThat(rebuilt.path("outcome").path("campaignsRepaired").asLong()).isPositive();
        JsonNode summary = http.summary(campaign);
        assertThat(summary.path("raised").path("minorUnits").asLong()).isEqualTo(3_500);
        assertThat(summary.path("donationCount").asLong()).isEqualTo(3);
        assertThat(summary.path("refunded").path("minorUnits").asLong()).isEqualTo(500);
        assertThat(summary.path("donorCount").asLong()).isEqualTo(2);
        assertThat(mongo.getCollection("campaign_history").countDocuments(new Document("campaignId", campaign)))
                .isEqualTo(4);
        assertThat(reconciliation(campaign).path("consistent").asBoolean()).isTrue();
    }

    @Test
    void theOperatorEndpointsWantTheOpsToken() {
        String campaign = Donations.campaignId("ops-auth");
        http.openCampaign(campaign, 10_000, "GBP");

        Response none = http.get("/api/campaigns/" + campaign + "/reconciliation");
        Response wrong = http.post(
                "/api/campaigns/" + campaign + "/reconciliation/repair",
                "Authorization",
                "Bearer not-the-token-at-all");
        Response rebuild = http.post("/api/admin/rebuild", "Authorization", "Basic " + OPS_TOKEN);

        for (Response refused : new Response[] {none, wrong, rebuild}) {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(refused.json().path("type").asString()).isEqualTo("urn:giving-stream:problem:unauthorized");
            assertThat(refused.body()).doesNotContain(OPS_TOKEN);
        }
        Response unknown = http.get("/api/campaigns/nope-" + campaign + "/reconciliation", "Authorization", BEARER);
        assertThat(unknown.status()).isEqualTo(404);
    }

    /** 1000 + 2000 + 1000 by two donors (one twice), then 500 refunded: raised 3500. */
    private String campaignWithDonations(String prefix) {
        String campaign = Donations.campaignId(prefix);
        http.openCampaign(campaign, 10_000, "GBP");
        DonationEvent first = donation(campaign, 1_000, "ann@example.org");
        topic.publish(first);
        topic.publish(donation(campaign, 2_000, "bo@example.org"));
        topic.publish(donation(campaign, 1_000, "ann@example.org"));
        topic.publish(new DonationEvent(
                java.util.UUID.randomUUID().toString(),
                DonationEventTypes.REFUNDED,
                first.schemaVersion(),
                first.occurredAt(),
                first.donationId(),
                campaign,
                Money.of(500, "GBP"),
                false,
                first.donor(),
                null,
                first.source(),
                "re_1"));
        await().atMost(PATIENCE)
                .until(
                        () -> http.summary(campaign),
                        s -> s.path("refunded").path("minorUnits").asLong() == 500);
        return campaign;
    }

    private static DonationEvent donation(String campaign, long amount, String email) {
        return Donations.event(
                DonationEventTypes.RECEIVED,
                campaign,
                Money.of(amount, "GBP"),
                false,
                new Donor("Someone", email, false),
                null,
                Donations.now());
    }

    private JsonNode reconciliation(String campaign) {
        Response response = http.get("/api/campaigns/" + campaign + "/reconciliation", "Authorization", BEARER);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }
}
