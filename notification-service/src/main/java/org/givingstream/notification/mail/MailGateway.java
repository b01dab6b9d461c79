package org.givingstream.notification.mail;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.mail.MailException;
import org.springframework.stereotype.Component;

/**
 * The one way out to the SMTP server, shared by every sender thread of this instance:
 * {@code Retry(CircuitBreaker(RateLimiter(send)))}.
 *
 * <ul>
 *   <li>Rate limiter: one permit every {@code 1 s / (rate-per-second × share)}, so a burst leaves at a steady pace
 *       and every try (retries included) counts against the provider's limit. {@code rate-per-second} is the whole
 *       deployment's: each instance sends its share, the part of {@code giving.donations.v1}'s partitions it
 *       consumes ({@link RateShare}), rounded down, so n instances together never exceed the provider's limit. An
 *       instance without partitions (or before its first assignment) sends nothing.
 *   <li>Circuit breaker: opens when most recent tries failed transiently; while open nothing is sent and no
 *       permit is spent, and {@link #acceptsCalls()} tells the drain to leave the notifications PENDING.
 *   <li>Retry: transient failures only, with exponential backoff and jitter; permanent ones and an open breaker
 *       end the round at once.
 * </ul>
 */
@Component
public class MailGateway {

    /** How long a sender waits for a permit before giving the notification back to the drain. */
    private static final Duration PERMIT_WAIT = Duration.ofSeconds(30);

    private final Mailer mailer;
    private final int ratePerSecond;
    /** Null while this instance has no share of the rate. */
    private final AtomicReference<RateLimiter> rateLimiter = new AtomicReference<>();

    private volatile int permitsPerSecond;
    private final CircuitBreaker circuitBreaker;
    private final Retry retry;
    private final Duration openFor;

    MailGateway(Mailer mailer, NotificationMailProperties properties, MeterRegistry meters) {
        this.mailer = mailer;
        this.ratePerSecond = properties.ratePerSecond();
        var breaker = properties.circuitBreaker();
        this.openFor = breaker.openFor();
        this.circuitBreaker = CircuitBreaker.of(
                "smtp",
                CircuitBreakerConfig.custom()
                        .failureRateThreshold(breaker.failureRateThreshold())
                        .slidingWindowSize(breaker.slidingWindowSize())
                        .minimumNumberOfCalls(breaker.minimumCalls())
                        .waitDurationInOpenState(breaker.openFor())
                        .permittedNumberOfCallsInHalfOpenState(2)
                        .automaticTransitionFromOpenToHalfOpenEnabled(true)
                        .recordException(failure -> !SmtpFailures.isPermanent(failure))
                        .build());
        var tries = properties.retry();
        this.retry = Retry.of(
                "smtp",
                RetryConfig.custom()
                        .maxAttempts(tries.maxAttempts())
                        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(
                                tries.initialBackoff(), tries.multiplier(), tries.jitter()))
                        .retryOnException(
                                failure -> failure instanceof MailException && !SmtpFailures.isPermanent(failure))
                        .build());
        Counter retries = Counter.builder("notifications.smtp.retries")
                .description("SMTP tries repeated after a transient failure, within one sending round")
                .register(meters);
        retry.getEventPublisher().onRetry(event -> retries.increment());
        Gauge.builder("notifications.smtp.circuit.open", () -> acceptsCalls() ? 0 : 1)
                .description("1 while the SMTP circuit breaker is open and mails wait")
                .register(meters);
        Gauge.builder("notifications.mail.rate", () -> permitsPerSecond)
                .description("SMTP sends a second this instance may make, its share of the deployment's rate")
                .register(meters);
    }

    /**
     * This instance's share of the deployment's rate: it consumes {@code owned} of the receipts topic's {@code total}
     * partitions. Rounded down, so the instances' rates never add up to more than {@code rate-per-second}.
     */
    public void share(int owned, int total) {
        int permits = total <= 0 || owned <= 0 ? 0 : (int) ((long) ratePerSecond * Math.min(owned, total) / total);
        if (permits == permitsPerSecond) {
            return; // the same share: keep the limiter and its pace
        }
        permitsPerSecond = permits;
        rateLimiter.set(
                permits == 0
                        ? null
                        : RateLimiter.of(
                                "smtp",
                                RateLimiterConfig.custom()
                                        .limitForPeriod(1)
                                        .limitRefreshPeriod(Duration.ofNanos(1_000_000_000L / permits))
                                        .timeoutDuration(PERMIT_WAIT)
                                        .build()));
    }

    /** False while this instance has no share of the rate: the drain leaves the mails to the instances that do. */
    public boolean hasShare() {
        return rateLimiter.get() != null;
    }

    /**
     * Sends one mail through retry, circuit breaker and rate limiter; returns when the SMTP server accepted it.
     *
     * @return what happened, with the last SMTP failure when there was one
     */
    public Outcome send(Mail mail) {
        AtomicReference<MailException> lastFailure = new AtomicReference<>();
        Runnable oneTry = () -> {
            try {
                mailer.send(mail);
            } catch (MailException e) {
                lastFailure.set(e);
                throw e;
            }
        };
        RateLimiter limiter = rateLimiter.get();
        if (limiter == null) {
            return Outcome.NOT_TRIED; // no share of the rate (any more): the mail waits for an instance that has one
        }
        Runnable guarded = Retry.decorateRunnable(
                retry, CircuitBreaker.decorateRunnable(circuitBreaker, RateLimiter.decorateRunnable(limiter, oneTry)));
        try {
            guarded.run();
            return Outcome.SENT;
        } catch (MailException e) {
            return SmtpFailures.isPermanent(e) ? Outcome.permanent(e) : Outcome.transientFailure(e);
        } catch (CallNotPermittedException | RequestNotPermitted notTried) {
            // an open breaker or no permit in time: if an SMTP try failed before it in this round, that is the news
            MailException failure = lastFailure.get();
            return failure == null ? Outcome.NOT_TRIED : Outcome.transientFailure(failure);
        }
    }

    /** False while the circuit breaker is open: leave the mails waiting rather than fail them one by one. */
    public boolean acceptsCalls() {
        CircuitBreaker.State state = circuitBreaker.getState();
        return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
    }

    /** How long the breaker stays open; mails that found it open are due again after this. */
    public Duration openFor() {
        return openFor;
    }

    /**
     * @param kind what happened
     * @param failure the SMTP failure behind {@code PERMANENT} or {@code TRANSIENT}, null otherwise
     */
    public record Outcome(Kind kind, MailException failure) {

        static final Outcome SENT = new Outcome(Kind.SENT, null);
        static final Outcome NOT_TRIED = new Outcome(Kind.NOT_TRIED, null);

        static Outcome permanent(MailException failure) {
            return new Outcome(Kind.PERMANENT, failure);
        }

        static Outcome transientFailure(MailException failure) {
            return new Outcome(Kind.TRANSIENT, failure);
        }

        public enum Kind {
            /** Accepted by the SMTP server. */
            SENT,
            /** Refused for good (invalid address, 5xx): do not try again. */
            PERMANENT,
            /** Failed in a way that may pass (server down, timeout, 4xx): try again later. */
            TRANSIENT,
            /** Not tried: the circuit breaker was open or no permit came in time. */
            NOT_TRIED
        }
    }
}
