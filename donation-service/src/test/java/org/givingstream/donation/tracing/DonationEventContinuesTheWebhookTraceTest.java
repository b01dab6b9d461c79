package org.givingstream.donation.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.givingstream.donation.DonationServiceTestSupport;
import org.givingstream.donation.ledger.Donation;
import org.givingstream.donation.webhook.stripe.StripeTestPayloads;
import org.junit.jupiter.api.Test;

/**
 * The outbox relay publishes after the webhook was answered, from its own thread; the Kafka record must still carry
 * the webhook request's trace, so that one donation is one trace across the three services.
 */
class DonationEventContinuesTheWebhookTraceTest extends DonationServiceTestSupport {

    @Test
    void theDonationsKafkaRecordCarriesTheTraceOfTheWebhookThatStoredIt() throws Exception {
        String traceId = randomHex(16);
        String callerSpanId = randomHex(8);
        String pi = "pi_" + UUID.randomUUID();
        String payload = StripeTestPayloads.checkout(pi);

        var response = post(
                "/webhooks/stripe",
                payload,
                Map.of(
                        "Stripe-Signature",
                        StripeTestPayloads.signature(payload, "whsec_test_current"),
                        "traceparent",
                        "00-" + traceId + "-" + callerSpanId + "-01"));

        assertThat(response.statusCode()).isEqualTo(200);
        List<ConsumerRecord<String, String>> published = eventsFor("stripe:" + pi, 1, Duration.ofSeconds(30));
        assertThat(published).hasSize(1);
        Header header = published.getFirst().headers().lastHeader("traceparent");
        assertThat(header).as("traceparent record header").isNotNull();
        String traceparent = new String(header.value(), StandardCharsets.UTF_8);
        // same trace, sampled; the parent is the producer span, a descendant of the caller's span
        assertThat(traceparent).matches("00-" + traceId + "-[0-9a-f]{16}-01").doesNotContain(callerSpanId);
        // once published, the stored trace context goes with the event
        assertThat(awaitDonation("stripe:" + pi, Donation::published).traceparents())
                .isEmpty();
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1; // never all zeros, which W3C trace context rejects
        return HexFormat.of().formatHex(random);
    }
}
