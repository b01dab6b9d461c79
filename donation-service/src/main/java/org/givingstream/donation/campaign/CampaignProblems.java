package org.givingstream.donation.campaign;

import static org.givingstream.donation.problem.ProblemTypes.of;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Refusals about campaigns (unknown, or not this organiser's) as RFC 9457 problems. */
@RestControllerAdvice
class CampaignProblems {

    private static final Logger log = LoggerFactory.getLogger(CampaignProblems.class);

    /** Every organiser endpoint's refusal: 401 naming the scheme when no token came, 403 for another's token. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> notTheOrganiser(OrganiserAccessDenied e) {
        HttpStatus status = e.tokenPresented() ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setType(of(e.tokenPresented() ? "not-an-organiser" : "organiser-token-required"));
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
        problem.setType(of("unknown-campaign"));
        problem.setTitle("Unknown campaign");
        problem.setProperty("campaignId", e.campaignId());
        return problem;
    }
}
