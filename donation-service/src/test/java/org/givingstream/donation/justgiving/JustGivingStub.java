package org.givingstream.donation.justgiving;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in JustGiving API on WireMock, answering the fundraising endpoints with JSON in JustGiving's documented
 * shape: {@code /{appId}/v1/fundraising/pages/{short}/donations?pageNum&pageSize} (newest first, a
 * {@code pagination} block) and {@code /{appId}/v1/fundraising/pages/{short}} (the page's totals).
 */
public final class JustGivingStub {

    public static final String APP_ID = "test-app";
    public static final int PAGE_SIZE = 3;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static JustGivingStub shared;

    private final WireMockServer server;

    private JustGivingStub() {
        server = new WireMockServer(options().dynamicPort());
        server.start();
    }

    /** One for the whole test JVM: the Spring context that points at it is shared too. */
    public static synchronized JustGivingStub shared() {
        if (shared == null) {
            shared = new JustGivingStub();
        }
        return shared;
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    /** A donation as the API lists it; {@code amount} is written as given (a JSON number or a string). */
    static Map<String, Object> donation(long id, Object amount, String name, boolean giftAid) {
        var donation = new java.util.LinkedHashMap<String, Object>();
        donation.put("id", id);
        donation.put("amount", amount);
        donation.put("currencyCode", "GBP");
        donation.put("donorLocalAmount", amount);
        donation.put("donorLocalCurrencyCode", "GBP");
        donation.put("donationDate", "/Date(" + (1_760_000_000_000L + (id % 1_000_000) * 1_000) + "+0100)/");
        if (name != null) {
            donation.put("donorDisplayName", name);
        }
        donation.put("message", "Go James! #" + id);
        donation.put("estimatedTaxReclaim", giftAid ? 2.5 : 0);
        donation.put("source", "SponsorshipDonations");
        donation.put("status", "Accepted");
        donation.put("thirdPartyReference", null);
        return donation;
    }

    /** Serves {@code newestFirst} on every request of the page, in pages of {@link #PAGE_SIZE}. */
    void serve(String page, List<Map<String, Object>> newestFirst) {
        serveSlowly(page, newestFirst, 0);
    }

    /** Like {@link #serve}, each answer {@code delayMillis} late. */
    void serveSlowly(String page, List<Map<String, Object>> newestFirst, int delayMillis) {
        for (int pageNum = 1; pageNum <= pages(newestFirst) + 1; pageNum++) {
            server.stubFor(donationsPage(page, pageNum)
                    .willReturn(ok(body(page, newestFirst, pageNum)).withFixedDelay(delayMillis)));
        }
    }

    /** When each request for the page's donations arrived, in order. */
    List<java.time.Instant> requestTimes(String page) {
        return server
                .findAll(WireMock.getRequestedFor(
                        urlPathEqualTo("/" + APP_ID + "/v1/fundraising/pages/" + page + "/donations")))
                .stream()
                .map(r -> r.getLoggedDate().toInstant())
                .sorted()
                .toList();
    }

    /**
     * Serves {@code before} until page 1 has been read once, then {@code after} (the same list with new donations on
     * top): what a poll sees when donations arrive between two of its requests.
     */
    void serveThenShift(String page, List<Map<String, Object>> before, List<Map<String, Object>> after) {
        String scenario = "arrivals-" + page;
        server.stubFor(donationsPage(page, 1)
                .inScenario(scenario)
                .whenScenarioStateIs("Started")
                .willReturn(ok(body(page, before, 1)))
                .willSetStateTo("arrived"));
        for (int pageNum = 1; pageNum <= pages(after) + 1; pageNum++) {
            server.stubFor(donationsPage(page, pageNum)
                    .inScenario(scenario)
                    .whenScenarioStateIs("arrived")
                    .willReturn(ok(body(page, after, pageNum))));
        }
    }

    /** The next request of {@code pageNum} gets {@code status} (with Retry-After when given), later ones the list. */
    void failOnce(String page, List<Map<String, Object>> newestFirst, int pageNum, int status, Integer retryAfter) {
        String scenario = "failure-" + page;
        ResponseDefinitionBuilder failure = aResponse().withStatus(status).withBody("{\"error\":\"busy\"}");
        if (retryAfter != null) {
            failure = failure.withHeader("Retry-After", String.valueOf(retryAfter));
        }
        serve(page, newestFirst);
        server.stubFor(donationsPage(page, pageNum)
                .inScenario(scenario)
                .whenScenarioStateIs("Started")
                .atPriority(1)
                .willReturn(failure)
                .willSetStateTo("failed"));
    }

    /** The page's own totals. */
    void totals(String page, String totalRaisedOnline) {
        server.stubFor(get(urlPathEqualTo("/" + APP_ID + "/v1/fundraising/pages/" + page))
                .willReturn(ok(JSON.writeValueAsString(Map.of(
                        "pageShortName",
                        page,
                        "currencyCode",
                        "GBP",
                        "totalRaisedOnline",
                        totalRaisedOnline,
                        "totalEstimatedGiftAid",
                        "0.00")))));
    }

    /** The page numbers requested for the page's donations, in order. */
    List<Integer> pageNumsRequested(String page) {
        List<Integer> pageNums = new ArrayList<>();
        List<LoggedRequest> requests = new ArrayList<>(server.findAll(WireMock.getRequestedFor(
                urlPathEqualTo("/" + APP_ID + "/v1/fundraising/pages/" + page + "/donations"))));
        requests.sort(java.util.Comparator.comparing(LoggedRequest::getLoggedDate));
        requests.forEach(
                r -> pageNums.add(Integer.valueOf(r.queryParameter("pageNum").firstValue())));
        return pageNums;
    }

    private static MappingBuilder donationsPage(String page, int pageNum) {
        return get(urlPathEqualTo("/" + APP_ID + "/v1/fundraising/pages/" + page + "/donations"))
                .withQueryParam("pageNum", WireMock.equalTo(String.valueOf(pageNum)))
                .withQueryParam("pageSize", WireMock.equalTo(String.valueOf(PAGE_SIZE)));
    }

    private static ResponseDefinitionBuilder ok(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    private static int pages(List<?> all) {
        return Math.max(1, (all.size() + PAGE_SIZE - 1) / PAGE_SIZE);
    }

    private static String body(String page, List<Map<String, Object>> all, int pageNum) {
        int from = Math.min(all.size(), (pageNum - 1) * PAGE_SIZE);
        List<Map<String, Object>> slice = all.subList(from, Math.min(all.size(), from + PAGE_SIZE));
        return JSON.writeValueAsString(Map.of(
                "pageShortName", page,
                "donations", slice,
                "pagination",
                        Map.of(
                                "pageNumber", pageNum,
                                "pageSizeRequested", PAGE_SIZE,
                                "pageSizeReturned", slice.size(),
                                "totalPages", pages(all),
                                "totalResults", all.size())));
    }
}
