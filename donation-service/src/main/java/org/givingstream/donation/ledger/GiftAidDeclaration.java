package org.givingstream.donation.ledger;

import java.time.Instant;

/**
 * A donor's Gift Aid declaration as HMRC's claim schedule needs it, kept with the donation in donation-service's
 * own database (and, for a webhook, in its own intake log until the ledger has it, as the donor's name and email
 * are): personal data, never in a donation event, a log line or the dashboard. Checked by
 * {@code giftaid.DeclarationRules} before it is kept; a donation whose declaration fails the checks is still
 * counted, without one.
 *
 * @param postcode a UK postcode, upper case with one space, or {@code X} for a donor who lives abroad
 * @param declarationVersion which wording of the declaration the donor agreed to (the charity's own version tag)
 * @param sponsored the donation sponsors someone in an event (HMRC's "Sponsored event" column)
 */
public record GiftAidDeclaration(
        String title,
        String firstName,
        String lastName,
        String houseNameOrNumber,
        String postcode,
        String declarationVersion,
        Instant declaredAt,
        boolean sponsored) {

    @Override
    public String toString() {
        return "GiftAidDeclaration[***]"; // personal data: never in a log by accident
    }
}
