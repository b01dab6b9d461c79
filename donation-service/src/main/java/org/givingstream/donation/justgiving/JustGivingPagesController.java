package org.givingstream.donation.justgiving;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.givingstream.donation.campaign.OrganiserAccess;
import org.givingstream.donation.justgiving.JustGivingPage.Check;
import org.givingstream.donation.problem.ProblemTypes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The organiser attaches the campaign's JustGiving pages (one campaign per page):
 * {@code PUT|DELETE /api/campaigns/{id}/justgiving-pages/{shortName}}, and sees how each is read:
 * {@code GET /api/campaigns/{id}/justgiving-pages}. Organiser token required (401, 403, 422 as everywhere).
 */
@RestController
class JustGivingPagesController {

    private final OrganiserAccess organisers;
    private final PageStore pages;
    private final SeenDonations seen;
    private final JustGivingProperties properties;
    private final Clock clock;

    JustGivingPagesController(
            OrganiserAccess organisers,
            PageStore pages,
            SeenDonations seen,
            JustGivingProperties properties,
            Clock clock) {
        this.organisers = organisers;
        this.pages = pages;
        this.seen = seen;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * @param polling whether this instance polls JustGiving at all (an app id is configured)
     * @param countedDonations donations counted from the page so far
     * @param lastCheck the page's totals against what was counted from it, once compared
     */
    record PageView(
            String shortName,
            String campaignId,
            boolean polling,
            boolean readingThrough,
            Instant lastPolledAt,
            Instant nextPollAt,
            String lastError,
            long countedDonations,
            Check lastCheck) {}

    @PutMapping("/api/campaigns/{campaignId}/justgiving-pages/{shortName}")
    ResponseEntity<PageView> attach(
            @PathVariable String campaignId,
            @PathVariable String shortName,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        organisers.require(campaignId, authorization);
        String page = shortName(shortName);
        boolean attached = pages.attach(page, campaignId, clock.instant());
        return ResponseEntity.status(attached ? HttpStatus.CREATED : HttpStatus.OK)
                .body(view(pages.find(page)));
    }

    @DeleteMapping("/api/campaigns/{campaignId}/justgiving-pages/{shortName}")
    ResponseEntity<?> detach(
            @PathVariable String campaignId,
            @PathVariable String shortName,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        organisers.require(campaignId, authorization);
        String page = shortName(shortName);
        // donations already counted stay counted: detaching stops reading, it takes no money back
        if (pages.detach(page, campaignId)) {
            return ResponseEntity.noContent().build();
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.NOT_FOUND, "JustGiving page " + page + " is not attached to campaign " + campaignId + ".");
        problem.setType(ProblemTypes.of("justgiving-page-not-attached"));
        problem.setTitle("Page not attached");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }

    @GetMapping("/api/campaigns/{campaignId}/justgiving-pages")
    List<PageView> list(
            @PathVariable String campaignId,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        organisers.require(campaignId, authorization);
        return pages.ofCampaign(campaignId).stream().map(this::view).toList();
    }

    private PageView view(JustGivingPage page) {
        return new PageView(
                page.shortName(),
                page.campaignId(),
                properties.enabled(),
                page.scanFrom() != null,
                page.lastPolledAt(),
                page.nextPollAt(),
                page.lastError(),
                seen.countedDonations(page.shortName()),
                page.lastCheck());
    }

    /** JustGiving's short names do not depend on case: one spelling per page, or it would be polled twice. */
    private static String shortName(String shortName) {
        if (!JustGivingPage.isShortName(shortName)) {
            throw new InvalidShortName();
        }
        return shortName.toLowerCase(Locale.ROOT);
    }

    @ExceptionHandler
    ProblemDetail taken(PageTakenException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(ProblemTypes.of("justgiving-page-taken"));
        problem.setTitle("Page attached to another campaign");
        return problem;
    }

    @ExceptionHandler
    ProblemDetail invalid(InvalidShortName e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                "A JustGiving short name is 1 to 100 letters, digits and hyphens, as in justgiving.com/page/<name>.");
        problem.setType(ProblemTypes.of("invalid-justgiving-page"));
        problem.setTitle("Not a JustGiving page short name");
        return problem;
    }

    private static final class InvalidShortName extends RuntimeException {}
}
