package org.givingstream.donation.offline;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The body of {@code POST /api/campaigns/{campaignId}/offline-donations}, as sent. Checks that need no context
 * are Bean Validation constraints here; the others (currency, maximum, date, Gift Aid) are in
 * {@link OfflineDonationReader}.
 *
 * @param donor who gave; absent for cash at an event, where nobody is named
 * @param giftAidDeclaration the donor's Gift Aid declaration, from the paper form, when {@code giftAidEligible}
 */
record OfflineDonationRequest(
        @NotNull @Valid Amount amount,
        @NotNull String kind,
        @NotBlank @Size(max = 200) String description,
        @NotNull LocalDate receivedOn,
        Boolean giftAidEligible,
        @Valid DonorDetails donor,
        @Size(max = 1000) String message,
        Declaration giftAidDeclaration) {

    record Amount(
            @NotNull @Positive Long minorUnits, @NotBlank String currency) {}

    record DonorDetails(
            @Size(max = 200) String name,
            @Email @Size(max = 254) String email) {}

    /** Bounded here; HMRC's own rules are checked by {@code giftaid.DeclarationRules}. */
    record Declaration(
            @Size(max = 100) String title,
            @Size(max = 100) String firstName,
            @Size(max = 100) String lastName,
            @Size(max = 100) String houseNameOrNumber,
            @Size(max = 20) String postcode,
            @Size(max = 100) String declarationVersion,
            Instant declaredAt) {}
}
