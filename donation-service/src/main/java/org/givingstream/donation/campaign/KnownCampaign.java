package org.givingstream.donation.campaign;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** donation-service's copy of a campaign that campaign-service announced: enough to accept money for it. */
@Document("known_campaigns")
public record KnownCampaign(@Id String id, long revision, String title, String currency, String status) {}
