package org.givingstream.campaign.totals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.givingstream.campaign.CampaignServiceTest;
import org.givingstream.campaign.DonationTopic;
import org.givingstream.campaign.Donations;
import org.givingstream.campaign.Http;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Through the real broker in batch mode: donors, sources, Gift Aid, refunds and disputes in the public summary. */
class BatchTotalsFromKafkaTest extends CampaignServiceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Http http;
    private final DonationTopic topic;
    private final MeterRegistry meters;

    BatchTotalsFromKafkaTest(@LocalServerPort int port, JsonMapper json, MeterRegistry meters) {
        this.http = new Http(port, json);
        this.topic = new DonationTopic(json);
        this.meters = meters;
    }

    @AfterEach
    void closeProducer() {
        topic.close();
    }

    @Test
    void donorsSourcesGiftAidRefundsAndDisputesAddUpOnce() {
        String campaign = Donations.campaignId("kafka-mix");
        http.openCampaign(campaign, 100_000, "GBP");
        DonationEvent card = received(campaign, 10_000, "stripe", "ann@example.org", true);
        DonationEvent cardAgain = received(campaign, 2_000, "stripe", " ANN@example.org", false);
        DonationEvent paypal = received(campaign, 7_000, "paypal", "bea@example.org", true);
        DonationEvent debit = received(campaign, 3_000, "gocardless", "cy@example.org", false);
        DonationEvent cash = received(campaign, 1_555, "offline", null, true);
        DonationEvent platform = received(campaign, 4_000, "justgiving", "dee@example.org", false);
        DonationEvent refund = TotalsUpdaterTest.reversal(card, DonationEventTypes.REFUNDED, 2_500);
        DonationEvent dispute = TotalsUpdaterTest.reversal(paypal, DonationEventTypes.CHARGED_BACK, 7_000);
        long eventAgeBefore = meters.timer("campaign.event.age").count();

        for (DonationEvent event :
                new DonationEvent[] {card, cardAgain, paypal, debit, cash, platform, refund, dispute}) {
            topic.publish(event);
            topic.publish(event); // the outbox's at-least-once: every event twice, at two offsets
        }
        DonationEvent last = received(campaign, 1, "stripe", "ann@example.org", false);
        topic.publish(last); // once the last is counted, everything before it on the partition was seen

        JsonNode summary = await().atMost(PATIENCE)
                .until(
                        () -> http.summary(campaign),
                        s -> s.path("donationCount").asLong() == 7);
        // 10000 + 2000 + 7000 + 3000 + 1555 + 4000 + 1 - 2500 refunded - 7000 charged back
        assertThat(summary.path("raised").path("minorUnits").asLong()).isEqualTo(18_056);
        assertThat(summary.path("refunded").path("minorUnits").asLong()).isEqualTo(2_500);
        assertThat(summary.path("chargedBack").path("minorUnits").asLong()).isEqualTo(7_000);
        assertThat(summary.path("donorCount").asLong()).isEqualTo(5); // ann (x3), bea, cy, the cash donor, dee
        // Gift Aid base: 10000 - 2500 (refund of a Gift Aid donation) + 7000 - 7000 + 1555 = 9055; 25 % = 2263.75
        assertThat(summary.path("giftAidDeclared").path("minorUnits").asLong()).isEqualTo(9_055);
        assertThat(summary.path("giftAid").path("minorUnits").asLong()).isEqualTo(2_263);
        assertThat(summary.path("bySource")
                        .valueStream()
                        .map(s -> s.path("source").asString() + " "
                                + s.path("raised").path("minorUnits").asLong() + " "
                                + s.path("donationCount").asLong()))
                .containsExactly(
                        "stripe 9501 3", "justgiving 4000 1", "gocardless 3000 1", "offline 1555 1", "paypal 0 1");
        assertThat(meters.timer("campaign.event.age").count()).isGreaterThanOrEqualTo(eventAgeBefore + 9);
        assertThat(meters.timer("campaign.update.latency").count()).isPositive();
    }

    private static DonationEvent received(String campaign, long amount, String source, String email, boolean giftAid) {
        DonationEvent e = Donations.event(
                DonationEventTypes.RECEIVED,
                campaign,
                Money.of(amount, "GBP"),
                giftAid,
                new Donor("Someone", email, false),
                null,
                Donations.now());
        return new DonationEvent(
                e.eventId(),
                e.type(),
                e.schemaVersion(),
                e.occurredAt(),
                e.donationId(),
                e.campaignId(),
                e.amount(),
                e.giftAid(),
                e.donor(),
                e.message(),
                source,
                e.providerReference());
    }
}
