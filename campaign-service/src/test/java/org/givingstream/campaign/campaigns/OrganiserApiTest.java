package org.givingstream.campaign.campaigns;

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
import org.givingstream.campaign.organiser.OrganiserToken;
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
        Response created = http.createCampaign("""
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
        assertThat(stored.getDate("endDate").toInstant())
                .isEqualTo(endDate.atStartOfDay(ZoneOffset.UTC).toInstant());

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
        Response wrongScheme =
                http.patchJsonWithAuthorization("/api/campaigns/" + id, "Basic b2xpdmU6c2VjcmV0", "{\"title\": \"x\"}");
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
        List<String> fields = refused.json()
                .path("errors")
                .valueStream()
                .map(error -> error.path("field").asString())
                .toList();
        assertThat(fields)
                .containsExactlyInAnyOrder(
                        "title", "target.minorUnits", "target.currency", "organiserEmail", "endDate");
        assertThat(revisionOf(id)).isEqualTo(1);
    }

    @Test
    void anEndDateInThePastIsRefusedWhenOpening() {
        Response refused = http.createCampaign("""
                {"title": "Late", "target": {"minorUnits": 100, "currency": "GBP"}, "endDate": "2001-01-01"}
                """);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").get(0).path("field").asString())
                .isEqualTo("endDate");
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
        await().atMost(Duration.ofSeconds(30))
                .until(() -> http.summary(id).path("donationCount").asLong() == 1);

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

        long revision = revisionOf(id);

        Response refused = http.patchJson("/api/campaigns/" + id, token, "{\"title\": \"Mine now\"}");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(revisionOf(id)).as("nothing changed").isEqualTo(revision);
        assertThat(mongo.findById(id, Document.class, "campaigns").getString("title"))
                .isEqualTo("Campaign " + id);
    }

    /** Issue 14: only the platform administrator opens campaigns; nothing is created for anyone else. */
    @Test
    void openingACampaignTakesThePlatformAdministrator() {
        String body = """
                {"id": "%s", "title": "Not yours", "target": {"minorUnits": 1000, "currency": "GBP"}}""";
        String organisersToken = http.openCampaign(Donations.campaignId("someone-elses"), 1000, "GBP");
        String anonymous = Donations.campaignId("anonymous");
        String wrong = Donations.campaignId("wrong-admin");
        String organiser = Donations.campaignId("organiser-opens");

        Response noCredential = http.postJson("/api/campaigns", body.formatted(anonymous));
        Response wrongCredential =
                http.postJsonWithAuthorization("/api/campaigns", "Bearer " + ADMIN_TOKEN + "x", body.formatted(wrong));
        Response anOrganisersToken = http.postJsonWithAuthorization(
                "/api/campaigns", "Bearer " + organisersToken, body.formatted(organiser));
        Response invalidBodyWithoutCredential = http.postJson("/api/campaigns", "{\"title\": \" \"}");

        var refusals = List.of(noCredential, wrongCredential, anOrganisersToken, invalidBodyWithoutCredential);
        for (Response refused : refusals) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(401);
            assertThat(refused.header("Content-Type")).startsWith(PROBLEM_JSON);
            assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(refused.json().path("type").asString())
                    .isEqualTo("urn:giving-stream:problem:admin-credential-required");
        }
        for (String id : List.of(anonymous, wrong, organiser)) {
            assertThat(mongo.findById(id, Document.class, "campaigns")).as(id).isNull();
            assertThat(http.get("/api/campaigns/" + id).status()).isEqualTo(404);
        }
        assertThat(http.createCampaign(body.formatted(anonymous)).status()).isEqualTo(201);
    }

    /**
     * Issue 14: the organiser replaces their token; the old one dies at once, the new one works, and the new
     * revision's announcement carries the new token's hash (how donation-service learns it).
     */
    @Test
    void aReplacedTokenIsRefusedAtOnceAndTheNewOneIsAnnounced() {
        String id = Donations.campaignId("rotate");
        String old = http.openCampaign(id, 10_000, "GBP");
        assertThat(announced(id, 1).path("organiserTokenHash").asString()).isEqualTo(new OrganiserToken(old).hash());

        Response replaced = http.post("/api/campaigns/" + id + "/organiser-token", old);

        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.header("Cache-Control")).isEqualTo("no-store");
        String fresh = replaced.json().path("organiserToken").asString();
        assertThat(fresh).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(old);
        Response withOld = http.patchJson("/api/campaigns/" + id, old, "{\"title\": \"Old token\"}");
        assertThat(withOld.status()).isEqualTo(403);
        assertThat(http.post("/api/campaigns/" + id + "/organiser-token", old).status())
                .isEqualTo(403);
        assertThat(http.patchJson("/api/campaigns/" + id, fresh, "{\"title\": \"New token\"}")
                        .status())
                .isEqualTo(200);
        assertThat(http.summary(id).path("title").asString()).isEqualTo("New token");
        // the announcer publishes each campaign's latest revision: 3, the title change made with the new token
        JsonNode event = announced(id, 3);
        assertThat(event.path("organiserTokenHash").asString()).isEqualTo(new OrganiserToken(fresh).hash());
        assertThat(event.toString()).doesNotContain(fresh).doesNotContain(old);
    }

    /**
     * Issue 14: a revoked token leaves the campaign without an organiser (announced as no hash) until the platform
     * administrator issues a new token, which is also how an organiser who lost theirs gets back in.
     */
    @Test
    void aRevokedTokenIsRefusedAndTheAdministratorIssuesANewOne() {
        String id = Donations.campaignId("revoke");
        String token = http.openCampaign(id, 10_000, "GBP");

        Response revoked = http.delete("/api/campaigns/" + id + "/organiser-token", token);

        assertThat(revoked.status()).isEqualTo(204);
        assertThat(http.post("/api/campaigns/" + id + "/close", token).status()).isEqualTo(403);
        assertThat(mongo.findById(id, Document.class, "campaigns").containsKey("organiserTokenHash"))
                .isFalse();
        assertThat(announced(id, 2).hasNonNull("organiserTokenHash")).isFalse();

        Response reissued = http.post("/api/campaigns/" + id + "/organiser-token", ADMIN_TOKEN);
        assertThat(reissued.status()).as(reissued.body()).isEqualTo(200);
        String fresh = reissued.json().path("organiserToken").asString();
        assertThat(http.post("/api/campaigns/" + id + "/close", token).status()).isEqualTo(403);
        assertThat(http.post("/api/campaigns/" + id + "/close", fresh).status()).isEqualTo(200);
        assertThat(http.summary(id).path("status").asString()).isEqualTo("CLOSED");
    }

    /** Issue 14: another campaign's organiser gets 403 from every organiser endpoint here, and nothing changes. */
    @Test
    void anotherCampaignsTokenIsForbiddenEverywhereAndChangesNothing() {
        String id = Donations.campaignId("mine");
        String mine = http.openCampaign(id, 10_000, "GBP");
        String theirs = http.openCampaign(Donations.campaignId("theirs"), 10_000, "GBP");
        long revision = revisionOf(id);

        List<Response> refused = List.of(
                http.patchJson("/api/campaigns/" + id, theirs, "{\"title\": \"Taken over\"}"),
                http.post("/api/campaigns/" + id + "/close", theirs),
                http.post("/api/campaigns/" + id + "/organiser-token", theirs),
                http.delete("/api/campaigns/" + id + "/organiser-token", theirs));

        for (Response response : refused) {
            assertThat(response.status()).as(response.body()).isEqualTo(403);
            assertThat(response.json().path("type").asString())
                    .isEqualTo("urn:giving-stream:problem:not-the-organiser");
        }
        assertThat(revisionOf(id)).isEqualTo(revision);
        assertThat(mongo.findById(id, Document.class, "campaigns").getString("organiserTokenHash"))
                .isEqualTo(new OrganiserToken(mine).hash());
        assertThat(http.summary(id).path("title").asString()).isEqualTo("Campaign " + id);
    }

    private long revisionOf(String id) {
        return mongo.findById(id, Document.class, "campaigns")
                .get("revision", Number.class)
                .longValue();
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
        assertThat(records)
                .as("revision %d of %s on %s", revision, id, Topics.CAMPAIGNS)
                .isNotEmpty();
        return json.readTree(records.getFirst().value());
    }
}
