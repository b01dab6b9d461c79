package org.givingstream.donation.webhook.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.givingstream.contracts.Money;
import org.givingstream.donation.ledger.IncomingDonation;
import org.givingstream.donation.ledger.IncomingReversal;
import org.givingstream.donation.ledger.ReversalKind;
import org.givingstream.donation.webhook.InvalidPayloadException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PayPalEventTranslatorTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void captureWithoutPayerIsADonationWithoutName() {
        JsonNode event = JSON.readTree("""
                {"id":"WH-1","event_type":"PAYMENT.CAPTURE.COMPLETED","create_time":"2026-01-02T10:00:00.123Z",
                 "resource":{"id":"CAP1","amount":{"value":"1000","currency_code":"JPY"},
                   "custom_id":"campaign_id=tokyo;anonymous=true"}}""");

        var donation =
                (IncomingDonation) PayPalEventTranslator.translate(event, NOW).orElseThrow();

        assertThat(donation.donationId()).isEqualTo("paypal:CAP1");
        assertThat(donation.amount()).isEqualTo(Money.of(1000, "JPY"));
        assertThat(donation.donor().name()).isNull();
        assertThat(donation.donor().email()).isNull();
        assertThat(donation.donor().anonymous()).isTrue();
        assertThat(donation.providerEventId()).isEqualTo("WH-1");
        assertThat(donation.occurredAt()).isEqualTo(Instant.parse("2026-01-02T10:00:00.123Z"));
    }

    @Test
    void refundPointsAtItsCaptureThroughTheUpLink() {
        JsonNode event = JSON.readTree("""
                {"id":"WH-2","event_type":"PAYMENT.CAPTURE.REFUNDED","resource_type":"refund",
                 "resource":{"id":"REF1","amount":{"value":"2.50","currency_code":"GBP"},
                   "links":[{"rel":"self","href":"https://api.paypal.com/v2/payments/refunds/REF1"},
                            {"rel":"up","href":"https://api.paypal.com/v2/payments/captures/CAP2"}]}}""");

        var refund =
                (IncomingReversal) PayPalEventTranslator.translate(event, NOW).orElseThrow();

        assertThat(refund.donationId()).isEqualTo("paypal:CAP2");
        assertThat(refund.reversalId()).isEqualTo("REF1");
        assertThat(refund.kind()).isEqualTo(ReversalKind.REFUND);
        assertThat(refund.amount()).isEqualTo(Money.of(250, "GBP"));
        assertThat(refund.cumulative()).isFalse();
        assertThat(refund.occurredAt()).isEqualTo(NOW); // no create_time: when we received it
    }

    @Test
    void refundWithoutACaptureLinkIsRefused() {
        JsonNode event = JSON.readTree("""
                {"id":"WH-3","event_type":"PAYMENT.CAPTURE.REFUNDED",
                 "resource":{"id":"REF2","amount":{"value":"2.50","currency_code":"GBP"},
                   "links":[{"rel":"up","href":"https://api.paypal.com/v2/checkout/orders/ORDER1"}]}}""");

        assertThatThrownBy(() -> PayPalEventTranslator.translate(event, NOW))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining("up");
    }

    @Test
    void reversalCarryingTheCaptureChargesBackAllThatIsLeft() {
        JsonNode event = JSON.readTree("""
                {"id":"WH-4","event_type":"PAYMENT.CAPTURE.REVERSED","resource_type":"capture",
                 "resource":{"id":"CAP3","status":"REVERSED","amount":{"value":"9.00","currency_code":"USD"}}}""");

        var reversal =
                (IncomingReversal) PayPalEventTranslator.translate(event, NOW).orElseThrow();

        assertThat(reversal.donationId()).isEqualTo("paypal:CAP3");
        assertThat(reversal.kind()).isEqualTo(ReversalKind.CHARGEBACK);
        assertThat(reversal.amount()).isNull();
    }

    @Test
    void eventsThatMoveNoMoneyAreIgnored() {
        for (String type :
                new String[] {"CUSTOMER.DISPUTE.CREATED", "PAYMENT.CAPTURE.PENDING", "CHECKOUT.ORDER.APPROVED"}) {
            JsonNode event = JSON.readTree("{\"id\":\"WH-5\",\"event_type\":\"" + type + "\",\"resource\":{}}");
            assertThat(PayPalEventTranslator.translate(event, NOW)).isEmpty();
        }
        assertThat(PayPalEventTranslator.ignoredReason("CUSTOMER.DISPUTE.CREATED"))
                .isEqualTo("dispute-created");
    }
}
