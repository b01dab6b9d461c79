package org.givingstream.notification.problem;

import java.net.URI;
import org.givingstream.notification.campaign.OrganiserAccessDenied;
import org.givingstream.notification.ops.OpsRequestRefused;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Turns refusals into RFC 9457 {@code application/problem+json} answers. */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    @ExceptionHandler
    ResponseEntity<ProblemDetail> organiserRefused(OrganiserAccessDenied e) {
        HttpStatus status = switch (e.reason()) {
            case NO_TOKEN -> HttpStatus.UNAUTHORIZED;
            case UNKNOWN_CAMPAIGN -> HttpStatus.NOT_FOUND;
            case NOT_THE_ORGANISER -> HttpStatus.FORBIDDEN;
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setType(URI.create("urn:giving-stream:problem:"
                + switch (e.reason()) {
                    case NO_TOKEN -> "organiser-token-required";
                    case UNKNOWN_CAMPAIGN -> "unknown-campaign";
                    case NOT_THE_ORGANISER -> "not-an-organiser";
                }));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("campaignId", e.campaignId());
        var answer = ResponseEntity.status(status);
        if (e.reason() == OrganiserAccessDenied.Reason.NO_TOKEN) {
            answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"giving-stream\"");
        }
        return answer.body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> opsRefused(OpsRequestRefused e) {
        return switch (e.reason()) {
            case NOT_AUTHENTICATED ->
                ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"giving-stream\"")
                        .body(problem(HttpStatus.UNAUTHORIZED, "ops-token-required", "Ops token required", e));
            case NOT_FOUND ->
                ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(problem(HttpStatus.NOT_FOUND, "notification-not-found", "No such notification", e));
            case STILL_PENDING ->
                ResponseEntity.status(HttpStatus.CONFLICT)
                        .body(problem(HttpStatus.CONFLICT, "notification-pending", "Notification still pending", e));
            case INVALID_QUERY ->
                ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "invalid-query", "Invalid query", e));
        };
    }

    private static ProblemDetail problem(HttpStatus status, String slug, String title, Exception e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setType(URI.create("urn:giving-stream:problem:" + slug));
        problem.setTitle(title);
        return problem;
    }
}
