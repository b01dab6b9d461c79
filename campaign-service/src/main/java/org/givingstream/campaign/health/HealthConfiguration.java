package org.givingstream.campaign.health;

import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.cloud.stream.config.BindersHealthIndicatorAutoConfiguration.BindersHealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

/** Replaces Spring Cloud Stream's {@code binders} health contributor with one that checks on a schedule. */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    /**
     * {@code @Value}, not a properties record: Spring Cloud Stream creates this contributor while it builds the
     * binder that binds every {@code @ConfigurationProperties} bean, so a properties bean here is a circular
     * reference and the context does not start.
     */
    @Bean
    @ConditionalOnEnabledHealthIndicator("binders")
    BindersHealthContributor bindersHealthContributor(
            ObjectProvider<TaskScheduler> scheduler,
            @Value("${campaigns.health.binder-check-every:5s}") Duration checkEvery) {
        return new ScheduledBindersHealth(scheduler, checkEvery);
    }
}
