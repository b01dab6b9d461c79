package org.givingstream.donation.giftaid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.bson.Document;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.givingstream.donation.DonationServiceTestSupport;
import org.givingstream.donation.ledger.DonationLedger;
import org.givingstream.donation.ledger.GiftAidDeclaration;
import org.givingstream.donation.ledger.IncomingDonation;
import org.givingstream.donation.ledger.IncomingReversal;
import org.givingstream.donation.ledger.ReversalKind;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 14: the HMRC claim schedule of a campaign against a file computed by hand, read back cell by cell with the
 * CSV library (not compared as text with what the same code wrote).
 */
class GiftAidScheduleTest extends DonationServiceTestSupport {

    private static final List<String> HMRC_COLUMNS = List.of(
            "Title",
            "First name",
            "Last name",
            "House name or number",
            "Postcode",
            "Aggregated donations",
            "Sponsored event",
            "Donation date",
            "Donation amount");

    @Autowired
    DonationLedger ledger;

    @Test
    void theScheduleHoldsExactlyTheClaimableDonationsWithSmallCashAggregated() throws Exception {
        String campaign = "gift-aid-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "gift-aid-other-" + UUID.randomUUID().toString().substring(0, 8);
        knowCampaigns(mongo, List.of(campaign, other));
        String token = organiserTokenOf(campaign);

        pay(
                campaign,
                "paid",
                2500,
                "GBP",
                "2026-11-02T10:00:00Z",
                declared("Mrs", "Ada", "Lovelace", "12 Acacia Avenue", "so23 9ap"),
                new Donor("Ada Lovelace", "ada@example.org", false));
        pay(
                campaign,
                "refunded",
                5000,
                "GBP",
                "2026-11-02T11:00:00Z",
                declared("Mr", "Rob", "Refund", "1", "SO22 5HT"),
                new Donor("Rob Refund", null, false));
        ledger.recordReversal(new IncomingReversal(
                campaign + ":refunded",
                "re_1",
                ReversalKind.REFUND,
                Money.of(2000, "GBP"),
                "evt_re_1",
                Instant.parse("2026-11-03T09:00:00Z")));
        // anonymous on the public page, named to HMRC: a declaration is made by a named person
        pay(
                campaign,
                "anonymous",
                1000,
                "GBP",
                "2026-11-03T12:00:00Z",
                declared("Mr", "Sam", "Secret", "Flat 2", "SW1A 1AA"),
                new Donor("Sam Secret", "sam@example.org", true));
        pay(
                campaign,
                "abroad",
                3000,
                "GBP",
                "2026-11-04T08:00:00Z",
                declared(null, "Amélie", "Dupont", "1 Rue de Rivoli", "x"),
                new Donor("Amélie Dupont", null, false));
        pay(campaign, "undeclared", 4000, "GBP", "2026-11-04T09:00:00Z", null, new Donor("No Form", null, false));
        pay(
                campaign,
                "dollars",
                6000,
                "USD",
                "2026-11-04T10:00:00Z",
                declared("Ms", "Una", "States", "9", "SO23 8UJ"),
                new Donor("Una States", null, false));
        // the tax year starts on 6 April in the UK: 23:30 UTC on the 5th is already the 6th there (BST), 22:30 is not
        pay(
                campaign,
                "first-hour",
                1200,
                "GBP",
                "2026-04-05T23:30:00Z",
                declared("Mr", "Ned", "Newyear", "10", "SO23 9AP"),
                new Donor("Ned Newyear", null, false));
        pay(
                campaign,
                "last-year",
                1300,
                "GBP",
                "2026-04-05T22:30:00Z",
                declared("Mrs", "Lea", "Lastyear", "11", "SO23 9AP"),
                new Donor("Lea Lastyear", null, false));
        pay(
                campaign,
                "too-early",
                7000,
                "GBP",
                "2026-03-01T10:00:00Z",
                declared("Dr", "Ed", "Early", "3", "SO23 9AP"),
                new Donor("Ed Early", null, false));
        pay(
                other,
                "elsewhere",
                8000,
                "GBP",
                "2026-11-05T10:00:00Z",
                declared("Mr", "Not", "Here", "4", "SO23 9AP"),
                new Donor("Not Here", null, false));
        // through the organiser's own endpoint, as entered from the paper forms
        offline(
                campaign,
                token,
                "cash",
                1500,
                "2026-11-05",
                "Bucket at the fete",
                "Mr",
                "Tom",
                "Tiny",
                "5",
                "SO23 7AB");
        offline(
                campaign,
                token,
                "cash",
                2000,
                "2026-11-06",
                "Bucket at the ball",
                "Mrs",
                "Tia",
                "Twenty",
                "6",
                "SO23 7AB");
        offline(campaign, token, "cash", 500, "2026-11-07", "Cake stall tin", null, "Val", "Fiver", "7", "SO23 7AB");
        offline(campaign, token, "cash", 2500, "2026-11-08", "A cheque", "Mr", "Bill", "Bigger", "8", "SO23 7AB");
        offline(
                campaign,
                token,
                "sponsorship",
                1000,
                "2026-11-09",
                "Sponsored walk",
                "Ms",
                "Sue",
                "Sponsor",
                "9",
                "SO23 7AB");

        HttpResponse<String> answer = schedule(campaign, token, "2026-04-06", "2027-04-05");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(answer.headers().firstValue("Gift-Aid-Left-Out"))
                .hasValue("refunded=1, no-declaration=1, not-sterling=1");
        try (CSVParser parsed = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(answer.body()))) {
            assertThat(parsed.getHeaderNames()).containsExactlyElementsOf(HMRC_COLUMNS);
            assertThat(parsed.getRecords())
                    .extracting(CSVRecord::toList)
                    .containsExactly(
                            List.of("Mr", "Ned", "Newyear", "10", "SO23 9AP", "", "", "06/04/26", "12.00"),
                            List.of(
                                    "Mrs",
                                    "Ada",
                                    "Lovelace",
                                    "12 Acacia Avenue",
                                    "SO23 9AP",
                                    "",
                                    "",
                                    "02/11/26",
                                    "25.00"),
                            List.of("Mr", "Sam", "Secret", "Flat 2", "SW1A 1AA", "", "", "03/11/26", "10.00"),
                            List.of("", "Amélie", "Dupont", "1 Rue de Rivoli", "X", "", "", "04/11/26", "30.00"),
                            List.of("Mr", "Bill", "Bigger", "8", "SO23 7AB", "", "", "08/11/26", "25.00"),
                            List.of("Ms", "Sue", "Sponsor", "9", "SO23 7AB", "", "Yes", "09/11/26", "10.00"),
                            // £15 + £20 + £5, no names, dated by the last of them
                            List.of("", "", "", "", "", "Cash donations of £20 or less", "", "07/11/26", "40.00"));
        }
    }

    @Test
    void anAggregatedRowNeverExceedsAThousandPounds() throws Exception {
        String campaign = "gift-aid-many-" + UUID.randomUUID().toString().substring(0, 8);
        knowCampaigns(mongo, List.of(campaign));
        for (int i = 0; i < 60; i++) { // 60 × £20 = £1,200
            var declaration = declared("Mr", "Cash", "Giver", Integer.toString(i + 1), "SO23 9AP");
            ledger.recordPayment(new IncomingDonation(
                    campaign + ":cash-" + i,
                    campaign,
                    Money.of(2000, "GBP"),
                    true,
                    new Donor("Cash Giver", null, false),
                    null,
                    "offline",
                    "tin " + i,
                    null,
                    Instant.parse("2026-11-01T00:00:00Z").plusSeconds(3600L * i),
                    declaration));
        }

        HttpResponse<String> answer = schedule(campaign, organiserTokenOf(campaign), "2026-11-01", "2026-11-30");

        try (CSVParser parsed = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(answer.body()))) {
            assertThat(parsed.getRecords())
                    .extracting(row -> row.get("Donation amount"), row -> row.get("Donation date"))
                    .containsExactly(
                            tuple("1000.00", "03/11/26"), // the 50th: 1 Nov 00:00 + 49 h
                            tuple("200.00", "03/11/26"));
        }
    }

    @Test
    void onlyTheCampaignsOwnOrganiserGetsNamesAndAddresses() throws Exception {
        String campaign = "gift-aid-private-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "gift-aid-theirs-" + UUID.randomUUID().toString().substring(0, 8);
        knowCampaigns(mongo, List.of(campaign, other));
        pay(
                campaign,
                "private",
                2500,
                "GBP",
                "2026-11-02T10:00:00Z",
                declared("Mrs", "Priv", "Ate", "1", "SO23 9AP"),
                new Donor("Priv Ate", null, false));

        HttpResponse<String> noToken = schedule(campaign, null, "2026-04-06", "2027-04-05");
        HttpResponse<String> theirs = schedule(campaign, organiserTokenOf(other), "2026-04-06", "2027-04-05");
        HttpResponse<String> backwards = schedule(campaign, organiserTokenOf(campaign), "2027-04-05", "2026-04-06");

        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(theirs.statusCode()).isEqualTo(403);
        assertThat(backwards.statusCode()).isEqualTo(400);
        for (HttpResponse<String> refused : List.of(noToken, theirs, backwards)) {
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.body()).doesNotContain("Priv").doesNotContain("SO23");
        }
    }

    @Test
    void aDeclarationFailingHmrcsChecksIsRefusedWithTheFieldsAndNothingIsRecorded() throws Exception {
        String campaign = "gift-aid-checks-" + UUID.randomUUID().toString().substring(0, 8);
        knowCampaigns(mongo, List.of(campaign));

        HttpResponse<String> refused = offline(
                campaign,
                organiserTokenOf(campaign),
                "cash",
                1000,
                "2026-11-05",
                "Company cheque",
                null,
                "Acme",
                "Widgets Ltd",
                "",
                "SO23");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .contains(
                        "giftAidDeclaration.lastName",
                        "giftAidDeclaration.houseNameOrNumber",
                        "giftAidDeclaration.postcode",
                        "company");
        assertThat(mongo.getCollection("donations").countDocuments(new Document("payment.campaignId", campaign)))
                .isZero();
    }

    private static GiftAidDeclaration declared(String title, String first, String last, String house, String postcode) {
        var checked = DeclarationRules.check(new DeclarationRules.Given(
                title, first, last, house, postcode, "v1", Instant.parse("2026-10-01T12:00:00Z"), false));
        assertThat(checked.problems()).isEmpty();
        return checked.declaration();
    }

    private void pay(
            String campaign,
            String key,
            long minorUnits,
            String currency,
            String at,
            GiftAidDeclaration declaration,
            Donor donor) {
        ledger.recordPayment(new IncomingDonation(
                campaign + ":" + key,
                campaign,
                Money.of(minorUnits, currency),
                true,
                donor,
                null,
                "stripe",
                "pi_" + key,
                "evt_" + key,
                Instant.parse(at),
                declaration));
    }

    private HttpResponse<String> offline(
            String campaign,
            String token,
            String kind,
            long pence,
            String receivedOn,
            String description,
            String title,
            String first,
            String last,
            String house,
            String postcode)
            throws Exception {
        String body = """
                {"amount":{"minorUnits":%d,"currency":"GBP"},"kind":"%s","description":"%s","receivedOn":"%s",
                 "giftAidEligible":true,"donor":{"name":"%s %s"},
                 "giftAidDeclaration":{%s"firstName":"%s","lastName":"%s","houseNameOrNumber":"%s","postcode":"%s",
                   "declarationVersion":"paper-2026","declaredAt":"%sT12:00:00Z"}}""".formatted(
                        pence,
                        kind,
                        description,
                        receivedOn,
                        first,
                        last,
                        title == null ? "" : "\"title\":\"" + title + "\",",
                        first,
                        last,
                        house,
                        postcode,
                        receivedOn);
        HttpResponse<String> answer = post(
                "/api/campaigns/" + campaign + "/offline-donations",
                body,
                Map.of(
                        "Authorization",
                        "Bearer " + token,
                        "Idempotency-Key",
                        UUID.randomUUID().toString()));
        if (!description.startsWith("Company")) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        }
        return answer;
    }

    private HttpResponse<String> schedule(String campaign, String token, String from, String to) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/campaigns/" + campaign
                + "/gift-aid/schedule.csv?from=" + from + "&to=" + to));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
