package org.givingstream.donation.webhook.standard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.givingstream.donation.webhook.standard.StandardSigner.headers;
import static org.givingstream.donation.webhook.standard.StandardSigner.refunded;
import static org.givingstream.donation.webhook.standard.StandardSigner.succeeded;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.givingstream.contracts.Money;
import org.givingstream.donation.DonationServiceTestSupport;
import org.givingstream.donation.ledger.Donation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Standard Webhooks signed by the Svix SDK; see application-test.yml for the sources and their secrets. */
class StandardWebhookTest extends DonationServiceTestSupport {

    static final String SOURCE = "charity-pages";
    static final String SECRET = "whsec_dGVzdC1jaGFyaXR5LXBhZ2VzLWN1cnJlbnQ=";
    static final String OLD_SECRET = "whsec_dGVzdC1jaGFyaXR5LXBhZ2VzLXByZXZpb3Vz";
    static final String OTHER_SOURCES_SECRET = "whsec_dGVzdC1qdXN0Z2l2aW5nLWJyaWRnZQ==";

    @Autowired
    MongoTemplate mongo;

    @Autowired
    JsonMapper json;

    @Test
    void signedDonationIsStoredAndPublished() throws Exception {
        String id = paymentId();
        String payload = succeeded(id, "james-wish", 2500, "ada@example.org");
        Map<String, String> headers = headers(msgId(), payload, SECRET, Instant.now());
        StandardSigner.verifyWithSvix(payload, headers, SECRET); // the oracle accepts what we send

        HttpResponse<String> response = deliver(SOURCE, payload, headers);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("accepted");
        // accepted = in the intake log; the ledger feed writes the donation just after
        Donation stored = awaitDonation(donationId(id));
        assertThat(stored.payment().amount().minorUnits()).isEqualTo(2500);
        assertThat(stored.payment().giftAid()).isTrue();
        assertThat(stored.payment().donor().email()).isEqualTo("ada@example.org");
        assertThat(stored.payment().message()).isEqualTo("Go James!");
        assertThat(stored.payment().occurredAt()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(stored.payment().providerEventId()).isEqualTo(headers.get("webhook-id"));

        List<ConsumerRecord<String, String>> published = allEventsFor(donationId(id));
        assertThat(published).hasSize(1);
        assertThat(published.getFirst().key()).isEqualTo("james-wish");
        JsonNode event = json.readTree(published.getFirst().value());
        assertThat(event.path("type").asString()).isEqualTo("donation.received");
        assertThat(event.path("source").asString()).isEqualTo(SOURCE);
        assertThat(event.path("providerReference").asString()).isEqualTo(id);
    }

    @Test
    void tamperedBodyIsRefusedAndNothingStored() throws Exception {
        String id = paymentId();
        String original = succeeded(id, "james-wish", 100, "b@example.org");
        Map<String, String> headers = headers(msgId(), original, SECRET, Instant.now());

        HttpResponse<String> response = deliver(SOURCE, original.replace(":100,", ":100000,"), headers);

        assertRefused(response, "signature-mismatch");
        assertNothingKept(donationId(id));
        assertThat(eventsFor(donationId(id), 1, Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void wrongSecretOrAnotherSourcesSecretIsRefused() throws Exception {
        String id = paymentId();
        String payload = succeeded(id, "james-wish", 100, "c@example.org");
        String forged = "whsec_" + Base64.getEncoder().encodeToString("guessed".getBytes(StandardCharsets.UTF_8));

        assertRefused(deliver(SOURCE, payload, headers(msgId(), payload, forged, Instant.now())), "signature-mismatch");
        assertRefused(
                deliver(SOURCE, payload, headers(msgId(), payload, OTHER_SOURCES_SECRET, Instant.now())),
                "signature-mismatch");
        assertNothingKept(donationId(id));
    }

    @Test
    void secretBeingRotatedOutStillVerifiesAndOtherSignatureVersionsAreIgnored() throws Exception {
        String id = paymentId();
        String payload = succeeded(id, "james-wish", 500, "d@example.org");
        Map<String, String> headers = new HashMap<>(headers(msgId(), payload, OLD_SECRET, Instant.now()));
        String valid = headers.get("webhook-signature");
        // v1a (asymmetric) is not ours to check; a wrong v1 beside the right one does not spoil it
        headers.put("webhook-signature", "v1a,bm90LXVzZWQ= v1,d3Jvbmc= " + valid);

        assertThat(deliver(SOURCE, payload, headers).statusCode()).isEqualTo(200);
        assertThat(awaitDonation(donationId(id))).isNotNull();

        String other = paymentId();
        String otherPayload = succeeded(other, "james-wish", 500, "d@example.org");
        Map<String, String> onlyV1a = new HashMap<>(headers(msgId(), otherPayload, SECRET, Instant.now()));
        onlyV1a.put("webhook-signature", onlyV1a.get("webhook-signature").replace("v1,", "v1a,"));
        assertRefused(deliver(SOURCE, otherPayload, onlyV1a), "malformed-header");
        assertNothingKept(donationId(other));
    }

    @Test
    void timestampOutsideToleranceIsRefusedAsReplay() throws Exception {
        String id = paymentId();
        String payload = succeeded(id, "james-wish", 100, "e@example.org");

        assertRefused(
                deliver(
                        SOURCE,
                        payload,
                        headers(msgId(), payload, SECRET, Instant.now().minusSeconds(301))),
                "timestamp-outside-tolerance");
        assertRefused(
                deliver(
                        SOURCE,
                        payload,
                        headers(msgId(), payload, SECRET, Instant.now().plusSeconds(301))),
                "timestamp-outside-tolerance");
        assertNothingKept(donationId(id));
    }

    @Test
    void missingHeadersAreRefused() throws Exception {
        String id = paymentId();
        String payload = succeeded(id, "james-wish", 100, "f@example.org");
        Map<String, String> noId = new HashMap<>(headers(msgId(), payload, SECRET, Instant.now()));
        noId.remove("webhook-id");

        assertRefused(deliver(SOURCE, payload, noId), "missing-header");
        assertNothingKept(donationId(id));
    }

    @Test
    void duplicateDeliveryIsOneDonationAndOneEvent() throws Exception {
        String id = paymentId();
        String payload = succeeded(id, "james-wish", 1000, "g@example.org");
        String msgId = msgId();

        assertThat(deliver(SOURCE, payload, headers(msgId, payload, SECRET, Instant.now()))
                        .body())
                .contains("accepted");
        // the sender's retry: same webhook-id, signed again
        HttpResponse<String> retry = deliver(SOURCE, payload, headers(msgId, payload, SECRET, Instant.now()));
        // another message about the same payment: a new webhook-id, still the same donation
        HttpResponse<String> again = deliver(SOURCE, payload, headers(msgId(), payload, SECRET, Instant.now()));

        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.body()).contains("accepted");
        assertThat(again.body()).contains("accepted");
        // all three are in the log and the feed has applied them: the second and third were duplicates there
        assertThat(awaitLedgerFeed(donationId(id))).hasSize(3);
        assertThat(mongo.count(Query.query(Criteria.where("_id").is(donationId(id))), Donation.class))
                .isEqualTo(1);
        // read a while longer than needed for one event: a second copy would show up here
        assertThat(eventsFor(donationId(id), 2, Duration.ofSeconds(3))).hasSize(1);
    }

    @Test
    void refundBeforePaymentIsParkedThenApplied() throws Exception {
        String id = paymentId();
        String refund = refunded(id, "rf_" + id, 500L);
        String payment = succeeded(id, "james-wish", 2500, "h@example.org");

        HttpResponse<String> early = deliver(SOURCE, refund, headers(msgId(), refund, SECRET, Instant.now()));
        assertThat(early.statusCode()).isEqualTo(200);
        assertThat(early.body()).contains("accepted");
        // parked: once the feed has applied it, the refund is kept with no payment and nothing is published
        awaitLedgerFeed(donationId(id));
        Donation parked = donation(id);
        assertThat(parked.payment()).isNull();
        assertThat(parked.reversals())
                .singleElement()
                .satisfies(
                        waiting -> assertThat(waiting.reversal().reversalId()).isEqualTo("rf_" + id));
        assertThat(eventsFor(donationId(id), 1, Duration.ofSeconds(2))).isEmpty();

        HttpResponse<String> late = deliver(SOURCE, payment, headers(msgId(), payment, SECRET, Instant.now()));
        assertThat(late.body()).contains("accepted");

        awaitLedgerFeed(donationId(id));
        assertThat(donation(id).reversedMinorUnits()).isEqualTo(500);
        List<ConsumerRecord<String, String>> published = eventsFor(donationId(id), 2, Duration.ofSeconds(10));
        assertThat(published)
                .extracting(r -> json.readTree(r.value()).path("type").asString())
                .containsExactly("donation.received", "donation.refunded");
        assertThat(json.readTree(published.get(1).value())
                        .path("amount")
                        .path("minorUnits")
                        .asLong())
                .isEqualTo(500);
    }

    @Test
    void refundWithoutAmountGivesBackEverythingLeft() throws Exception {
        String id = paymentId();
        String payment = succeeded(id, "james-wish", 2500, "i@example.org");
        String partial = refunded(id, "rf_1_" + id, 1000L);
        String rest = refunded(id, "rf_2_" + id, null);

        deliver(SOURCE, payment, headers(msgId(), payment, SECRET, Instant.now()));
        deliver(SOURCE, partial, headers(msgId(), partial, SECRET, Instant.now()));
        HttpResponse<String> response = deliver(SOURCE, rest, headers(msgId(), rest, SECRET, Instant.now()));

        assertThat(response.body()).contains("accepted");
        // the feed applies the three in the order they were delivered
        assertThat(awaitLedgerFeed(donationId(id))).hasSize(3);
        assertThat(donation(id).reversedMinorUnits()).isEqualTo(2500);
    }

    @Test
    void unknownSourceIsNotFound() throws Exception {
        String payload = succeeded(paymentId(), "james-wish", 100, "j@example.org");

        for (String source : List.of("nobody", "Charity-Pages")) {
            HttpResponse<String> response = deliver(source, payload, headers(msgId(), payload, SECRET, Instant.now()));

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json.readTree(response.body()).path("type").asString())
                    .isEqualTo("urn:giving-stream:problem:webhook-not-configured");
        }
    }

    @Test
    void signedButMalformedPayloadGetsAProblemResponse() throws Exception {
        String id = paymentId();
        String payload =
                succeeded(id, "james-wish", 100, "k@example.org").replace("\"gift_aid\":true", "\"gift_aid\":\"yes\"");

        HttpResponse<String> response = deliver(SOURCE, payload, headers(msgId(), payload, SECRET, Instant.now()));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("urn:giving-stream:problem:invalid-payload");
        assertThat(problem.path("detail").asString()).contains("gift_aid");
        assertNothingKept(donationId(id));
    }

    /** Issue 13, point 3: before, Long.MAX_VALUE was accepted (and wrapped the campaign's total), and 0 counted. */
    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775807", "0", "10000000001", "9223372036854775808", "-1"})
    void anAmountThatIsNotOnePaymentIsRefused(String minorUnits) throws Exception {
        String id = paymentId();
        String payload = succeeded(id, "james-wish", 1, "max@example.org")
                .replace("\"minor_units\":1,", "\"minor_units\":" + minorUnits + ",");

        HttpResponse<String> response = deliver(SOURCE, payload, headers(msgId(), payload, SECRET, Instant.now()));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("urn:giving-stream:problem:invalid-payload");
        assertThat(problem.path("detail").asString()).contains("minor_units", "10000000000");
        assertNothingKept(donationId(id));
    }

    @Test
    void theLargestPaymentIsAccepted() throws Exception {
        String id = paymentId();
        String payload = succeeded(id, "james-wish", Money.MAX_PAYMENT_MINOR_UNITS, "big@example.org");

        assertThat(deliver(SOURCE, payload, headers(msgId(), payload, SECRET, Instant.now()))
                        .statusCode())
                .isEqualTo(200);
        assertThat(awaitDonation(donationId(id)).payment().amount().minorUnits())
                .isEqualTo(Money.MAX_PAYMENT_MINOR_UNITS);
    }

    private void assertRefused(HttpResponse<String> response, String reason) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("urn:giving-stream:problem:invalid-signature");
        assertThat(problem.path("reason").asString()).isEqualTo(reason);
    }

    private Donation donation(String paymentId) {
        return mongo.findById(donationId(paymentId), Donation.class);
    }

    private static String donationId(String paymentId) {
        return "standard:" + SOURCE + ":" + paymentId;
    }

    private static String paymentId() {
        return "pay_" + UUID.randomUUID();
    }

    private static String msgId() {
        return "msg_" + UUID.randomUUID();
    }

    private HttpResponse<String> deliver(String source, String payload, Map<String, String> headers) throws Exception {
        return post("/webhooks/standard/" + source, payload, headers);
    }
}
