package org.givingstream.campaign.campaigns;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.FutureOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The body of {@code PATCH /api/campaigns/{id}}, merge-style: a field that is absent (or null) stays as it is; a
 * field that is present replaces the stored value and is validated as when the campaign was opened.
 *
 * <p>Null means "unchanged", not "remove": an end date, once set, can be moved but not taken away.
 */
record CampaignChanges(
        @Size(max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
        String title,

        @Size(max = 10_000) String story,
        @Valid NewCampaign.Target target,
        @Size(max = 200) String organiserName,
        @Email @Size(max = 320) String organiserEmail,
        @FutureOrPresent LocalDate endDate) {

    boolean isEmpty() {
        return title == null
                && story == null
                && target == null
                && organiserName == null
                && organiserEmail == null
                && endDate == null;
    }

    boolean changesCurrencyOf(Campaign campaign) {
        return target != null && !target.currency().equals(campaign.target().currency());
    }

    /** The {@code $set}s of the fields present; the caller adds the revision and the outbox flag. */
    Update asUpdate() {
        Update update = new Update();
        setIfPresent(update, "title", title == null ? null : title.strip());
        setIfPresent(update, "story", story);
        setIfPresent(update, "target", target == null ? null : target.toMoney());
        setIfPresent(update, "organiserName", organiserName);
        setIfPresent(update, "organiserEmail", organiserEmail);
        setIfPresent(update, "endDate", endDate);
        return update;
    }

    private static void setIfPresent(Update update, String field, Object value) {
        if (value != null) {
            update.set(field, value);
        }
    }
}
