package org.givingstream.notification.receipt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * {@code notifications.sent}, {@code notifications.failed.attempts}, {@code notifications.skipped} (by reason),
 * {@code notifications.send.latency} (one SMTP attempt, by outcome) and the gauge {@code notifications.pending}.
 */
@Component
class NotificationMetrics {

    private final MeterRegistry meters;
    private final Counter sent;
    private final Counter failedAttempts;

    NotificationMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.sent = Counter.builder("notifications.sent").tag("kind", Notification.RECEIPT).register(meters);
        this.failedAttempts = Counter.builder("notifications.failed.attempts")
                .tag("kind", Notification.RECEIPT)
                .description("SMTP attempts that failed; the notification stays pending and is retried")
                .register(meters);
    }

    void pendingFrom(Supplier<Number> pending) {
        Gauge.builder("notifications.pending", pending)
                .description("Notifications claimed but not yet accepted by the SMTP server")
                .register(meters);
    }

    Timer.Sample startSend() {
        return Timer.start(meters);
    }

    void sent(Timer.Sample sample) {
        sample.stop(latency("sent"));
        sent.increment();
    }

    void failed(Timer.Sample sample) {
        sample.stop(latency("failed"));
        failedAttempts.increment();
    }

    /** @param reason {@code no-email} or {@code already-sent} */
    void skipped(String reason) {
        meters.counter("notifications.skipped", "kind", Notification.RECEIPT, "reason", reason)
                .increment();
    }

    private Timer latency(String outcome) {
        return Timer.builder("notifications.send.latency")
                .tag("kind", Notification.RECEIPT)
                .tag("outcome", outcome)
                .register(meters);
    }
}
