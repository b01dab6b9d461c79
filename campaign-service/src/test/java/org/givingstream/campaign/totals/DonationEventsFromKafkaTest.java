package org.givingstream.campaign.totals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.givingstream.campaign.CampaignServiceTest;
import org.givingstream.campaign.DonationTopic;
import org.givingstream.campaign.Donations;
import org.givingstream.campaign.Http;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** End to end through the real broker: events on {@code giving.donations.v1} change the public summary. */
class DonationEventsFromKafkaTest extends CampaignServiceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Http http;
    private final DonationTopic topic;
    private final MeterRegistry meters;

    DonationEventsFromKafkaTest(@LocalServerPort int port, JsonMapper json, MeterRegistry meters) {
        this.http = new Http(port, json);
        this.topic = new DonationTopic(json);
        this.meters = meters;
    }

    @AfterEach
    void closeProducer() {
        topic.close();
    }

    @Test
    void donationRaisesTheTotalAndIsListedWithoutTheDonorEmail() {
        String campaign = Donations.campaignId("kafka-raise");
        http.openCampaign(campaign, 10_000, "GBP");
        Instant at = Donations.now();
        DonationEvent donation = Donations.event(
                "donation.received",
                campaign,
                Money.of(2_500, "GBP"),
                true,
                new Donor("Ann Donor", "ann@example.org", false),
                "For the roof!",
                at);

        topic.publish(donation);

        JsonNode summary = awaitDonationCount(campaign, 1);
        assertThat(summary.path("raised").path("minorUnits").asLong()).isEqualTo(2_500);
        assertThat(summary.path("giftAidDeclared").path("minorUnits").asLong()).isEqualTo(2_500);
        assertThat(summary.path("percentOfTarget").decimalValue()).isEqualByComparingTo("25.0");
        assertThat(Instant.parse(summary.path("lastDonationAt").asString())).isEqualTo(at);
        JsonNode listed = summary.path("recentDonations").get(0);
        assertThat(listed.path("donorName").asString()).isEqualTo("Ann Donor");
        assertThat(listed.path("amount").path("minorUnits").asLong()).isEqualTo(2_500);
        assertThat(listed.path("message").asString()).isEqualTo("For the roof!");
        assertThat(Instant.parse(listed.path("occurredAt").asString())).isEqualTo(at);
        assertThat(summary.toString()).doesNotContain("ann@example.org").doesNotContain("pi_");
    }

    @Test
    void anonymousDonorIsNeverNamed() {
        String campaign = Donations.campaignId("kafka-anon");
        http.openCampaign(campaign, 10_000, "GBP");
        topic.publish(Donations.event(
                "donation.received",
                campaign,
                Money.of(700, "GBP"),
                false,
                new Donor("Secret Santa", "santa@example.org", true),
                null,
                Donations.now()));
        topic.publish(Donations.event(
                "donation.received",
                campaign,
                Money.of(300, "GBP"),
                false,
                new Donor(null, null, false),
                null,
                Donations.now().plusMillis(1)));

        JsonNode summary = awaitDonationCount(campaign, 2);

        assertThat(summary.path("recentDonations")
                        .valueStream()
                        .map(d -> d.path("donorName").asString()))
                .containsExactly("Anonymous", "Anonymous");
        assertThat(summary.toString()).doesNotContain("Secret Santa").doesNotContain("santa@example.org");
    }

    @Test
    void theSameEventPublishedTwiceIsCountedOnce() {
        String campaign = Donations.campaignId("kafka-republish");
        http.openCampaign(campaign, 10_000, "GBP");
        double duplicatesBefore = meters.counter("campaign.events.duplicates").count();
        DonationEvent donation = Donations.received(campaign, 1_000, "GBP");
        DonationEvent later = Donations.received(campaign, 1, "GBP");

        long first = topic.publish(donation).offset();
        long again = topic.publish(donation).offset(); // the outbox's at-least-once: two records, one event id
        topic.publish(later); // same key, same partition: once it is counted, both copies were seen

        assertThat(again).isGreaterThan(first);
        JsonNode summary = awaitDonationCount(campaign, 2);
        assertThat(summary.path("raised").path("minorUnits").asLong()).isEqualTo(1_001);
        assertThat(summary.path("recentDonations").size()).isEqualTo(2);
        assertThat(meters.counter("campaign.events.duplicates").count()).isGreaterThan(duplicatesBefore);
    }

    @Test
    void donationsInOtherCurrenciesAreShownApartAndNeverConverted() {
        String campaign = Donations.campaignId("kafka-fx");
        http.openCampaign(campaign, 10_000, "GBP");
        topic.publish(Donations.event(
                "donation.received",
                campaign,
                Money.of(1_000, "GBP"),
                true,
                new Donor("Ann", null, false),
                null,
                Donations.now()));
        topic.publish(Donations.event(
                "donation.received",
                campaign,
                Money.of(2_000, "EUR"),
                true,
                new Donor("Bea", null, false),
                null,
                Donations.now()));
        topic.publish(Donations.event(
                "donation.received",
                campaign,
                Money.of(500, "USD"),
                false,
                new Donor("Cy", null, false),
                null,
                Donations.now()));

        JsonNode summary = awaitDonationCount(campaign, 3);

        assertThat(summary.path("raised").path("minorUnits").asLong()).isEqualTo(1_000);
        assertThat(summary.path("raised").path("currency").asString()).isEqualTo("GBP");
        assertThat(summary.path("giftAidDeclared").path("minorUnits").asLong()).isEqualTo(1_000);
        assertThat(summary.path("percentOfTarget").decimalValue()).isEqualByComparingTo("10.0");
        assertThat(summary.path("otherCurrencies")
                        .valueStream()
                        .map(m -> m.path("minorUnits").asLong() + " "
                                + m.path("currency").asString()))
                .containsExactly("2000 EUR", "500 USD");
    }

    @Test
    void eventsOfOtherTypesAreSkipped() {
        String campaign = Donations.campaignId("kafka-skip");
        http.openCampaign(campaign, 10_000, "GBP");
        double skippedBefore = skipped("donation.some-future-type");
        topic.publish(Donations.event(
                "donation.some-future-type",
                campaign,
                Money.of(9_999, "GBP"),
                false,
                new Donor("Ann", null, false),
                null,
                Donations.now()));
        topic.publish(Donations.received(campaign, 100, "GBP"));

        JsonNode summary = awaitDonationCount(campaign, 1);

        assertThat(summary.path("raised").path("minorUnits").asLong()).isEqualTo(100);
        assertThat(skipped("donation.some-future-type")).isEqualTo(skippedBefore + 1);
    }

    @Test
    void eventForAnUnknownCampaignIsDeadLetteredAndDoesNotBlockItsPartition() {
        String known = Donations.campaignId("kafka-after-dlq");
        http.openCampaign(known, 10_000, "GBP");
        DonationEvent orphan = Donations.received(Donations.campaignId("never-opened"), 4_200, "GBP");
        DonationEvent next = Donations.received(known, 4_200, "GBP");

        try (var deadLetters = DonationTopic.deadLetters()) {
            topic.publish(orphan, 0);
            topic.publish(next, 0); // right behind the orphan on the same partition

            awaitDonationCount(known, 1);
            ConsumerRecord<String, String> parked = await().atMost(PATIENCE)
                    .pollInSameThread()
                    .until(() -> find(deadLetters.poll(), orphan), found -> found != null);
            assertThat(parked.key()).isEqualTo(orphan.campaignId());
            assertThat(parked.value()).contains(orphan.eventId());
            assertThat(exceptionMessage(parked)).contains("unknown campaign");
        }
        assertThat(http.get("/api/campaigns/" + orphan.campaignId()).status()).isEqualTo(404);
    }

    @Test
    void unreadableRecordsAreDeadLetteredAndDoNotBlockTheirPartition() {
        String known = Donations.campaignId("kafka-after-poison");
        http.openCampaign(known, 10_000, "GBP");
        String marker = "poison-" + UUID.randomUUID();
        String brokenJson = "{\"eventId\": \"" + marker + "\", ";
        String missingFields = "{\"eventId\": \"" + marker + "-incomplete\", \"type\": \"donation.received\"}";

        try (var deadLetters = DonationTopic.deadLetters()) {
            topic.publishRaw(known, brokenJson, 0);
            topic.publishRaw(known, missingFields, 0);
            topic.publish(Donations.received(known, 900, "GBP"), 0);

            JsonNode summary = awaitDonationCount(known, 1);
            assertThat(summary.path("raised").path("minorUnits").asLong()).isEqualTo(900);
            List<ConsumerRecord<String, String>> parked = await().atMost(PATIENCE)
                    .pollInSameThread()
                    .until(
                            () -> deadLetters.poll().stream()
                                    .filter(r -> r.value().contains(marker))
                                    .toList(),
                            found -> found.size() == 2);
            assertThat(parked)
                    .allSatisfy(record ->
                            assertThat(exceptionMessage(record)).contains("is not a readable donation event"));
        }
    }

    /**
     * Issue 13, point 3: seen before the fix, a donation of Long.MAX_VALUE then one of 100 left the total at
     * -9,223,372,036,854,775,709 and the summary answering 500. Now the impossible amount is dead-lettered and
     * everything behind it on the partition is counted.
     */
    @Test
    void anAmountNoPaymentCanHaveIsDeadLetteredAndTheNextDonationsAreCounted() {
        String wedged = Donations.campaignId("kafka-max-amount");
        String neighbour = Donations.campaignId("kafka-max-neighbour");
        http.openCampaign(wedged, 10_000, "GBP");
        http.openCampaign(neighbour, 10_000, "GBP");
        DonationEvent impossible = Donations.received(wedged, Long.MAX_VALUE, "GBP");
        DonationEvent nothing = Donations.received(wedged, 0, "GBP");

        try (var deadLetters = DonationTopic.deadLetters()) {
            topic.publish(impossible, 0);
            topic.publish(nothing, 0);
            topic.publish(Donations.received(wedged, 100, "GBP"), 0);
            topic.publish(Donations.received(neighbour, 2_500, "GBP"), 0);

            assertThat(awaitDonationCount(neighbour, 1)
                            .path("raised")
                            .path("minorUnits")
                            .asLong())
                    .isEqualTo(2_500);
            JsonNode summary = awaitDonationCount(wedged, 1);
            assertThat(summary.path("raised").path("minorUnits").asLong()).isEqualTo(100);
            for (DonationEvent parked : List.of(impossible, nothing)) {
                ConsumerRecord<String, String> record = await().atMost(PATIENCE)
                        .pollInSameThread()
                        .until(() -> find(deadLetters.poll(), parked), found -> found != null);
                assertThat(exceptionMessage(record)).contains("a payment is 1 to 10000000000");
            }
        }
    }

    private JsonNode awaitDonationCount(String campaign, long count) {
        return await().atMost(PATIENCE)
                .until(
                        () -> http.summary(campaign),
                        summary -> summary.path("donationCount").asLong() == count);
    }

    private static ConsumerRecord<String, String> find(List<ConsumerRecord<String, String>> records, DonationEvent e) {
        return records.stream()
                .filter(r -> r.value().contains(e.eventId()))
                .findFirst()
                .orElse(null);
    }

    private static String exceptionMessage(ConsumerRecord<String, String> deadLetter) {
        return new String(deadLetter.headers().lastHeader("x-exception-message").value(), StandardCharsets.UTF_8);
    }

    private double skipped(String type) {
        var counter = meters.find("campaign.events.skipped").tag("type", type).counter();
        return counter == null ? 0 : counter.count();
    }
}
