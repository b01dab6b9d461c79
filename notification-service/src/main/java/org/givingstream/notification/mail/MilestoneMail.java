package org.givingstream.notification.mail;

import java.util.Objects;
import org.givingstream.contracts.MilestoneEvent;

/** Tells an organiser that their campaign reached 25, 50, 75 or 100 % of its target. */
public record MilestoneMail(String to, String messageId, MilestoneEvent milestone, CampaignDetails campaign)
        implements Mail {

    public MilestoneMail {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(milestone, "milestone");
        Objects.requireNonNull(campaign, "campaign");
    }
}
