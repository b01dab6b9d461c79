package org.givingstream.campaign.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.givingstream.campaign.CampaignServiceTest;
import org.givingstream.campaign.Donations;
import org.givingstream.campaign.Http;
import org.givingstream.campaign.Http.Response;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CampaignApiTest extends CampaignServiceTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    private final Http http;

    CampaignApiTest(@LocalServerPort int port, JsonMapper json) {
        this.http = new Http(port, json);
    }

    @Test
    void openedCampaignIsServedAsAnEmptySummaryWithoutTheOrganiserEmail() {
        String id = Donations.campaignId("roof");
        Response created = http.createCampaign("""
                {"id": "%s", "title": "  New roof for the hall ", "story": "The roof leaks.",
                 "target": {"minorUnits": 500000, "currency": "GBP"},
                 "organiserName": "Olive", "organiserEmail": "olive@example.org"}
                """.formatted(id));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/api/campaigns/" + id);
        assertThat(created.json().path("id").asString()).isEqualTo(id);

        Response summary = http.get("/api/campaigns/" + id);
        assertThat(summary.status()).isEqualTo(200);
        assertThat(summary.header("Cache-Control")).contains("max-age=1", "public");
        assertThat(summary.body()).doesNotContain("olive@example.org");
        JsonNode body = summary.json();
        assertThat(body.path("title").asString()).isEqualTo("New roof for the hall");
        assertThat(body.path("story").asString()).isEqualTo("The roof leaks.");
        assertThat(body.path("status").asString()).isEqualTo("OPEN");
        assertThat(body.path("target").path("minorUnits").asLong()).isEqualTo(500000);
        assertThat(body.path("target").path("currency").asString()).isEqualTo("GBP");
        assertThat(body.path("raised").path("minorUnits").asLong()).isZero();
        assertThat(body.path("raised").path("currency").asString()).isEqualTo("GBP");
        assertThat(body.path("giftAidDeclared").path("minorUnits").asLong()).isZero();
        assertThat(body.path("donationCount").asLong()).isZero();
        assertThat(body.path("percentOfTarget").decimalValue()).isZero();
        assertThat(body.path("lastDonationAt").isNull()).isTrue();
        assertThat(body.path("otherCurrencies").isEmpty()).isTrue();
        assertThat(body.path("recentDonations").isEmpty()).isTrue();
    }

    @Test
    void idIsGeneratedFromTheTitleWhenAbsent() {
        Response created = http.createCampaign("""
                {"title": "Café Roof Fund!", "target": {"minorUnits": 1000, "currency": "EUR"}}
                """);

        assertThat(created.status()).isEqualTo(201);
        String id = created.json().path("id").asString();
        assertThat(id).matches("cafe-roof-fund-[a-z0-9]{6}");
        assertThat(created.header("Location")).endsWith("/api/campaigns/" + id);
        assertThat(http.get("/api/campaigns/" + id).status()).isEqualTo(200);
    }

    @Test
    void invalidFieldsAreAllListedInOneValidationProblem() {
        Response refused = http.createCampaign("""
                {"id": "Not A Slug!", "title": " ",
                 "target": {"minorUnits": 0, "currency": "gbp"}, "organiserEmail": "not-an-email"}
                """);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith(PROBLEM_JSON);
        JsonNode problem = refused.json();
        assertThat(problem.path("type").asString()).isEqualTo("urn:giving-stream:problem:validation");
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        List<String> fields = problem.path("errors")
                .valueStream()
                .map(error -> error.path("field").asString())
                .toList();
        assertThat(fields)
                .containsExactlyInAnyOrder("id", "title", "target.minorUnits", "target.currency", "organiserEmail");
    }

    @Test
    void unknownCurrencyAndMissingTargetAreRefused() {
        Response unknownCurrency = http.createCampaign("""
                {"title": "Fund", "target": {"minorUnits": 100, "currency": "XYZ"}}
                """);
        Response noTarget = http.createCampaign("""
                {"title": "Fund"}
                """);

        assertThat(unknownCurrency.status()).isEqualTo(400);
        assertThat(unknownCurrency.json().path("errors").get(0).path("field").asString())
                .isEqualTo("target.currency");
        assertThat(noTarget.status()).isEqualTo(400);
        assertThat(noTarget.json().path("errors").get(0).path("field").asString())
                .isEqualTo("target");
    }

    @Test
    void malformedJsonIsAnUnreadableBodyProblem() {
        Response refused = http.createCampaign("{\"title\": ");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith(PROBLEM_JSON);
        assertThat(refused.json().path("type").asString()).isEqualTo("urn:giving-stream:problem:unreadable-body");
    }

    @Test
    void takenIdIsAConflictAndTheExistingCampaignIsKept() {
        String id = Donations.campaignId("taken");
        http.openCampaign(id, 1000, "GBP");

        Response conflict = http.createCampaign("""
                {"id": "%s", "title": "Impostor", "target": {"minorUnits": 1, "currency": "USD"}}
                """.formatted(id));

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.header("Content-Type")).startsWith(PROBLEM_JSON);
        assertThat(conflict.json().path("type").asString()).isEqualTo("urn:giving-stream:problem:campaign-exists");
        JsonNode kept = http.summary(id);
        assertThat(kept.path("title").asString()).isEqualTo("Campaign " + id);
        assertThat(kept.path("target").path("currency").asString()).isEqualTo("GBP");
    }

    @Test
    void unknownCampaignIsANotFoundProblem() {
        Response missing = http.get("/api/campaigns/no-such-campaign");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith(PROBLEM_JSON);
        JsonNode problem = missing.json();
        assertThat(problem.path("type").asString()).isEqualTo("urn:giving-stream:problem:campaign-not-found");
        assertThat(problem.path("campaignId").asString()).isEqualTo("no-such-campaign");
    }
}
