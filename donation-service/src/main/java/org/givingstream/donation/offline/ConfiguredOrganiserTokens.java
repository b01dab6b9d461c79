package org.givingstream.donation.offline;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/** Organiser tokens from {@code donations.offline.organiser-tokens}: the SHA-256 hash of each campaign's token. */
@Component
class ConfiguredOrganiserTokens implements OrganiserTokens {

    private final OfflineProperties properties;

    ConfiguredOrganiserTokens(OfflineProperties properties) {
        this.properties = properties;
    }

    @Override
    public boolean isOrganiserOf(String campaignId, String token) {
        String expected = properties.organiserTokens().get(campaignId);
        if (expected == null || token == null) {
            return false;
        }
        // constant time: how much of a guessed token matched must not show in the response time
        return MessageDigest.isEqual(HexFormat.of().parseHex(expected), HexFormat.of().parseHex(Sha256.hex(token)));
    }
}
