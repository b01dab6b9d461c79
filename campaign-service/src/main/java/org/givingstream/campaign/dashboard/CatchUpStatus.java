package org.givingstream.campaign.dashboard;

/**
 * What the dashboards are told about the totals' freshness, as the SSE event {@code status}.
 *
 * @param lag records on {@code giving.donations.v1} not yet applied; null while Kafka cannot tell
 * @param catchingUp true when the totals may be noticeably behind (see {@link CatchUpProperties})
 */
record CatchUpStatus(Long lag, boolean catchingUp) {

    static final CatchUpStatus UNKNOWN = new CatchUpStatus(null, false);
}
