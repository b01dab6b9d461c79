package org.givingstream.donation.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.givingstream.contracts.CampaignEvent;
import org.givingstream.contracts.Money;
import org.givingstream.contracts.Topics;
import org.givingstream.donation.DonationServiceTestSupport;
import org.givingstream.donation.webhook.stripe.StripeTestPayloads;
import org.givingstream.testinfra.Infrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/** donation-service accepts money only for campaigns campaign-service announced on Kafka. */
class KnownCampaignsTest extends DonationServiceTestSupport {

    @Autowired
    JsonMapper json;

    @Autowired
    OrganiserTokens organisers;

    @Autowired
    MeterRegistry meters;

    @Test
    void moneyForAnUnknownCampaignIsRefusedUntilTheCampaignIsAnnounced() throws Exception {
        String campaign = "announced-later-" + UUID.randomUUID().toString().substring(0, 8);
        String pi = "pi_" + UUID.randomUUID().toString().replace("-", "");
        String payload = StripeTestPayloads.checkout(pi).replace("\"james-wish\"", "\"" + campaign + "\"");

        var refused = post(
                "/webhooks/stripe",
                payload,
                Map.of("Stripe-Signature", StripeTestPayloads.signature(payload, "whsec_test_current")));

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(json.readTree(refused.body()).path("type").asString())
                .isEqualTo("urn:giving-stream:problem:unknown-campaign");
        assertNothingKept("stripe:" + pi);

        announce(campaign, 1, "Opened");
        await().atMost(Duration.ofSeconds(20)).until(() -> mongo.findById(campaign, KnownCampaign.class) != null);

        // the provider retries, as Stripe does after a non-2xx answer
        var accepted = post(
                "/webhooks/stripe",
                payload,
                Map.of("Stripe-Signature", StripeTestPayloads.signature(payload, "whsec_test_current")));
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).contains("accepted");
        assertThat(awaitDonation("stripe:" + pi)).isNotNull();
    }

    @Test
    void anOlderRevisionNeverReplacesANewerOne() throws Exception {
        String campaign = "revisions-" + UUID.randomUUID().toString().substring(0, 8);

        announce(campaign, 2, "Second title");
        await().atMost(Duration.ofSeconds(20)).until(() -> mongo.findById(campaign, KnownCampaign.class) != null);
        double stale = meters.counter("campaigns.announcements.stale").count();
        announce(campaign, 1, "First title"); // late and out of order
        await().atMost(Duration.ofSeconds(20))
                .until(() -> meters.counter("campaigns.announcements.stale").count() > stale);
        assertThat(mongo.findById(campaign, KnownCampaign.class))
                .as("the late revision 1, once read, left revision 2 in place")
                .extracting(KnownCampaign::revision, KnownCampaign::title)
                .containsExactly(2L, "Second title");
        announce(campaign, 3, "Third title");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> mongo.findById(campaign, KnownCampaign.class).revision() == 3);
        assertThat(mongo.findById(campaign, KnownCampaign.class).title()).isEqualTo("Third title");
    }

    /**
     * Issue 14: the organiser token is the one the newest announcement names (its hash), with no configuration; a
     * replaced one stops working as soon as the new revision is applied, a late old revision does not bring it back,
     * and a revision without a token (revoked) leaves the campaign with no organiser here.
     */
    @Test
    void theOrganiserTokenIsTheOneTheNewestAnnouncementNames() throws Exception {
        String campaign = "tokens-" + UUID.randomUUID().toString().substring(0, 8);
        String first = "first-organiser-token-" + UUID.randomUUID();
        String second = "second-organiser-token-" + UUID.randomUUID();
        assertThat(organisers.isOrganiserOf(campaign, first)).isFalse();

        announce(campaign, 1, "Opened", sha256Hex(first));
        await().atMost(Duration.ofSeconds(20)).until(() -> organisers.isOrganiserOf(campaign, first));
        assertThat(organisers.isOrganiserOf(campaign, second)).isFalse();
        assertThat(organisers.isOrganiserOf("james-wish", first)).isFalse();

        announce(campaign, 2, "Token replaced", sha256Hex(second));
        await().atMost(Duration.ofSeconds(20)).until(() -> organisers.isOrganiserOf(campaign, second));
        assertThat(organisers.isOrganiserOf(campaign, first)).isFalse();

        double stale = meters.counter("campaigns.announcements.stale").count();
        announce(campaign, 1, "Opened", sha256Hex(first)); // redelivered, late
        await().atMost(Duration.ofSeconds(20))
                .until(() -> meters.counter("campaigns.announcements.stale").count() > stale);
        assertThat(organisers.isOrganiserOf(campaign, first)).isFalse();
        assertThat(organisers.isOrganiserOf(campaign, second)).isTrue();

        announce(campaign, 3, "Token revoked", null);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> mongo.findById(campaign, KnownCampaign.class).revision() == 3);
        assertThat(organisers.isOrganiserOf(campaign, first)).isFalse();
        assertThat(organisers.isOrganiserOf(campaign, second)).isFalse();
    }

    private void announce(String campaign, long revision, String title) throws Exception {
        announce(campaign, revision, title, null);
    }

    private void announce(String campaign, long revision, String title, String tokenHash) throws Exception {
        var event = new CampaignEvent(
                UUID.randomUUID().toString(),
                CampaignEvent.OPENED,
                CampaignEvent.SCHEMA_VERSION,
                Instant.now(),
                campaign,
                revision,
                title,
                Money.of(5_000_000, "GBP"),
                "OPEN",
                "Organiser",
                "organiser@example.org",
                null,
                tokenHash);
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(Topics.CAMPAIGNS, campaign, json.writeValueAsString(event)))
                    .get();
        }
    }
}
