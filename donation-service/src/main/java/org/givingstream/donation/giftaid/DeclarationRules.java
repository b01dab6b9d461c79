package org.givingstream.donation.giftaid;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.givingstream.donation.ledger.GiftAidDeclaration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What HMRC's Charities Online checks in a schedule row, checked when a declaration arrives so that a claim never
 * fails on it later: names present and of HMRC's lengths and characters, a UK postcode (or {@code X} for a donor
 * abroad), a house name or number, no company as the donor.
 */
public final class DeclarationRules {

    /** HMRC's postcode pattern (outward code, one space, inward code), after upper-casing and spacing. */
    private static final Pattern UK_POSTCODE = Pattern.compile("(GIR 0AA|[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][A-Z]{2})");
    /** Letters (any script HMRC's form takes: Latin with accents), spaces, apostrophes, hyphens, full stops. */
    private static final Pattern NAME = Pattern.compile("[\\p{IsLatin}][\\p{IsLatin} '\\-.]*");
    /** Starts with a letter or digit, so no spreadsheet reads it as a formula; then what addresses hold. */
    private static final Pattern HOUSE = Pattern.compile("[\\p{IsLatin}0-9][\\p{IsLatin}0-9 ,'./\\-]*");

    private static final Pattern COMPANY = Pattern.compile("(?i).*\\b(ltd|limited|plc|llp|inc|cic|company|co\\.)\\.?$");
    private static final int MAX_NAME = 35;
    private static final int MAX_TITLE = 4;
    private static final int MAX_HOUSE = 40;
    private static final int MAX_VERSION = 40;

    private static final Logger log = LoggerFactory.getLogger(DeclarationRules.class);

    private DeclarationRules() {}

    /** The fields as a donor or organiser gave them, before checking. */
    public record Given(
            String title,
            String firstName,
            String lastName,
            String houseNameOrNumber,
            String postcode,
            String declarationVersion,
            Instant declaredAt,
            boolean sponsored) {}

    /** @param field the field's name as given, e.g. {@code lastName} */
    public record Problem(String field, String message) {}

    /** The declaration, normalised, or the reasons it cannot be kept. */
    public record Checked(GiftAidDeclaration declaration, List<Problem> problems) {

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /**
     * For a declaration that came with a payment from a provider: the money counts whatever the declaration says,
     * so one that fails the checks is dropped (logged by donation id and field names, never its contents).
     *
     * @return the checked declaration, or null
     */
    public static GiftAidDeclaration fromProvider(String donationId, Given given) {
        Checked checked = check(given);
        if (!checked.valid()) {
            log.warn(
                    "Gift Aid declaration of donation {} not kept, fields failing HMRC's checks: {}",
                    donationId,
                    checked.problems().stream().map(Problem::field).toList());
        }
        return checked.declaration();
    }

    public static Checked check(Given given) {
        List<Problem> problems = new ArrayList<>();
        String title = blankToNull(given.title());
        if (title != null && (title.length() > MAX_TITLE || !NAME.matcher(title).matches())) {
            problems.add(new Problem("title", "at most " + MAX_TITLE + " letters (Mr, Mrs, Ms, Dr...)"));
        }
        String first = name(given.firstName(), "firstName", problems);
        String last = name(given.lastName(), "lastName", problems);
        if (last != null && COMPANY.matcher(last).matches()) {
            problems.add(new Problem("lastName", "a company cannot make a Gift Aid declaration: only individuals"));
        }
        String house = blankToNull(given.houseNameOrNumber());
        if (house == null || house.length() > MAX_HOUSE || !HOUSE.matcher(house).matches()) {
            problems.add(new Problem(
                    "houseNameOrNumber", "required, at most " + MAX_HOUSE + " letters, digits, spaces and , ' . / -"));
        }
        String postcode = postcode(given.postcode());
        if (postcode == null) {
            problems.add(new Problem("postcode", "must be a UK postcode (e.g. SO23 9AP), or X for a donor abroad"));
        }
        String version = blankToNull(given.declarationVersion());
        if (version == null || version.length() > MAX_VERSION) {
            problems.add(new Problem(
                    "declarationVersion",
                    "required: which wording of the declaration the donor agreed to, at most " + MAX_VERSION));
        }
        if (given.declaredAt() == null) {
            problems.add(new Problem("declaredAt", "required: when the donor made the declaration"));
        }
        if (!problems.isEmpty()) {
            return new Checked(null, List.copyOf(problems));
        }
        return new Checked(
                new GiftAidDeclaration(
                        title, first, last, house, postcode, version, given.declaredAt(), given.sponsored()),
                List.of());
    }

    private static String name(String value, String field, List<Problem> problems) {
        String name = blankToNull(value);
        if (name == null || name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
            problems.add(new Problem(field, "required, at most " + MAX_NAME + " letters, spaces, ' - or ."));
            return null;
        }
        return name;
    }

    /** Upper case with exactly one space before the inward code; {@code X} for abroad; null when not a postcode. */
    static String postcode(String value) {
        String compact = value == null ? "" : value.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
        if (compact.equals("X")) {
            return "X";
        }
        if (compact.length() < 5 || compact.length() > 7) {
            return null;
        }
        String spaced = compact.substring(0, compact.length() - 3) + " " + compact.substring(compact.length() - 3);
        return UK_POSTCODE.matcher(spaced).matches() ? spaced : null;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
