package org.givingstream.notification.mail;

import java.util.Objects;

/**
 * What a mail says about the campaign. Only the id is certain: the title and organiser come from
 * campaign-service's announcements, which may not have reached us yet.
 *
 * @param title null when not known yet; the id is shown instead
 * @param organiserName null when not known
 */
public record CampaignDetails(String id, String title, String organiserName) {

    public CampaignDetails {
        Objects.requireNonNull(id, "id");
    }

    public static CampaignDetails onlyId(String id) {
        return new CampaignDetails(id, null, null);
    }

    /** The title, or the id while we do not know the title. */
    String displayName() {
        return title == null || title.isBlank() ? id : title.strip();
    }
}
