package org.givingstream.campaign.campaigns;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The answer to {@code POST /api/campaigns}: the public summary plus the organiser token, which is shown this once
 * and never again (only its hash is kept).
 */
record CreatedCampaign(@JsonUnwrapped CampaignSummary campaign, String organiserToken) {}
