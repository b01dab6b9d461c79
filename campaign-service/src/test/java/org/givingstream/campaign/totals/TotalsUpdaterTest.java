package org.givingstream.campaign.totals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.bson.Document;
import org.givingstream.campaign.CampaignServiceTest;
import org.givingstream.campaign.Donations;
import org.givingstream.campaign.Http;
import org.givingstream.campaign.totals.TotalsUpdater.Outcome;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The guarded update itself, called directly with chosen partitions and offsets, against the real MongoDB server:
 * proves the {@code $or}/{@code $exists}/{@code $ne} guard and {@code $push} with {@code $each}/{@code $sort}/{@code
 * $slice} behave as the effectively-once argument needs.
 */
class TotalsUpdaterTest extends CampaignServiceTest {

    private final TotalsUpdater totals;
    private final MongoTemplate mongo;
    private final Http http;

    TotalsUpdaterTest(TotalsUpdater totals, MongoTemplate mongo, @LocalServerPort int port, JsonMapper json) {
        this.totals = totals;
        this.mongo = mongo;
        this.http = new Http(port, json);
    }

    @Test
    void aRedeliveredRecordIsCountedOnce() {
        String campaign = openCampaign("redelivered");
        DonationEvent donation = Donations.received(campaign, 1_500, "GBP");

        assertThat(totals.apply(donation, 2, 41)).isEqualTo(Outcome.APPLIED);
        assertThat(totals.apply(donation, 2, 41)).isEqualTo(Outcome.DUPLICATE);

        JsonNode summary = http.summary(campaign);
        assertThat(summary.path("donationCount").asLong()).isEqualTo(1);
        assertThat(summary.path("raised").path("minorUnits").asLong()).isEqualTo(1_500);
        assertThat(summary.path("recentDonations").size()).isEqualTo(1);
    }

    @Test
    void aRecordAtOrBelowTheAppliedOffsetOfItsPartitionIsNotApplied() {
        String campaign = openCampaign("offsets");
        totals.apply(Donations.received(campaign, 100, "GBP"), 0, 10);

        assertThat(totals.apply(Donations.received(campaign, 200, "GBP"), 0, 10)).isEqualTo(Outcome.DUPLICATE);
        assertThat(totals.apply(Donations.received(campaign, 300, "GBP"), 0, 9)).isEqualTo(Outcome.DUPLICATE);
        assertThat(totals.apply(Donations.received(campaign, 400, "GBP"), 1, 3)).isEqualTo(Outcome.APPLIED);
        assertThat(totals.apply(Donations.received(campaign, 500, "GBP"), 0, 11)).isEqualTo(Outcome.APPLIED);

        assertThat(http.summary(campaign).path("raised").path("minorUnits").asLong()).isEqualTo(1_000);
        Document offsets = raw(campaign).get("offsets", Document.class);
        assertThat(offsets).containsEntry("0", 11L).containsEntry("1", 3L);
    }

    @Test
    void aRepublishedEventAtALaterOffsetIsCountedOnce() {
        String campaign = openCampaign("republished");
        DonationEvent donation = Donations.received(campaign, 2_000, "GBP");

        assertThat(totals.apply(donation, 0, 5)).isEqualTo(Outcome.APPLIED);
        assertThat(totals.apply(donation, 0, 6)).isEqualTo(Outcome.DUPLICATE);
        assertThat(totals.apply(donation, 1, 0)).isEqualTo(Outcome.DUPLICATE);

        JsonNode summary = http.summary(campaign);
        assertThat(summary.path("donationCount").asLong()).isEqualTo(1);
        assertThat(summary.path("raised").path("minorUnits").asLong()).isEqualTo(2_000);
    }

    @Test
    void anEventForAnUnknownCampaignThrowsAndWritesNothing() {
        DonationEvent orphan = Donations.received(Donations.campaignId("nowhere"), 100, "GBP");

        assertThatThrownBy(() -> totals.apply(orphan, 0, 1)).isInstanceOf(UnknownCampaignException.class);
        assertThat(raw(orphan.campaignId())).isNull();
    }

    @Test
    void onlyTheTenNewestDonationsAreKeptAndShownNewestFirst() {
        String campaign = openCampaign("recent");
        Instant start = Donations.now();
        long offset = 100;
        // in offset order but not in time order, as two payment providers may deliver them
        for (int i : List.of(3, 0, 11, 7, 1, 5, 10, 2, 8, 4, 6, 9)) {
            var donation = Donations.event("donation.received", campaign, Money.of(100 + i, "GBP"), false,
                    new Donor("Donor " + i, "donor" + i + "@example.org", false), "message " + i, start.plusSeconds(i));
            assertThat(totals.apply(donation, 0, offset++)).isEqualTo(Outcome.APPLIED);
        }

        JsonNode summary = http.summary(campaign);

        assertThat(summary.path("donationCount").asLong()).isEqualTo(12);
        assertThat(summary.path("recentDonations").valueStream().map(d -> d.path("donorName").asString()))
                .containsExactly("Donor 11", "Donor 10", "Donor 9", "Donor 8", "Donor 7", "Donor 6", "Donor 5",
                        "Donor 4", "Donor 3", "Donor 2");
        assertThat(Instant.parse(summary.path("lastDonationAt").asString())).isEqualTo(start.plusSeconds(11));
        Document stored = raw(campaign);
        List<Document> recent = stored.getList("recentDonations", Document.class);
        assertThat(recent).hasSize(10);
        assertThat(recent.toString()).doesNotContain("@example.org"); // donor emails are never stored
    }

    @Test
    void theEventIdWindowKeepsTheLatestIdsOnly() {
        String campaign = openCampaign("window");
        // a full window, as after 1000 donations (seeded in one write: 1000 updates would slow the suite down)
        List<String> seeded = IntStream.range(0, TotalsUpdater.EVENT_ID_WINDOW).mapToObj(i -> "seed-" + i).toList();
        mongo.getCollection("campaigns").updateOne(
                new Document("_id", campaign), new Document("$set", new Document("recentEventIds", seeded)));
        DonationEvent next = Donations.received(campaign, 1, "GBP");

        assertThat(totals.apply(next, 0, 1)).isEqualTo(Outcome.APPLIED);

        List<String> window = raw(campaign).getList("recentEventIds", String.class);
        assertThat(window).hasSize(TotalsUpdater.EVENT_ID_WINDOW).endsWith(next.eventId()).doesNotContain("seed-0");
        assertThat(totals.apply(withEventId(next, "seed-1"), 0, 2)).isEqualTo(Outcome.DUPLICATE);
    }

    @Test
    void refundsAndChargebacksTakeMoneyBackOutOnce() {
        String campaign = openCampaign("reversed");
        DonationEvent donation = Donations.event(DonationEventTypes.RECEIVED, campaign, Money.of(5_000, "GBP"), true,
                new Donor("Ann Donor", "ann@example.org", false), null, Donations.now());
        totals.apply(donation, 1, 1);

        DonationEvent refund = reversal(donation, DonationEventTypes.REFUNDED, 1_000);
        assertThat(totals.apply(refund, 1, 2)).isEqualTo(Outcome.APPLIED);
        assertThat(totals.apply(refund, 1, 2)).isEqualTo(Outcome.DUPLICATE); // redelivered
        assertThat(totals.apply(refund, 1, 5)).isEqualTo(Outcome.DUPLICATE); // republished by the outbox
        assertThat(totals.apply(reversal(donation, DonationEventTypes.CHARGED_BACK, 4_000), 1, 3))
                .isEqualTo(Outcome.APPLIED);

        JsonNode summary = http.summary(campaign);
        assertThat(summary.path("raised").path("minorUnits").asLong()).isZero();
        assertThat(summary.path("refunded").path("minorUnits").asLong()).isEqualTo(1_000);
        assertThat(summary.path("chargedBack").path("minorUnits").asLong()).isEqualTo(4_000);
        assertThat(summary.path("giftAidDeclared").path("minorUnits").asLong()).isZero();
        assertThat(summary.path("donationCount").asLong()).isEqualTo(1);
    }

    private static DonationEvent reversal(DonationEvent payment, String type, long amount) {
        return new DonationEvent(java.util.UUID.randomUUID().toString(), type, payment.schemaVersion(),
                payment.occurredAt(), payment.donationId(), payment.campaignId(),
                Money.of(amount, payment.amount().currency()), payment.giftAid(), payment.donor(), null,
                payment.source(), "re_" + amount);
    }

    private static DonationEvent withEventId(DonationEvent e, String eventId) {
        return new DonationEvent(eventId, e.type(), e.schemaVersion(), e.occurredAt(), e.donationId(), e.campaignId(),
                e.amount(), e.giftAid(), e.donor(), e.message(), e.source(), e.providerReference());
    }

    private String openCampaign(String prefix) {
        String id = Donations.campaignId(prefix);
        http.openCampaign(id, 10_000, "GBP");
        return id;
    }

    private Document raw(String campaignId) {
        return mongo.getCollection("campaigns").find(new Document("_id", campaignId)).first();
    }
}
