package org.givingstream.donation.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.givingstream.contracts.Money;
import org.givingstream.donation.DonationServiceTestSupport;
import org.givingstream.donation.ledger.Donation;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Tree of Hope exports uploaded by the organiser, on real Kafka and MongoDB: each donation once, bad rows named. */
class DonationImportTest extends DonationServiceTestSupport {

    private static final String CAMPAIGN = "summer-ball";
    private static final String HEADER = "Transaction ID,Date,Amount,Currency,Donor Name,Anonymous,Message,Gift Aid\n";

    @Autowired
    JsonMapper json;

    @Test
    void overlappingExportsCountEachDonationOnce() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String first = HEADER
                + "TOH-" + run + "-1,01/11/2026 10:15,25.00,GBP,Ann Smith,No,Good luck James!,Yes\n"
                + "TOH-" + run + "-2,01/11/2026 11:00,10.50,GBP,,,,\n"
                + "TOH-" + run + "-3,02/11/2026 09:00,5,GBP,Bo Jones,Yes,\"Love, from Bo\",No\n";
        String second = HEADER // rows 2 and 3 again, then two new ones
                + "TOH-" + run + "-2,01/11/2026 11:00,10.50,GBP,,,,\n"
                + "TOH-" + run + "-3,02/11/2026 09:00,5,GBP,Bo Jones,Yes,\"Love, from Bo\",No\n"
                + "TOH-" + run + "-4,03/11/2026 18:30,100.00,GBP,Cy,No,,Yes\n"
                + "TOH-" + run + "-5,2026-11-04,7.77,,Di,No,,\n";

        JsonNode one = upload(CAMPAIGN, first, 200);
        assertThat(one.path("imported").asLong()).isEqualTo(3);
        ids(run, 1, 2, 3).forEach(id -> awaitDonation(id, d -> true));
        JsonNode two = upload(CAMPAIGN, second, 200);
        assertThat(two.path("rows").asLong()).isEqualTo(4);
        assertThat(two.path("imported").asLong()).isEqualTo(2);
        assertThat(two.path("alreadyRecorded").asLong()).isEqualTo(2);
        assertThat(two.path("refused").asLong()).isZero();

        for (String id : ids(run, 1, 2, 3, 4, 5)) {
            awaitDonation(id, d -> true);
            assertThat(appendedToIntake(id)).as("intake records of " + id).hasSize(1);
        }
        Donation ann = mongo.findById("treeofhope:TOH-" + run + "-1", Donation.class);
        assertThat(ann.payment().amount()).isEqualTo(Money.of(2_500, "GBP"));
        assertThat(ann.payment().occurredAt()).isEqualTo(Instant.parse("2026-11-01T10:15:00Z")); // GMT in November
        assertThat(ann.payment().giftAid()).isTrue();
        assertThat(ann.payment().donor().anonymous()).isFalse();
        assertThat(ann.payment().source()).isEqualTo("treeofhope");
        Donation nameless = mongo.findById("treeofhope:TOH-" + run + "-2", Donation.class);
        assertThat(nameless.payment().donor().anonymous()).isTrue();
        Donation bo = mongo.findById("treeofhope:TOH-" + run + "-3", Donation.class);
        assertThat(bo.payment().donor().anonymous())
                .as("named, but asked to be anonymous")
                .isTrue();
        assertThat(bo.payment().message()).isEqualTo("Love, from Bo");
        Donation di = mongo.findById("treeofhope:TOH-" + run + "-5", Donation.class);
        assertThat(di.payment().amount()).as("the default currency").isEqualTo(Money.of(777, "GBP"));

        // another campaign's organiser cannot claim a donation already counted here
        JsonNode elsewhere = upload(
                "cake-fair",
                HEADER + "TOH-" + run + "-1,01/11/2026 10:15,25.00,GBP,Ann Smith,No,Good luck James!,Yes\n",
                200);
        assertThat(elsewhere.path("imported").asLong()).isZero();
        assertThat(elsewhere.path("refusals").get(0).path("reason").asString()).contains("another campaign");
        assertThat(mongo.findById("treeofhope:TOH-" + run + "-1", Donation.class)
                        .payment()
                        .campaignId())
                .isEqualTo(CAMPAIGN);
    }

    @Test
    void badRowsAreNamedWithTheirReasonAndTheGoodOnesAreImported() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String file = HEADER
                + "TOH-" + run + "-1,01/11/2026 10:15,12.345,GBP,Ann,No,,\n" // 1: a fraction of a penny
                + "TOH-" + run + "-2,,10.00,GBP,Bo,No,,\n" // 2: no date
                + "TOH-" + run + "-3,01/11/2026 10:15,10.00,ZZZ,Cy,No,,\n" // 3: no such currency
                + "TOH-" + run + "-4,01/11/2026 10:15,-3.00,GBP,Di,No,,\n" // 4: negative
                + "TOH-" + run + "-5,01/11/2026 10:15,4.00,GBP,Ed,No,,\n" // 5: good
                + "TOH-" + run + "-5,01/11/2026 10:16,4.00,GBP,Ed,No,,\n" // 6: its id again
                + "../../etc,01/11/2026 10:15,4.00,GBP,Fy,No,,\n" // 7: not an id
                + "TOH-" + run + "-8,31/12/2999,4.00,GBP,Gu,No,,\n" // 8: in the future
                + "TOH-" + run + "-9,yesterday,4.00,GBP,Hy,No,,\n" // 9: not a date
                + "TOH-" + run + "-10,01/11/2026 10:15,20000000000.00,GBP,Io,No,,\n" // 10: beyond any gift
                + "TOH-" + run + "-11,01/11/2026 10:15,6.00,GBP,Jo,No,,\n"; // 11: good

        JsonNode report = upload(CAMPAIGN, file, 200);

        assertThat(report.path("rows").asLong()).isEqualTo(11);
        assertThat(report.path("imported").asLong()).isEqualTo(2);
        assertThat(report.path("refused").asLong()).isEqualTo(9);
        assertThat(report.path("refusals")
                        .valueStream()
                        .map(r -> r.path("row").asLong())
                        .toList())
                .containsExactly(1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L, 10L);
        List<String> reasons = report.path("refusals")
                .valueStream()
                .map(r -> r.path("reason").asString())
                .toList();
        assertThat(reasons.get(0)).contains("more decimals than GBP allows");
        assertThat(reasons.get(1)).contains("date is missing");
        assertThat(reasons.get(2)).contains("ZZZ");
        assertThat(reasons.get(3)).contains("-3.00");
        assertThat(reasons.get(4)).contains("same transaction id");
        assertThat(reasons.get(5)).contains("transaction id");
        assertThat(reasons.get(6)).contains("future");
        assertThat(reasons.get(7)).contains("yesterday");
        assertThat(reasons.get(8)).contains("not a plausible donation");
        awaitDonation("treeofhope:TOH-" + run + "-5", d -> true);
        awaitDonation("treeofhope:TOH-" + run + "-11", d -> true);
        assertThat(mongo.getCollection("donations")
                        .countDocuments(new Document("_id", new Document("$regex", "^treeofhope:TOH-" + run + "-"))))
                .isEqualTo(2);
    }

    @Test
    void rowsWithoutATransactionIdAreKeyedByTheirContentAcrossUploads() throws Exception {
        String cake = "Cake stall " + UUID.randomUUID();
        String file = "Date,Amount,Donor Name,Message\n"
                + "05/11/2026 14:00,3.50,," + cake + "\n"
                + "05/11/2026 14:00,3.50,," + cake + "\n" // the same again: a second donation, not a repeat
                + "05/11/2026 14:05,2.00,Flo," + cake + "\n";

        JsonNode first = upload(CAMPAIGN, file, 200);
        assertThat(first.path("imported").asLong()).isEqualTo(3);
        List<Donation> imported = awaitImported(cake, 3);
        JsonNode again = upload(CAMPAIGN, file, 200);

        assertThat(again.path("imported").asLong()).isZero();
        assertThat(again.path("alreadyRecorded").asLong()).isEqualTo(3);
        assertThat(imported)
                .extracting(d -> d.payment().amount().minorUnits())
                .containsExactlyInAnyOrder(350L, 350L, 200L);
    }

    @Test
    void wholeFilesAreRefusedWhenTooLargeUnreadableOrWithoutTheirColumns() throws Exception {
        JsonNode noColumns = upload(CAMPAIGN, "Name,Note\nAnn,hi\n", 400);
        assertThat(noColumns.path("type").asString()).endsWith("import-refused");
        assertThat(noColumns.path("detail").asString()).contains("\"Date\"").contains("\"Amount\"");
        JsonNode broken = upload(CAMPAIGN, HEADER + "T-1,01/11/2026 10:15,5.00,GBP,\"Ann,No,,\n", 400);
        assertThat(broken.path("detail").asString()).contains("Nothing in it was imported");
        String huge = HEADER + ("X-1,01/11/2026 10:15,5.00,GBP,Ann,No," + "x".repeat(900) + ",\n").repeat(6_000);
        JsonNode tooLarge = upload(CAMPAIGN, huge, 413); // refused by its declared length, before anything is read
        assertThat(tooLarge.path("status").asInt()).isEqualTo(413);
        assertThat(mongo.findById("treeofhope:X-1", Donation.class)).isNull();

        assertThat(send(CAMPAIGN, "nope", HEADER, organiserTokenOf(CAMPAIGN)).statusCode())
                .isEqualTo(404);
        assertThat(send(CAMPAIGN, "treeofhope", HEADER, null).statusCode()).isEqualTo(401);
        assertThat(send(CAMPAIGN, "treeofhope", HEADER, organiserTokenOf("cake-fair"))
                        .statusCode())
                .isEqualTo(403);
    }

    private List<Donation> awaitImported(String message, int count) {
        return org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(15))
                .until(
                        () -> mongo.find(
                                org.springframework.data.mongodb.core.query.Query.query(
                                        org.springframework.data.mongodb.core.query.Criteria.where("payment.message")
                                                .is(message)),
                                Donation.class),
                        found -> found.size() == count);
    }

    private static List<String> ids(String run, int... rows) {
        return java.util.Arrays.stream(rows)
                .mapToObj(row -> "treeofhope:TOH-" + run + "-" + row)
                .toList();
    }

    private JsonNode upload(String campaign, String csv, int expectedStatus) throws Exception {
        HttpResponse<String> response = send(campaign, "treeofhope", csv, organiserTokenOf(campaign));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return json.readTree(response.body());
    }

    private HttpResponse<String> send(String campaign, String source, String csv, String token) throws Exception {
        var request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/campaigns/" + campaign + "/imports/" + source))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
