package org.givingstream.campaign.dashboard;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.ScheduledFuture;
import org.givingstream.campaign.kafka.KafkaClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Reads the lag of the group that applies donations every {@code checkEvery}, publishes it as the gauge
 * {@code campaign.consumer.lag} (records; NaN while Kafka cannot tell) and keeps the {@link CatchUpStatus} the
 * dashboards are sent. One admin request per check, however many dashboards are open.
 */
@Component
class CatchUpMonitor implements SmartLifecycle {

    static final String GAUGE = "campaign.consumer.lag";
    private static final Logger log = LoggerFactory.getLogger(CatchUpMonitor.class);

    private final CatchUpProperties properties;
    private final TaskScheduler scheduler;
    private final ConsumerGroupLag lag;
    private final CatchUpRule rule;
    private volatile CatchUpStatus status = CatchUpStatus.UNKNOWN;
    private volatile ScheduledFuture<?> checks;
    private boolean lastCheckFailed;

    CatchUpMonitor(
            CatchUpProperties properties,
            KafkaClients kafka,
            TaskScheduler scheduler,
            MeterRegistry meters,
            Clock clock) {
        this.properties = properties;
        this.scheduler = scheduler;
        this.lag = new ConsumerGroupLag(kafka.admin(), properties.group(), properties.topic(), clock);
        this.rule = new CatchUpRule(properties.maxRecords(), properties.maxDelay());
        Gauge.builder(GAUGE, this, monitor -> {
                    Long records = monitor.status.lag();
                    return records == null ? Double.NaN : records;
                })
                .description("Records on the donations topic not yet applied to the campaign totals")
                .baseUnit("records")
                .tag("group", properties.group())
                .tag("topic", properties.topic())
                .register(meters);
    }

    CatchUpStatus status() {
        return status;
    }

    /** Reads the lag once; called by the scheduler, and by tests that want a reading now. */
    synchronized CatchUpStatus check() {
        try {
            status = rule.next(lag.read());
            lastCheckFailed = false;
        } catch (ConsumerGroupLag.LagUnknownException e) {
            if (!lastCheckFailed) { // once per outage, not every few seconds
                log.warn("Consumer lag unknown, the dashboard shows no catching-up status: {}", e.getMessage());
            }
            lastCheckFailed = true;
            status = CatchUpStatus.UNKNOWN;
        }
        return status;
    }

    @Override
    public void start() {
        checks = scheduler.scheduleWithFixedDelay(this::check, properties.checkEvery());
    }

    @Override
    public void stop() {
        checks.cancel(false);
        checks = null;
    }

    @Override
    public boolean isRunning() {
        return checks != null;
    }
}
