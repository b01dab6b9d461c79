package org.givingstream.donation.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.givingstream.contracts.Money;
import org.givingstream.donation.DonationServiceTestSupport;
import org.givingstream.donation.ledger.Donation;
import org.givingstream.donation.ledger.IncomingReversal;
import org.givingstream.donation.ledger.ReversalKind;
import org.givingstream.donation.webhook.stripe.StripeTestPayloads;
import org.givingstream.testinfra.Infrastructure;
import org.givingstream.testinfra.TopicReader;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * The log-first intake: a webhook is answered once its event is in the intake log, the ledger follows from the
 * log, a redelivered record changes nothing, and a record the ledger can never apply is dead-lettered without
 * holding up the records behind it.
 */
class LogFirstIntakeTest extends DonationServiceTestSupport {

    private static final String SECRET = "whsec_test_current";

    @Autowired
    JsonMapper json;

    @Test
    void webhookIsAnsweredFromTheLogAndTheLedgerFollows() throws Exception {
        String pi = "pi_log_" + UUID.randomUUID();
        String payload = StripeTestPayloads.checkout(pi);

        var response = post(
                "/webhooks/stripe", payload, Map.of("Stripe-Signature", StripeTestPayloads.signature(payload, SECRET)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("accepted");
        List<ConsumerRecord<String, String>> logged = intake("stripe:" + pi, 1);
        assertThat(logged).hasSize(1);
        IntakeRecord record = json.readValue(logged.getFirst().value(), IntakeRecord.class);
        assertThat(record.provider()).isEqualTo("stripe");
        assertThat(record.deliveryId()).startsWith("evt_");
        assertThat(record.payment().amount()).isEqualTo(Money.of(1500, "GBP"));
        Donation stored = published("stripe:" + pi);
        assertThat(stored.payment().amount().minorUnits()).isEqualTo(1500);
        assertThat(eventsFor("stripe:" + pi, 2, Duration.ofSeconds(2))).hasSize(1);
    }

    @Test
    void aRedeliveredIntakeRecordChangesNothing() throws Exception {
        String pi = checkoutCountedAndPublished("pi_redelivered_");
        ConsumerRecord<String, String> original = intake("stripe:" + pi, 1).getFirst();

        // what Kafka hands the feed again after a crash between the ledger write and the offset commit
        append(original.key(), original.value().getBytes(StandardCharsets.UTF_8));
        // behind it on the same partition, a refund: once it is applied, the redelivered record was read before it
        append("stripe:" + pi, refund(pi, "re_1", Money.of(400, "GBP")));

        Donation donation = await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> mongo.findById("stripe:" + pi, Donation.class),
                        d -> d.reversedMinorUnits() == 400 && d.published());
        assertThat(donation.version()).isPositive();
        var events = eventsFor("stripe:" + pi, 3, Duration.ofSeconds(2));
        assertThat(events)
                .extracting(e -> json.readTree(e.value()).path("type").asString())
                .containsExactly("donation.received", "donation.refunded");
    }

    @Test
    void aRecordTheLedgerCanNeverApplyIsDeadLetteredAndTheRestGoOn() throws Exception {
        String pi = checkoutCountedAndPublished("pi_poison_");

        append("stripe:" + pi, "not an intake record".getBytes(StandardCharsets.UTF_8));
        append("stripe:" + pi, refund(pi, "re_eur", Money.of(300, "EUR"))); // the payment was in GBP
        append("stripe:" + pi, refund(pi, "re_gbp", Money.of(300, "GBP")));

        await().atMost(Duration.ofSeconds(15))
                .until(() -> mongo.findById("stripe:" + pi, Donation.class).reversedMinorUnits() == 300);
        List<ConsumerRecord<String, String>> dead = TopicReader.read(
                Infrastructure.shared().kafkaBootstrapServers(),
                IntakeTopic.DEAD_LETTERS,
                r -> ("stripe:" + pi).equals(r.key()),
                found -> found.size() >= 3,
                Duration.ofSeconds(10));
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0).value()).isEqualTo("not an intake record");
        assertThat(dead.get(1).value()).contains("re_eur");
        assertThat(new String(dead.get(1).headers().lastHeader("reason").value(), StandardCharsets.UTF_8))
                .contains("EUR");
    }

    /** A checkout delivered as Stripe does, once the ledger has it and its event is out: its payment intent id. */
    private String checkoutCountedAndPublished(String prefix) throws Exception {
        String pi = prefix + UUID.randomUUID();
        String payload = StripeTestPayloads.checkout(pi);
        var response = post(
                "/webhooks/stripe", payload, Map.of("Stripe-Signature", StripeTestPayloads.signature(payload, SECRET)));
        assertThat(response.statusCode()).isEqualTo(200);
        published("stripe:" + pi);
        return pi;
    }

    private Donation published(String donationId) {
        return await().atMost(Duration.ofSeconds(15))
                .until(() -> mongo.findById(donationId, Donation.class), d -> d != null && d.published());
    }

    private static List<ConsumerRecord<String, String>> intake(String donationId, int expected) {
        return TopicReader.read(
                Infrastructure.shared().kafkaBootstrapServers(),
                IntakeTopic.NAME,
                r -> donationId.equals(r.key()),
                found -> found.size() > expected,
                Duration.ofSeconds(3));
    }

    private byte[] refund(String pi, String refundId, Money amount) {
        var reversal = new IncomingReversal(
                "stripe:" + pi, refundId, ReversalKind.REFUND, amount, "evt_" + refundId, Instant.now());
        return json.writeValueAsBytes(
                IntakeRecord.of("stripe", "charge.refunded", "evt_" + refundId, Instant.now(), null, reversal, false));
    }

    private static void append(String key, byte[] value) throws Exception {
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(IntakeTopic.NAME, key, value)).get();
        }
    }
}
