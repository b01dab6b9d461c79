package org.givingstream.campaign.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The platform administrator's credential, from {@code CAMPAIGNS_ADMIN_TOKEN}: who may open campaigns (and give a
 * campaign a new organiser token when its organiser lost theirs). None configured: nobody may open a campaign. One
 * configured must be strong ({@code TokenStrength} checks at start).
 */
@ConfigurationProperties("campaigns.admin")
record AdminProperties(String token) {

    AdminProperties {
        token = token == null || token.isBlank() ? null : token.strip();
    }

    @Override
    public String toString() {
        return "AdminProperties[token=" + (token == null ? "none" : "***") + "]";
    }
}
