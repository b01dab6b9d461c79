package org.givingstream.campaign.reconciliation;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The bearer token of the operators' endpoints (reconciliation, repair, rebuild), from {@code CAMPAIGNS_OPS_TOKEN}.
 * None configured: those endpoints refuse every request. One configured must be strong ({@code OpsToken} checks).
 */
@ConfigurationProperties("campaigns.ops")
record OpsProperties(String token) {

    OpsProperties {
        token = token == null || token.isBlank() ? null : token.strip();
    }
}
