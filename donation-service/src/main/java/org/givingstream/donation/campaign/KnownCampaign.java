package org.givingstream.donation.campaign;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * donation-service's copy of a campaign that campaign-service announced: enough to accept money for it and to know
 * its organiser.
 *
 * @param organiserTokenHash SHA-256 (hex) of the campaign's current organiser token; null when it has none
 */
@Document("known_campaigns")
public record KnownCampaign(
        @Id String id, long revision, String title, String currency, String status, String organiserTokenHash) {}
