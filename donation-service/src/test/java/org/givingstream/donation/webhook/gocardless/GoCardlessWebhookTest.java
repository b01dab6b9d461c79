package org.givingstream.donation.webhook.gocardless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.givingstream.donation.webhook.gocardless.GoCardlessEvents.body;
import static org.givingstream.donation.webhook.gocardless.GoCardlessEvents.chargedBack;
import static org.givingstream.donation.webhook.gocardless.GoCardlessEvents.confirmed;
import static org.givingstream.donation.webhook.gocardless.GoCardlessEvents.failed;
import static org.givingstream.donation.webhook.gocardless.GoCardlessEvents.mandateCreated;
import static org.givingstream.donation.webhook.gocardless.GoCardlessEvents.signature;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.givingstream.donation.DonationServiceTestSupport;
import org.givingstream.donation.ledger.Donation;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** GoCardless batches signed as GoCardless signs them; see application-test.yml for the two secrets. */
class GoCardlessWebhookTest extends DonationServiceTestSupport {

    static final String SECRET = "gc_test_current";
    static final String OLD_SECRET = "gc_test_previous";

    @Autowired
    MongoTemplate mongo;

    @Autowired
    JsonMapper json;

    @Test
    void signedConfirmationIsStoredAndPublished() throws Exception {
        String pm = paymentId();
        String body = body(confirmed("EV1" + pm, pm, "james-wish", 2500, "ada@example.org"));

        HttpResponse<String> response = post(body, signature(body, SECRET));

        assertThat(response.statusCode()).isEqualTo(204);
        // 204 = in the intake log; the ledger feed writes the donation just after
        Donation stored = awaitDonation("gocardless:" + pm);
        assertThat(stored.payment().amount().minorUnits()).isEqualTo(2500);
        assertThat(stored.payment().amount().currency()).isEqualTo("GBP");
        assertThat(stored.payment().giftAid()).isTrue();
        assertThat(stored.payment().donor().email()).isEqualTo("ada@example.org");
        assertThat(stored.payment().providerReference()).isEqualTo(pm);

        List<ConsumerRecord<String, String>> published = allEventsFor("gocardless:" + pm);
        assertThat(published).hasSize(1);
        assertThat(published.getFirst().key()).isEqualTo("james-wish");
        JsonNode event = json.readTree(published.getFirst().value());
        assertThat(event.path("type").asString()).isEqualTo("donation.received");
        assertThat(event.path("source").asString()).isEqualTo("gocardless");
        assertThat(event.path("amount").path("minorUnits").asLong()).isEqualTo(2500);
    }

    @Test
    void tamperedBodyIsRefusedWithInvalidTokenAndNothingStored() throws Exception {
        String pm = paymentId();
        String original = body(confirmed("EV2" + pm, pm, "james-wish", 100, "b@example.org"));
        String tampered = original.replace("\"100 GBP\"", "\"100000 GBP\"");

        assertInvalidToken(post(tampered, signature(original, SECRET)), "signature-mismatch");
        assertNothingKept("gocardless:" + pm);
        assertThat(eventsFor("gocardless:" + pm, 1, Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void wrongSecretOrNoSignatureIsRefusedWithInvalidToken() throws Exception {
        String pm = paymentId();
        String body = body(confirmed("EV3" + pm, pm, "james-wish", 100, "c@example.org"));

        assertInvalidToken(post(body, signature(body, "gc_forged")), "signature-mismatch");
        assertInvalidToken(post(body, null), "missing-header");
        assertNothingKept("gocardless:" + pm);
    }

    @Test
    void secretBeingRotatedOutStillVerifies() throws Exception {
        String pm = paymentId();
        String body = body(confirmed("EV4" + pm, pm, "james-wish", 500, "d@example.org"));

        assertThat(post(body, signature(body, OLD_SECRET)).statusCode()).isEqualTo(204);
        assertThat(awaitDonation("gocardless:" + pm)).isNotNull();
    }

    @Test
    void redeliveredBodyIsOneDonationAndOneEvent() throws Exception {
        String pm = paymentId();
        String body = body(confirmed("EV5" + pm, pm, "james-wish", 1000, "e@example.org"));

        assertThat(post(body, signature(body, SECRET)).statusCode()).isEqualTo(204);
        assertThat(post(body, signature(body, SECRET)).statusCode()).isEqualTo(204);

        // both bodies are in the log and the feed has applied both: the second was a duplicate there
        assertThat(awaitLedgerFeed("gocardless:" + pm)).hasSize(2);
        assertThat(mongo.count(Query.query(Criteria.where("_id").is("gocardless:" + pm)), Donation.class))
                .isEqualTo(1);
        // read a while longer than needed for one event: a second copy would show up here
        assertThat(eventsFor("gocardless:" + pm, 2, Duration.ofSeconds(3))).hasSize(1);
    }

    @Test
    void batchRecordsEveryEventBeforeAcknowledging() throws Exception {
        String earlier = paymentId();
        String first = body(confirmed("EV6" + earlier, earlier, "james-wish", 3000, "f@example.org"));
        assertThat(post(first, signature(first, SECRET)).statusCode()).isEqualTo(204);
        String pm = paymentId();
        String batch = body(
                confirmed("EV7" + pm, pm, "summer-fete", 1500, "g@example.org"),
                chargedBack("EV8" + earlier, earlier),
                mandateCreated("EV9" + pm));

        HttpResponse<String> response = post(batch, signature(batch, SECRET));

        assertThat(response.statusCode()).isEqualTo(204);
        // acknowledged only once every event of the body was durable: both are in the log already
        assertThat(appendedToIntake("gocardless:" + pm)).hasSize(1);
        assertThat(appendedToIntake("gocardless:" + earlier)).hasSize(2);
        List<ConsumerRecord<String, String>> confirmedEvents = eventsFor("gocardless:" + pm, 1, Duration.ofSeconds(10));
        assertThat(types(confirmedEvents)).containsExactly("donation.received");
        List<ConsumerRecord<String, String>> chargedBackEvents =
                eventsFor("gocardless:" + earlier, 2, Duration.ofSeconds(10));
        assertThat(types(chargedBackEvents)).containsExactly("donation.received", "donation.charged-back");
        JsonNode chargeback = json.readTree(chargedBackEvents.get(1).value());
        assertThat(chargeback.path("amount").path("minorUnits").asLong()).isEqualTo(3000);
        assertThat(chargeback.path("providerReference").asString()).isEqualTo(earlier + ":charged_back");
        assertThat(donation(earlier).reversedMinorUnits()).isEqualTo(3000);
    }

    @Test
    void batchOfMoreThan250EventsIsRefusedWhole() throws Exception {
        List<String> events = new ArrayList<>();
        List<String> payments = new ArrayList<>();
        for (int i = 0; i < 251; i++) {
            String pm = paymentId();
            payments.add(pm);
            events.add(confirmed("EV" + pm, pm, "james-wish", 100, "h@example.org"));
        }
        String body = body(events);

        HttpResponse<String> response = post(body, signature(body, SECRET));

        assertInvalidPayload(response, "at most 250 events");
        assertNothingKept("gocardless:" + payments.getFirst());
        assertNothingKept("gocardless:" + payments.getLast());
    }

    @Test
    void fullBatchOverTheDefaultBodyLimitIsRead() throws Exception {
        List<String> events = new ArrayList<>();
        // about what 250 events carrying three 500-character metadata values weigh
        String padded = "\"metadata\":{\"note\":\"" + "x".repeat(1200) + "\"}";
        for (int i = 0; i < 250; i++) {
            events.add(mandateCreated("EV" + i + UUID.randomUUID()).replace("\"metadata\":{}", padded));
        }
        String body = body(events);
        assertThat(body.length()).isGreaterThan(256 * 1024);

        assertThat(post(body, signature(body, SECRET)).statusCode()).isEqualTo(204);
    }

    @Test
    void malformedEventRefusesTheWholeBodyNamingTheEvent() throws Exception {
        String good = paymentId();
        String broken = confirmed("EVBROKEN" + good, "not-a-payment-id", "james-wish", 100, "i@example.org");
        String body = body(confirmed("EV10" + good, good, "james-wish", 100, "i@example.org"), broken);

        HttpResponse<String> response = post(body, signature(body, SECRET));

        assertInvalidPayload(response, "events[1] (EVBROKEN" + good + "): links.payment");
        assertNothingKept("gocardless:" + good); // nothing half-applied
    }

    @Test
    void failureBeforeConfirmationTakesNothingBackButLateFailureDoes() throws Exception {
        String pm = paymentId();
        Instant firstAttemptFailed = Instant.now().minusSeconds(3600);
        String failure = body(failed("EV11" + pm, pm, firstAttemptFailed));
        assertThat(post(failure, signature(failure, SECRET)).statusCode()).isEqualTo(204);
        // kept in the log, and decided by the feed: no money moved, so nothing parked either
        assertThat(awaitLedgerFeed("gocardless:" + pm)).hasSize(1);
        assertThat(donation(pm)).as("no money moved: nothing parked either").isNull();

        // GoCardless retries the same payment, and this time it is confirmed
        String retried = body(confirmed("EV12" + pm, pm, "james-wish", 2000, "j@example.org"));
        assertThat(post(retried, signature(retried, SECRET)).statusCode()).isEqualTo(204);
        // the first attempt's failure delivered again (a retry or a replay) must not cancel the confirmed payment
        assertThat(post(failure, signature(failure, SECRET)).statusCode()).isEqualTo(204);
        assertThat(awaitLedgerFeed("gocardless:" + pm)).hasSize(3);
        assertThat(donation(pm).reversedMinorUnits()).isZero();

        String lateFailure = body(failed("EV13" + pm, pm, Instant.now().plusSeconds(1)));
        assertThat(post(lateFailure, signature(lateFailure, SECRET)).statusCode())
                .isEqualTo(204);

        assertThat(awaitLedgerFeed("gocardless:" + pm)).hasSize(4);
        assertThat(donation(pm).reversedMinorUnits()).isEqualTo(2000);
        assertThat(types(eventsFor("gocardless:" + pm, 2, Duration.ofSeconds(10))))
                .containsExactly("donation.received", "donation.charged-back");
    }

    @Test
    void confirmedPaymentWithoutOurMetadataIsAcknowledgedNotStored() throws Exception {
        String pm = paymentId();
        String body = body(confirmed("EV14" + pm, pm, "james-wish", 100, "k@example.org")
                .replace("\"campaign_id\":\"james-wish\",", ""));

        assertThat(post(body, signature(body, SECRET)).statusCode()).isEqualTo(204);
        assertNothingKept("gocardless:" + pm);
    }

    private void assertInvalidToken(HttpResponse<String> response, String reason) {
        assertThat(response.statusCode()).isEqualTo(498);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("urn:giving-stream:problem:invalid-signature");
        assertThat(problem.path("status").asInt()).isEqualTo(498);
        assertThat(problem.path("reason").asString()).isEqualTo(reason);
    }

    private void assertInvalidPayload(HttpResponse<String> response, String detail) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("urn:giving-stream:problem:invalid-payload");
        assertThat(problem.path("detail").asString()).contains(detail);
    }

    private List<String> types(List<ConsumerRecord<String, String>> records) {
        return records.stream()
                .map(r -> json.readTree(r.value()).path("type").asString())
                .toList();
    }

    private Donation donation(String payment) {
        return mongo.findById("gocardless:" + payment, Donation.class);
    }

    private static String paymentId() {
        return "PM"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 14).toUpperCase(Locale.ROOT);
    }

    private HttpResponse<String> post(String body, String signature) throws Exception {
        Map<String, String> headers = signature == null ? Map.of() : Map.of("Webhook-Signature", signature);
        return post("/webhooks/gocardless", body, headers);
    }
}
