package org.givingstream.donation.storage;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code donations.storage.*}: how long a request may wait for MongoDB before it is refused with 503.
 *
 * @param serverSelectionTimeout how long the driver looks for a reachable server
 * @param connectTimeout how long one connection attempt may take
 * @param readTimeout how long one reply may take; without it a connection whose server went silent (a dropped
 *     network path, a hung server) holds its thread forever
 */
@ConfigurationProperties("donations.storage")
public record StorageProperties(
        @DefaultValue("3s") Duration serverSelectionTimeout,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout) {}
