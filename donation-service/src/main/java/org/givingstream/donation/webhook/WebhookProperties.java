package org.givingstream.donation.webhook;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxBodySize webhooks larger than this are refused before being read (providers send a few KiB)
 * @param maxBodySizeByProvider a larger limit for a provider that batches, by the first path segment after
 *     {@code /webhooks/} (GoCardless sends up to 250 events in one body)
 */
@ConfigurationProperties("donations.webhooks")
public record WebhookProperties(
        @DefaultValue("256KB") DataSize maxBodySize,
        @DefaultValue Map<String, DataSize> maxBodySizeByProvider) {

    DataSize maxBodySize(String provider) {
        return maxBodySizeByProvider.getOrDefault(provider, maxBodySize);
    }
}
