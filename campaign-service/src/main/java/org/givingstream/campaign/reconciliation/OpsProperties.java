package org.givingstream.campaign.reconciliation;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The bearer token of the operators' endpoints (reconciliation, repair, rebuild), from {@code CAMPAIGNS_OPS_TOKEN}.
 * None configured: those endpoints refuse every request. One configured must be long enough not to be guessed.
 */
@ConfigurationProperties("campaigns.ops")
record OpsProperties(String token) {

    static final int MIN_LENGTH = 16;

    OpsProperties {
        token = token == null || token.isBlank() ? null : token.strip();
        if (token != null && token.length() < MIN_LENGTH) {
            throw new IllegalArgumentException(
                    "campaigns.ops.token must be at least " + MIN_LENGTH + " characters (or unset to disable)");
        }
    }
}
