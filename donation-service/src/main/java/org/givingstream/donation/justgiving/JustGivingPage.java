package org.givingstream.donation.justgiving;

import java.time.Duration;
import java.time.Instant;
import org.givingstream.contracts.Money;

/**
 * A JustGiving page attached to a campaign, with its cursor.
 *
 * @param shortName the page's short name, as in {@code justgiving.com/page/<shortName>}
 * @param scanFrom null between polls that read from the newest donation until a page of donations already seen; a
 *     page number when a read through to the oldest donation is under way (the first read, a read cut short by a
 *     failure or by {@code max-pages-per-poll}, or a recount after the page's totals disagreed): it goes on from
 *     there, one page of overlap included
 * @param interval the wait before the next poll, adapted to how busy the page is
 * @param failures consecutive failed polls (429, 5xx, no answer), for the backoff
 * @param lastCheck the last comparison of the page's totals with our count; null before the first
 * @param recount a check found a new difference and asked for this read from page 1: the next check reports
 */
record JustGivingPage(
        String shortName,
        String campaignId,
        Integer scanFrom,
        Instant nextPollAt,
        Duration interval,
        int failures,
        Instant lastPolledAt,
        String lastError,
        Instant nextCheckAt,
        Check lastCheck,
        boolean recount) {

    /** @param theirs the page's {@code totalRaisedOnline}; {@code ours} what was counted from the page */
    record Check(Money theirs, Money ours, boolean agrees, Instant at) {}

    static boolean isShortName(String name) {
        return name != null && name.matches("[A-Za-z0-9][A-Za-z0-9-]{0,99}");
    }
}
