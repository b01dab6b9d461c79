package org.givingstream.donation.webhook.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.givingstream.donation.webhook.InvalidPayloadException;
import org.junit.jupiter.api.Test;

class PayPalCustomIdTest {

    @Test
    void readsTheCampaignAndFlags() {
        assertThat(PayPalCustomId.parse("campaign_id=james-wish;gift_aid=true;anonymous=false"))
                .isEqualTo(new PayPalCustomId("james-wish", true, false));
        assertThat(PayPalCustomId.parse("anonymous=TRUE;campaign_id=x"))
                .isEqualTo(new PayPalCustomId("x", false, true));
    }

    @Test
    void valuesAreUrlDecodedAndUnknownKeysIgnored() {
        assertThat(PayPalCustomId.parse("v=2;campaign_id=caf%C3%A9+fund%3B2;gift_aid=yes")
                        .campaignId())
                .isEqualTo("café fund;2");
        assertThat(PayPalCustomId.parse("v=2;campaign_id=caf%C3%A9+fund%3B2;gift_aid=yes")
                        .giftAid())
                .isFalse();
    }

    @Test
    void aMissingCampaignIsRefused() {
        for (String customId : new String[] {null, "", "gift_aid=true", "campaign_id=", "campaign_id=%ZZ"}) {
            assertThatThrownBy(() -> PayPalCustomId.parse(customId)).isInstanceOf(InvalidPayloadException.class);
        }
    }
}
