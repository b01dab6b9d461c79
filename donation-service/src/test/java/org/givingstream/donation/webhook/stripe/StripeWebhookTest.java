package org.givingstream.donation.webhook.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.net.Webhook;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Stripe signatures as Stripe's own library makes them; see application-test.yml for the two secrets. */
class StripeWebhookTest extends DonationServiceTestSupport {

    static final String SECRET = "whsec_test_current";
    static final String OLD_SECRET = "whsec_test_previous";

    @Autowired
    JsonMapper json;

    @Test
    void signedCheckoutIsStoredAndPublishedKeyedByCampaign() throws Exception {
        String pi = "pi_" + UUID.randomUUID();
        String payload = StripeSigner.checkoutCompleted("evt_1" + pi, pi, "james-wish", 2500, "ada@example.org");
        String signature = StripeSigner.header(payload, SECRET, Instant.now());
        // Stripe's own library accepts our test signature: the oracle agrees with the header format.
        assertThat(Webhook.constructEvent(payload, signature, SECRET).getId()).isEqualTo("evt_1" + pi);

        HttpResponse<String> response = post(payload, signature);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).path("status").asString()).isEqualTo("accepted");
        // accepted = in the intake log; the ledger feed writes the donation just after
        Donation stored = awaitDonation("stripe:" + pi);
        assertThat(stored.payment().amount().minorUnits()).isEqualTo(2500);
        assertThat(stored.payment().amount().currency()).isEqualTo("GBP");
        assertThat(stored.payment().giftAid()).isTrue();
        assertThat(stored.payment().donor().email()).isEqualTo("ada@example.org");

        List<ConsumerRecord<String, String>> published = allEventsFor("stripe:" + pi);
        assertThat(published).hasSize(1);
        assertThat(published.getFirst().key()).isEqualTo("james-wish");
        JsonNode event = json.readTree(published.getFirst().value());
        assertThat(event.path("type").asString()).isEqualTo("donation.received");
        assertThat(event.path("amount").path("minorUnits").asLong()).isEqualTo(2500);
        assertThat(event.path("eventId").asString()).isNotBlank();
        assertThat(event.path("donor").path("email").asString()).isEqualTo("ada@example.org");
        awaitDonation("stripe:" + pi, Donation::published);
    }

    @Test
    void retriedDeliveryIsStoredAndPublishedOnce() throws Exception {
        String pi = "pi_" + UUID.randomUUID();
        String payload = StripeSigner.checkoutCompleted("evt_2" + pi, pi, "james-wish", 1000, "bob@example.org");

        assertThat(post(payload, StripeSigner.header(payload, SECRET, Instant.now()))
                        .body())
                .contains("accepted");
        HttpResponse<String> retry = post(payload, StripeSigner.header(payload, SECRET, Instant.now()));

        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.body()).contains("accepted");
        // both deliveries are in the log and the feed has applied both: the retry was a duplicate there
        assertThat(awaitLedgerFeed("stripe:" + pi)).hasSize(2);
        assertThat(mongo.count(Query.query(Criteria.where("_id").is("stripe:" + pi)), Donation.class))
                .isEqualTo(1);
        awaitDonation("stripe:" + pi, Donation::published);
        // read a while longer than needed for one event: a second copy would show up here
        assertThat(eventsFor("stripe:" + pi, 2, Duration.ofSeconds(2))).hasSize(1);
    }

    @Test
    void secretBeingRotatedOutStillVerifies() throws Exception {
        String pi = "pi_" + UUID.randomUUID();
        String payload = StripeSigner.checkoutCompleted("evt_3" + pi, pi, "james-wish", 500, "cy@example.org");

        HttpResponse<String> response = post(payload, StripeSigner.header(payload, OLD_SECRET, Instant.now()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(awaitDonation("stripe:" + pi)).isNotNull();
    }

    @Test
    void wrongSecretIsRefusedAndNothingIsStoredOrPublished() throws Exception {
        assertRefused(payload -> StripeSigner.header(payload, "whsec_forged", Instant.now()), "signature-mismatch");
    }

    @Test
    void tamperedBodyIsRefused() throws Exception {
        String pi = "pi_" + UUID.randomUUID();
        String original = StripeSigner.checkoutCompleted("evt_4" + pi, pi, "james-wish", 100, "d@example.org");
        String signature = StripeSigner.header(original, SECRET, Instant.now());
        String tampered = original.replace("\"amount_total\":100", "\"amount_total\":100000");

        HttpResponse<String> response = post(tampered, signature);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(response.body()).path("reason").asString()).isEqualTo("signature-mismatch");
        assertNothingKept("stripe:" + pi);
        assertThat(eventsFor("stripe:" + pi, 1, Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void replayOutsideToleranceIsRefused() throws Exception {
        assertRefused(
                payload -> StripeSigner.header(payload, SECRET, Instant.now().minusSeconds(301)),
                "timestamp-outside-tolerance");
    }

    @Test
    void missingOrMalformedSignatureHeaderIsRefused() throws Exception {
        assertRefused(payload -> null, "missing-header");
        assertRefused(payload -> "v1=abc", "malformed-header");
        assertRefused(payload -> "t=" + Instant.now().getEpochSecond() + ",v0=deadbeef", "malformed-header");
    }

    @Test
    void signedButMalformedJsonGetsAProblemResponse() throws Exception {
        String payload = "{\"id\": \"evt_broken\", ";

        HttpResponse<String> response = post(payload, StripeSigner.header(payload, SECRET, Instant.now()));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(response.body()).path("type").asString())
                .isEqualTo("urn:giving-stream:problem:invalid-payload");
    }

    /** Issue 13, point 3: before, any non-negative long was a donation, Long.MAX_VALUE and 0 included. */
    @ParameterizedTest
    @ValueSource(longs = {Long.MAX_VALUE, 0, Money.MAX_PAYMENT_MINOR_UNITS + 1})
    void anAmountThatIsNotOnePaymentIsRefused(long amount) throws Exception {
        String pi = "pi_amount_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String payload = StripeSigner.checkoutCompleted("evt_" + pi, pi, "james-wish", amount, "max@example.org");

        HttpResponse<String> response = post(payload, StripeSigner.header(payload, SECRET, Instant.now()));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("urn:giving-stream:problem:invalid-payload");
        assertThat(problem.path("detail").asString()).contains("amount_total", "10000000000");
        assertNothingKept("stripe:" + pi);
    }

    @Test
    void oversizedBodyIsRefusedBeforeItIsRead() throws Exception {
        String payload = "{\"padding\":\"" + "x".repeat(300 * 1024) + "\"}";

        HttpResponse<String> response = post(payload, StripeSigner.header(payload, SECRET, Instant.now()));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json.readTree(response.body()).path("type").asString())
                .isEqualTo("urn:giving-stream:problem:payload-too-large");
    }

    @Test
    void oversizedChunkedBodyWithoutALengthIsRefusedToo() throws Exception {
        byte[] payload = ("{\"padding\":\"" + "x".repeat(300 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/stripe"))
                .header("Content-Type", "application/json")
                .header(
                        "Stripe-Signature",
                        StripeSigner.header(new String(payload, StandardCharsets.UTF_8), SECRET, Instant.now()))
                // an input stream publisher sends chunked, with no Content-Length
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(payload)))
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void smallChunkedBodyIsReadAndVerified() throws Exception {
        String pi = "pi_" + UUID.randomUUID();
        String payload = StripeSigner.checkoutCompleted("evt_7" + pi, pi, "james-wish", 900, "g@example.org");
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/stripe"))
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", StripeSigner.header(payload, SECRET, Instant.now()))
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8))))
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(awaitDonation("stripe:" + pi)).isNotNull();
    }

    @Test
    void unpaidCheckoutIsAcknowledgedButNotCounted() throws Exception {
        String pi = "pi_" + UUID.randomUUID();
        String payload = StripeSigner.checkoutCompleted("evt_5" + pi, pi, "james-wish", 100, "e@example.org")
                .replace("\"payment_status\":\"paid\"", "\"payment_status\":\"unpaid\"");

        HttpResponse<String> response = post(payload, StripeSigner.header(payload, SECRET, Instant.now()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("ignored");
        assertNothingKept("stripe:" + pi);
    }

    private void assertRefused(java.util.function.Function<String, String> sign, String reason) throws Exception {
        String pi = "pi_" + UUID.randomUUID();
        String payload = StripeSigner.checkoutCompleted("evt_6" + pi, pi, "james-wish", 100, "f@example.org");

        HttpResponse<String> response = post(payload, sign.apply(payload));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("urn:giving-stream:problem:invalid-signature");
        assertThat(problem.path("reason").asString()).isEqualTo(reason);
        assertNothingKept("stripe:" + pi);
        assertThat(eventsFor("stripe:" + pi, 1, Duration.ofSeconds(1))).isEmpty();
    }

    private HttpResponse<String> post(String payload, String signature) throws Exception {
        return post("/webhooks/stripe", payload, signature == null ? Map.of() : Map.of("Stripe-Signature", signature));
    }
}
