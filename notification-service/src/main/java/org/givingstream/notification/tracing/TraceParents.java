package org.givingstream.notification.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Carries a trace across the notification queue: the W3C {@code traceparent} header of the donation's Kafka record
 * is stored with the claimed notification (the batch consumer has no span per record, so the header itself), and the
 * drain later sends the mail in a span continuing that trace. Without it the email, sent from the drain's own thread, would start a trace of its own.
 */
@Component
public class TraceParents {

    /** The W3C trace context header, as stored with a notification and read from Kafka record headers. */
    public static final String HEADER = "traceparent";

    private final Tracer tracer;
    private final Propagator propagator;

    TraceParents(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        // without a tracer (tracing switched off) nothing is captured and sends start no span
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
    }

    /** @return the current span's {@code traceparent}, or null outside any trace */
    public String current() {
        Span span = tracer.currentSpan();
        if (span == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(span.context(), carrier, Map::put);
        return carrier.get(HEADER);
    }

    /**
     * Runs {@code work} in a new span, child of {@code traceparent}'s span: what it logs joins that trace. A null {@code traceparent} (stored before tracing, or outside a
     * request) just runs the work, which then starts its own trace.
     */
    public <T> T continueTrace(String traceparent, String spanName, Supplier<T> work) {
        if (traceparent == null) {
            return work.get();
        }
        Span span = propagator
                .extract(Map.of(HEADER, traceparent), Map::get)
                .name(spanName)
                .start();
        try (var inScope = tracer.withSpan(span)) {
            return work.get();
        } finally {
            span.end();
        }
    }
}
