package org.givingstream.campaign.job;

/** No job has this id. */
public class JobNotFoundException extends RuntimeException {

    public JobNotFoundException(String jobId) {
        super("No job with id " + jobId);
    }
}
