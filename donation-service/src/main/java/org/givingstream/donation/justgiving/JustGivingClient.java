package org.givingstream.donation.justgiving;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.givingstream.contracts.Money;
import org.givingstream.donation.ledger.DecimalMoney;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JustGiving's public fundraising API: a page's donations (newest first, paged) and the page's own totals. Bounded:
 * a timeout on every request and at most {@link #BODY_MAX} bytes read of any answer.
 */
@Component
class JustGivingClient {

    static final int BODY_MAX = 4 * 1024 * 1024;

    /** Floats as BigDecimal: an amount like 10.005 must stay 10.005, not become the double nearest to it. */
    private static final JsonMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** Reads answer bodies, so that a slow one can be given up on (virtual threads: they only wait). */
    private static final ExecutorService READERS = Executors.newVirtualThreadPerTaskExecutor();

    private final JustGivingProperties properties;
    private final HttpClient http;

    JustGivingClient(JustGivingProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * One page of donations.
     *
     * @param listed how many entries the page listed, readable or not
     * @param totalPages from the {@code pagination} block; without one, unknown (null)
     */
    record Donations(
            List<JustGivingDonation> donations, List<String> unreadable, int listed, int pageNum, Integer totalPages) {

        /** The oldest page: nothing listed, the last of {@code totalPages}, or (without them) a short page. */
        boolean isLast(int pageSize) {
            return listed == 0 || (totalPages != null ? pageNum >= totalPages : listed < pageSize);
        }
    }

    /** The page's own totals, in its currency. */
    record PageTotals(Money raisedOnline, Money estimatedGiftAid, Long donationCount) {}

    Donations donations(String shortName, int pageNum) {
        JsonNode body = get(path(shortName) + "/donations?pageNum=" + pageNum + "&pageSize=" + properties.pageSize());
        List<JustGivingDonation> donations = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (JsonNode donation : body.path("donations")) {
            try {
                donations.add(JustGivingDonation.of(donation));
            } catch (IllegalArgumentException e) {
                unreadable.add(e.getMessage());
            }
        }
        JsonNode totalPages = body.path("pagination").path("totalPages");
        return new Donations(
                donations,
                unreadable,
                body.path("donations").size(),
                pageNum,
                totalPages.canConvertToInt() ? totalPages.asInt() : null);
    }

    PageTotals totals(String shortName) {
        JsonNode page = get(path(shortName));
        String currency = page.path("currencyCode").asString("");
        JsonNode count = page.get("donationCount");
        return new PageTotals(
                amount(page, "totalRaisedOnline", currency),
                amount(page, "totalEstimatedGiftAid", currency),
                count == null || !count.canConvertToLong() ? null : count.asLong());
    }

    /** Zero is a total, unlike a payment. */
    private static Money amount(JsonNode page, String field, String currency) {
        String decimal = JustGivingDonation.decimal(page, field);
        if (decimal == null || new BigDecimal(decimal.isBlank() ? "0" : decimal).signum() == 0) {
            return Money.of(0, DecimalMoney.currency(currency).getCurrencyCode());
        }
        return DecimalMoney.payment(decimal, currency);
    }

    private String path(String shortName) {
        return "/" + properties.appId() + "/v1/fundraising/pages/"
                + URLEncoder.encode(shortName, StandardCharsets.UTF_8);
    }

    private JsonNode get(String path) {
        URI uri = URI.create(properties.baseUrl().toString().replaceAll("/+$", "") + path);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(properties.timeout())
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new JustGivingUnavailable(
                    "JustGiving did not answer: " + e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JustGivingUnavailable("interrupted", null);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 429 || status >= 500) {
                throw new JustGivingUnavailable(
                        "JustGiving answered " + status, retryAfter(response, properties.backoffMax()));
            }
            if (status == 404) {
                throw new JustGivingRefused("JustGiving has no such page (404)");
            }
            if (status != 200) {
                throw new JustGivingRefused("JustGiving answered " + status);
            }
            byte[] bytes = readWithinTimeout(body);
            if (bytes.length > BODY_MAX) {
                throw new JustGivingRefused("JustGiving's answer is larger than " + BODY_MAX + " bytes");
            }
            return EXACT.readTree(bytes);
        } catch (IOException e) {
            throw new JustGivingUnavailable(
                    "JustGiving's answer broke off: " + e.getClass().getSimpleName(), null);
        } catch (JacksonException e) {
            throw new JustGivingRefused("JustGiving's answer is not JSON");
        }
    }

    /**
     * The request's timeout covers the answer's headers only: a server that trickles its body would hold the worker,
     * so the body too must arrive within the timeout (the stream is closed otherwise, which ends the read).
     */
    private byte[] readWithinTimeout(InputStream body) throws IOException {
        var read = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return body.readNBytes(BODY_MAX + 1);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                READERS);
        try {
            return read.get(properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            body.close();
            throw new JustGivingUnavailable("JustGiving's answer took longer than " + properties.timeout(), null);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            body.close();
            throw new JustGivingUnavailable("interrupted", null);
        }
    }

    /** The API's Retry-After in seconds, never longer than {@code backoff-max}. */
    private static Duration retryAfter(HttpResponse<?> response, Duration atMost) {
        return response.headers()
                .firstValue("Retry-After")
                .filter(value -> value.matches("\\d{1,6}"))
                .map(seconds -> Duration.ofSeconds(Long.parseLong(seconds)))
                .map(wait -> wait.compareTo(atMost) > 0 ? atMost : wait)
                .orElse(null);
    }

    /** 429, 5xx or no answer: back off and try again later, from the same cursor. */
    static final class JustGivingUnavailable extends RuntimeException {

        private final Duration retryAfter;

        JustGivingUnavailable(String message, Duration retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }

    /** An answer that will not get better by asking again soon (404, 4xx, not JSON, too large). */
    static final class JustGivingRefused extends RuntimeException {

        JustGivingRefused(String message) {
            super(message);
        }
    }
}
