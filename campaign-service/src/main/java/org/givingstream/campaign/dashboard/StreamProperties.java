package org.givingstream.campaign.dashboard;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the dashboards' Server-Sent Events, so that viewers cannot exhaust the service and one viewer cannot
 * hold up the others.
 *
 * @param maxViewers open streams this instance serves at once; the next gets 503 with {@code Retry-After}
 * @param maxViewersPerCampaign open streams of one campaign at once (one popular page may not take every slot)
 * @param viewerQueue events waiting for one viewer; a viewer that falls this far behind is dropped (its browser
 *     reconnects and starts again from the current summary)
 * @param heartbeat how often a comment is sent when nothing else is, so dead connections are found and proxies keep
 *     live ones open
 * @param timeout how long one stream lasts; the browser reconnects by itself, which frees slots of closed tabs
 */
@ConfigurationProperties("campaigns.dashboard.stream")
record StreamProperties(
        @DefaultValue("1000") int maxViewers,
        @DefaultValue("500") int maxViewersPerCampaign,
        @DefaultValue("16") int viewerQueue,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("5m") Duration timeout) {}
