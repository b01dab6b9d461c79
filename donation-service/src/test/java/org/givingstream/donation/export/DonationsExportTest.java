package org.givingstream.donation.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.givingstream.donation.DonationServiceTestSupport;
import org.givingstream.donation.ledger.DonationLedger;
import org.givingstream.donation.ledger.IncomingDonation;
import org.givingstream.donation.ledger.IncomingReversal;
import org.givingstream.donation.ledger.ReversalKind;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Issue 14: an organiser's CSV of their campaign's donations, and nobody else's. */
class DonationsExportTest extends DonationServiceTestSupport {

    private static final Instant T0 = Instant.parse("2026-11-02T09:30:00Z");

    @Autowired
    DonationLedger ledger;

    @Test
    void theOrganiserGetsEveryDonationOfTheirCampaignOldestFirstAndNothingElse() throws Exception {
        String campaign = "export-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "export-other-" + UUID.randomUUID().toString().substring(0, 8);
        knowCampaigns(mongo, List.of(campaign, other));
        // recorded out of time order: the export sorts by when the donation was made
        pay(campaign, "refunded", 5000, false, new Donor("Bea Kind", "bea@example.org", false), "Get well", 3);
        pay(
                campaign,
                "hostile",
                2500,
                true,
                new Donor("=HYPERLINK(\"http://evil.example\",\"x\")", "eve@example.org", false),
                "+1 from us",
                1);
        pay(campaign, "anonymous", 1000, true, new Donor("Secret Sam", "sam@example.org", true), null, 2);
        pay(campaign, "bucket", 1234, false, new Donor(null, null, false), "Cake sale, St Mary's", 4);
        pay(other, "elsewhere", 9900, false, new Donor("Not Here", "no@example.org", false), null, 1);
        ledger.recordReversal(new IncomingReversal(
                campaign + ":refunded",
                "re_1",
                ReversalKind.REFUND,
                Money.of(2000, "GBP"),
                "evt_re_1",
                T0.plusSeconds(3600)));

        HttpResponse<String> export = export(campaign, organiserTokenOf(campaign));

        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        assertThat(export.headers().firstValue("Content-Disposition"))
                .hasValueSatisfying(disposition ->
                        assertThat(disposition).startsWith("attachment").contains(campaign + "-donations.csv"));
        assertThat(export.headers().firstValue("Cache-Control")).hasValue("no-store");
        List<CSVRecord> rows = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(export.body()))
                .getRecords();
        assertThat(rows)
                .extracting(CSVRecord::toList)
                .containsExactly(
                        List.of(
                                "2026-11-02T09:31:00Z",
                                "test",
                                "25.00",
                                "GBP",
                                "yes",
                                "0.00",
                                "'=HYPERLINK(\"http://evil.example\",\"x\")",
                                "'+1 from us"),
                        List.of("2026-11-02T09:32:00Z", "test", "10.00", "GBP", "yes", "0.00", "Anonymous", ""),
                        List.of("2026-11-02T09:33:00Z", "test", "50.00", "GBP", "no", "20.00", "Bea Kind", "Get well"),
                        List.of(
                                "2026-11-02T09:34:00Z",
                                "test",
                                "12.34",
                                "GBP",
                                "no",
                                "0.00",
                                "Anonymous",
                                "Cake sale, St Mary's"));
        assertThat(export.body().lines().findFirst())
                .hasValue("Time (UTC),Channel,Amount,Currency,Gift Aid,Refunded,Donor,Message");
        assertThat(export.body()).doesNotContain("@example.org").doesNotContain("Secret Sam");
    }

    @Test
    void withoutTheCampaignsOwnTokenNothingIsExported() throws Exception {
        String campaign = "export-refused-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "export-theirs-" + UUID.randomUUID().toString().substring(0, 8);
        knowCampaigns(mongo, List.of(campaign, other));
        pay(campaign, "private", 700, false, new Donor("Private Person", null, false), null, 1);

        HttpResponse<String> noToken = export(campaign, null);
        HttpResponse<String> theirToken = export(campaign, organiserTokenOf(other));
        HttpResponse<String> unknown = export("never-announced", organiserTokenOf(campaign));

        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
        assertThat(noToken.body()).contains("urn:giving-stream:problem:organiser-token-required");
        assertThat(theirToken.statusCode()).isEqualTo(403);
        assertThat(theirToken.body()).contains("urn:giving-stream:problem:not-an-organiser");
        assertThat(unknown.statusCode()).isEqualTo(422);
        for (HttpResponse<String> refused : List.of(noToken, theirToken, unknown)) {
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.body()).doesNotContain("Private Person");
        }
    }

    @Test
    void amountsAreExactInTheCurrencysOwnUnitAndFormulasAreDefused() {
        assertThat(DonationsCsv.decimal(1050, "GBP")).isEqualTo("10.50");
        assertThat(DonationsCsv.decimal(1050, "JPY")).isEqualTo("1050");
        assertThat(DonationsCsv.decimal(1, "BHD")).isEqualTo("0.001");
        assertThat(DonationsCsv.decimal(10_000_000_000L, "GBP")).isEqualTo("100000000.00");
        for (String hostile : List.of("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx")) {
            assertThat(DonationsCsv.text(hostile)).isEqualTo("'" + hostile);
        }
        assertThat(DonationsCsv.text("Ada")).isEqualTo("Ada");
    }

    private void pay(
            String campaign, String key, long pence, boolean giftAid, Donor donor, String message, int minute) {
        ledger.recordPayment(new IncomingDonation(
                campaign + ":" + key,
                campaign,
                Money.of(pence, "GBP"),
                giftAid,
                donor,
                message,
                "test",
                "ref-" + key,
                "evt-" + key,
                T0.plusSeconds(60L * minute)));
    }

    private HttpResponse<String> export(String campaign, String token) throws Exception {
        var request = HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/campaigns/" + campaign + "/donations.csv"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
