package org.givingstream.bench;

import java.time.Duration;

/**
 * When each webhook is due: the rate climbs linearly from 0 to {@code rate} over {@code ramp}, then holds for
 * {@code hold}. The n-th send time is the inverse of the cumulative count, so a ramp of 0 is a fixed rate.
 *
 * @param rate webhooks per second at the top
 */
record Schedule(double rate, Duration ramp, Duration hold) {

    long total() {
        return (long) Math.floor(rampCount() + rate * seconds(hold));
    }

    Duration length() {
        return ramp.plus(hold);
    }

    /** Nanoseconds after the start at which webhook {@code n} (from 0) is due. */
    long dueNanos(long n) {
        double ramped = rampCount();
        double seconds = n < ramped ? Math.sqrt(2.0 * n * seconds(ramp) / rate) : seconds(ramp) + (n - ramped) / rate;
        return (long) (seconds * 1e9);
    }

    private double rampCount() {
        return rate * seconds(ramp) / 2;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
