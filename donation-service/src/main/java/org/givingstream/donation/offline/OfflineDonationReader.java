package org.givingstream.donation.offline;

import jakarta.validation.Validator;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.givingstream.donation.giftaid.DeclarationRules;
import org.givingstream.donation.ledger.GiftAidDeclaration;
import org.givingstream.donation.offline.OfflineDonationRequest.Amount;
import org.givingstream.donation.offline.OfflineDonationRequest.DonorDetails;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a request body into an {@link OfflineDonation}, or refuses it listing every field that is wrong, so an
 * organiser fixes the form in one go.
 */
@Component
class OfflineDonationReader {

    /** What to tell the organiser when a field cannot even be read as its type. */
    private static final Map<String, String> FORMATS = Map.of(
            "amount.minorUnits", "must be a whole number of minor units, e.g. 12050 for £120.50",
            "receivedOn", "must be a date like 2026-11-21",
            "giftAidEligible", "must be true or false",
            "giftAidDeclaration.declaredAt", "must be a time like 2026-11-21T10:15:00Z");

    private final ObjectReader reader;
    private final Validator validator;
    private final OfflineProperties properties;
    private final Clock clock;

    OfflineDonationReader(JsonMapper json, Validator validator, OfflineProperties properties, Clock clock) {
        // 120.50 must not become 120 pence: an amount with a fraction is refused, not truncated
        this.reader = json.readerFor(OfflineDonationRequest.class).without(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        this.validator = validator;
        this.properties = properties;
        this.clock = clock;
    }

    /** @throws OfflineDonationRefused with reason {@code INVALID_DONATION}, naming the fields */
    OfflineDonation read(byte[] body) {
        OfflineDonationRequest request = parse(body);
        List<FieldProblem> problems = new ArrayList<>(constraintViolations(request));
        Optional<OfflineDonationKind> kind = kind(request.kind(), problems);
        checkAmount(request.amount(), problems);
        checkReceivedOn(request.receivedOn(), problems);
        kind.ifPresent(known -> checkGiftAid(request, known, problems));
        GiftAidDeclaration declaration =
                kind.map(known -> declaration(request, known, problems)).orElse(null);
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparing(FieldProblem::field));
            throw OfflineDonationRefused.invalid(problems);
        }
        return new OfflineDonation(
                Money.payment(
                        request.amount().minorUnits(),
                        request.amount().currency().strip()),
                kind.orElseThrow(),
                request.description().strip(),
                request.receivedOn(),
                Boolean.TRUE.equals(request.giftAidEligible()),
                donor(request.donor()),
                blankToNull(request.message()),
                declaration);
    }

    /** Only with {@code giftAidEligible}; a sponsorship's declaration is marked as HMRC's "Sponsored event". */
    private static GiftAidDeclaration declaration(
            OfflineDonationRequest request, OfflineDonationKind kind, List<FieldProblem> problems) {
        OfflineDonationRequest.Declaration given = request.giftAidDeclaration();
        if (given == null) {
            return null;
        }
        if (!Boolean.TRUE.equals(request.giftAidEligible())) {
            problems.add(new FieldProblem("giftAidDeclaration", "only with giftAidEligible: true"));
            return null;
        }
        DeclarationRules.Checked checked = DeclarationRules.check(new DeclarationRules.Given(
                given.title(),
                given.firstName(),
                given.lastName(),
                given.houseNameOrNumber(),
                given.postcode(),
                given.declarationVersion(),
                given.declaredAt(),
                kind == OfflineDonationKind.SPONSORSHIP));
        checked.problems()
                .forEach(problem ->
                        problems.add(new FieldProblem("giftAidDeclaration." + problem.field(), problem.message())));
        return checked.declaration();
    }

    private OfflineDonationRequest parse(byte[] body) {
        try {
            OfflineDonationRequest request = body.length == 0 ? null : reader.readValue(body);
            if (request == null) {
                throw OfflineDonationRefused.invalid(List.of(new FieldProblem("body", "must be a JSON object")));
            }
            return request;
        } catch (StreamReadException e) {
            throw OfflineDonationRefused.invalid(List.of(new FieldProblem("body", "is not valid JSON")));
        } catch (JacksonException e) {
            String field = path(e);
            FieldProblem problem = field.isEmpty()
                    ? new FieldProblem("body", "must be a JSON object")
                    : new FieldProblem(field, FORMATS.getOrDefault(field, "has the wrong type or format"));
            throw OfflineDonationRefused.invalid(List.of(problem));
        }
    }

    private static String path(JacksonException e) {
        return e.getPath().stream()
                .map(reference -> reference.getPropertyName() != null
                        ? reference.getPropertyName()
                        : String.valueOf(reference.getIndex()))
                .collect(Collectors.joining("."));
    }

    private List<FieldProblem> constraintViolations(OfflineDonationRequest request) {
        return validator.validate(request).stream()
                .map(violation -> new FieldProblem(violation.getPropertyPath().toString(), violation.getMessage()))
                .toList();
    }

    private static Optional<OfflineDonationKind> kind(String name, List<FieldProblem> problems) {
        if (name == null) {
            return Optional.empty(); // already reported as missing
        }
        Optional<OfflineDonationKind> kind = OfflineDonationKind.fromWireName(name);
        if (kind.isEmpty()) {
            problems.add(new FieldProblem("kind", "must be one of " + OfflineDonationKind.wireNames()));
        }
        return kind;
    }

    private void checkAmount(Amount amount, List<FieldProblem> problems) {
        if (amount == null || amount.currency() == null || amount.currency().isBlank()) {
            return; // already reported as missing
        }
        Currency currency;
        try {
            currency = Currency.getInstance(amount.currency().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem("amount.currency", "must be an ISO 4217 currency code, e.g. GBP"));
            return;
        }
        if (currency.getDefaultFractionDigits() < 0) {
            // XAU, XXX...: ISO 4217 codes, but not money anyone hands over at a cake sale
            problems.add(new FieldProblem("amount.currency", "must be a currency with minor units, e.g. GBP"));
        } else if (amount.minorUnits() != null && amount.minorUnits() > Money.MAX_PAYMENT_MINOR_UNITS) {
            long max = Money.MAX_PAYMENT_MINOR_UNITS; // the one maximum per payment, whichever way it came in
            BigDecimal limit = BigDecimal.valueOf(max, currency.getDefaultFractionDigits());
            problems.add(new FieldProblem(
                    "amount.minorUnits",
                    "must be at most " + max + " (" + limit.toPlainString() + " " + currency.getCurrencyCode()
                            + ") for one entry"));
        }
    }

    private void checkReceivedOn(LocalDate receivedOn, List<FieldProblem> problems) {
        if (receivedOn != null && receivedOn.isAfter(LocalDate.now(clock.withZone(properties.zone())))) {
            problems.add(new FieldProblem("receivedOn", "must not be in the future"));
        }
    }

    private static void checkGiftAid(
            OfflineDonationRequest request, OfflineDonationKind kind, List<FieldProblem> problems) {
        if (!Boolean.TRUE.equals(request.giftAidEligible())) {
            return;
        }
        if (!kind.giftAidPossible()) {
            problems.add(
                    new FieldProblem(
                            "giftAidEligible",
                            "must be false for a " + kind.wireName()
                                    + ": the buyer received something for the money, so it is not a gift Gift Aid can be claimed on"));
        } else if (request.donor() == null || blankToNull(request.donor().name()) == null) {
            problems.add(new FieldProblem(
                    "giftAidEligible", "needs donor.name: a Gift Aid declaration is made by a named donor"));
        }
    }

    /** No donor (cash in a bucket) is a donor with neither name nor email: no receipt, never named. */
    private static Donor donor(DonorDetails details) {
        if (details == null) {
            return new Donor(null, null, false);
        }
        return new Donor(blankToNull(details.name()), blankToNull(details.email()), false);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
