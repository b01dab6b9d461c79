package org.givingstream.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.givingstream.bench.SweepResult.Backlog;

/**
 * What a {@link RateSweep} runs against: the event-driven stack, the synchronous baseline or a floor. One sweep,
 * one pass rule and one confirmation for all of them, so their answers compare.
 */
interface SweepTarget {

    /** Makes the campaigns the sweep's donations go to known to the target (nothing for a floor). */
    void addCampaigns(List<String> ids) throws Exception;

    /** Remembers what the final checks compare with (e.g. the dead letters so far); called before the first step. */
    void begin();

    /** One open-loop load, no gauges sampled alongside. */
    LoadRun load(Schedule schedule, DonationMix mix) throws Exception;

    /**
     * What the target still has to do for the sweep's webhooks already answered. {@link Backlog#NONE} for one that
     * does everything before it answers: it is caught up as soon as the load ends.
     */
    Backlog backlog();

    /** Whether anything is left to do after the answer (the stack), so catching up is worth reporting. */
    boolean catchesUp();

    /** Every donation counted exactly, one receipt each, nothing dead-lettered: each check with its outcome. */
    StackBench.Settled finalChecks(DonationMix mix, LoadRun last, Map<String, String> checks) throws Exception;

    /** CPU time so far of each JVM involved, the load generator's included. */
    Map<String, Duration> cpuTimes();

    Map<String, Long> residentMemory();

    /** After the sweep, e.g. empty GreenMail's mailboxes. */
    void done() throws Exception;

    /** One line for the report: what the target is. */
    String description();
}
