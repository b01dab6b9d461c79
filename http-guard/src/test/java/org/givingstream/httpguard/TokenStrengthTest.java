package org.givingstream.httpguard;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenStrengthTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "secret",
                "changeme",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "123412341234123412341234",
                "short-but-varied-01"
            })
    void weakTokensStopTheStartNamingThePropertyNotTheToken(String token) {
        assertThatThrownBy(() -> TokenStrength.require("campaigns.ops.token", token))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("campaigns.ops.token")
                .hasMessageNotContaining(token);
    }

    @ParameterizedTest
    @ValueSource(strings = {"test-ops-token-0123456789", "q8Yc2m0R3xV9kLp7ZtWb4nHs1fJd6gA5"})
    void longVariedTokensAndNoTokenAtAllAreAccepted(String token) {
        assertThatCode(() -> TokenStrength.require("campaigns.ops.token", token))
                .doesNotThrowAnyException();
        assertThatCode(() -> TokenStrength.require("campaigns.ops.token", null)).doesNotThrowAnyException();
        assertThatCode(() -> TokenStrength.require("campaigns.ops.token", " ")).doesNotThrowAnyException();
    }
}
