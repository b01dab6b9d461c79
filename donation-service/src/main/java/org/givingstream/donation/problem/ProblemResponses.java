package org.givingstream.donation.problem;

import java.net.URI;
import org.givingstream.donation.webhook.InvalidPayloadException;
import org.givingstream.donation.webhook.InvalidSignatureException;
import org.givingstream.donation.webhook.WebhookMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Turns refusals into RFC 9457 {@code application/problem+json} answers. */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    private final WebhookMetrics metrics;

    ProblemResponses(WebhookMetrics metrics) {
        this.metrics = metrics;
    }

    @ExceptionHandler
    ProblemDetail invalidSignature(InvalidSignatureException e) {
        metrics.outcome(e.provider(), "refused", e.reason());
        log.warn("Refused {} webhook: {}", e.provider(), e.reason());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, "The webhook signature could not be verified (" + e.reason() + ").");
        problem.setType(type("invalid-signature"));
        problem.setTitle("Invalid webhook signature");
        problem.setProperty("reason", e.reason());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail invalidPayload(InvalidPayloadException e) {
        metrics.outcome(e.provider(), "refused", "invalid-payload");
        log.warn("Refused {} webhook payload: {}", e.provider(), e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setType(type("invalid-payload"));
        problem.setTitle("Webhook payload not understood");
        return problem;
    }

    static URI type(String slug) {
        return ProblemTypes.of(slug);
    }
}
