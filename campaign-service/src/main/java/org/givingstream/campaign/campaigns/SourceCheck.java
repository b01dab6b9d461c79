package org.givingstream.campaign.campaigns;

import java.time.Instant;
import org.givingstream.contracts.Money;

/**
 * The last comparison of a giving page's own total with what was counted from it, stored under
 * {@code sourceChecks.<SourceKeys.encode(source + ":" + page)>} (see the {@code sourcecheck} feature).
 *
 * @param theirs what the page says it raised online
 * @param ours what donation-service counted from the page
 */
public record SourceCheck(String source, String page, Money theirs, Money ours, boolean agrees, Instant checkedAt) {}
