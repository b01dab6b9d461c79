package org.givingstream.httpguard;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The guards on every request of a servlet service, first in the chain after the request's observation (so refused
 * requests are still counted in {@code http.server.requests}) and before anything that reads a body.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(HttpGuardProperties.class)
public class HttpGuardAutoConfiguration {

    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    @Bean
    FilterRegistrationBean<CanonicalPathFilter> canonicalPathFilter() {
        var registration = new FilterRegistrationBean<>(new CanonicalPathFilter());
        registration.setOrder(ORDER);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(HttpGuardProperties properties) {
        var registration = new FilterRegistrationBean<>(new BodyLimitFilter(properties));
        registration.setOrder(ORDER + 1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<FailedAuthThrottleFilter> failedAuthThrottleFilter(HttpGuardProperties properties) {
        var registration = new FilterRegistrationBean<>(new FailedAuthThrottleFilter(properties.authFailures()));
        registration.setOrder(ORDER + 2);
        return registration;
    }
}
