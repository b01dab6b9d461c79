package org.givingstream.donation.justgiving;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how often JustGiving pages are read.
 *
 * @param appId the JustGiving application id (DONATIONS_JUSTGIVING_APPID); none = the poller is off
 * @param baseUrl JustGiving's API (a stand-in on the local stack)
 * @param pageSize donations per request (JustGiving allows up to 150)
 * @param fastest the poll interval while a page is busy (new donations at the last poll)
 * @param slowest the interval a quiet page relaxes to, doubling from {@code fastest}
 * @param backoff the first wait after a 429 or 5xx (or the API's Retry-After, if longer), doubling to
 *     {@code backoffMax}
 * @param timeout connect and answer timeout of each request
 * @param maxPagesPerPoll requests one poll of one page may make; a longer read goes on at the next poll
 * @param checkEvery how often a page's own totals are compared with what was counted from it
 * @param tolerance difference, in the page currency's minor units, below which the page and the count agree
 * @param pollers pages read at once by this instance
 */
@ConfigurationProperties("donations.justgiving")
public record JustGivingProperties(
        String appId,
        @DefaultValue("https://api.justgiving.com") URI baseUrl,
        @DefaultValue("100") int pageSize,
        @DefaultValue("15s") Duration fastest,
        @DefaultValue("5m") Duration slowest,
        @DefaultValue("30s") Duration backoff,
        @DefaultValue("30m") Duration backoffMax,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("20") int maxPagesPerPoll,
        @DefaultValue("5m") Duration checkEvery,
        @DefaultValue("0") long tolerance,
        @DefaultValue("4") int pollers) {

    public JustGivingProperties {
        appId = appId == null || appId.isBlank() ? null : appId.strip();
        if (appId != null && !appId.matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("donations.justgiving.app-id must be JustGiving's application id");
        }
        if (pageSize < 1 || pageSize > 150) {
            throw new IllegalArgumentException("donations.justgiving.page-size must be 1 to 150");
        }
        if (fastest.compareTo(slowest) > 0 || backoff.compareTo(backoffMax) > 0) {
            throw new IllegalArgumentException("donations.justgiving: fastest <= slowest and backoff <= backoff-max");
        }
        if (maxPagesPerPoll < 1 || pollers < 1 || tolerance < 0) {
            throw new IllegalArgumentException("donations.justgiving: max-pages-per-poll and pollers must be positive");
        }
    }

    boolean enabled() {
        return appId != null;
    }
}
