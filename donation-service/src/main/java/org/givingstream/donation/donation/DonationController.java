package org.givingstream.donation.donation;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Lets support staff see whether a payment arrived and whether its event went out. */
@RestController
class DonationController {

    private final MongoTemplate mongo;

    DonationController(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @GetMapping("/api/donations/{donationId}")
    ResponseEntity<DonationView> donation(@PathVariable String donationId) {
        Donation donation = mongo.findById(donationId, Donation.class);
        return donation == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(DonationView.of(donation));
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
