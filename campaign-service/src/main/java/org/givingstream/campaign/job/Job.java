package org.givingstream.campaign.job;

import java.time.Instant;
import org.bson.Document;

/**
 * A background job as stored in {@code jobs}.
 *
 * @param campaignId the campaign it works on; null for a job over every campaign
 * @param phase what it is doing now, in the work's own words
 * @param done units of work done so far, out of {@code total} (the work says what a unit is)
 * @param resumes how many times another run took it over (after a crash, or handed over by a stopping instance)
 * @param losses how many of those were after its instance went silent (crashed): what {@code max-resumes} counts
 * @param resumedFrom units done when it was last taken over (0 if never)
 * @param handedOver its instance stopped and gave it up: the next takeover is not a loss
 * @param saved the work's own checkpoint, to resume from; empty before the first one
 * @param outcome what it found and did, once succeeded
 * @param error why it failed, once failed
 */
public record Job(
        String id,
        String kind,
        String campaignId,
        State state,
        String phase,
        long done,
        long total,
        int resumes,
        int losses,
        long resumedFrom,
        boolean handedOver,
        Instant createdAt,
        Instant updatedAt,
        Instant finishedAt,
        Document saved,
        Document outcome,
        String error) {

    public enum State {
        /** Inserted, its locks not yet taken: never resumed, and a lock it holds for long is taken from it. */
        STARTING,
        RUNNING,
        SUCCEEDED,
        FAILED
    }

    /** What is locked while it runs: its campaign, or every campaign. */
    String scope() {
        return scopeOf(campaignId);
    }

    static String scopeOf(String campaignId) {
        return campaignId == null ? JobStore.EVERY_CAMPAIGN : "campaign:" + campaignId;
    }
}
