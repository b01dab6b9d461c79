package org.givingstream.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.junit.jupiter.api.Test;

/** The exact words and numbers, without infrastructure: they are pure functions. */
class ReceiptFormatTest {

    @Test
    void amountsUseTheCurrencysOwnDecimalsInBritishFormat() {
        assertThat(ReceiptFormat.money(Money.of(2500, "GBP"))).isEqualTo("£25.00");
        assertThat(ReceiptFormat.money(Money.of(5, "GBP"))).isEqualTo("£0.05");
        assertThat(ReceiptFormat.money(Money.of(1050, "EUR"))).isEqualTo("€10.50");
        assertThat(ReceiptFormat.money(Money.of(123456, "USD"))).isEqualTo("US$1,234.56");
        assertThat(ReceiptFormat.money(Money.of(5000, "JPY"))).isEqualTo("JP¥5,000");
        assertThat(ReceiptFormat.money(Money.of(900719925474099101L, "GBP"))).isEqualTo("£9,007,199,254,740,991.01");
    }

    @Test
    void giftAidIsAQuarterInWholeMinorUnitsRoundedDown() {
        assertThat(ReceiptFormat.giftAidValue(Money.of(2500, "GBP"))).isEqualTo(Money.of(625, "GBP"));
        assertThat(ReceiptFormat.giftAidValue(Money.of(1999, "GBP"))).isEqualTo(Money.of(499, "GBP"));
        assertThat(ReceiptFormat.giftAidValue(Money.of(3, "GBP"))).isEqualTo(Money.of(0, "GBP"));
    }

    @Test
    void datesAreLondonDates() {
        assertThat(ReceiptFormat.date(Instant.parse("2026-03-31T23:30:00Z"))).isEqualTo("1 April 2026");
        assertThat(ReceiptFormat.date(Instant.parse("2026-01-31T23:30:00Z"))).isEqualTo("31 January 2026");
    }

    @Test
    void greetingNamesOnlyNamedDonorsWhoAreNotAnonymous() {
        assertThat(ReceiptFormat.greeting(new Donor("Ada", "a@example.org", false)))
                .isEqualTo("Thank you, Ada");
        assertThat(ReceiptFormat.greeting(new Donor("Ada", "a@example.org", true)))
                .isEqualTo("Thank you");
        assertThat(ReceiptFormat.greeting(new Donor(" ", "a@example.org", false)))
                .isEqualTo("Thank you");
        assertThat(ReceiptFormat.greeting(new Donor(null, "a@example.org", false)))
                .isEqualTo("Thank you");
    }

    @Test
    void referenceNamesTheProvider() {
        assertThat(ReceiptFormat.reference("stripe", "pi_123")).isEqualTo("pi_123 (stripe)");
        assertThat(ReceiptFormat.reference("offline", null)).isEqualTo("offline");
    }
}
