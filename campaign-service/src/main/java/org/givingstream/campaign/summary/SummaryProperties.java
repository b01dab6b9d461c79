package org.givingstream.campaign.summary;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code campaigns.summary-cache.*}.
 *
 * @param freshness how old a cached summary may be before the next viewer reads it again from MongoDB
 */
@ConfigurationProperties("campaigns.summary-cache")
public record SummaryProperties(@DefaultValue("250ms") Duration freshness) {}
