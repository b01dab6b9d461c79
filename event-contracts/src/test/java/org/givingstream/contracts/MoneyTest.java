package org.givingstream.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void normalisesTheCurrencyCode() {
        assertThat(Money.of(2500, "gbp")).isEqualTo(new Money(2500, "GBP"));
    }

    @Test
    void refusesNegativeAmountsAndUnknownCurrencies() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Money.of(-1, "GBP"))
                .withMessageContaining("negative");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Money.of(1, "XYZ"))
                .withMessageContaining("ISO 4217");
    }
}
