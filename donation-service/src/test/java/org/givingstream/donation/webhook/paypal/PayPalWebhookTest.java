package org.givingstream.donation.webhook.paypal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.donation.DonationServiceTestSupport;
import org.givingstream.donation.ledger.Donation;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * PayPal deliveries signed as PayPal signs them, with the test-only key whose certificate application-test.yml pins
 * (see src/test/resources/paypal/README.md).
 */
class PayPalWebhookTest extends DonationServiceTestSupport {

    static final String CAMPAIGN = "campaign_id=james-wish;gift_aid=true;anonymous=false";

    @Autowired
    MongoTemplate mongo;

    @Autowired
    JsonMapper json;

    @Autowired
    MeterRegistry meters;

    @Test
    void signedCaptureIsStoredAndPublishedKeyedByCampaign() throws Exception {
        String capture = captureId();
        HttpResponse<String> response = post(PayPalSigner.captureCompleted(capture, "25.00", "GBP", CAMPAIGN));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).path("status").asString()).isEqualTo("accepted");
        // accepted = in the intake log; the ledger feed writes the donation just after
        Donation stored = awaitDonation("paypal:" + capture);
        assertThat(stored.payment().amount().minorUnits()).isEqualTo(2500);
        assertThat(stored.payment().amount().currency()).isEqualTo("GBP");
        assertThat(stored.payment().campaignId()).isEqualTo("james-wish");
        assertThat(stored.payment().giftAid()).isTrue();
        assertThat(stored.payment().donor().name()).isEqualTo("Ada Lovelace");
        assertThat(stored.payment().donor().email()).isEqualTo("ada@example.org");
        assertThat(stored.payment().providerReference()).isEqualTo(capture);

        List<ConsumerRecord<String, String>> published = allEventsFor("paypal:" + capture);
        assertThat(published).hasSize(1);
        assertThat(published.getFirst().key()).isEqualTo("james-wish");
        JsonNode event = json.readTree(published.getFirst().value());
        assertThat(event.path("type").asString()).isEqualTo(DonationEventTypes.RECEIVED);
        assertThat(event.path("amount").path("minorUnits").asLong()).isEqualTo(2500);
        assertThat(event.path("source").asString()).isEqualTo("paypal");
    }

    @Test
    void tamperedBodyIsRefusedAndNothingIsStored() throws Exception {
        String capture = captureId();
        String original = PayPalSigner.captureCompleted(capture, "1.00", "GBP", CAMPAIGN);
        Map<String, String> headers = PayPalSigner.headers(original, Instant.now());
        String tampered = original.replace("\"value\":\"1.00\"", "\"value\":\"1000.00\"");

        HttpResponse<String> response = post("/webhooks/paypal", tampered, headers);

        assertRefused(response, "signature-mismatch");
        assertNothingKept("paypal:" + capture);
        assertThat(eventsFor("paypal:" + capture, 1, Duration.ofSeconds(1))).isEmpty();
    }

    /**
     * PayPal signs only a CRC32 of the body: a captured £1 delivery, replayed within the tolerance with a £10,000
     * capture of the same CRC32, carries a valid signature. Its transmission id was seen with another body: refused.
     */
    @Test
    void aTransmissionReplayedWithAnotherBodyOfTheSameChecksumIsRefused() throws Exception {
        String capture = captureId();
        String original = PayPalSigner.captureCompleted(capture, "1.00", "GBP", CAMPAIGN);
        Map<String, String> headers = PayPalSigner.headers(original, Instant.now());
        assertThat(post("/webhooks/paypal", original, headers).statusCode()).isEqualTo(200);

        String forgedCapture = captureId();
        String filler = "a".repeat(64);
        String forged = Crc32Forgery.withCrcOf(
                original,
                PayPalSigner.captureCompleted(forgedCapture, "10000.00", "GBP", CAMPAIGN)
                        .replace(
                                "\"final_capture\":true",
                                "\"final_capture\":true,\"note_to_payer\":\"" + filler + "\""),
                filler);
        assertThat(PayPalSignatureVerifier.crc32(forged.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(PayPalSignatureVerifier.crc32(original.getBytes(StandardCharsets.UTF_8)));

        assertRefused(post("/webhooks/paypal", forged, headers), "replayed-transmission");
        assertNothingKept("paypal:" + forgedCapture);
        // the same transmission with its own body (a resend) is still answered, and counted once
        assertThat(post("/webhooks/paypal", original, headers).statusCode()).isEqualTo(200);
        assertThat(awaitDonation("paypal:" + capture).payment().amount().minorUnits())
                .isEqualTo(100);
    }

    @Test
    void signatureByAnotherKeyIsRefused() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var forgerKey = generator.generateKeyPair().getPrivate();

        assertRefusedWith(
                body -> PayPalSigner.headers(body, Instant.now(), forgerKey, PayPalSigner.CERT_URL),
                "signature-mismatch");
    }

    @Test
    void transmissionTimeOutsideToleranceIsRefusedAsReplay() throws Exception {
        assertRefusedWith(
                body -> PayPalSigner.headers(body, Instant.now().minusSeconds(301)),
                "transmission-time-outside-tolerance");
        assertRefusedWith(
                body -> PayPalSigner.headers(body, Instant.now().plusSeconds(301)),
                "transmission-time-outside-tolerance");
    }

    @Test
    void certificateUrlOffPayPalIsRefusedEvenWithAValidSignature() throws Exception {
        for (String url : List.of(
                "https://paypal.com.evil.example/cert.pem", "http://api.paypal.com/v1/notifications/certs/CERT-1")) {
            assertRefusedWith(
                    body -> PayPalSigner.headers(body, Instant.now(), PayPalSigner.TEST_KEY, url),
                    "cert-url-not-allowed");
        }
    }

    @Test
    void missingHeadersAndOtherAlgorithmsAreRefused() throws Exception {
        assertRefusedWith(
                body -> without(PayPalSigner.headers(body, Instant.now()), "PAYPAL-TRANSMISSION-SIG"),
                "missing-headers");
        assertRefusedWith(
                body -> with(PayPalSigner.headers(body, Instant.now()), "PAYPAL-AUTH-ALGO", "SHA1withRSA"),
                "unsupported-algorithm");
    }

    @Test
    void redeliveredCaptureIsOneDonationAndOneEvent() throws Exception {
        String capture = captureId();
        String body = PayPalSigner.captureCompleted(capture, "10.00", "EUR", CAMPAIGN);

        assertThat(post(body).body()).contains("\"accepted\"");
        HttpResponse<String> retry = post(body); // PayPal's retry: a new transmission of the same event

        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.body()).contains("\"accepted\"");
        // both transmissions are in the log and the feed has applied both: the retry was a duplicate there
        assertThat(awaitLedgerFeed("paypal:" + capture)).hasSize(2);
        assertThat(mongo.count(Query.query(Criteria.where("_id").is("paypal:" + capture)), Donation.class))
                .isEqualTo(1);
        awaitDonation("paypal:" + capture, Donation::published);
        // read a while longer than one event needs: a second copy would show up here
        assertThat(eventsFor("paypal:" + capture, 2, Duration.ofSeconds(2))).hasSize(1);
    }

    @Test
    void refundPublishesTheRefundedAmount() throws Exception {
        String capture = captureId();
        String refundId = "RF" + capture;
        assertThat(post(PayPalSigner.captureCompleted(capture, "25.00", "GBP", CAMPAIGN))
                        .body())
                .contains("accepted");

        HttpResponse<String> response =
                post(PayPalSigner.refund("PAYMENT.CAPTURE.REFUNDED", refundId, capture, "10.00", "GBP"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"accepted\"");
        JsonNode refunded = eventOfType(capture, DonationEventTypes.REFUNDED);
        assertThat(refunded.path("amount").path("minorUnits").asLong()).isEqualTo(1000);
        assertThat(refunded.path("campaignId").asString()).isEqualTo("james-wish");
        assertThat(refunded.path("providerReference").asString()).isEqualTo(refundId);
        assertThat(mongo.findById("paypal:" + capture, Donation.class).reversedMinorUnits())
                .isEqualTo(1000);
    }

    @Test
    void refundBeforeItsCaptureIsParkedThenAppliedWhenTheCaptureArrives() throws Exception {
        String capture = captureId();
        HttpResponse<String> early =
                post(PayPalSigner.refund("PAYMENT.CAPTURE.REFUNDED", "RF" + capture, capture, "5.00", "USD"));

        assertThat(early.statusCode()).isEqualTo(200);
        assertThat(early.body()).contains("\"accepted\"");
        // parked: once the feed has applied it, the refund is kept with no payment and nothing is published
        awaitLedgerFeed("paypal:" + capture);
        Donation parked = mongo.findById("paypal:" + capture, Donation.class);
        assertThat(parked.payment()).isNull();
        assertThat(parked.reversals())
                .singleElement()
                .satisfies(
                        waiting -> assertThat(waiting.reversal().reversalId()).isEqualTo("RF" + capture));
        assertThat(eventsFor("paypal:" + capture, 1, Duration.ofSeconds(2))).isEmpty();

        assertThat(post(PayPalSigner.captureCompleted(capture, "20.00", "USD", CAMPAIGN))
                        .body())
                .contains("accepted");

        List<ConsumerRecord<String, String>> published = eventsFor("paypal:" + capture, 2, Duration.ofSeconds(10));
        assertThat(published)
                .extracting(r -> json.readTree(r.value()).path("type").asString())
                .containsExactly(DonationEventTypes.RECEIVED, DonationEventTypes.REFUNDED);
        assertThat(json.readTree(published.get(1).value())
                        .path("amount")
                        .path("minorUnits")
                        .asLong())
                .isEqualTo(500);
    }

    @Test
    void reversedCaptureIsAChargeback() throws Exception {
        String capture = captureId();
        assertThat(post(PayPalSigner.captureCompleted(capture, "7.50", "GBP", CAMPAIGN))
                        .body())
                .contains("accepted");

        HttpResponse<String> response =
                post(PayPalSigner.refund("PAYMENT.CAPTURE.REVERSED", "RV" + capture, capture, "7.50", "GBP"));

        assertThat(response.body()).contains("\"accepted\"");
        JsonNode chargedBack = eventOfType(capture, DonationEventTypes.CHARGED_BACK);
        assertThat(chargedBack.path("amount").path("minorUnits").asLong()).isEqualTo(750);
    }

    @Test
    void disputeCreatedIsAcknowledgedAndCountedButMovesNoMoney() throws Exception {
        double before = ignoredCount("dispute-created");
        String body = """
                {"id":"WH-D-%s","event_type":"CUSTOMER.DISPUTE.CREATED","resource_type":"dispute",
                 "resource":{"dispute_id":"PP-D-1","dispute_amount":{"currency_code":"GBP","value":"25.00"}}}""".formatted(UUID.randomUUID());

        HttpResponse<String> response = post(body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"ignored\"");
        assertThat(ignoredCount("dispute-created")).isEqualTo(before + 1);
    }

    @Test
    void captureWithoutCampaignOrWithImpossibleAmountIsRefusedAsInvalidPayload() throws Exception {
        String noCampaign = captureId();
        String tooPrecise = captureId();

        HttpResponse<String> first = post(PayPalSigner.captureCompleted(noCampaign, "5.00", "GBP", "gift_aid=true"));
        HttpResponse<String> second = post(PayPalSigner.captureCompleted(tooPrecise, "25.001", "GBP", CAMPAIGN));

        for (HttpResponse<String> response : List.of(first, second)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json.readTree(response.body()).path("type").asString())
                    .isEqualTo("urn:giving-stream:problem:invalid-payload");
        }
        assertNothingKept("paypal:" + noCampaign);
        assertNothingKept("paypal:" + tooPrecise);
    }

    private JsonNode eventOfType(String capture, String type) {
        return eventsFor("paypal:" + capture, 2, Duration.ofSeconds(10)).stream()
                .map(r -> json.readTree(r.value()))
                .filter(e -> type.equals(e.path("type").asString()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " event for paypal:" + capture));
    }

    private double ignoredCount(String reason) {
        var counter = meters.find("webhooks.outcome")
                .tags("provider", "paypal", "outcome", "ignored", "reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private void assertRefusedWith(Function<String, Map<String, String>> sign, String reason) throws Exception {
        String capture = captureId();
        String body = PayPalSigner.captureCompleted(capture, "3.00", "GBP", CAMPAIGN);

        assertRefused(post("/webhooks/paypal", body, sign.apply(body)), reason);
        assertNothingKept("paypal:" + capture);
    }

    private void assertRefused(HttpResponse<String> response, String reason) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("urn:giving-stream:problem:invalid-signature");
        assertThat(problem.path("reason").asString()).isEqualTo(reason);
    }

    private HttpResponse<String> post(String body) throws Exception {
        return post("/webhooks/paypal", body, PayPalSigner.headers(body, Instant.now()));
    }

    private static Map<String, String> without(Map<String, String> headers, String name) {
        Map<String, String> copy = new HashMap<>(headers);
        copy.remove(name);
        return copy;
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> copy = new HashMap<>(headers);
        copy.put(name, value);
        return copy;
    }

    private static String captureId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 17).toUpperCase();
    }
}
