package org.givingstream.donation.webhook.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.givingstream.donation.ledger.GiftAidDeclaration;
import org.givingstream.donation.ledger.IncomingDonation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Issue 14: a Stripe checkout's Gift Aid declaration, from its metadata, kept only when HMRC would accept it. */
class StripeGiftAidDeclarationTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aCompleteDeclarationIsKeptNormalised() {
        IncomingDonation donation = translate(checkout("""
                "gift_aid":"true","gift_aid_title":"Mrs","gift_aid_first_name":"Ada",
                "gift_aid_last_name":"Lovelace","gift_aid_house":"12 Acacia Avenue","gift_aid_postcode":"so239ap",
                "gift_aid_declaration_version":"web-3\""""));

        GiftAidDeclaration declaration = donation.giftAidDeclaration();
        assertThat(declaration).isNotNull();
        assertThat(declaration.title()).isEqualTo("Mrs");
        assertThat(declaration.firstName()).isEqualTo("Ada");
        assertThat(declaration.lastName()).isEqualTo("Lovelace");
        assertThat(declaration.houseNameOrNumber()).isEqualTo("12 Acacia Avenue");
        assertThat(declaration.postcode()).isEqualTo("SO23 9AP");
        assertThat(declaration.declarationVersion()).isEqualTo("web-3");
        assertThat(declaration.declaredAt()).isEqualTo(Instant.ofEpochSecond(1_790_000_000L));
        assertThat(declaration.sponsored()).isFalse();
        assertThat(declaration.toString()).doesNotContain("Lovelace").doesNotContain("SO23");
    }

    @Test
    void aDeclarationHmrcWouldRefuseIsDroppedButTheMoneyCounts() {
        IncomingDonation company = translate(checkout("""
                "gift_aid":"true","gift_aid_first_name":"Acme","gift_aid_last_name":"Widgets Ltd",
                "gift_aid_house":"1","gift_aid_postcode":"SO23 9AP","gift_aid_declaration_version":"web-3\""""));
        IncomingDonation badPostcode = translate(checkout("""
                "gift_aid":"true","gift_aid_first_name":"Ada","gift_aid_last_name":"Lovelace",
                "gift_aid_house":"1","gift_aid_postcode":"12345","gift_aid_declaration_version":"web-3\""""));
        IncomingDonation notTicked = translate(checkout("""
                "gift_aid":"false","gift_aid_first_name":"Ada","gift_aid_last_name":"Lovelace",
                "gift_aid_house":"1","gift_aid_postcode":"SO23 9AP","gift_aid_declaration_version":"web-3\""""));

        for (IncomingDonation donation : new IncomingDonation[] {company, badPostcode, notTicked}) {
            assertThat(donation.giftAidDeclaration()).isNull();
            assertThat(donation.amount().minorUnits()).isEqualTo(2500);
        }
        assertThat(company.giftAid()).isTrue();
    }

    private IncomingDonation translate(String event) {
        return (IncomingDonation)
                StripeEventTranslator.translate(json.readTree(event)).orElseThrow();
    }

    private static String checkout(String metadata) {
        String pi = "pi_" + UUID.randomUUID().toString().replace("-", "");
        return """
                {"id":"evt_%s","object":"event","type":"checkout.session.completed","created":1790000000,
                 "data":{"object":{"id":"cs_%s","object":"checkout.session","amount_total":2500,"currency":"gbp",
                   "payment_intent":"%s","payment_status":"paid",
                   "customer_details":{"name":"Ada","email":"a@example.org"},
                   "metadata":{"campaign_id":"james-wish",%s}}}}""".formatted(pi, pi, pi, metadata);
    }
}
