package org.givingstream.donation.webhook.paypal;

import org.givingstream.contracts.Money;
import org.givingstream.donation.ledger.DecimalMoney;
import org.givingstream.donation.webhook.InvalidPayloadException;
import org.givingstream.donation.webhook.WebhookJson;
import tools.jackson.databind.JsonNode;

/**
 * PayPal's {@code {"value": "25.00", "currency_code": "GBP"}} as exact minor units ({@link DecimalMoney}): a value
 * that does not land on a whole minor unit is refused rather than rounded.
 */
final class PayPalAmounts {

    /** The contract's one maximum per payment: beyond it is a bug or an attack, not a gift. */
    static final long MAX_MINOR_UNITS = Money.MAX_PAYMENT_MINOR_UNITS;

    private PayPalAmounts() {}

    static Money toMoney(JsonNode amount) {
        String value = WebhookJson.text(amount, "value");
        String code = WebhookJson.text(amount, "currency_code");
        if (value == null || code == null) {
            throw invalid("amount.value and amount.currency_code are required");
        }
        try {
            return DecimalMoney.payment(value, code);
        } catch (IllegalArgumentException e) {
            throw invalid("amount.value " + value + " " + code + ": " + e.getMessage());
        }
    }

    private static InvalidPayloadException invalid(String message) {
        return new InvalidPayloadException(PayPalSignatureVerifier.PROVIDER, message);
    }
}
