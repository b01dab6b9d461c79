package org.givingstream.campaign.problem;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.givingstream.campaign.admin.AdminCredentialRequiredException;
import org.givingstream.campaign.campaigns.CampaignAlreadyExistsException;
import org.givingstream.campaign.campaigns.CampaignClosedException;
import org.givingstream.campaign.campaigns.CampaignNotFoundException;
import org.givingstream.campaign.campaigns.TargetCurrencyLockedException;
import org.givingstream.campaign.dashboard.TooManyViewersException;
import org.givingstream.campaign.job.JobAlreadyRunningException;
import org.givingstream.campaign.job.JobNotFoundException;
import org.givingstream.campaign.job.JobView;
import org.givingstream.campaign.job.NoJobWorkerFreeException;
import org.givingstream.campaign.organiser.NotTheOrganiserException;
import org.givingstream.campaign.organiser.OrganiserTokenMissingException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns refusals into RFC 9457 {@code application/problem+json} answers, typed {@code urn:giving-stream:problem:<slug>}.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    /** 503 with {@code Retry-After}: an EventSource retries by itself, and a slot frees as soon as a viewer leaves. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooManyViewers(TooManyViewersException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setType(URI.create("urn:giving-stream:problem:too-many-viewers"));
        problem.setTitle("Too many dashboard viewers");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "10")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** 409 naming the running job, so the caller can follow it instead. */
    @ExceptionHandler
    ProblemDetail jobAlreadyRunning(JobAlreadyRunningException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(type("job-already-running"));
        problem.setTitle("A job is already running there");
        problem.setProperty("runningJob", JobView.href(e.runningJobId()));
        return problem;
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> noJobWorkerFree(NoJobWorkerFreeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setType(type("no-job-worker-free"));
        problem.setTitle("No job worker free");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "30")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @ExceptionHandler
    ProblemDetail jobNotFound(JobNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(type("job-not-found"));
        problem.setTitle("Job not found");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail campaignNotFound(CampaignNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setType(type("campaign-not-found"));
        problem.setTitle("Campaign not found");
        problem.setProperty("campaignId", e.campaignId());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail campaignExists(CampaignAlreadyExistsException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(type("campaign-exists"));
        problem.setTitle("Campaign id already taken");
        problem.setProperty("campaignId", e.campaignId());
        return problem;
    }

    /** RFC 6750: no credentials at all is a 401 that names the scheme to use. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> tokenMissing(OrganiserTokenMissingException e) {
        return unauthorized("organiser-token-missing", "Organiser token required", e);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> adminRequired(AdminCredentialRequiredException e) {
        return unauthorized("admin-credential-required", "Platform administrator credential required", e);
    }

    private static ResponseEntity<ProblemDetail> unauthorized(String slug, String title, RuntimeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, e.getMessage());
        problem.setType(type(slug));
        problem.setTitle(title);
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"giving-stream\"")
                .body(problem);
    }

    @ExceptionHandler
    ProblemDetail notTheOrganiser(NotTheOrganiserException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        problem.setType(type("not-the-organiser"));
        problem.setTitle("Not this campaign's organiser");
        problem.setProperty("campaignId", e.campaignId());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail campaignClosed(CampaignClosedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(type("campaign-closed"));
        problem.setTitle("Campaign is closed");
        problem.setProperty("campaignId", e.campaignId());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail targetCurrencyLocked(TargetCurrencyLockedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(type("target-currency-locked"));
        problem.setTitle("Target currency can no longer change");
        problem.setProperty("campaignId", e.campaignId());
        problem.setProperty("currency", e.currency());
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = e.getBody();
        problem.setType(type("validation"));
        problem.setTitle("Invalid request");
        problem.setDetail("Some fields are missing or invalid; see errors.");
        problem.setProperty("errors", fieldErrors(e));
        return super.handleMethodArgumentNotValid(e, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, "The request body is not the expected JSON.");
        problem.setType(type("unreadable-body"));
        problem.setTitle("Unreadable request body");
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    private static List<Map<String, String>> fieldErrors(MethodArgumentNotValidException e) {
        return e.getBindingResult().getFieldErrors().stream()
                .sorted(Comparator.comparing(FieldError::getField))
                .map(error -> Map.of(
                        "field", error.getField(),
                        "message", String.valueOf(error.getDefaultMessage())))
                .toList();
    }

    static URI type(String slug) {
        return URI.create("urn:giving-stream:problem:" + slug);
    }
}
