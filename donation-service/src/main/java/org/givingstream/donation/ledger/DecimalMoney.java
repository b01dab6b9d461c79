package org.givingstream.donation.ledger;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.regex.Pattern;
import org.givingstream.contracts.Money;

/**
 * A decimal amount as written by a provider or a spreadsheet ({@code "25.00"} GBP) as exact minor units: read with
 * BigDecimal (never a double) and scaled by the currency's ISO 4217 fraction digits. An amount that does not land on
 * a whole minor unit ({@code "25.001"} GBP, {@code "5.5"} JPY) is refused rather than rounded; trailing zeros are
 * exact and accepted.
 */
public final class DecimalMoney {

    /** Plain digits with an optional fraction: no sign, exponent, spaces or grouping. */
    private static final Pattern DECIMAL = Pattern.compile("\\d{1,20}(\\.\\d{1,12})?");

    private DecimalMoney() {}

    /**
     * @return the payment amount, 1 to {@link Money#MAX_PAYMENT_MINOR_UNITS} minor units
     * @throws IllegalArgumentException saying what is wrong with the amount or the currency
     */
    public static Money payment(String decimal, String currencyCode) {
        Currency currency = currency(currencyCode);
        if (decimal == null || !DECIMAL.matcher(decimal).matches()) {
            throw new IllegalArgumentException(
                    "amount must be a non-negative decimal such as \"25.00\", not \"" + decimal + "\"");
        }
        BigDecimal minor = new BigDecimal(decimal).movePointRight(currency.getDefaultFractionDigits());
        if (minor.compareTo(BigDecimal.valueOf(Money.MAX_PAYMENT_MINOR_UNITS)) > 0) {
            throw new IllegalArgumentException(
                    "amount " + decimal + " " + currency.getCurrencyCode() + " is not a plausible donation");
        }
        if (minor.signum() == 0) {
            throw new IllegalArgumentException("amount " + decimal + " is zero: no money moved");
        }
        try {
            return Money.payment(minor.longValueExact(), currency.getCurrencyCode());
        } catch (ArithmeticException e) { // a fraction of a minor unit is left
            throw new IllegalArgumentException("amount " + decimal + " has more decimals than "
                    + currency.getCurrencyCode() + " allows (" + currency.getDefaultFractionDigits() + ")");
        }
    }

    /** @throws IllegalArgumentException unless {@code code} is an ISO 4217 currency with minor units */
    public static Currency currency(String code) {
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("a currency is required");
        }
        Currency currency;
        try {
            currency = Currency.getInstance(code.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("currency " + code + " is not an ISO 4217 currency");
        }
        if (currency.getDefaultFractionDigits() < 0) { // XAU, XXX...: no minor unit to count in
            throw new IllegalArgumentException("currency " + code + " is not a currency of payments");
        }
        return currency;
    }
}
