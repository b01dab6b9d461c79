package org.givingstream.donation.offline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.givingstream.donation.DonationServiceTestSupport;
import org.givingstream.donation.ledger.Donation;
import org.givingstream.donation.ledger.Sha256;
import org.givingstream.donation.offline.IdempotencyKey.StoredResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Offline donations as an organiser's tool enters them; see application-test.yml for the two campaigns' hashes. */
class OfflineDonationTest extends DonationServiceTestSupport {

    static final String CAMPAIGN = "cake-fair";
    static final String TOKEN = "test-organiser-token-cake-fair";
    static final String OTHER_CAMPAIGNS_TOKEN = "test-organiser-token-summer-ball";

    @Autowired
    MongoTemplate mongo;

    @Autowired
    JsonMapper json;

    @Test
    void entryIsRecordedAndPublishedAsAnOfflineDonation() throws Exception {
        String description = unique("Cake sale at St Mary's");

        HttpResponse<String> response = enter(entry(description), TOKEN, newKey());

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode answer = json.readTree(response.body());
        String donationId = answer.path("donationId").asString();
        assertThat(donationId).startsWith("offline:" + CAMPAIGN + ":");
        assertThat(answer.path("campaignId").asString()).isEqualTo(CAMPAIGN);
        assertThat(answer.path("amount").path("minorUnits").asLong()).isEqualTo(12050);
        assertThat(answer.path("amount").path("currency").asString()).isEqualTo("GBP");
        assertThat(answer.path("status").asString()).isEqualTo("recorded");
        assertThat(response.headers().firstValue("Location")).hasValue("/api/donations/" + donationId);
        assertThat(response.headers().firstValue("Idempotent-Replayed")).isEmpty();

        Donation stored = mongo.findById(donationId, Donation.class);
        assertThat(stored).isNotNull();
        assertThat(stored.payment().source()).isEqualTo("offline");
        assertThat(stored.payment().providerReference()).isEqualTo(description);
        assertThat(stored.payment().giftAid()).isTrue();
        assertThat(stored.payment().donor().name()).isEqualTo("Ada Lovelace");

        JsonNode event = onlyEvent(donationId);
        assertThat(event.path("type").asString()).isEqualTo("donation.received");
        assertThat(event.path("source").asString()).isEqualTo("offline");
        assertThat(event.path("campaignId").asString()).isEqualTo(CAMPAIGN);
        assertThat(event.path("amount").path("minorUnits").asLong()).isEqualTo(12050);
        assertThat(event.path("amount").path("currency").asString()).isEqualTo("GBP");
        assertThat(event.path("giftAid").asBoolean()).isTrue();
        assertThat(event.path("donor").path("email").asString()).isEqualTo("ada@example.org");
    }

    @Test
    void retryWithSameKeyAndBodyReplaysTheFirstAnswerAndRecordsNothingMore() throws Exception {
        String description = unique("Sponsored walk");
        String body = entry(description);
        String key = newKey();

        HttpResponse<String> first = enter(body, TOKEN, key);
        HttpResponse<String> retry = enter(body, TOKEN, key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Location"))
                .isEqualTo(first.headers().firstValue("Location"));
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(donationsDescribedAs(description)).isEqualTo(1);
        String donationId = json.readTree(first.body()).path("donationId").asString();
        // read a while longer than needed for one event: a second copy would show up here
        assertThat(eventsFor(donationId, 2, Duration.ofSeconds(2))).hasSize(1);
    }

    @Test
    void sameKeyWithAnotherBodyIsRefused() throws Exception {
        String key = newKey();
        assertThat(enter(entry(unique("Ball tickets")), TOKEN, key).statusCode())
                .isEqualTo(201);
        String otherDescription = unique("Raffle");

        HttpResponse<String> reused = enter(entry(otherDescription), TOKEN, key);

        assertProblem(reused, 422, "idempotency-key-reused");
        assertThat(donationsDescribedAs(otherDescription)).isZero();
    }

    @Test
    void missingIdempotencyKeyIsRefusedWithTheReason() throws Exception {
        String description = unique("Cash bucket");

        HttpResponse<String> response = enter(entry(description), TOKEN, null);

        JsonNode problem = assertProblem(response, 400, "idempotency-key-required");
        assertThat(problem.path("detail").asString())
                .contains("Idempotency-Key")
                .contains("twice");
        assertThat(donationsDescribedAs(description)).isZero();
    }

    @Test
    void missingTokenIsUnauthenticated() throws Exception {
        String description = unique("Cash bucket");

        HttpResponse<String> response = enter(entry(description), null, newKey());

        assertProblem(response, 401, "organiser-token-required");
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
        assertThat(donationsDescribedAs(description)).isZero();
    }

    /** A campaign campaign-service has not announced (or not yet): 422 as for webhooks, so the organiser retries. */
    @Test
    void entryForAnUnknownCampaignIsUnprocessableAndNothingIsKept() throws Exception {
        String description = unique("Bucket for a campaign nobody opened");

        HttpResponse<String> response = post(
                "/api/campaigns/never-opened/offline-donations",
                entry(description),
                Map.of("Authorization", "Bearer " + TOKEN, "Idempotency-Key", newKey()));

        JsonNode problem = assertProblem(response, 422, "unknown-campaign");
        assertThat(problem.path("campaignId").asString()).isEqualTo("never-opened");
        assertThat(donationsDescribedAs(description)).isZero();
    }

    @Test
    void tokenOfAnotherCampaignOrAWrongTokenIsForbidden() throws Exception {
        String description = unique("Cash bucket");

        assertProblem(enter(entry(description), OTHER_CAMPAIGNS_TOKEN, newKey()), 403, "not-an-organiser");
        assertProblem(enter(entry(description), TOKEN + "x", newKey()), 403, "not-an-organiser");
        assertThat(donationsDescribedAs(description)).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            "minorUnits":12050     | "minorUnits":-500        | amount.minorUnits
            "minorUnits":12050     | "minorUnits":120.50      | amount.minorUnits
            "minorUnits":12050     | "minorUnits":10000000001 | amount.minorUnits
            "currency":"GBP"       | "currency":"XYZ"         | amount.currency
            "receivedOn":"TODAY"   | "receivedOn":"FUTURE"    | receivedOn
            "kind":"cash"          | "kind":"ticket-sale"     | giftAidEligible
            "kind":"cash"          | "kind":"jumble"          | kind
            """)
    void invalidEntryIsRefusedNamingTheField(String original, String replacement, String field) throws Exception {
        String description = unique("Invalid");
        String body = entry(description).replace(dated(original), dated(replacement));
        assertThat(body).contains(dated(replacement));

        HttpResponse<String> response = enter(body, TOKEN, newKey());

        JsonNode problem = assertProblem(response, 400, "invalid-offline-donation");
        assertThat(problem.path("errors")
                        .valueStream()
                        .map(error -> error.path("field").asString()))
                .contains(field);
        assertThat(problem.path("detail").asString()).contains(field);
        assertThat(donationsDescribedAs(description)).isZero();
    }

    @Test
    void descriptionIsRequiredAndBounded() throws Exception {
        String blank = entry("   ");
        String tooLong = entry("x".repeat(201));

        for (String body : List.of(blank, tooLong)) {
            JsonNode problem = assertProblem(enter(body, TOKEN, newKey()), 400, "invalid-offline-donation");
            assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("description");
        }
    }

    @Test
    void giftAidWithoutADonorNameIsRefused() throws Exception {
        String body = entry(unique("Cash")).replace("\"name\":\"Ada Lovelace\",", "");

        JsonNode problem = assertProblem(enter(body, TOKEN, newKey()), 400, "invalid-offline-donation");

        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("giftAidEligible");
        assertThat(problem.path("errors").get(0).path("message").asString()).contains("donor.name");
    }

    @Test
    void refusedEntryDoesNotUseUpItsKey() throws Exception {
        String key = newKey();
        String description = unique("Cake sale");
        assertThat(enter(entry(description).replace("12050", "-1"), TOKEN, key).statusCode())
                .isEqualTo(400);

        HttpResponse<String> corrected = enter(entry(description), TOKEN, key);

        assertThat(corrected.statusCode()).isEqualTo(201);
        assertThat(corrected.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @Test
    void cashWithoutADonorIsAcceptedAndItsEventHasNoEmail() throws Exception {
        String body = """
                {"amount":{"minorUnits":2375,"currency":"GBP"},"kind":"cash","description":"%s",\
                "receivedOn":"%s"}""".formatted(unique("Collection bucket"), today());

        HttpResponse<String> response = enter(body, TOKEN, newKey());

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode event =
                onlyEvent(json.readTree(response.body()).path("donationId").asString());
        assertThat(event.path("amount").path("minorUnits").asLong()).isEqualTo(2375);
        assertThat(event.path("giftAid").asBoolean()).isFalse();
        assertThat(event.path("donor").path("email").isMissingNode()
                        || event.path("donor").path("email").isNull())
                .isTrue();
    }

    @Test
    void retryWhileTheFirstRequestIsInFlightIsAConflict() throws Exception {
        String key = newKey();
        String body = entry(unique("Ball tickets"));
        mongo.insert(claim(
                key,
                body,
                "offline:" + CAMPAIGN + ":" + UUID.randomUUID(),
                Instant.now().plusSeconds(60)));

        assertProblem(enter(body, TOKEN, key), 409, "idempotency-key-in-use");
    }

    @Test
    void claimLeftByACrashIsTakenOverWithItsDonationId() throws Exception {
        String key = newKey();
        String description = unique("Sponsored swim");
        String body = entry(description);
        String donationId = "offline:" + CAMPAIGN + ":" + UUID.randomUUID();
        mongo.insert(claim(key, body, donationId, Instant.now().minusSeconds(1)));

        HttpResponse<String> response = enter(body, TOKEN, key);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(json.readTree(response.body()).path("donationId").asString()).isEqualTo(donationId);
        assertThat(donationsDescribedAs(description)).isEqualTo(1);
        assertThat(enter(body, TOKEN, key).headers().firstValue("Idempotent-Replayed"))
                .hasValue("true");
    }

    @Test
    void expiredKeyIsForgotten() throws Exception {
        String key = newKey();
        String old = "offline:" + CAMPAIGN + ":" + UUID.randomUUID();
        IdempotencyKey claim =
                claim(key, entry(unique("Last year's fair")), old, Instant.now().minusSeconds(60));
        mongo.insert(new IdempotencyKey(
                claim.id(),
                claim.requestHash(),
                old,
                claim.createdAt(),
                claim.lockedUntil(),
                Instant.now().minusSeconds(1),
                new StoredResponse(201, "/api/donations/" + old, "{}")));

        HttpResponse<String> response = enter(entry(unique("This year's fair")), TOKEN, key);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(json.readTree(response.body()).path("donationId").asString()).isNotEqualTo(old);
    }

    @Test
    void keysExpireByATtlIndexOnMongoDb() {
        // the stand-in accepts the index without expiring anything; expiresAt is also checked on reading
        assertThat(mongo.indexOps(IdempotencyKey.class).getIndexInfo()).anySatisfy(index -> {
            assertThat(index.getIndexFields())
                    .singleElement()
                    .satisfies(field -> assertThat(field.getKey()).isEqualTo("expiresAt"));
            assertThat(index.getExpireAfter()).hasValue(Duration.ZERO);
        });
    }

    private IdempotencyKey claim(String key, String body, String donationId, Instant lockedUntil) {
        Instant now = Instant.now();
        return new IdempotencyKey(
                IdempotencyKeys.id(CAMPAIGN + "|" + Sha256.hex(TOKEN), key),
                Sha256.hex(CAMPAIGN.getBytes(UTF_8), body.getBytes(UTF_8)),
                donationId,
                now.minusSeconds(120),
                lockedUntil,
                now.plus(Duration.ofHours(24)),
                null);
    }

    private HttpResponse<String> enter(String body, String token, String idempotencyKey) throws Exception {
        Map<String, String> headers = new HashMap<>();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            headers.put("Idempotency-Key", idempotencyKey);
        }
        return post("/api/campaigns/" + CAMPAIGN + "/offline-donations", body, headers);
    }

    private JsonNode assertProblem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("urn:giving-stream:problem:" + slug);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        return problem;
    }

    private JsonNode onlyEvent(String donationId) {
        List<ConsumerRecord<String, String>> published = allEventsFor(donationId);
        assertThat(published).hasSize(1);
        assertThat(published.getFirst().key()).isEqualTo(CAMPAIGN);
        return json.readTree(published.getFirst().value());
    }

    private long donationsDescribedAs(String description) {
        return mongo.count(query(where("payment.providerReference").is(description)), Donation.class);
    }

    private static String entry(String description) {
        return """
                {"amount":{"minorUnits":12050,"currency":"GBP"},"kind":"cash","description":"%s",\
                "receivedOn":"%s","giftAidEligible":true,\
                "donor":{"name":"Ada Lovelace","email":"ada@example.org"},"message":"Well done!"}""".formatted(description, today());
    }

    private static String dated(String fragment) {
        return fragment.replace("TODAY", today().toString())
                .replace("FUTURE", today().plusDays(2).toString());
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneId.of("Europe/London"));
    }

    private static String unique(String description) {
        return description + " " + UUID.randomUUID();
    }

    private static String newKey() {
        return UUID.randomUUID().toString();
    }
}
