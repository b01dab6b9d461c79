package org.givingstream.campaign.job;

import org.bson.Document;

/**
 * One kind of background job. {@link #run} may be called again for the same job after its instance was lost, with the
 * last checkpoint it reported in {@link Job#saved()}: it must resume from there, and whatever it redoes must be
 * idempotent (at-least-once from the checkpoint, effectively-once in its effects).
 */
public interface JobWork {

    /** The name of the kind, as stored and shown. */
    String kind();

    /**
     * Runs the job to its end.
     *
     * @return the outcome, stored with the succeeded job
     * @throws RuntimeException the job failed; the message is shown with it
     */
    Document run(Job job, Progress progress);

    /** How a running job reports progress and keeps its checkpoint. */
    interface Progress {

        /**
         * Records how far the job is. Written to MongoDB at most every {@code campaigns.jobs.progress-every}, and
         * always when the phase changes; {@code saved} must describe only work already done and durable.
         *
         * @throws JobLostException another instance has taken the job over: stop at once, write nothing more
         */
        void report(String phase, long done, long total, Document saved);
    }
}
