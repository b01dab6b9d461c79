package org.givingstream.httpguard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalPathTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/",
                "/webhooks/stripe",
                "/webhooks/standard/just-giving",
                "/api/campaigns/",
                "/api/donations/stripe:pi_3Nx",
                "/campaigns/james-wish-to-walk",
                "/actuator/health/liveness"
            })
    void plainPathsPass(String path) {
        assertThat(CanonicalPath.isCanonical(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "webhooks/stripe",
                "/%77ebhooks/stripe",
                "/webhooks;x/stripe",
                "/webhooks/stripe;x=1",
                "//webhooks/stripe",
                "/webhooks//stripe",
                "/./webhooks/stripe",
                "/x/../webhooks/stripe",
                "/webhooks/..",
                "/webhooks/stripe//",
                "/webhooks\\stripe",
                "/webhooks/str ipe",
                "/webhooks/%2e%2e/stripe"
            })
    void otherSpellingsAreRefused(String path) {
        assertThat(CanonicalPath.isCanonical(path)).isFalse();
    }
}
