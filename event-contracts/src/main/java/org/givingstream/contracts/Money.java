package org.givingstream.contracts;

import java.util.Currency;
import java.util.Locale;
import java.util.Objects;

/**
 * An amount in integer minor units (pence, cents) of an ISO 4217 currency. Never a floating point number.
 */
public record Money(long minorUnits, String currency) {

    /**
     * The most one payment may carry, in minor units of its own currency (10,000,000,000: £100 million), the same for
     * every way money comes in. Bounded so that no sum of payments a campaign can see comes near {@code long}'s range.
     */
    public static final long MAX_PAYMENT_MINOR_UNITS = 10_000_000_000L;

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (minorUnits < 0) {
            throw new IllegalArgumentException("amount must not be negative: " + minorUnits);
        }
        try {
            currency = Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an ISO 4217 currency: " + currency, e);
        }
    }

    public static Money of(long minorUnits, String currency) {
        return new Money(minorUnits, currency);
    }

    /** The amount of one payment (or of one reversal of it): at least 1 and at most {@link #MAX_PAYMENT_MINOR_UNITS}. */
    public static Money payment(long minorUnits, String currency) {
        if (!isPaymentAmount(minorUnits)) {
            throw new IllegalArgumentException(
                    "amount must be 1 to " + MAX_PAYMENT_MINOR_UNITS + " minor units: " + minorUnits);
        }
        return new Money(minorUnits, currency);
    }

    public static boolean isPaymentAmount(long minorUnits) {
        return minorUnits >= 1 && minorUnits <= MAX_PAYMENT_MINOR_UNITS;
    }
}
