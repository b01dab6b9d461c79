package org.givingstream.donation.problem;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.givingstream.donation.campaign.OrganiserAccessDenied;
import org.givingstream.donation.campaign.UnknownCampaignException;
import org.givingstream.donation.webhook.InvalidPayloadException;
import org.givingstream.donation.webhook.InvalidSignatureException;
import org.givingstream.donation.webhook.InvalidTokenException;
import org.givingstream.donation.webhook.WebhookMetrics;
import org.givingstream.donation.webhook.WebhookNotConfiguredException;
import org.givingstream.donation.webhook.WebhookUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;


/** Turns refusals into RFC 9457 {@code application/problem+json} answers. */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    /** "Invalid Token": not in the IANA registry, but what GoCardless expects for a delivery we could not verify. */
    private static final HttpStatusCode INVALID_TOKEN = HttpStatusCode.valueOf(498);

    private final WebhookMetrics metrics;

    ProblemResponses(WebhookMetrics metrics) {
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
        problem.setType(type("webhook-not-configured"));
        problem.setTitle("No such webhook endpoint");
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

    /** Every organiser endpoint's refusal: 401 naming the scheme when no token came, 403 for another's token. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> notTheOrganiser(OrganiserAccessDenied e) {
        HttpStatus status = e.tokenPresented() ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setType(type(e.tokenPresented() ? "not-an-organiser" : "organiser-token-required"));
        problem.setTitle(e.tokenPresented() ? "Not an organiser of this campaign" : "Organiser token required");
        var answer = ResponseEntity.status(status);
        if (!e.tokenPresented()) {
            answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"giving-stream\"");
        }
        log.info("Refused an organiser request for campaign {}: {}", e.campaignId(), problem.getTitle());
        return answer.body(problem);
    }

    @ExceptionHandler
    ProblemDetail unknownCampaign(UnknownCampaignException e) {
        log.warn("Refused money for unknown campaign {}", e.campaignId());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setType(type("unknown-campaign"));
        problem.setTitle("Unknown campaign");
        problem.setProperty("campaignId", e.campaignId());
        return problem;
    }

    /** 503: nothing wrong with the delivery, we cannot judge it now; the provider retries later. */
    @ExceptionHandler
    ProblemDetail webhookUnavailable(WebhookUnavailableException e) {
        metrics.outcome(e.provider(), "unavailable", e.reason());
        log.warn("Could not take {} webhook: {}", e.provider(), e.reason());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setType(type("webhook-unavailable"));
        problem.setTitle("Webhook intake unavailable");
        problem.setProperty("reason", e.reason());
        return problem;
    }

    /**
     * 503 with Retry-After: MongoDB cannot be reached, so nothing was stored and nothing was acknowledged. Providers
     * retry any non-2xx answer, so the delivery comes back; answering 2xx here would lose the money.
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> storageUnavailable(DataAccessResourceFailureException e, HttpServletRequest request) {
        log.warn("Refused {} {}: storage unavailable ({})", request.getMethod(), request.getRequestURI(),
                e.getMostSpecificCause().getClass().getSimpleName());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Donations cannot be stored right now; nothing was recorded. Please retry.");
        problem.setType(type("storage-unavailable"));
        problem.setTitle("Storage unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private ProblemDetail signatureProblem(InvalidSignatureException e, HttpStatusCode status) {
        metrics.outcome(e.provider(), "refused", e.reason());
        log.warn("Refused {} webhook: {}", e.provider(), e.reason());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                status, "The webhook signature could not be verified (" + e.reason() + ").");
        problem.setType(type("invalid-signature"));
        problem.setTitle("Invalid webhook signature");
        problem.setProperty("reason", e.reason());
        return problem;
    }

    static URI type(String slug) {
        return ProblemTypes.of(slug);
    }
}
