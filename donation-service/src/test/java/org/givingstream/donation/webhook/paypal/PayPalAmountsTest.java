package org.givingstream.donation.webhook.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.givingstream.contracts.Money;
import org.givingstream.donation.webhook.InvalidPayloadException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

class PayPalAmountsTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest
    @CsvSource({
        "25.00, GBP, 2500",
        "25, GBP, 2500",
        "25.5, GBP, 2550",
        "25.000, GBP, 2500", // more digits, but exact
        "0.01, USD, 1",
        "1000, JPY, 1000",
        "1000.00, JPY, 1000",
        "12.345, BHD, 12345", // three decimals
        "1000, HUF, 100000", // PayPal sends HUF whole; ISO 4217 still counts it in fillér
        "100000000.00, GBP, 10000000000" // the largest accepted: the contract's one maximum per payment
    })
    void decimalStringsBecomeExactMinorUnits(String value, String currency, long minorUnits) {
        assertThat(money(value, currency)).isEqualTo(Money.of(minorUnits, currency));
    }

    @ParameterizedTest
    @CsvSource({
        "25.001, GBP", // a fraction of a penny
        "5.5, JPY", // yen have no minor unit
        "-1.00, GBP",
        "+1.00, GBP",
        "1e3, GBP",
        "1 000, GBP",
        "'1,000.00', GBP",
        "'', GBP",
        ".5, GBP",
        "100000000.01, GBP", // over the maximum per payment
        "0.00, GBP", // no money moved
        "0, JPY",
        "99999999999999999999, GBP",
        "25.00, XXX", // no minor unit
        "25.00, ZZZ", // not a currency
    })
    void anythingElseIsRefused(String value, String currency) {
        assertThatThrownBy(() -> money(value, currency)).isInstanceOf(InvalidPayloadException.class);
    }

    private static Money money(String value, String currency) {
        return PayPalAmounts.toMoney(JSON.createObjectNode().put("value", value).put("currency_code", currency));
    }
}
