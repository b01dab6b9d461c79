package org.givingstream.donation.justgiving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.givingstream.contracts.Money;
import org.givingstream.donation.justgiving.JustGivingClient.Donations;
import org.junit.jupiter.api.Test;

/** What the client makes of JustGiving's JSON: exact amounts, Microsoft JSON dates, refusals with reasons. */
class JustGivingClientTest {

    private final JustGivingStub stub = JustGivingStub.shared();
    private final JustGivingClient client = new JustGivingClient(new JustGivingProperties(
            JustGivingStub.APP_ID,
            URI.create(stub.baseUrl()),
            JustGivingStub.PAGE_SIZE,
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            5,
            Duration.ofSeconds(1),
            0,
            1));

    @Test
    void decimalAmountsAreExactWhetherWrittenAsNumbersOrStrings() {
        String page = "exact-" + UUID.randomUUID().toString().substring(0, 8);
        // 4.35 and 0.29 have no exact double: read as doubles they would become 434.99... and 28.99... pence
        stub.serve(
                page,
                List.of(
                        JustGivingStub.donation(3, new BigDecimal("4.35"), "Ann", true),
                        JustGivingStub.donation(2, "0.29", null, false),
                        JustGivingStub.donation(1, new BigDecimal("1000000.10"), "Bo", false)));

        Donations read = client.donations(page, 1);

        assertThat(read.unreadable()).isEmpty();
        assertThat(read.donations())
                .extracting(JustGivingDonation::amount)
                .containsExactly(Money.of(435, "GBP"), Money.of(29, "GBP"), Money.of(100_000_010, "GBP"));
        assertThat(read.donations())
                .extracting(JustGivingDonation::donorDisplayName)
                .containsExactly("Ann", null, "Bo");
        assertThat(read.donations()).extracting(JustGivingDonation::giftAid).containsExactly(true, false, false);
    }

    @Test
    void aFractionOfAPennyIsRefusedNotRoundedAndTheOthersStillRead() {
        String page = "fraction-" + UUID.randomUUID().toString().substring(0, 8);
        stub.serve(
                page,
                List.of(
                        JustGivingStub.donation(3, new BigDecimal("10.005"), "Ann", false),
                        JustGivingStub.donation(2, "-5.00", "Cy", false),
                        JustGivingStub.donation(1, "5.00", "Bo", false)));

        Donations read = client.donations(page, 1);

        assertThat(read.donations()).extracting(JustGivingDonation::id).containsExactly("1");
        assertThat(read.unreadable()).hasSize(2);
        assertThat(read.unreadable().getFirst()).contains("10.005").contains("more decimals than GBP allows");
        assertThat(read.unreadable().get(1)).contains("-5.00");
    }

    @Test
    void microsoftJsonDatesAreMillisecondsSinceTheEpochWhateverTheOffset() {
        assertThat(MicrosoftJsonDate.parse("/Date(1444216076464+0000)/"))
                .isEqualTo(Instant.parse("2015-10-07T11:07:56.464Z"));
        assertThat(MicrosoftJsonDate.parse("/Date(1444216076464+0100)/"))
                .as("the offset says where the writer was, the milliseconds are UTC")
                .isEqualTo(Instant.parse("2015-10-07T11:07:56.464Z"));
        assertThat(MicrosoftJsonDate.parse("/Date(1444216076464)/")).isEqualTo(Instant.ofEpochMilli(1444216076464L));
        for (String wrong :
                new String[] {"2015-10-07T11:07:56Z", "/Date(abc)/", "/Date(1444216076464+00)/", "", null}) {
            assertThatThrownBy(() -> MicrosoftJsonDate.parse(wrong)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aDonationWithoutAUsableIdOrDateIsUnreadable() {
        String page = "broken-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> noDate = new java.util.LinkedHashMap<>(JustGivingStub.donation(2, "5.00", "Ann", false));
        noDate.put("donationDate", "yesterday");
        Map<String, Object> hostileId = new java.util.LinkedHashMap<>(JustGivingStub.donation(1, "5.00", "Bo", false));
        hostileId.put("id", "1/../../admin");
        stub.serve(page, List.of(noDate, hostileId));

        Donations read = client.donations(page, 1);

        assertThat(read.donations()).isEmpty();
        assertThat(read.unreadable()).hasSize(2);
    }

    @Test
    void thePagesOwnTotalsAreReadExactly() {
        String page = "totals-" + UUID.randomUUID().toString().substring(0, 8);
        stub.totals(page, "1234.56");

        var totals = client.totals(page);

        assertThat(totals.raisedOnline()).isEqualTo(Money.of(123_456, "GBP"));
        assertThat(totals.estimatedGiftAid()).isEqualTo(Money.of(0, "GBP"));
    }

    @Test
    void aMissingPageIsRefusedAndABusyApiIsUnavailable() {
        assertThatThrownBy(() -> client.donations("no-such-page-" + UUID.randomUUID(), 1))
                .isInstanceOf(JustGivingClient.JustGivingRefused.class)
                .hasMessageContaining("404");
        String page = "busy-" + UUID.randomUUID().toString().substring(0, 8);
        stub.failOnce(page, List.of(), 1, 429, 7);
        assertThatThrownBy(() -> client.donations(page, 1))
                .isInstanceOfSatisfying(
                        JustGivingClient.JustGivingUnavailable.class,
                        e -> assertThat(e.retryAfter())
                                .as("Retry-After: 7, capped at backoff-max")
                                .isEqualTo(Duration.ofSeconds(2)));
    }
}
