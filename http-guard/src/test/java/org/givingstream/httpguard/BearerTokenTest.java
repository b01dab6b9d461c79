package org.givingstream.httpguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BearerTokenTest {

    private static final String TOKEN = "q8Yc2m0R3xV9kLp7ZtWb4nHs1fJd6gA5";

    @Test
    void onlyTheConfiguredTokenAsABearerMatches() {
        BearerToken token = BearerToken.configured("x.ops.token", TOKEN);

        assertThat(token.matches("Bearer " + TOKEN)).isTrue();
        assertThat(token.matches("bearer  " + TOKEN + " "))
                .as("scheme case and spaces as RFC 6750 allows")
                .isTrue();
        assertThat(token.matches(null)).isFalse();
        assertThat(token.matches(TOKEN)).as("no scheme").isFalse();
        assertThat(token.matches("Basic " + TOKEN)).isFalse();
        assertThat(token.matches("Bearer " + TOKEN.substring(1))).isFalse();
        assertThat(token.toString()).doesNotContain(TOKEN);
    }

    @Test
    void noneConfiguredMatchesNothingAndAWeakOneStopsTheStart() {
        BearerToken none = BearerToken.configured("x.ops.token", " ");
        assertThat(none.isConfigured()).isFalse();
        assertThat(none.matches("Bearer ")).isFalse();
        assertThatThrownBy(() -> BearerToken.configured("x.ops.token", "changeme"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("x.ops.token");
    }
}
