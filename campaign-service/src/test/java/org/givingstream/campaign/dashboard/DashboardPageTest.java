package org.givingstream.campaign.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import org.givingstream.campaign.CampaignServiceTest;
import org.givingstream.campaign.Http;
import org.givingstream.campaign.Http.Response;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

class DashboardPageTest extends CampaignServiceTest {

    private final Http http;

    DashboardPageTest(@LocalServerPort int port, JsonMapper json) {
        this.http = new Http(port, json);
    }

    @Test
    void livePageIsServedAndPollsTheSummaryApi() {
        Response page = http.get("/campaigns/any-campaign");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body())
                .contains("/api/campaigns/")
                .contains("Intl.NumberFormat")
                .contains("name=\"viewport\"")
                .doesNotContain("http://", "https://"); // no CDN: the page must work offline
    }

    @Test
    void pageFollowsTheCatchingUpStatusOfTheStream() {
        String page = http.get("/campaigns/any-campaign").body();

        // the banner, and the listener that shows it for the stream's status event (see CatchingUpIsShownTest)
        assertThat(page)
                .contains("Catching up — the total may be a few seconds behind")
                .contains("addEventListener('" + SummaryStream.STATUS + "'")
                .contains("addEventListener('" + SummaryStream.SUMMARY + "'");
    }
}
