package org.givingstream.notification.mail;

import java.net.URI;
import java.util.Objects;

/** Asks an organiser to confirm that this address is theirs, with the link that does it. */
public record AddressCheckMail(String to, String messageId, CampaignDetails campaign, URI confirmLink) implements Mail {

    public AddressCheckMail {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(campaign, "campaign");
        Objects.requireNonNull(confirmLink, "confirmLink");
    }
}
