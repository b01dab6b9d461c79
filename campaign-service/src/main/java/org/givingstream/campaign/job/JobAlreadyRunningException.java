package org.givingstream.campaign.job;

/** A job already runs on the campaign (or on every campaign): one at a time. */
public class JobAlreadyRunningException extends RuntimeException {

    private final String runningJobId;

    JobAlreadyRunningException(String scope, String runningJobId) {
        super("Job " + runningJobId + " is already running on " + describe(scope) + "; wait for it to end.");
        this.runningJobId = runningJobId;
    }

    public String runningJobId() {
        return runningJobId;
    }

    private static String describe(String scope) {
        if (JobStore.EVERY_CAMPAIGN.equals(scope)) {
            return "every campaign";
        }
        return scope.startsWith("campaign:") ? "campaign " + scope.substring("campaign:".length()) : scope;
    }
}
