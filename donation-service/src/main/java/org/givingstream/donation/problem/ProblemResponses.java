package org.givingstream.donation.problem;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns refusals into RFC 9457 {@code application/problem+json} answers: Spring MVC's own, and storage being away.
 * Each feature answers its own refusals next to them ({@code WebhookProblems}, {@code CampaignProblems}, ...), so
 * this package depends on no feature.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    /**
     * 503 with Retry-After: MongoDB cannot be reached, so nothing was stored and nothing was acknowledged. Providers
     * retry any non-2xx answer, so the delivery comes back; answering 2xx here would lose the money.
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> storageUnavailable(DataAccessResourceFailureException e, HttpServletRequest request) {
        log.warn(
                "Refused {} {}: storage unavailable ({})",
                request.getMethod(),
                request.getRequestURI(),
                e.getMostSpecificCause().getClass().getSimpleName());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "Donations cannot be stored right now; nothing was recorded. Please retry.");
        problem.setType(type("storage-unavailable"));
        problem.setTitle("Storage unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    static URI type(String slug) {
        return ProblemTypes.of(slug);
    }
}
