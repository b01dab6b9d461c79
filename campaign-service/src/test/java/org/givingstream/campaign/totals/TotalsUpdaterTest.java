package org.givingstream.campaign.totals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.bson.Document;
import org.givingstream.campaign.CampaignServiceTest;
import org.givingstream.campaign.Donations;
import org.givingstream.campaign.Http;
import org.givingstream.campaign.totals.TotalsUpdater.Delivered;
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
 * The batch fold and its guarded update, called directly with chosen partitions and offsets, against the real
 * MongoDB server: proves the dedup bookkeeping, the optimistic lock and the donor rule behave as the
 * effectively-once argument needs.
 */
class TotalsUpdaterTest extends CampaignServiceTest {

    private final TotalsUpdater totals;
    private final TotalsStore store;
    private final Donors donors;
    private final History history;
    private final MongoTemplate mongo;
    private final Http http;

    TotalsUpdaterTest(
            TotalsUpdater totals,
            TotalsStore store,
            Donors donors,
            History history,
            MongoTemplate mongo,
            @LocalServerPort int port,
            JsonMapper json) {
        this.totals = totals;
        this.store = store;
        this.donors = donors;
        this.history = history;
        this.mongo = mongo;
        this.http = new Http(port, json);
    }

    @Test
    void aBatchIsOneUpdateAndARedeliveredBatchIsCountedOnce() {
        String campaign = openCampaign("batch");
        List<Delivered> batch = List.of(
                at(Donations.received(campaign, 1_500, "GBP"), 2, 41),
                at(Donations.received(campaign, 500, "GBP"), 2, 42));
        long versionBefore = version(campaign);

        assertThat(totals.apply(campaign, batch).applied()).hasSize(2);
        TotalsUpdater.Outcome again = totals.apply(campaign, batch);

        assertThat(again.applied()).isEmpty();
        assertThat(again.duplicates()).isEqualTo(2);
        assertThat(version(campaign)).isEqualTo(versionBefore + 1); // one write for the whole batch, none for the copy
        JsonNode summary = http.summary(campaign);
        assertThat(summary.path("donationCount").asLong()).isEqualTo(2);
        assertThat(summary.path("raised").path("minorUnits").asLong()).isEqualTo(2_000);
        assertThat(raw(campaign).get("offsets", Document.class)).containsEntry("2", 42L);
    }

    @Test
    void recordsAtOrBelowTheAppliedOffsetAreDroppedFromAMixedBatch() {
        String campaign = openCampaign("offsets");
        totals.apply(campaign, List.of(at(Donations.received(campaign, 100, "GBP"), 0, 10)));

        var outcome = totals.apply(
                campaign,
                List.of(
                        at(Donations.received(campaign, 200, "GBP"), 0, 9),
                        at(Donations.received(campaign, 300, "GBP"), 0, 10),
                        at(Donations.received(campaign, 400, "GBP"), 0, 11),
                        at(Donations.received(campaign, 500, "GBP"), 1, 3)));

        assertThat(outcome.applied()).extracting(e -> e.amount().minorUnits()).containsExactly(400L, 500L);
        assertThat(outcome.duplicates()).isEqualTo(2);
        assertThat(http.summary(campaign).path("raised").path("minorUnits").asLong())
                .isEqualTo(1_000);
        assertThat(raw(campaign).get("offsets", Document.class))
                .containsEntry("0", 11L)
                .containsEntry("1", 3L);
    }

    @Test
    void aRepublishedEventIsCountedOnceInTheSameBatchAndInALaterOne() {
        String campaign = openCampaign("republished");
        DonationEvent donation = Donations.received(campaign, 2_000, "GBP");

        var first = totals.apply(campaign, List.of(at(donation, 0, 5), at(donation, 0, 6)));
        var later = totals.apply(campaign, List.of(at(donation, 0, 7), at(donation, 1, 0)));

        assertThat(first.applied()).hasSize(1);
        assertThat(first.duplicates()).isEqualTo(1);
        assertThat(later.applied()).isEmpty();
        JsonNode summary = http.summary(campaign);
        assertThat(summary.path("donationCount").asLong()).isEqualTo(1);
        assertThat(summary.path("raised").path("minorUnits").asLong()).isEqualTo(2_000);
    }

    @Test
    void anEventForAnUnknownCampaignThrowsAndWritesNothing() {
        DonationEvent orphan = Donations.received(Donations.campaignId("nowhere"), 100, "GBP");

        assertThatThrownBy(() -> totals.apply(orphan.campaignId(), List.of(at(orphan, 0, 1))))
                .isInstanceOf(UnknownCampaignException.class);
        assertThat(raw(orphan.campaignId())).isNull();
        assertThat(mongo.getCollection(History.COLLECTION).countDocuments(new Document("_id", orphan.eventId())))
                .isZero();
    }

    @Test
    void theSameEmailIsOneDonorAndDonorsWithoutEmailCountPerDonation() {
        String campaign = openCampaign("donors");
        var ann = new Donor("Ann", "Ann@Example.org", false);
        var annAgain = new Donor("Ann D.", " ann@example.ORG ", true);
        var cash = new Donor(null, null, false);

        totals.apply(
                campaign,
                List.of(
                        at(event(campaign, 100, ann, "stripe"), 0, 1),
                        at(event(campaign, 200, annAgain, "paypal"), 0, 2),
                        at(event(campaign, 300, cash, "offline"), 0, 3)));
        totals.apply(
                campaign,
                List.of(
                        at(event(campaign, 400, cash, "offline"), 0, 4),
                        at(event(campaign, 500, annAgain, "stripe"), 0, 5)));

        JsonNode summary = http.summary(campaign);
        assertThat(summary.path("donationCount").asLong()).isEqualTo(5);
        assertThat(summary.path("donorCount").asLong()).isEqualTo(3);
        assertThat(mongo.getCollection(Donors.COLLECTION)
                        .find(new Document("campaignId", campaign))
                        .into(new java.util.ArrayList<>())
                        .toString())
                .doesNotContain("example.org");
    }

    @Test
    void aCrashBetweenTheDonorInsertAndTheTotalsUpdateStillCountsTheDonorOnce() {
        String campaign = openCampaign("crash-donor");
        DonationEvent first = event(campaign, 1_000, new Donor("Bo", "bo@example.org", false), "stripe");
        DonationEvent second = event(campaign, 2_000, new Donor("Bo", "bo@example.org", false), "stripe");
        // what the instance that died wrote before its totals update: the donor row and the history entry
        assertThat(donors.isNewDonor(first)).isTrue();
        history.record(List.of(new History.Entry(first, 0, 7, Donors.keyOf(first))));

        // the redelivery of that batch, with one more donation of the same donor behind it
        var outcome = totals.apply(campaign, List.of(at(first, 0, 7), at(second, 0, 8)));

        assertThat(outcome.applied()).hasSize(2);
        JsonNode summary = http.summary(campaign);
        assertThat(summary.path("donorCount").asLong()).isEqualTo(1);
        assertThat(summary.path("raised").path("minorUnits").asLong()).isEqualTo(3_000);
        assertThat(mongo.getCollection(History.COLLECTION).countDocuments(new Document("campaignId", campaign)))
                .isEqualTo(2);
    }

    @Test
    void oneBatchOfSeveralCampaignsWithARedeliveredEventAndANewDonorCountsEachDonorOnce() {
        String first = openCampaign("multi-a");
        String second = openCampaign("multi-b");
        var ann = new Donor("Ann", "ann@example.org", false);
        var bo = new Donor("Bo", "bo@example.org", false);
        DonationEvent annGives = event(first, 1_000, ann, "stripe");
        DonationEvent boGives = event(first, 2_000, bo, "stripe");
        DonationEvent boAgain = event(first, 3_000, bo, "paypal");
        DonationEvent annElsewhere = event(second, 4_000, ann, "stripe");
        DonationEvent orphan = Donations.received(Donations.campaignId("nowhere"), 5, "GBP");
        totals.apply(first, List.of(at(annGives, 0, 1)));
        // an instance died after the batch's donor insert and history, before the totals update of bo's first gift
        assertThat(donors.isNewDonor(boGives)).isTrue();
        history.record(List.of(new History.Entry(boGives, 0, 2, Donors.keyOf(boGives))));

        // the redelivery, now in one poll with another campaign's event and one for a campaign nobody opened
        var outcome = totals.apply(new java.util.LinkedHashMap<>(java.util.Map.of(
                first,
                List.of(at(annGives, 0, 1), at(boGives, 0, 2), at(boAgain, 0, 3)),
                second,
                List.of(at(annElsewhere, 1, 7)),
                orphan.campaignId(),
                List.of(at(orphan, 2, 9)))));

        assertThat(outcome.unknownCampaigns()).containsExactly(orphan.campaignId());
        assertThat(outcome.outcomes().get(first).applied()).containsExactly(boGives, boAgain);
        assertThat(outcome.outcomes().get(first).duplicates()).isEqualTo(1);
        assertThat(outcome.outcomes().get(second).applied()).containsExactly(annElsewhere);
        JsonNode firstSummary = http.summary(first);
        assertThat(firstSummary.path("donationCount").asLong()).isEqualTo(3);
        assertThat(firstSummary.path("donorCount").asLong()).isEqualTo(2); // ann, bo: bo's crashed first gift once
        assertThat(firstSummary.path("raised").path("minorUnits").asLong()).isEqualTo(6_000);
        assertThat(http.summary(second).path("donorCount").asLong()).isEqualTo(1); // ann is new to this campaign
        assertThat(mongo.getCollection(History.COLLECTION).countDocuments(new Document("campaignId", first)))
                .isEqualTo(3);
        assertThat(mongo.getCollection(History.COLLECTION).countDocuments(new Document("_id", orphan.eventId())))
                .isZero();
        assertThat(raw(orphan.campaignId())).isNull();
    }

    @Test
    void theOutcomeCarriesTheTotalsAMilestoneCheckNeedsWithoutReadingAgain() {
        String campaign = openCampaign("reach"); // target 10_000 GBP
        totals.apply(campaign, List.of(at(Donations.received(campaign, 2_000, "GBP"), 0, 1)));
        mongo.getCollection("campaigns")
                .updateOne(
                        new Document("_id", campaign),
                        new Document("$addToSet", new Document("milestonesReached", 25)));

        var outcome = totals.apply(
                campaign,
                List.of(
                        at(Donations.received(campaign, 3_000, "GBP"), 0, 2),
                        at(reversal(Donations.received(campaign, 1, "GBP"), DonationEventTypes.REFUNDED, 500), 0, 3),
                        at(Donations.received(campaign, 700, "EUR"), 0, 4)));
        var again = totals.apply(campaign, List.of(at(Donations.received(campaign, 3_000, "GBP"), 0, 2)));

        assertThat(outcome.raisedInOrder()).containsExactly(2_000L, 5_000L, 4_500L, 4_500L); // euros apart
        assertThat(outcome.raised()).isEqualTo(4_500);
        assertThat(outcome.target()).isEqualTo(10_000);
        assertThat(outcome.milestonesReached()).containsExactly(25);
        assertThat(again.applied()).isEmpty();
        assertThat(again.raised()).isEqualTo(4_500);
        assertThat(http.summary(campaign).path("raised").path("minorUnits").asLong())
                .isEqualTo(4_500);
    }

    @Test
    void aWriteBasedOnAStaleReadIsRefused() {
        String campaign = openCampaign("stale");
        totals.apply(campaign, List.of(at(Donations.received(campaign, 700, "GBP"), 1, 1)));
        TotalsStore.Snapshot before = store.read(campaign);

        // another instance's batch lands between this read and a write based on it
        totals.apply(campaign, List.of(at(Donations.received(campaign, 300, "GBP"), 1, 2)));

        assertThat(store.overwriteIfUnchanged(before, before.totals())).isFalse();
        assertThat(http.summary(campaign).path("raised").path("minorUnits").asLong())
                .isEqualTo(1_000);
        assertThat(store.overwriteIfUnchanged(store.read(campaign), before.totals()))
                .isTrue(); // a fresh read may
        // the public summary is cached for up to a second
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(http.summary(campaign)
                                .path("raised")
                                .path("minorUnits")
                                .asLong())
                        .isEqualTo(700));
    }

    @Test
    void bySourceAndGiftAidAreSummedAndRefundsReduceTheirSource() {
        String campaign = openCampaign("sources");
        DonationEvent card = gift(campaign, 10_000, "stripe", true);
        DonationEvent weird = gift(campaign, 3_001, "charity.hub$1", true); // not safe as a MongoDB field name
        DonationEvent bank = gift(campaign, 5_000, "gocardless", false);
        totals.apply(campaign, List.of(at(card, 0, 1), at(weird, 0, 2), at(bank, 0, 3)));

        totals.apply(
                campaign,
                List.of(
                        at(reversal(card, DonationEventTypes.REFUNDED, 4_000), 0, 4),
                        at(reversal(bank, DonationEventTypes.CHARGED_BACK, 5_000), 0, 5)));

        JsonNode summary = http.summary(campaign);
        assertThat(summary.path("raised").path("minorUnits").asLong()).isEqualTo(9_001);
        assertThat(summary.path("refunded").path("minorUnits").asLong()).isEqualTo(4_000);
        assertThat(summary.path("chargedBack").path("minorUnits").asLong()).isEqualTo(5_000);
        assertThat(summary.path("giftAidDeclared").path("minorUnits").asLong()).isEqualTo(9_001);
        assertThat(summary.path("giftAid").path("minorUnits").asLong()).isEqualTo(2_250); // 25 % rounded down
        assertThat(summary.path("bySource")
                        .valueStream()
                        .map(s -> s.path("source").asString() + " "
                                + s.path("raised").path("minorUnits").asLong() + " "
                                + s.path("donationCount").asLong()))
                .containsExactly("stripe 6000 1", "charity.hub$1 3001 1", "gocardless 0 1");
    }

    @Test
    void onlyTheTenNewestDonationsAreKeptAndShownNewestFirst() {
        String campaign = openCampaign("recent");
        Instant start = Donations.now();
        long offset = 100;
        List<Delivered> batch = new java.util.ArrayList<>();
        for (int i : List.of(3, 0, 11, 7, 1, 5, 10, 2, 8, 4, 6, 9)) {
            var donation = Donations.event(
                    "donation.received",
                    campaign,
                    Money.of(100 + i, "GBP"),
                    false,
                    new Donor("Donor " + i, "donor" + i + "@example.org", false),
                    "message " + i,
                    start.plusSeconds(i));
            batch.add(at(donation, 0, offset++));
        }
        totals.apply(campaign, batch.subList(0, 5));
        totals.apply(campaign, batch.subList(5, 12));

        JsonNode summary = http.summary(campaign);

        assertThat(summary.path("donationCount").asLong()).isEqualTo(12);
        assertThat(summary.path("recentDonations")
                        .valueStream()
                        .map(d -> d.path("donorName").asString()))
                .containsExactly(
                        "Donor 11",
                        "Donor 10",
                        "Donor 9",
                        "Donor 8",
                        "Donor 7",
                        "Donor 6",
                        "Donor 5",
                        "Donor 4",
                        "Donor 3",
                        "Donor 2");
        assertThat(Instant.parse(summary.path("lastDonationAt").asString())).isEqualTo(start.plusSeconds(11));
        List<Document> recent = raw(campaign).getList("recentDonations", Document.class);
        assertThat(recent).hasSize(10);
        assertThat(recent.toString()).doesNotContain("@example.org"); // donor emails are never stored
    }

    @Test
    void theEventIdWindowKeepsTheLatestIdsOnly() {
        String campaign = openCampaign("window");
        List<String> seeded = IntStream.range(0, TotalsUpdater.EVENT_ID_WINDOW)
                .mapToObj(i -> "seed-" + i)
                .toList();
        mongo.getCollection("campaigns")
                .updateOne(new Document("_id", campaign), new Document("$set", new Document("recentEventIds", seeded)));
        DonationEvent next = Donations.received(campaign, 1, "GBP");

        assertThat(totals.apply(campaign, List.of(at(next, 0, 1))).applied()).hasSize(1);

        List<String> window = raw(campaign).getList("recentEventIds", String.class);
        assertThat(window)
                .hasSize(TotalsUpdater.EVENT_ID_WINDOW)
                .endsWith(next.eventId())
                .doesNotContain("seed-0");
        assertThat(totals.apply(campaign, List.of(at(withEventId(next, "seed-1"), 0, 2)))
                        .applied())
                .isEmpty();
    }

    private static Delivered at(DonationEvent event, int partition, long offset) {
        return new Delivered(event, partition, offset);
    }

    private static DonationEvent event(String campaign, long amount, Donor donor, String source) {
        DonationEvent e = Donations.event(
                DonationEventTypes.RECEIVED, campaign, Money.of(amount, "GBP"), false, donor, null, Donations.now());
        return withSource(e, source);
    }

    private static DonationEvent gift(String campaign, long amount, String source, boolean giftAid) {
        return withSource(
                Donations.event(
                        DonationEventTypes.RECEIVED,
                        campaign,
                        Money.of(amount, "GBP"),
                        giftAid,
                        new Donor("Ann", "ann-" + UUID.randomUUID() + "@example.org", false),
                        null,
                        Donations.now()),
                source);
    }

    private static DonationEvent withSource(DonationEvent e, String source) {
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

    static DonationEvent reversal(DonationEvent payment, String type, long amount) {
        return new DonationEvent(
                UUID.randomUUID().toString(),
                type,
                payment.schemaVersion(),
                payment.occurredAt(),
                payment.donationId(),
                payment.campaignId(),
                Money.of(amount, payment.amount().currency()),
                payment.giftAid(),
                payment.donor(),
                null,
                payment.source(),
                "re_" + amount);
    }

    private static DonationEvent withEventId(DonationEvent e, String eventId) {
        return new DonationEvent(
                eventId,
                e.type(),
                e.schemaVersion(),
                e.occurredAt(),
                e.donationId(),
                e.campaignId(),
                e.amount(),
                e.giftAid(),
                e.donor(),
                e.message(),
                e.source(),
                e.providerReference());
    }

    private String openCampaign(String prefix) {
        String id = Donations.campaignId(prefix);
        http.openCampaign(id, 10_000, "GBP");
        return id;
    }

    private long version(String campaignId) {
        Number version = raw(campaignId).get(TotalsStore.VERSION, Number.class);
        return version == null ? 0 : version.longValue();
    }

    private Document raw(String campaignId) {
        return mongo.getCollection("campaigns")
                .find(new Document("_id", campaignId))
                .first();
    }
}
