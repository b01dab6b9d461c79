package org.givingstream.campaign.job;

/** Another instance took the job over (this one looked lost): the work stops and writes nothing more. */
public class JobLostException extends RuntimeException {

    JobLostException(String jobId) {
        super("Job " + jobId + " was taken over by another instance");
    }
}
