package org.givingstream.donation.offline;

import io.micrometer.core.instrument.MeterRegistry;
import org.givingstream.donation.problem.ProblemTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns refused offline donation entries into RFC 9457 {@code application/problem+json} answers. */
@RestControllerAdvice(assignableTypes = OfflineDonationController.class)
class OfflineProblems {

    private static final Logger log = LoggerFactory.getLogger(OfflineProblems.class);

    private final MeterRegistry meters;

    OfflineProblems(MeterRegistry meters) {
        this.meters = meters;
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> refused(OfflineDonationRefused e) {
        ResponseEntity<ProblemDetail> answer = switch (e.reason()) {
            case MISSING_IDEMPOTENCY_KEY ->
                ResponseEntity.badRequest()
                        .body(problem(
                                HttpStatus.BAD_REQUEST, "idempotency-key-required", "Idempotency-Key required", e));
            case INVALID_IDEMPOTENCY_KEY ->
                ResponseEntity.badRequest()
                        .body(problem(HttpStatus.BAD_REQUEST, "idempotency-key-invalid", "Idempotency-Key invalid", e));
            case BODY_TOO_LARGE ->
                ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                        .body(problem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request body too large", e));
            case INVALID_DONATION -> ResponseEntity.badRequest().body(invalid(e));
        };
        count(answer.getBody());
        log.info("Refused offline donation entry: {}", e.getMessage());
        return answer;
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> conflict(IdempotencyConflict e) {
        ProblemDetail problem = switch (e.reason()) {
            case IN_FLIGHT ->
                problem(
                        HttpStatus.CONFLICT,
                        "idempotency-key-in-use",
                        "Idempotency-Key in use",
                        "A request with this Idempotency-Key is still being processed. Retry in a moment: once it has"
                                + " finished, a retry gets its answer.");
            case OTHER_REQUEST ->
                problem(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "idempotency-key-reused",
                        "Idempotency-Key reused",
                        "This Idempotency-Key was already used for a different request. Use a new key for a new"
                                + " donation; a retry must send the same body, byte for byte.");
        };
        count(problem);
        log.info("Refused offline donation entry: {}", problem.getDetail());
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    private static ProblemDetail invalid(OfflineDonationRefused e) {
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST, "invalid-offline-donation", "Offline donation not valid", e.getMessage());
        problem.setProperty("errors", e.fields());
        return problem;
    }

    private static ProblemDetail problem(HttpStatus status, String slug, String title, OfflineDonationRefused e) {
        return problem(status, slug, title, e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ProblemTypes.of(slug));
        problem.setTitle(title);
        return problem;
    }

    private void count(ProblemDetail problem) {
        String slug = problem.getType()
                .toString()
                .substring(problem.getType().toString().lastIndexOf(':') + 1);
        meters.counter("donations.offline", "outcome", "refused", "reason", slug)
                .increment();
    }
}
