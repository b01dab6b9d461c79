package org.givingstream.donation.webhook.paypal;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.regex.Pattern;
import org.givingstream.contracts.Money;
import org.givingstream.donation.webhook.InvalidPayloadException;
import org.givingstream.donation.webhook.WebhookJson;
import tools.jackson.databind.JsonNode;

/**
 * PayPal's {@code {"value": "25.00", "currency_code": "GBP"}} as exact minor units: the decimal string is read with
 * BigDecimal (never a double) and scaled by the currency's ISO 4217 fraction digits. An amount that does not land
 * on a whole minor unit ({@code "25.001"} GBP, {@code "5.5"} JPY) is refused rather than rounded; trailing zeros
 * ({@code "25.000"}) are exact and accepted.
 */
final class PayPalAmounts {

    /** The contract's one maximum per payment: beyond it is a bug or an attack, not a gift. */
    static final long MAX_MINOR_UNITS = Money.MAX_PAYMENT_MINOR_UNITS;

    /** Plain digits with an optional fraction: no sign, exponent, spaces or grouping. PayPal allows 32 chars. */
    private static final Pattern DECIMAL = Pattern.compile("\\d{1,20}(\\.\\d{1,12})?");

    private PayPalAmounts() {}

    static Money toMoney(JsonNode amount) {
        String value = WebhookJson.text(amount, "value");
        String code = WebhookJson.text(amount, "currency_code");
        if (value == null || code == null) {
            throw invalid("amount.value and amount.currency_code are required");
        }
        Currency currency = currency(code);
        if (!DECIMAL.matcher(value).matches()) {
            throw invalid("amount.value must be a non-negative decimal such as \"25.00\", not \"" + value + "\"");
        }
        BigDecimal minor = new BigDecimal(value).movePointRight(currency.getDefaultFractionDigits());
        if (minor.compareTo(BigDecimal.valueOf(MAX_MINOR_UNITS)) > 0) {
            throw invalid("amount.value " + value + " " + currency.getCurrencyCode() + " is not a plausible donation");
        }
        if (minor.signum() == 0) {
            throw invalid("amount.value " + value + " is zero: no money moved");
        }
        try {
            return Money.payment(minor.longValueExact(), currency.getCurrencyCode());
        } catch (ArithmeticException e) { // a fraction of a minor unit is left
            throw invalid("amount.value " + value + " has more decimals than " + currency.getCurrencyCode()
                    + " allows (" + currency.getDefaultFractionDigits() + ")");
        }
    }

    private static Currency currency(String code) {
        try {
            Currency currency = Currency.getInstance(code.toUpperCase(Locale.ROOT));
            if (currency.getDefaultFractionDigits() < 0) { // XAU, XXX...: no minor unit to count in
                throw invalid("amount.currency_code " + code + " is not a currency of payments");
            }
            return currency;
        } catch (IllegalArgumentException e) {
            throw invalid("amount.currency_code " + code + " is not an ISO 4217 currency");
        }
    }

    private static InvalidPayloadException invalid(String message) {
        return new InvalidPayloadException(PayPalSignatureVerifier.PROVIDER, message);
    }
}
