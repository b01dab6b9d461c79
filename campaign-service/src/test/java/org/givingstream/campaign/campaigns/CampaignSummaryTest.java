package org.givingstream.campaign.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CampaignSummaryTest {

    @Test
    void percentOfTargetIsRoundedDownSoThatATargetIsNeverShownReachedEarly() {
        assertThat(CampaignSummary.percent(99_999, 100_000)).isEqualByComparingTo("99.9");
        assertThat(CampaignSummary.percent(100_000, 100_000)).isEqualByComparingTo("100.0");
        assertThat(CampaignSummary.percent(1, 3)).isEqualByComparingTo("33.3");
        assertThat(CampaignSummary.percent(250_000, 100_000)).isEqualByComparingTo("250.0");
    }

    @Test
    void percentOfTargetDoesNotOverflowOnHugeAmounts() {
        assertThat(CampaignSummary.percent(Long.MAX_VALUE, 1))
                .isEqualByComparingTo(new BigDecimal(Long.MAX_VALUE).multiply(BigDecimal.valueOf(100)));
    }

    @Test
    void generatedIdsAreSlugs() {
        assertThat(CampaignIds.generate("Ünïcödé & Friends' 5k run")).matches("unicode-friends-5k-run-[a-z0-9]{6}");
        assertThat(CampaignIds.generate("!!!")).matches("campaign-[a-z0-9]{6}");
        assertThat(CampaignIds.generate("x".repeat(300))).matches(CampaignIds.SLUG);
    }
}
