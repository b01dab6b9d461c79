package org.givingstream.campaign.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The last answer of a health indicator, refreshed only when {@link #refreshIfIndicator} is called (by a schedule).
 * Composite contributors pass through unchanged: the binder contributes one indicator per binder.
 */
final class CachedHealth implements HealthIndicator {

    private final HealthContributor delegate;
    private volatile Health last;

    CachedHealth(HealthContributor delegate) {
        this.delegate = delegate;
    }

    HealthContributor delegate() {
        return delegate;
    }

    HealthContributor asContributor() {
        return delegate instanceof HealthIndicator ? this : delegate;
    }

    void refreshIfIndicator() {
        if (delegate instanceof HealthIndicator indicator) {
            last = indicator.health(true);
        }
    }

    @Override
    public Health health() {
        Health health = last;
        if (health == null) {
            synchronized (this) { // the first request before the first scheduled check: ask once, not per caller
                if (last == null) {
                    refreshIfIndicator();
                }
                health = last;
            }
        }
        return health;
    }
}
