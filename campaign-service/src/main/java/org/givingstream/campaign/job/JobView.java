package org.givingstream.campaign.job;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * A job as the operators' API shows it.
 *
 * @param href where to follow it
 * @param state {@code running}, {@code succeeded} or {@code failed}
 * @param progress units done out of total (the kind says what a unit is)
 * @param resumes how many times another run took it over from its last checkpoint
 * @param resumedFrom units done when it was last taken over
 */
public record JobView(
        String id,
        String href,
        String kind,
        String campaignId,
        String state,
        String phase,
        Progress progress,
        int resumes,
        long resumedFrom,
        Instant createdAt,
        Instant updatedAt,
        Instant finishedAt,
        Map<String, Object> outcome,
        String error) {

    public record Progress(long done, long total) {}

    public static JobView of(Job job) {
        return new JobView(
                job.id(),
                href(job.id()),
                job.kind(),
                job.campaignId(),
                job.state().name().toLowerCase(Locale.ROOT),
                job.phase(),
                new Progress(job.done(), job.total()),
                job.resumes(),
                job.resumedFrom(),
                job.createdAt(),
                job.updatedAt(),
                job.finishedAt(),
                job.outcome(),
                job.error());
    }

    public static String href(String jobId) {
        return "/api/jobs/" + jobId;
    }
}
