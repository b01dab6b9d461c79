package org.givingstream.donation.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.givingstream.donation.DonationServiceTestSupport;
import org.givingstream.donation.ledger.Donation;
import org.givingstream.donation.webhook.stripe.StripeTestPayloads;
import org.junit.jupiter.api.Test;

/**
 * Prometheus scrapes what the Grafana dashboard (ops/grafana/dashboards/giving-stream.json) queries from
 * donation-service, under the names the dashboard uses: a renamed meter would otherwise leave a panel silently empty.
 */
class DashboardMetricsAreScrapedTest extends DonationServiceTestSupport {

    @Test
    void webhookOutboxAndConsumerLagMetricsAreExposedForPrometheus() throws Exception {
        String pi = "pi_" + UUID.randomUUID();
        String payload = StripeTestPayloads.checkout(pi);
        post(
                "/webhooks/stripe",
                payload,
                Map.of("Stripe-Signature", StripeTestPayloads.signature(payload, "whsec_test_current")));
        awaitDonation("stripe:" + pi, Donation::published); // written by the ledger feed, then published

        String scrape = http.send(
                        HttpRequest.newBuilder(
                                        URI.create("http://localhost:" + managementPort + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();

        assertThat(scrape)
                .contains("webhooks_received_total{application=\"donation-service\",provider=\"stripe\"")
                .contains("webhooks_outcome_total{")
                // a webhook's outcome is now "accepted" (in the intake log); stored etc. only on the MongoDB fallback
                .contains("outcome=\"accepted\"")
                .contains("donations_outbox_backlog{")
                .contains("donations_outbox_publish_latency_seconds_bucket{")
                // the Kafka binder's lag gauge, one series per consumer group and topic
                .contains("spring_cloud_stream_binder_kafka_offset{");
    }
}
