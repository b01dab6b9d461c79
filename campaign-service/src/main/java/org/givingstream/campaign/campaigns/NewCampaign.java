package org.givingstream.campaign.campaigns;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.FutureOrPresent;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.givingstream.contracts.Money;

/**
 * The body of {@code POST /api/campaigns}.
 *
 * @param id optional slug for the campaign's URL; generated from the title when absent
 * @param endDate optional last day donations are asked for; today or later (in the server's time zone)
 */
record NewCampaign(
        @Pattern(regexp = CampaignIds.SLUG, message = "must be 3 to 64 characters of a-z, 0-9 and '-'")
        String id,

        @NotBlank @Size(max = 200) String title,
        @Size(max = 10_000) String story,
        @NotNull @Valid Target target,
        @Size(max = 200) String organiserName,
        @Email @Size(max = 320) String organiserEmail,
        @FutureOrPresent LocalDate endDate) {

    /** The amount asked for; validated here so that a bad one is a 400 listing every field, not a parse error. */
    record Target(
            @NotNull @Positive Long minorUnits,
            @NotNull @CurrencyCode String currency) {

        Money toMoney() {
            return Money.of(minorUnits, currency);
        }
    }
}
