package org.givingstream.bench;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Drives one scenario's load: the open-loop generator, the per-second timeline (started with the load, stopped by
 * the caller once the backlogs are drained), a fault alongside the load, then the re-deliveries.
 */
final class LoadRun {

    /** Something done to the platform while the load runs; {@link #afterLoad()} once the schedule is sent. */
    interface Fault {
        Fault NONE = new Fault() {
            @Override
            public void during(long originNanos) {}
        };

        void during(long originNanos) throws Exception;

        default void afterLoad() throws Exception {}
    }

    final OpenLoopGenerator generator;
    final Timeline timeline;
    final long origin;
    final long sent;
    long loadEndNanos;
    int redelivered;
    long acceptedFirstTime;
    double acceptedPerSecond;

    private LoadRun(OpenLoopGenerator generator, Timeline timeline, long origin, long sent) {
        this.generator = generator;
        this.timeline = timeline;
        this.origin = origin;
        this.sent = sent;
    }

    static LoadRun drive(
            HttpClient http,
            String url,
            String secret,
            int maxInFlight,
            Schedule schedule,
            DonationMix mix,
            Timeline.Gauges gauges,
            Path intervalLog,
            Fault fault,
            Runnable started)
            throws Exception {
        return drive(http, url, secret, maxInFlight, true, schedule, mix, gauges, intervalLog, fault, started);
    }

    /** @param refusesForgeries false for a floor, which checks no signature (see {@link OpenLoopGenerator}) */
    static LoadRun drive(
            HttpClient http,
            String url,
            String secret,
            int maxInFlight,
            boolean refusesForgeries,
            Schedule schedule,
            DonationMix mix,
            Timeline.Gauges gauges,
            Path intervalLog,
            Fault fault,
            Runnable started)
            throws Exception {
        var generator = new OpenLoopGenerator(http, url, secret, maxInFlight, refusesForgeries);
        // drawn, signed and built before the clock starts: the load's own cost is then only sending
        var deliveries = generator.prepare(schedule, mix);
        long origin = System.nanoTime();
        var timeline =
                new Timeline(generator, gauges, intervalLog == null ? null : Main.intervalLog(intervalLog), origin);
        var run = new LoadRun(generator, timeline, origin, schedule.total());
        timeline.start();
        started.run();
        Thread faulty = Thread.ofVirtual().start(() -> {
            try {
                fault.during(origin);
            } catch (Exception e) {
                System.err.println("fault injection failed: " + e);
            }
        });
        generator.run(deliveries);
        faulty.join();
        fault.afterLoad();
        run.acceptedFirstTime = generator.accepted();
        run.acceptedPerSecond = run.acceptedFirstTime / Math.max(1e-9, (generator.lastAnswerNanos() - origin) / 1e9);
        run.redelivered = generator.retryFailed();
        run.loadEndNanos = System.nanoTime();
        return run;
    }

    Duration sinceLoadEnd() {
        return Duration.ofNanos(System.nanoTime() - loadEndNanos);
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
