package org.givingstream.httpguard;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Throttles guessing: every {@code 401} or {@code 403} a client gets (a missing, wrong or other campaign's token) uses
 * one of its permits, {@code giving.http.auth-failures.per-minute} a minute; a client with none left gets {@code 429}
 * with {@code Retry-After} before its request reaches any token check, right token or not, until the minute turns.
 * A client is its remote address (behind a proxy, as the container resolves it from forwarded headers).
 *
 * <p>One Resilience4j {@link RateLimiter} per client, for the {@code max-clients} most recently failing clients: a
 * flood of addresses costs bounded memory, and pushes out the oldest, not the counts of the ones still failing.
 */
final class FailedAuthThrottleFilter extends OncePerRequestFilter {

    private final RateLimiterConfig config;
    private final Map<String, RateLimiter> failing;

    FailedAuthThrottleFilter(HttpGuardProperties.AuthFailures properties) {
        this.config = RateLimiterConfig.custom()
                .limitForPeriod(properties.perMinute())
                .limitRefreshPeriod(Duration.ofMinutes(1))
                .timeoutDuration(Duration.ZERO)
                .build();
        int maxClients = properties.maxClients();
        this.failing = new LinkedHashMap<>(maxClients, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RateLimiter> eldest) {
                return size() > maxClients;
            }
        };
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String client = request.getRemoteAddr();
        RateLimiter limiter = limiterOf(client, false);
        if (limiter != null && limiter.getMetrics().getAvailablePermissions() <= 0) {
            response.setHeader("Retry-After", Long.toString(secondsUntilRefill(limiter)));
            Problems.write(
                    response,
                    429,
                    "too-many-failed-attempts",
                    "Too many failed attempts",
                    "Too many requests with a missing or wrong token from this client; try again later.");
            return;
        }
        chain.doFilter(request, response);
        int status = response.getStatus();
        if (status == HttpServletResponse.SC_UNAUTHORIZED || status == HttpServletResponse.SC_FORBIDDEN) {
            limiterOf(client, true).acquirePermission();
        }
    }

    private static long secondsUntilRefill(RateLimiter limiter) {
        if (limiter instanceof AtomicRateLimiter atomic) { // what RateLimiter.of makes
            long nanos = atomic.getDetailedMetrics().getNanosToWait();
            return Math.clamp(Duration.ofNanos(nanos).toSeconds() + 1, 1, 60);
        }
        return 60;
    }

    private RateLimiter limiterOf(String client, boolean create) {
        synchronized (failing) {
            RateLimiter limiter = failing.get(client);
            if (limiter == null && create) {
                limiter = RateLimiter.of("auth-failures", config);
                failing.put(client, limiter);
            }
            return limiter;
        }
    }
}
