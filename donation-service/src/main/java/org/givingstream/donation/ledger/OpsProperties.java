package org.givingstream.donation.ledger;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param token support staff's Bearer token for {@code GET /api/donations/{id}} ({@code DONATIONS_OPS_TOKEN}); unset,
 *     every such request is refused
 */
@ConfigurationProperties("donations.ops")
record OpsProperties(String token) {}
