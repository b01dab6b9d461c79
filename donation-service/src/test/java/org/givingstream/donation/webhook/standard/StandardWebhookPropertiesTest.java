package org.givingstream.donation.webhook.standard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Binding as at start-up (from environment variables, or a file): no application context needed. */
class StandardWebhookPropertiesTest {

    static final String SECRET = "whsec_dGVzdC1rZXk=";

    @Test
    void sourcesComeFromEnvironmentVariablesNamedAsDocumented() {
        StandardWebhookProperties properties = bind(Map.of(
                "DONATIONS_STANDARD_SOURCES_JUSTGIVING_SECRETS",
                SECRET + ",whsec_b3RoZXI=",
                "DONATIONS_STANDARD_TOLERANCE",
                "120s"));

        assertThat(properties.sources()).containsOnlyKeys("justgiving");
        assertThat(properties.sources().get("justgiving").secrets()).hasSize(2);
        assertThat(properties.tolerance()).isEqualTo(Duration.ofSeconds(120));
        assertThat(properties.toString()).doesNotContain(SECRET);
    }

    @Test
    void sourceNameThatIsNotASlugStopsStartUp() {
        var yaml = new MapPropertySource("yaml", Map.of("donations.standard.sources[Just_Giving].secrets", SECRET));

        assertThatThrownBy(() -> bind(yaml)).rootCause().hasMessageContaining("a source name must match");
    }

    @Test
    void secretThatIsNotWhsecBase64StopsStartUpWithoutBeingShown() {
        assertThatThrownBy(() -> bind(Map.of("DONATIONS_STANDARD_SOURCES_JUSTGIVING_SECRETS", "whsec_not*base64")))
                .rootCause()
                .hasMessageContaining("donations.standard.sources.justgiving.secrets[0]")
                .hasMessageNotContaining("not*base64");
        assertThatThrownBy(() -> bind(Map.of("DONATIONS_STANDARD_SOURCES_JUSTGIVING_SECRETS", "dGVzdC1rZXk=")))
                .rootCause()
                .hasMessageContaining("must be whsec_");
    }

    private static StandardWebhookProperties bind(Map<String, Object> environment) {
        return bind(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
    }

    private static StandardWebhookProperties bind(PropertySource<?> source) {
        return new Binder(ConfigurationPropertySources.from(source))
                .bindOrCreate("donations.standard", StandardWebhookProperties.class);
    }
}
