package org.givingstream.donation.webhook.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.givingstream.donation.DonationServiceTestSupport;
import org.givingstream.donation.ledger.Donation;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/** How money moves for one Stripe payment: one donation per payment, refunds and lost disputes taken back out. */
class StripeMoneyFlowTest extends DonationServiceTestSupport {

    @Autowired
    JsonMapper json;

    @Test
    void checkoutSessionAndItsPaymentIntentAreOneDonation() throws Exception {
        String pi = newPaymentIntent();

        assertThat(deliver(checkout(pi, 2500))).contains("accepted");
        assertThat(deliver(paymentIntentSucceeded(pi, 2500))).contains("accepted");

        // both events of the payment reached the ledger; the second changed nothing
        assertThat(awaitLedgerFeed("stripe:" + pi)).hasSize(2);
        assertThat(types(events(pi, 1))).containsExactly("donation.received");
    }

    @Test
    void paymentIntentWithoutCampaignLeavesTheDonationToCheckout() throws Exception {
        String pi = newPaymentIntent();
        String intentOnly = paymentIntentSucceeded(pi, 2500).replace("\"campaign_id\":\"james-wish\",", "");

        assertThat(deliver(intentOnly)).contains("ignored");
        assertThat(deliver(checkout(pi, 2500))).contains("accepted");

        // only the checkout went to the log, so the donation is the checkout's, with its donor
        assertThat(awaitLedgerFeed("stripe:" + pi)).hasSize(1);
        assertThat(mongo.findById("stripe:" + pi, Donation.class)
                        .payment()
                        .donor()
                        .email())
                .isEqualTo("ada@example.org");
    }

    @Test
    void partialRefundsTakeBackWhatEachRefundReturned() throws Exception {
        String pi = newPaymentIntent();
        deliver(checkout(pi, 5000));

        assertThat(deliver(chargeRefunded(pi, 5000, 1000))).contains("accepted");
        assertThat(deliver(chargeRefunded(pi, 5000, 1000))).contains("accepted"); // Stripe retried
        assertThat(deliver(chargeRefunded(pi, 5000, 3000))).contains("accepted");

        List<ConsumerRecord<String, String>> events = events(pi, 3);
        assertThat(types(events)).containsExactly("donation.received", "donation.refunded", "donation.refunded");
        assertThat(amounts(events)).containsExactly(5000L, 1000L, 2000L);
        assertThat(mongo.findById("stripe:" + pi, Donation.class).reversedMinorUnits())
                .isEqualTo(3000);
    }

    @Test
    void refundThatArrivesBeforeItsPaymentIsKeptAndAppliedAfterIt() throws Exception {
        String pi = newPaymentIntent();

        assertThat(deliver(chargeRefunded(pi, 2500, 2500))).contains("accepted");
        assertThat(events(pi, 0)).isEmpty();
        // parked: kept, waiting for its payment, nothing taken back yet
        Donation parked = mongo.findById("stripe:" + pi, Donation.class);
        assertThat(parked.payment()).isNull();
        assertThat(parked.reversals())
                .singleElement()
                .satisfies(waiting -> assertThat(waiting.appliedMinorUnits()).isNull());
        assertThat(deliver(checkout(pi, 2500))).contains("accepted");

        List<ConsumerRecord<String, String>> events = events(pi, 2);
        assertThat(types(events)).containsExactly("donation.received", "donation.refunded");
        assertThat(amounts(events)).containsExactly(2500L, 2500L);
    }

    @Test
    void lostDisputeTakesTheMoneyBackAndAWonOneDoesNot() throws Exception {
        String lost = newPaymentIntent();
        String won = newPaymentIntent();
        deliver(checkout(lost, 4000));
        deliver(checkout(won, 4000));

        assertThat(deliver(disputeClosed(lost, 4000, "lost"))).contains("accepted");
        assertThat(deliver(disputeClosed(won, 4000, "won"))).contains("ignored");

        assertThat(types(events(lost, 2))).containsExactly("donation.received", "donation.charged-back");
        assertThat(types(events(won, 1))).containsExactly("donation.received");
    }

    @Test
    void aRefundCanNeverTakeBackMoreThanWasPaid() throws Exception {
        String pi = newPaymentIntent();
        deliver(checkout(pi, 1000));
        deliver(disputeClosed(pi, 1000, "lost"));

        deliver(chargeRefunded(pi, 1000, 1000));

        awaitLedgerFeed("stripe:" + pi); // all three applied, in the order they were delivered
        assertThat(mongo.findById("stripe:" + pi, Donation.class).reversedMinorUnits())
                .isEqualTo(1000);
        assertThat(types(events(pi, 2))).containsExactly("donation.received", "donation.charged-back");
    }

    private String deliver(String payload) throws Exception {
        var response = post(
                "/webhooks/stripe",
                payload,
                Map.of("Stripe-Signature", StripeSigner.header(payload, StripeWebhookTest.SECRET, Instant.now())));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /**
     * Waits until the ledger feed has applied every delivery accepted for the payment and the donation's outbox is
     * empty, then reads everything published for it, for long enough to see one event more than expected if there
     * were one.
     */
    private List<ConsumerRecord<String, String>> events(String pi, int expected) {
        awaitLedgerFeed("stripe:" + pi);
        awaitDonation("stripe:" + pi, Donation::published);
        return eventsFor("stripe:" + pi, expected + 1, Duration.ofSeconds(2));
    }

    private List<String> types(List<ConsumerRecord<String, String>> events) {
        return events.stream()
                .map(e -> json.readTree(e.value()).path("type").asString())
                .toList();
    }

    private List<Long> amounts(List<ConsumerRecord<String, String>> events) {
        return events.stream()
                .map(e -> json.readTree(e.value())
                        .path("amount")
                        .path("minorUnits")
                        .asLong())
                .toList();
    }

    private static String newPaymentIntent() {
        return "pi_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String checkout(String pi, long amount) {
        return StripeSigner.checkoutCompleted(
                "evt_cs_" + UUID.randomUUID(), pi, "james-wish", amount, "ada@example.org");
    }

    private static String paymentIntentSucceeded(String pi, long amount) {
        return """
                {"id":"evt_pi_%s","type":"payment_intent.succeeded","created":%d,"data":{"object":{"id":"%s",
                 "object":"payment_intent","amount":%d,"amount_received":%d,"currency":"gbp","status":"succeeded",
                 "metadata":{"campaign_id":"james-wish","gift_aid":"false"}}}}""".formatted(UUID.randomUUID(), Instant.now().getEpochSecond(), pi, amount, amount);
    }

    private static String chargeRefunded(String pi, long amount, long refundedSoFar) {
        return """
                {"id":"evt_ch_%s","type":"charge.refunded","created":%d,"data":{"object":{"id":"ch_%s",
                 "object":"charge","amount":%d,"amount_refunded":%d,"currency":"gbp","payment_intent":"%s",
                 "refunded":%b}}}""".formatted(
                        UUID.randomUUID(),
                        Instant.now().getEpochSecond(),
                        pi,
                        amount,
                        refundedSoFar,
                        pi,
                        refundedSoFar == amount);
    }

    private static String disputeClosed(String pi, long amount, String status) {
        return """
                {"id":"evt_dp_%s","type":"charge.dispute.closed","created":%d,"data":{"object":{"id":"dp_%s",
                 "object":"dispute","amount":%d,"currency":"gbp","payment_intent":"%s","status":"%s"}}}""".formatted(UUID.randomUUID(), Instant.now().getEpochSecond(), pi, amount, pi, status);
    }
}
