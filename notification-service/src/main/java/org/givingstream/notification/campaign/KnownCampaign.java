package org.givingstream.notification.campaign;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * notification-service's copy of a campaign, as campaign-service last announced it: what receipts and milestone
 * emails say about it.
 *
 * @param organiserEmail where milestone emails go; null until campaign-service announces it (schema version 2)
 * @param organiserTokenHash SHA-256 (hex) of the organiser's current token; null when the campaign has none
 */
@Document("known_campaigns")
public record KnownCampaign(
        @Id String id,
        long revision,
        String title,
        String organiserName,
        String organiserEmail,
        String status,
        String organiserTokenHash) {}
