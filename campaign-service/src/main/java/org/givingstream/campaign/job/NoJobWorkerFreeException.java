package org.givingstream.campaign.job;

/** Every job worker of this instance is busy (campaigns.jobs.workers): try again later. */
public class NoJobWorkerFreeException extends RuntimeException {

    NoJobWorkerFreeException(int workers) {
        super("All " + workers + " job workers of this instance are busy; try again when one has finished.");
    }
}
