package org.givingstream.donation.giftaid;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.givingstream.donation.giftaid.DeclarationRules.Given;
import org.givingstream.donation.giftaid.DeclarationRules.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HMRC's checks on a declaration, each seen refusing what it names. */
class DeclarationRulesTest {

    private static final Instant DECLARED = Instant.parse("2026-10-01T12:00:00Z");

    @ParameterizedTest
    @CsvSource({
        "so239ap, SO23 9AP",
        "SO23 9AP, SO23 9AP",
        "'  sw1a   1aa ', SW1A 1AA",
        "m1 1ae, M1 1AE",
        "x, X",
        "GIR0AA, GIR 0AA"
    })
    void postcodesAreNormalisedAsHmrcWritesThem(String given, String expected) {
        assertThat(DeclarationRules.postcode(given)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"12345", "SO23", "SO23 9A", "9AP SO23", "XX", "''"})
    void whatIsNotAUkPostcodeNorXIsRefused(String given) {
        assertThat(DeclarationRules.postcode(given)).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "Ada, Lovelace, '=HYPERLINK(\"http://evil\")', houseNameOrNumber",
        "Ada, Lovelace, '+1 Street', houseNameOrNumber",
        "Ada, Widgets Ltd, 1, lastName",
        "Ada, Acme PLC, 1, lastName",
        "'', Lovelace, 1, firstName",
        "Ada, '=1+1', 1, lastName"
    })
    void aDeclarationHmrcWouldRefuseNamesTheField(String first, String last, String house, String field) {
        var checked = DeclarationRules.check(new Given("Mrs", first, last, house, "SO23 9AP", "v1", DECLARED, false));

        assertThat(checked.valid()).isFalse();
        assertThat(checked.declaration()).isNull();
        assertThat(checked.problems()).extracting(Problem::field).contains(field);
    }

    @Test
    void aCompleteDeclarationIsKept() {
        var checked = DeclarationRules.check(new Given(
                null, " Amélie ", "O'Brien-Dupont", "Flat 2, 10 Rue de Rivoli", "x", "web-3", DECLARED, true));

        assertThat(checked.problems()).isEmpty();
        assertThat(checked.declaration().firstName()).isEqualTo("Amélie");
        assertThat(checked.declaration().lastName()).isEqualTo("O'Brien-Dupont");
        assertThat(checked.declaration().postcode()).isEqualTo("X");
        assertThat(checked.declaration().sponsored()).isTrue();
    }
}
