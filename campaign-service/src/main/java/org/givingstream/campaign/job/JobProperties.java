package org.givingstream.campaign.job;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How background jobs (rebuild, repair) run.
 *
 * @param workers jobs this instance runs at once; a request beyond that gets 503 and may retry
 * @param heartbeat how often a running job tells MongoDB it is alive, and how often stale jobs are looked for
 * @param staleAfter a running job silent this long is taken as lost with its instance, and resumed by another
 * @param progressEvery how often progress (done/total and the job's checkpoint) is written while a job runs
 * @param maxResumes how many times a job is resumed after losing its instance before it is reported failed
 */
@ConfigurationProperties("campaigns.jobs")
public record JobProperties(
        @DefaultValue("2") int workers,
        @DefaultValue("5s") Duration heartbeat,
        @DefaultValue("30s") Duration staleAfter,
        @DefaultValue("1s") Duration progressEvery,
        @DefaultValue("3") int maxResumes) {

    public JobProperties {
        if (workers < 1) {
            throw new IllegalArgumentException("campaigns.jobs.workers must be at least 1");
        }
        if (staleAfter.compareTo(heartbeat.multipliedBy(3)) < 0) {
            // two missed heartbeats (a GC pause, a slow write) must not hand a live job to another instance
            throw new IllegalArgumentException("campaigns.jobs.stale-after must be at least three heartbeats");
        }
        if (maxResumes < 0) {
            throw new IllegalArgumentException("campaigns.jobs.max-resumes must not be negative");
        }
    }
}
