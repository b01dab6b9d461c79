package org.givingstream.donation.ledger;

import org.givingstream.donation.problem.ProblemTypes;
import org.givingstream.httpguard.BearerToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lets support staff see whether a payment arrived and whether its event went out: {@code GET /api/donations/{id}}
 * with the ops token ({@code donations.ops.token}) as {@code Authorization: Bearer <token>}. A donation id names a
 * payment and its campaign, so the answer is for staff, not for anyone who can guess an id.
 */
@RestController
class DonationController {

    private static final Logger log = LoggerFactory.getLogger(DonationController.class);

    private final MongoTemplate mongo;
    private final BearerToken token;

    DonationController(MongoTemplate mongo, OpsProperties ops) {
        this.mongo = mongo;
        this.token = BearerToken.configured("donations.ops.token", ops.token());
        if (!token.isConfigured()) {
            log.warn("donations.ops.token is not set: GET /api/donations/{id} refuses every request");
        }
    }

    @GetMapping("/api/donations/{donationId}")
    ResponseEntity<DonationView> donation(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @PathVariable String donationId) {
        authenticate(authorization);
        Donation donation = mongo.findById(donationId, Donation.class);
        return donation == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(DonationView.of(donation));
    }

    private void authenticate(String authorization) {
        if (!token.matches(authorization)) {
            throw new NotSupportStaff();
        }
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> refused(NotSupportStaff e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.UNAUTHORIZED, "Send the ops token as 'Authorization: Bearer <token>'.");
        problem.setTitle("Ops token required");
        problem.setType(ProblemTypes.of("ops-token-required"));
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .body(problem);
    }

    private static final class NotSupportStaff extends RuntimeException {

        NotSupportStaff() {
            super(null, null, false, false);
        }
    }

    /** What support may see: no donor email. */
    record DonationView(
            String donationId,
            String campaignId,
            Long amountMinorUnits,
            String currency,
            long reversedMinorUnits,
            String source,
            String providerReference,
            int reversals,
            boolean paymentReceived,
            boolean published) {

        static DonationView of(Donation donation) {
            var payment = donation.payment();
            return new DonationView(
                    donation.id(),
                    payment == null ? null : payment.campaignId(),
                    payment == null ? null : payment.amount().minorUnits(),
                    payment == null ? null : payment.amount().currency(),
                    donation.reversedMinorUnits(),
                    payment == null ? null : payment.source(),
                    payment == null ? null : payment.providerReference(),
                    donation.reversals().size(),
                    payment != null,
                    donation.published());
        }
    }
}
