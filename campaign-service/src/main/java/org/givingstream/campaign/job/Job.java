package org.givingstream.campaign.job;

import java.time.Instant;
import org.bson.Document;

/**
 * A background job as stored in {@code jobs}.
 *
 * @param campaignId the campaign it works on; null for a job over every campaign
 * @param phase what it is doing now, in the work's own words
 * @param done units of work done so far, out of {@code total} (the work says what a unit is)
 * @param resumes how many times it was taken over after its instance was lost
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
        Instant createdAt,
        Instant updatedAt,
        Instant finishedAt,
        Document saved,
        Document outcome,
        String error) {

    public enum State {
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
