package org.givingstream.campaign.health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.stream.Stream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.cloud.stream.config.BindersHealthIndicatorAutoConfiguration.BindersHealthContributor;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * The {@code binders} entry of {@code /actuator/health}, answered from the binder's last check instead of asking the
 * broker on every request. The Kafka binder's own indicator sends a metadata request per topic in use each time it is
 * asked (and waits up to {@code health-timeout} for it); here a background task asks it every {@code checkEvery},
 * so health requests, however many, cost the broker nothing. A health request made before the first check runs it
 * once, so a freshly started instance never answers without having asked.
 */
class ScheduledBindersHealth extends BindersHealthContributor implements SmartLifecycle {

    private final ObjectProvider<TaskScheduler> scheduler;
    private final Duration checkEvery;
    private final Map<String, CachedHealth> cached = new ConcurrentHashMap<>();
    private volatile ScheduledFuture<?> checks;

    /** @param scheduler looked up at start: health contributors are made before the scheduler can be */
    ScheduledBindersHealth(ObjectProvider<TaskScheduler> scheduler, Duration checkEvery) {
        this.scheduler = scheduler;
        this.checkEvery = checkEvery;
    }

    /** Asks every binder's indicator once; called by the schedule. */
    void check() {
        super.stream()
                .forEach(entry -> cachedOf(entry.name(), entry.contributor()).refreshIfIndicator());
    }

    @Override
    public HealthContributor getContributor(String name) {
        HealthContributor contributor = super.getContributor(name);
        return contributor == null ? null : cachedOf(name, contributor).asContributor();
    }

    @Override
    public Stream<HealthContributors.Entry> stream() {
        return super.stream()
                .map(entry -> new HealthContributors.Entry(
                        entry.name(),
                        cachedOf(entry.name(), entry.contributor()).asContributor()));
    }

    private CachedHealth cachedOf(String name, HealthContributor contributor) {
        CachedHealth current = cached.get(name);
        if (current != null && current.delegate() == contributor) {
            return current;
        }
        CachedHealth fresh = new CachedHealth(contributor);
        cached.put(name, fresh);
        return fresh;
    }

    @Override
    public void start() {
        checks = scheduler.getObject().scheduleWithFixedDelay(this::check, checkEvery);
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
