package org.givingstream.donation.offline;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Offline donations entered by organisers.
 *
 * @param organiserTokens campaign id → SHA-256 (hex) of that campaign's organiser token. Hashes only, never the
 *     token: a leaked configuration does not let anyone enter money. A campaign without an entry accepts none.
 * @param zone where "today" is when checking that a donation was not received in the future
 * @param maxBodySize larger bodies are refused before they are read (an entry is a few hundred bytes)
 * @param idempotencyLockTimeout how long a claimed Idempotency-Key blocks its retries (409) before another request
 *     may take it over: longer than any request takes, short enough that a crash does not lock the key for long
 * @param idempotencyKeyLifetime how long a key is remembered, as Stripe does (24 h)
 */
@Validated
@ConfigurationProperties("donations.offline")
public record OfflineProperties(
        Map<String, String> organiserTokens,
        @DefaultValue("Europe/London") @NotNull ZoneId zone,
        @DefaultValue("16KB") @NotNull DataSize maxBodySize,
        @DefaultValue("60s") @NotNull Duration idempotencyLockTimeout,
        @DefaultValue("24h") @NotNull Duration idempotencyKeyLifetime) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public OfflineProperties {
        Map<String, String> hashes = new TreeMap<>();
        if (organiserTokens != null) {
            organiserTokens.forEach((campaignId, hash) -> hashes.put(campaignId, sha256Hex(campaignId, hash)));
        }
        organiserTokens = Map.copyOf(hashes);
    }

    private static String sha256Hex(String campaignId, String hash) {
        String normalised = hash == null ? "" : hash.strip().toLowerCase(Locale.ROOT);
        if (!SHA256_HEX.matcher(normalised).matches()) {
            // never echo the value: someone may have pasted the token itself here
            throw new IllegalArgumentException("donations.offline.organiser-tokens." + campaignId
                    + " must be the SHA-256 of the token as 64 hex digits (e.g. printf %s \"$TOKEN\" | sha256sum),"
                    + " not the token itself");
        }
        return normalised;
    }

    @Override
    public String toString() {
        return "OfflineProperties[organiserTokens=<hashes for " + organiserTokens.keySet() + ">, zone=" + zone + ", maxBodySize=" + maxBodySize
                + ", idempotencyLockTimeout=" + idempotencyLockTimeout + ", idempotencyKeyLifetime="
                + idempotencyKeyLifetime + "]";
    }
}
