package org.givingstream.campaign.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.bson.Document;
import org.givingstream.campaign.CampaignServiceTest;
import org.givingstream.campaign.DonationTopic;
import org.givingstream.campaign.Donations;
import org.givingstream.campaign.Http;
import org.givingstream.campaign.Http.Response;
import org.givingstream.contracts.Topics;
import org.givingstream.testinfra.Infrastructure;
import org.givingstream.testinfra.TopicReader;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The organiser's side of the API: a token handed out once, then changes and closing only with that token. */
class OrganiserApiTest extends CampaignServiceTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    private final Http http;
    private final MongoTemplate mongo;
    private final JsonMapper json;

    OrganiserApiTest(@LocalServerPort int port, MongoTemplate mongo, JsonMapper json) {
        this.http = new Http(port, json);
        this.mongo = mongo;
        this.json = json;
    }

    @Test
    void openingHandsOutATokenOnceAndKeepsOnlyItsHash() {
        String id = Donations.campaignId("token");
        LocalDate endDate = LocalDate.now().plusDays(30);
        Response created = http.postJson("/api/campaigns", """
                {"id": "%s", "title": "Token", "target": {"minorUnits": 1000, "currency": "GBP"}, "endDate": "%s"}
                """.formatted(id, endDate));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Cache-Control")).isEqualTo("no-store");
        String token = created.json().path("organiserToken").asString();
        assertThat(token).matches("[A-Za-z0-9_-]{43}"); // 256 bits, URL-safe base64 without padding
        assertThat(created.json().path("id").asString()).isEqualTo(id);
        assertThat(created.json().path("endDate").asString()).isEqualTo(endDate.toString());

        Document stored = mongo.findById(id, Document.class, "campaigns");
        assertThat(stored.getString("organiserTokenHash")).isEqualTo(new OrganiserToken(token).hash());
        assertThat(stored.toJson()).doesNotContain(token);
        // midnight UTC, whatever the JVM's zone
        assertThat(stored.getDate("endDate").toInstant()).isEqualTo(endDate.atStartOfDay(ZoneOffset.UTC).toInstant());

        Response summary = http.get("/api/campaigns/" + id);
        assertThat(summary.body()).doesNotContain(token).doesNotContain(new OrganiserToken(token).hash());
        assertThat(summary.json().has("organiserToken")).isFalse();
        assertThat(summary.json().path("endDate").asString()).isEqualTo(endDate.toString());
    }

    @Test
    void theOrganiserChangesTheCampaignAndTheNewRevisionIsAnnounced() {
        String id = Donations.campaignId("change");
        String token = http.openCampaign(id, 10_000, "GBP");
        http.summary(id); // cached now: the change must still show at once
        LocalDate endDate = LocalDate.now().plusDays(7);

        Response changed = http.patchJson("/api/campaigns/" + id, token, """
                {"title": " Bigger roof ", "target": {"minorUnits": 20000, "currency": "EUR"},
                 "organiserName": "Otto", "endDate": "%s"}
                """.formatted(endDate));

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().path("title").asString()).isEqualTo("Bigger roof");
        JsonNode summary = http.summary(id);
        assertThat(summary.path("title").asString()).isEqualTo("Bigger roof");
        assertThat(summary.path("story").asString()).isEqualTo("A test campaign"); // absent: unchanged
        assertThat(summary.path("target").path("minorUnits").asLong()).isEqualTo(20000);
        assertThat(summary.path("target").path("currency").asString()).isEqualTo("EUR");
        assertThat(summary.path("endDate").asString()).isEqualTo(endDate.toString());
        JsonNode event = announced(id, 2);
        assertThat(event.path("type").asString()).isEqualTo("campaign.changed");
        assertThat(event.path("title").asString()).isEqualTo("Bigger roof");
        assertThat(event.path("organiserName").asString()).isEqualTo("Otto");
        assertThat(event.path("organiserEmail").asString()).isEqualTo("olive@example.org");
        assertThat(event.path("endDate").asString()).isEqualTo(endDate.toString());
        assertThat(event.path("target").path("currency").asString()).isEqualTo("EUR");
    }

    @Test
    void withoutATokenTheAnswerIsUnauthorisedBeforeTheBodyIsLookedAt() {
        String id = Donations.campaignId("no-token");
        http.openCampaign(id, 10_000, "GBP");

        Response patch = http.patchJson("/api/campaigns/" + id, null, "{\"title\": \" \"}");
        Response close = http.post("/api/campaigns/" + id + "/close", null);
        Response wrongScheme = http.patchJsonWithAuthorization(
                "/api/campaigns/" + id, "Basic b2xpdmU6c2VjcmV0", "{\"title\": \"x\"}");
        Response emptyBearer = http.patchJsonWithAuthorization("/api/campaigns/" + id, "Bearer ", "{}");

        for (Response refused : List.of(patch, close, wrongScheme, emptyBearer)) {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(refused.header("Content-Type")).startsWith(PROBLEM_JSON);
            assertThat(refused.json().path("type").asString())
                    .isEqualTo("urn:giving-stream:problem:organiser-token-missing");
        }
        assertThat(http.summary(id).path("status").asString()).isEqualTo("OPEN");
        assertThat(revisionOf(id)).isEqualTo(1);
    }

    @Test
    void anotherCampaignsTokenIsForbiddenAndChangesNothing() {
        String mine = Donations.campaignId("mine");
        String theirs = Donations.campaignId("theirs");
        http.openCampaign(mine, 10_000, "GBP");
        String theirToken = http.openCampaign(theirs, 10_000, "GBP");

        Response patch = http.patchJson("/api/campaigns/" + mine, theirToken, "{\"title\": \"Hijacked\"}");
        Response close = http.post("/api/campaigns/" + mine + "/close", theirToken);

        for (Response refused : List.of(patch, close)) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.header("Content-Type")).startsWith(PROBLEM_JSON);
            assertThat(refused.json().path("type").asString()).isEqualTo("urn:giving-stream:problem:not-the-organiser");
        }
        JsonNode untouched = http.summary(mine);
        assertThat(untouched.path("title").asString()).isEqualTo("Campaign " + mine);
        assertThat(untouched.path("status").asString()).isEqualTo("OPEN");
        assertThat(revisionOf(mine)).isEqualTo(1);
    }

    @Test
    void invalidChangesAreAllListedInOneValidationProblem() {
        String id = Donations.campaignId("invalid");
        String token = http.openCampaign(id, 10_000, "GBP");

        Response refused = http.patchJson("/api/campaigns/" + id, token, """
                {"title": "  ", "target": {"minorUnits": 0, "currency": "gbp"},
                 "organiserEmail": "not-an-email", "endDate": "2001-01-01"}
                """);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith(PROBLEM_JSON);
        assertThat(refused.json().path("type").asString()).isEqualTo("urn:giving-stream:problem:validation");
        List<String> fields = refused.json().path("errors").valueStream()
                .map(error -> error.path("field").asString())
                .toList();
        assertThat(fields).containsExactlyInAnyOrder(
                "title", "target.minorUnits", "target.currency", "organiserEmail", "endDate");
        assertThat(revisionOf(id)).isEqualTo(1);
    }

    @Test
    void anEndDateInThePastIsRefusedWhenOpening() {
        Response refused = http.postJson("/api/campaigns", """
                {"title": "Late", "target": {"minorUnits": 100, "currency": "GBP"}, "endDate": "2001-01-01"}
                """);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo("endDate");
    }

    @Test
    void aClosedCampaignIsReadOnlyAndClosingAgainChangesNothing() {
        String id = Donations.campaignId("close");
        String token = http.openCampaign(id, 10_000, "GBP");

        Response closed = http.post("/api/campaigns/" + id + "/close", token);
        Response closedAgain = http.post("/api/campaigns/" + id + "/close", token);
        Response change = http.patchJson("/api/campaigns/" + id, token, "{\"title\": \"Reopened?\"}");

        assertThat(closed.status()).isEqualTo(200);
        assertThat(closed.json().path("status").asString()).isEqualTo("CLOSED");
        assertThat(closedAgain.status()).isEqualTo(200);
        assertThat(closedAgain.json().path("status").asString()).isEqualTo("CLOSED");
        assertThat(change.status()).isEqualTo(409);
        assertThat(change.header("Content-Type")).startsWith(PROBLEM_JSON);
        assertThat(change.json().path("type").asString()).isEqualTo("urn:giving-stream:problem:campaign-closed");
        assertThat(http.summary(id).path("status").asString()).isEqualTo("CLOSED");
        assertThat(revisionOf(id)).isEqualTo(2);
        JsonNode event = announced(id, 2);
        assertThat(event.path("status").asString()).isEqualTo("CLOSED");
    }

    @Test
    void theTargetCurrencyIsKeptOnceDonationsArrived() {
        String id = Donations.campaignId("currency");
        String token = http.openCampaign(id, 10_000, "GBP");
        try (var topic = new DonationTopic(json)) {
            topic.publish(Donations.received(id, 500, "GBP"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> http.summary(id).path("donationCount").asLong() == 1);

        Response otherCurrency = http.patchJson("/api/campaigns/" + id, token, """
                {"target": {"minorUnits": 10000, "currency": "EUR"}}
                """);
        Response sameCurrency = http.patchJson("/api/campaigns/" + id, token, """
                {"target": {"minorUnits": 25000, "currency": "GBP"}}
                """);

        assertThat(otherCurrency.status()).isEqualTo(409);
        assertThat(otherCurrency.json().path("type").asString())
                .isEqualTo("urn:giving-stream:problem:target-currency-locked");
        assertThat(sameCurrency.status()).isEqualTo(200);
        JsonNode summary = http.summary(id);
        assertThat(summary.path("target").path("minorUnits").asLong()).isEqualTo(25000);
        assertThat(summary.path("raised").path("minorUnits").asLong()).isEqualTo(500);
        assertThat(summary.path("percentOfTarget").decimalValue()).isEqualByComparingTo("2.0");
    }

    @Test
    void aCampaignWithoutATokenHashCannotBeChanged() {
        String id = Donations.campaignId("legacy");
        String token = http.openCampaign(id, 10_000, "GBP");
        mongo.updateFirst(
                Query.query(Criteria.where("_id").is(id)),
                new org.springframework.data.mongodb.core.query.Update().unset("organiserTokenHash"),
                "campaigns");

        Response refused = http.patchJson("/api/campaigns/" + id, token, "{\"title\": \"Mine now\"}");

        assertThat(refused.status()).isEqualTo(403);
    }

    private long revisionOf(String id) {
        return mongo.findById(id, Document.class, "campaigns").get("revision", Number.class).longValue();
    }

    /** The announcement of {@code revision} on the campaigns topic (at least once: the first one found). */
    private JsonNode announced(String id, long revision) {
        var records = TopicReader.read(
                Infrastructure.shared().kafkaBootstrapServers(),
                Topics.CAMPAIGNS,
                record -> id.equals(record.key())
                        && json.readTree(record.value()).path("revision").asLong() == revision,
                found -> !found.isEmpty(),
                Duration.ofSeconds(30));
        assertThat(records).as("revision %d of %s on %s", revision, id, Topics.CAMPAIGNS).isNotEmpty();
        return json.readTree(records.getFirst().value());
    }
}
