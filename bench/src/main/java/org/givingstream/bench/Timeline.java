package org.givingstream.bench;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * One row per second of a scenario: webhooks accepted, webhook latency p50/p99 in that second (from the generator's
 * interval histograms, which also make up the scenario's total histogram and its raw log), and the backlogs.
 */
final class Timeline {

    /** -1 in a backlog column: not measured (baseline) or not answered (Kafka down). */
    record Row(
            double second,
            long accepted,
            double p50Ms,
            double p99Ms,
            long campaignLag,
            long notificationLag,
            long outboxBacklog,
            long receiptsPending) {}

    /** The backlog gauges a target offers; the baseline has none. */
    record Gauges(
            LongSupplier campaignLag,
            LongSupplier notificationLag,
            LongSupplier outboxBacklog,
            LongSupplier receiptsPending) {
        static final Gauges NONE = new Gauges(() -> -1, () -> -1, () -> -1, () -> -1);
    }

    private final OpenLoopGenerator generator;
    private final Gauges gauges;
    private final HistogramLogWriter log;
    private final long origin;
    private final Histogram total = OpenLoopGenerator.newHistogram();
    private final List<Row> rows = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private Thread thread;
    private Histogram interval;
    private long acceptedBefore;
    /** The MongoDB-backed gauges count documents (a scan on the stand-in): read every fifth second, carried between. */
    private static final int STORE_GAUGES_EVERY = 5;

    private long outboxBacklog = -1;
    private long receiptsPending = -1;

    Timeline(OpenLoopGenerator generator, Gauges gauges, HistogramLogWriter log, long origin) {
        this.generator = generator;
        this.gauges = gauges;
        this.log = log;
        this.origin = origin;
    }

    void start() {
        thread = Thread.ofPlatform().name("timeline").start(() -> {
            long next = origin + 1_000_000_000L;
            while (running) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                sample();
                next += 1_000_000_000L;
            }
        });
    }

    /** Takes the last sample, so the total histogram holds every recorded latency. */
    void stop() throws InterruptedException {
        running = false;
        thread.join();
        sample();
    }

    Histogram total() {
        return total;
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    private synchronized void sample() {
        interval = generator.recorder().getIntervalHistogram(interval);
        total.add(interval);
        if (log != null) {
            // values are microseconds: a max-value unit ratio of 1000 prints Interval_Max in milliseconds
            log.outputIntervalHistogram(
                    (interval.getStartTimeStamp() - log.getBaseTime()) / 1000.0,
                    (interval.getEndTimeStamp() - log.getBaseTime()) / 1000.0,
                    interval,
                    1000.0);
        }
        long accepted = generator.accepted();
        boolean any = interval.getTotalCount() > 0;
        if (rows.size() % STORE_GAUGES_EVERY == 0 || !running) {
            outboxBacklog = gauges.outboxBacklog().getAsLong();
            receiptsPending = gauges.receiptsPending().getAsLong();
        }
        rows.add(new Row(
                (System.nanoTime() - origin) / 1e9,
                accepted - acceptedBefore,
                any ? interval.getValueAtPercentile(50) / 1000.0 : Double.NaN,
                any ? interval.getValueAtPercentile(99) / 1000.0 : Double.NaN,
                gauges.campaignLag().getAsLong(),
                gauges.notificationLag().getAsLong(),
                outboxBacklog,
                receiptsPending));
        acceptedBefore = accepted;
    }
}
