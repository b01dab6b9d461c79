package org.givingstream.campaign.dashboard;

import java.time.Duration;
import org.givingstream.contracts.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When the dashboard says "Catching up": campaign-service is behind {@code giving.donations.v1} by more than
 * {@code maxRecords} records, OR it has not yet applied records that were already on the topic {@code maxDelay}
 * ago. The second rule catches a slow or stuck consumer with a short queue; the first one a long queue at once
 * (e.g. after a restart), before {@code maxDelay} has passed.
 *
 * @param maxRecords lag (records, summed over partitions) above which the totals are called behind
 * @param maxDelay how old the oldest unapplied record may be before the totals are called behind
 * @param checkEvery how often the lag is read from Kafka (one admin request per check, whatever the viewers)
 * @param group the consumer group whose lag is measured: the one that applies donations to the totals
 * @param topic the topic it consumes
 */
@ConfigurationProperties("campaigns.dashboard.catching-up")
record CatchUpProperties(
        @DefaultValue("50") long maxRecords,
        @DefaultValue("5s") Duration maxDelay,
        @DefaultValue("2s") Duration checkEvery,
        @DefaultValue("campaign-service") String group,
        @DefaultValue(Topics.DONATIONS) String topic) {}
