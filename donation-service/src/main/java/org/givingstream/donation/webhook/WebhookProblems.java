package org.givingstream.donation.webhook;

import static org.givingstream.donation.problem.ProblemTypes.of;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A webhook's refusals as RFC 9457 problems, each also counted in {@code donations.webhooks{outcome,reason}}. */
@RestControllerAdvice
class WebhookProblems {

    private static final Logger log = LoggerFactory.getLogger(WebhookProblems.class);
    /** "Invalid Token": not in the IANA registry, but what GoCardless expects for a delivery we could not verify. */
    private static final HttpStatusCode INVALID_TOKEN = HttpStatusCode.valueOf(498);

    private final WebhookMetrics metrics;

    WebhookProblems(WebhookMetrics metrics) {
        this.metrics = metrics;
    }

    @ExceptionHandler
    ProblemDetail invalidSignature(InvalidSignatureException e) {
        return signatureProblem(e, HttpStatus.BAD_REQUEST);
    }

    /** The more specific handler wins: same problem, answered with the status the provider expects. */
    @ExceptionHandler
    ProblemDetail invalidToken(InvalidTokenException e) {
        return signatureProblem(e, INVALID_TOKEN);
    }

    @ExceptionHandler
    ProblemDetail notConfigured(WebhookNotConfiguredException e) {
        metrics.outcome(e.provider(), "refused", "not-configured");
        log.warn("Refused {} webhook: {}", e.provider(), e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(of("webhook-not-configured"));
        problem.setTitle("No such webhook endpoint");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail invalidPayload(InvalidPayloadException e) {
        metrics.outcome(e.provider(), "refused", "invalid-payload");
        log.warn("Refused {} webhook payload: {}", e.provider(), e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(of("invalid-payload"));
        problem.setTitle("Webhook payload not understood");
        return problem;
    }

    /** 503: nothing wrong with the delivery, we cannot judge it now; the provider retries later. */
    @ExceptionHandler
    ProblemDetail webhookUnavailable(WebhookUnavailableException e) {
        metrics.outcome(e.provider(), "unavailable", e.reason());
        log.warn("Could not take {} webhook: {}", e.provider(), e.reason());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setType(of("webhook-unavailable"));
        problem.setTitle("Webhook intake unavailable");
        problem.setProperty("reason", e.reason());
        return problem;
    }

    private ProblemDetail signatureProblem(InvalidSignatureException e, HttpStatusCode status) {
        metrics.outcome(e.provider(), "refused", e.reason());
        log.warn("Refused {} webhook: {}", e.provider(), e.reason());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                status, "The webhook signature could not be verified (" + e.reason() + ").");
        problem.setType(of("invalid-signature"));
        problem.setTitle("Invalid webhook signature");
        problem.setProperty("reason", e.reason());
        return problem;
    }
}
