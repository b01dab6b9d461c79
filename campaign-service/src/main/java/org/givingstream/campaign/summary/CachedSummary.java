package org.givingstream.campaign.summary;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import org.givingstream.campaign.campaigns.CampaignSummary;
import tools.jackson.databind.json.JsonMapper;

/**
 * A public summary as it is sent: its JSON, and a strong ETag of exactly those bytes (so that a {@code 304} never
 * stands for a different body).
 */
public record CachedSummary(CampaignSummary summary, String json, String etag) {

    static CachedSummary of(CampaignSummary summary, JsonMapper mapper) {
        String json = mapper.writeValueAsString(summary);
        return new CachedSummary(summary, json, etagOf(json));
    }

    private static String etagOf(String json) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            // 128 bits are plenty to tell versions of one campaign apart
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
