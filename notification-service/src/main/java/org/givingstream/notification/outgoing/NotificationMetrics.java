package org.givingstream.notification.outgoing;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * By {@code kind} (receipt, refund, milestone): {@code notifications.claimed}, {@code notifications.sent},
 * {@code notifications.failed} (final: refused or given up), {@code notifications.failed.attempts} (transient
 * rounds, retried later), {@code notifications.skipped} (by reason), {@code notifications.send.latency} (one
 * sending round, retries included, by outcome). Gauges: {@code notifications.pending} (the backlog) and
 * {@code notifications.pending.oldest.age} (seconds). {@code notifications.claim.batch}: claims per bulk insert.
 * The SMTP retries inside a round are {@code notifications.smtp.retries}, the breaker
 * {@code notifications.smtp.circuit.open}.
 */
@Component
public class NotificationMetrics {

    private final MeterRegistry meters;

    NotificationMetrics(MeterRegistry meters, NotificationStore store, Clock clock) {
        this.meters = meters;
        Gauge.builder("notifications.pending", store::pending)
                .description("Notifications claimed but not yet accepted by the SMTP server: the backlog")
                .register(meters);
        Gauge.builder(
                        "notifications.pending.oldest.age",
                        () -> store.oldestPending()
                                .map(queued -> Duration.between(queued, clock.instant())
                                                .toMillis()
                                        / 1000.0)
                                .orElse(0.0))
                .description("Seconds the longest waiting notification has waited")
                .baseUnit("seconds")
                .register(meters);
        // at zero from the start: a healthy service may never fail an attempt, and a counter that does not exist
        // yet has no series, so the dashboard's "failed attempts per minute" would show "No data" instead of 0
        for (String kind : List.of(Notification.RECEIPT, Notification.REFUND, Notification.MILESTONE)) {
            meters.counter("notifications.failed.attempts", "kind", kind);
        }
    }

    Timer.Sample startSend() {
        return Timer.start(meters);
    }

    /** How many notifications one bulk claim (one poll of a topic) carried. */
    public void claimBatch(int size) {
        DistributionSummary.builder("notifications.claim.batch")
                .description("Notifications claimed together, in one bulk insert")
                .register(meters)
                .record(size);
    }

    public void claimed(String kind) {
        meters.counter("notifications.claimed", "kind", kind).increment();
    }

    void sent(String kind, Timer.Sample sample) {
        sample.stop(latency(kind, "sent"));
        meters.counter("notifications.sent", "kind", kind).increment();
    }

    /** Refused for good: FAILED, not retried. */
    void failed(String kind, Timer.Sample sample) {
        sample.stop(latency(kind, "failed"));
        meters.counter("notifications.failed", "kind", kind, "reason", "refused")
                .increment();
    }

    void gaveUp(String kind) {
        meters.counter("notifications.failed", "kind", kind, "reason", "gave-up")
                .increment();
    }

    /** A transient failure: the notification stays PENDING and is retried. */
    void failedAttempt(String kind, Timer.Sample sample) {
        sample.stop(latency(kind, "retry-later"));
        meters.counter("notifications.failed.attempts", "kind", kind).increment();
    }

    /** @param reason {@code no-email}, {@code already-sent}, {@code already-claimed}, {@code chargeback} */
    public void skipped(String kind, String reason) {
        meters.counter("notifications.skipped", "kind", kind, "reason", reason).increment();
    }

    private Timer latency(String kind, String outcome) {
        return Timer.builder("notifications.send.latency")
                .tag("kind", kind)
                .tag("outcome", outcome)
                .register(meters);
    }
}
