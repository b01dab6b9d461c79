package org.givingstream.donation.offline;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Offline donations entered by organisers.
 *
 * @param zone where "today" is when checking that a donation was not received in the future
 * @param maxBodySize larger bodies are refused before they are read (an entry is a few hundred bytes)
 * @param idempotencyLockTimeout how long a claimed Idempotency-Key blocks its retries (409) before another request
 *     may take it over: longer than any request takes, short enough that a crash does not lock the key for long
 * @param idempotencyKeyLifetime how long a key is remembered, as Stripe does (24 h)
 */
@Validated
@ConfigurationProperties("donations.offline")
public record OfflineProperties(
        @DefaultValue("Europe/London") @NotNull ZoneId zone,
        @DefaultValue("16KB") @NotNull DataSize maxBodySize,
        @DefaultValue("60s") @NotNull Duration idempotencyLockTimeout,
        @DefaultValue("24h") @NotNull Duration idempotencyKeyLifetime) {}
