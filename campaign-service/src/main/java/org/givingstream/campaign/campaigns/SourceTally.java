package org.givingstream.campaign.campaigns;

import java.util.Map;

/**
 * What one donation source brought to a campaign, stored under {@code sources.<SourceKeys.encode(source)>}.
 *
 * @param raisedByCurrency minor units per currency, refunds and chargebacks of this source already taken out
 * @param donationCount donations received through this source
 */
public record SourceTally(Map<String, Long> raisedByCurrency, long donationCount) {

    public SourceTally {
        raisedByCurrency = raisedByCurrency == null ? Map.of() : Map.copyOf(raisedByCurrency);
    }
}
